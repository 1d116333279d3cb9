"""Facet counts against brute-force counts from the page models, and disjunctive semantics."""

import pytest

from .oracle import (
    all_slugs,
    expected_facets,
    expected_matches,
    facet_table,
    get,
    visible_records,
)

SCENARIOS = [
    ("", {}, None, None),
    ("", {"province": ["32", "35"]}, None, None),
    ("", {"province": ["32"], "sector": ["kesehatan"]}, None, None),
    ("", {"channel": ["bergerak"], "sdg": ["4"]}, None, None),
    ("", {}, 2018, 2021),
    ("", {"level": ["kementerian", "lembaga"], "channel": ["elektronik"]}, None, None),
    ("", {"hub": ["provinsi-jawa-tengah"], "status": ["berjalan"]}, None, 2020),
    ("", {"award": ["Top 45 KIPP 2023"], "sdg": ["3", "16"]}, None, None),
    ("", {"regency": ["32.05", "73.06"], "stage": ["penerapan"]}, None, None),
    ("", {"tag": ["gizi", "literasi"], "year": ["2023", "2019"]}, None, None),
    ("", {"ministry": ["kementerian-kesehatan"], "sector": ["kesehatan"]}, None, None),
    ("gizi", {}, None, None),
    ("gizi", {"province": ["33", "73"]}, None, None),
    ("perpustakaan", {"tag": ["literasi"], "channel": ["tatap-muka"]}, None, None),
    ("desa warga", {"sector": ["lingkungan", "kesehatan"]}, 2015, 2020),
    ("dokumen", {"level": ["kota"]}, None, None),
    ("desa", {"ministry": ["kementerian-kesehatan"]}, None, None),  # nothing matches
    ("tengkes", {"province": ["33"]}, None, None),  # via the synonym stunting
    ("", {"replication": ["replicated"]}, None, None),
    ("", {"replication": ["replica"], "province": ["32", "35"]}, None, None),
    ("", {"replication": ["replicated", "replica"]}, None, None),
]


def params_of(q, filters, year_from, year_to):
    params = {"q": q, **filters}
    if year_from is not None:
        params["year_from"] = year_from
    if year_to is not None:
        params["year_to"] = year_to
    return params


@pytest.mark.parametrize("q,filters,year_from,year_to", SCENARIOS)
def test_counts_equal_brute_force(site, client, q, filters, year_from, year_to):
    records = visible_records()
    if q:
        # The text match set is the API's own answer for the unfiltered query; facets and
        # filters are then checked against the page models.
        matched = all_slugs(client, q=q)
        assert matched, f"{q!r} should match something in the corpus"
        records = {slug: r for slug, r in records.items() if slug in matched}
    params = params_of(q, filters, year_from, year_to)

    data = get(client, **params, page_size=50)

    expected = expected_matches(records, filters, year_from, year_to)
    assert data["total"] == len(expected)
    assert all_slugs(client, **params) == expected
    actual, wanted = facet_table(data), expected_facets(records, filters, year_from, year_to)
    assert set(actual) == set(wanted)
    for name in wanted:
        assert actual[name] == wanted[name], name


def test_browse_shows_everything_visible(site, client):
    records = visible_records()
    data = get(client, page_size=50)
    assert data["total"] == len(records) == len(site.visible)
    assert {r["slug"] for r in data["results"]} == set(records) == site.slugs(site.visible)
    assert data["sort"] == "newest"
    assert facet_table(data) == expected_facets(records, {})


def test_text_match_sets(site, client):
    """The match sets the brute-force checks start from are themselves right."""
    assert all_slugs(client, q="gizi") == site.slugs(
        ["cegah-stunting", "gizi-garut", "gizi-gowa", "gizi-malang", "kebun-replika"]
    )
    assert all_slugs(client, q="nelayan") == site.slugs(["beasiswa-nelayan", "cuaca-nelayan"])
    assert all_slugs(client, q="drone") == site.slugs(["drone-tani"])


def test_selecting_two_provinces_is_the_union(site, client):
    west = all_slugs(client, province="32")
    east = all_slugs(client, province="35")
    both = all_slugs(client, province=["32", "35"])
    assert west and east and not west & east
    assert both == west | east
    assert get(client, province=["32", "35"])["total"] == len(west) + len(east)


def test_province_and_sector_is_the_intersection(site, client):
    west = all_slugs(client, province="32")
    health = all_slugs(client, sector="kesehatan")
    both = all_slugs(client, province="32", sector="kesehatan")
    assert both == west & health
    assert both and both != west and both != health


def test_facet_counts_ignore_their_own_selection(site, client):
    """Choosing Jawa Barat does not hide Jawa Timur, but does narrow the sectors."""
    everything = facet_table(get(client))
    west = facet_table(get(client, province="32"))
    assert west["province"] == {v: (n, v == "32") for v, (n, _) in everything["province"].items()}
    assert sum(n for n, _ in west["sector"].values()) < sum(
        n for n, _ in everything["sector"].values()
    )
    assert "kelautan" not in west["sector"]  # only Sulawesi Selatan has one


def test_selected_value_without_results_stays_listed(site, client):
    data = get(client, province="32", sector="kelautan")
    assert data["total"] == 0
    assert data["results"] == []
    facets = facet_table(data)
    assert facets["province"]["32"] == (0, True)
    assert facets["sector"]["kelautan"] == (0, True)
    # A valid code no innovation has is listed too, selected with 0.
    data = get(client, province="94")
    assert data["total"] == 0
    assert facet_table(data)["province"]["94"] == (0, True)


def test_channel_and_sdg_match_any_of_the_page_values(site, client):
    face_to_face = all_slugs(client, channel="tatap-muka")
    assert site.slugs(["mpp-surabaya", "izin-desa", "akta-lahir"]) <= face_to_face
    goal_16 = all_slugs(client, sdg="16")
    assert site.slugs(["izin-online", "jemput-lansia", "mpp-surabaya"]) <= goal_16
    assert "cuaca-nelayan" not in goal_16


def test_year_range_is_inclusive(site, client):
    records = visible_records()
    slugs = all_slugs(client, year_from=2019, year_to=2020)
    assert slugs == {s for s, r in records.items() if 2019 <= r["_year"] <= 2020}
    years = {records[s]["_year"] for s in slugs}
    assert years == {2019, 2020}
    assert all_slugs(client, year_from=2024, year_to=2024) == site.slugs(
        ["zentrika-aman", "pasar-umkm"]
    )


def test_labels(site, client):
    facets = {
        name: {v["value"]: v for v in values} for name, values in get(client)["facets"].items()
    }
    assert facets["province"]["32"]["label"] == "Jawa Barat"
    assert facets["regency"]["32.05"]["label"] == "Kabupaten Garut"
    assert facets["regency"]["32.05"]["province"] == "32"
    assert facets["ministry"]["kementerian-kesehatan"]["label"] == "Kementerian Kesehatan"
    assert facets["hub"]["provinsi-jawa-barat"]["label"] == "JIPP Provinsi Jawa Barat"
    assert facets["tag"]["satu-pintu"]["label"] == "satu pintu"
    assert facets["sector"]["kesehatan"]["label"] == "Kesehatan"


def test_backend_follows_the_database(site, client):
    from django.db import connection

    expected = {"sqlite": "sqlite", "postgresql": "postgres"}[connection.vendor]
    response = client.get("/api/v1/search/", {"q": "gizi"})
    assert response["X-Search-Backend"] == expected
    assert response.json()["backend"] == expected
