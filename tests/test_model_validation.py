"""The content model's own validation, as the admin form runs it (full_clean)."""

import pytest
from django.core.exceptions import ValidationError

from innovations.models import HubPage, InnovationPage, MinistryAgency, Regency
from innovations.models.innovation import current_year
from tests.factories import create_innovation


def errors_of(page):
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    return excinfo.value.message_dict


@pytest.fixture
def innovation(site_tree):
    return create_innovation(title="SIPANDU Layanan Terpadu")


def test_a_valid_innovation_passes(innovation):
    innovation.full_clean()


def test_regency_must_lie_in_the_chosen_province(innovation):
    innovation.regency = Regency.objects.get(name="Kota Surabaya")  # Jawa Timur, not Jawa Barat
    innovation.level = "kota"
    message = " ".join(errors_of(innovation)["regency"])
    assert "Kota Surabaya" in message and "Jawa Barat" in message


def test_regency_kind_must_match_the_level(innovation):
    innovation.level = "kota"  # Kabupaten Sumedang is a kabupaten
    assert "regency" in errors_of(innovation)


def test_kabupaten_level_needs_a_regency(innovation):
    innovation.regency = None
    assert "regency" in errors_of(innovation)


def test_ministry_level_names_its_ministry(innovation):
    innovation.level = "kementerian"
    innovation.province = innovation.regency = None
    message = " ".join(errors_of(innovation)["ministry"])
    assert "kementerian" in message.lower()
    innovation.ministry = MinistryAgency.objects.get(name="Kementerian Kesehatan")
    innovation.full_clean()


@pytest.mark.parametrize("year", [1900, current_year() + 1])
def test_years_out_of_range(innovation, year):
    innovation.year_launched = year
    assert "year_launched" in errors_of(innovation)


def test_an_innovation_cannot_replicate_itself(innovation):
    innovation.replicated_from = innovation
    assert "dirinya sendiri" in " ".join(errors_of(innovation)["replicated_from"])


def test_replication_cannot_close_a_cycle(site_tree):
    original = create_innovation(title="Asli")
    copy = create_innovation(title="Tiruan", replicated_from=original.slug)
    original.replicated_from = InnovationPage.objects.get(pk=copy.pk)
    assert "siklus" in " ".join(errors_of(original)["replicated_from"])


def test_hub_of_a_region_names_its_province(site_tree):
    hub = HubPage(title="JIPP Kota X", slug="kota-x", kind="kota")
    errors = errors_of(hub)
    assert "province" in errors and "regency" in errors
