"""People and requests for the replication tests."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from innovations.models import InnovationPage
from replication.forms import ReplicationRequestForm
from replication.workflow import submit
from tests.factories import JAWA_TIMUR, create_innovation, hub_named

PASSWORD = "sandi-uji-123"
HUB_A = "JIPP Provinsi Jawa Barat"
HUB_B = "JIPP Provinsi Jawa Timur"

VALID_POST = {
    "name": "Siti Rahmawati",
    "position": "Kepala Bidang Kesehatan Masyarakat",
    "institution": "Kabupaten Sumedang, Jawa Barat",
    "email": "siti.rahmawati@sumedang.example",
    "phone": "+62 261 201 234",
    "message": "Kami ingin mereplikasi inovasi ini di puskesmas kami mulai tahun depan.",
    "consent_share": "on",
    "consent_public": "on",
    "website": "",
}


def make_user(username, *groups, superuser=False, email=None):
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        email=email or f"{username}@hub.example",
        is_superuser=superuser,
        is_staff=superuser,
    )
    user.groups.add(*groups)
    return user


def national_curator(username="kurator"):
    # innovations.view_network: the national curators' read-everything permission.
    content_type = ContentType.objects.get_for_model(InnovationPage)
    permission, _ = Permission.objects.get_or_create(
        codename="view_network", content_type=content_type, defaults={"name": "View network"}
    )
    admin = Permission.objects.get(codename="access_admin")
    user = make_user(username)
    user.user_permissions.add(permission, admin)
    return user


def two_hubs():
    """Hub A (Jawa Barat) and hub B (Jawa Timur), each with a live innovation."""
    page_a = create_innovation(title="SIMPATI Sumedang")
    page_b = create_innovation(title="KLAMPID Surabaya", **JAWA_TIMUR)
    return page_a, page_b, hub_named(HUB_A), hub_named(HUB_B)


def request_for(page, **overrides):
    form = ReplicationRequestForm({**VALID_POST, **overrides})
    assert form.is_valid(), form.errors
    return submit(page, form.cleaned_data)
