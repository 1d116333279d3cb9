"""Illustrative profiles for the demonstration hubs, labelled as such on the site.

Written, like the demonstration case studies, to show what a hub's page looks like with
a profile: the description is generic, the website is on example.org (a domain reserved
for examples, RFC 2606) and the address names no real office. Each hub is saved through
Wagtail's revisions, so the next edit in the admin starts from this profile.
"""

from django.db import transaction

from .models import HubKind, HubPage

DESCRIPTION = (
    "<p>{title} menghimpun dan menerbitkan studi kasus inovasi pelayanan publik dari "
    "{scope}, agar instansi lain dapat mempelajari dan mereplikasinya. Profil ini contoh "
    "untuk demonstrasi.</p>"
)


def scope_of(hub):
    if hub.kind in (HubKind.KEMENTERIAN, HubKind.LEMBAGA):
        return "unit kerja dan mitra " + (hub.ministry.name if hub.ministry_id else "instansinya")
    if hub.regency_id:
        return "perangkat daerah " + hub.regency.name
    if hub.province_id:
        return "perangkat daerah dan kabupaten/kota di Provinsi " + hub.province.name
    return "instansi anggotanya"


def demo_profile(hub):
    place = hub.regency.name if hub.regency_id else (hub.province.name if hub.province_id else "")
    return {
        "description": DESCRIPTION.format(title=hub.title, scope=scope_of(hub)),
        # A path, not a host name: a slug can pass the 63 characters a host label may have.
        "website": f"https://example.org/jipp/{hub.slug}/",
        "contact_address": "Sekretariat " + hub.title + ("\n" + place if place else ""),
        "is_demo": True,
    }


@transaction.atomic
def apply_demo_profiles(hubs=None):
    """Give every hub without a description its illustrative profile; returns how many."""
    hubs = HubPage.objects.filter(description="") if hubs is None else hubs
    count = 0
    for hub in hubs.select_related("ministry", "province", "regency"):
        latest = hub.get_latest_revision_as_object()
        for field, value in demo_profile(hub).items():
            setattr(latest, field, value)
        revision = latest.save_revision(log_action=False)
        if hub.live:
            revision.publish(log_action=False)
        count += 1
    return count
