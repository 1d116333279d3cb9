"""The insights screens through the admin's own views: who sees which report, what each
shows, the CSV, the dashboard panel."""

import csv
import io
import re

import pytest

from .conftest import as_user
from .world import INJECTION

OVERVIEW = "/admin/wawasan-pencarian/"


def report(slug):
    return f"{OVERVIEW}laporan/{slug}/"


def hub_report(slug):
    return f"{OVERVIEW}simpul/{slug}/"


def denied(response):
    """Wagtail's refusal: back to the dashboard with "Sorry, you do not have permission"."""
    return response.status_code == 302 and response.url == "/admin/"


def csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="wawasan-')
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# --- the permission matrix ------------------------------------------------------------------

NATIONAL_ONLY = [
    report("teratas"),
    report("tanpa-hasil"),
    report("tanpa-klik"),
    report("teratas") + "?format=csv",
    report("tanpa-hasil") + "?format=csv",
    report("tanpa-klik") + "?format=csv",
    f"{OVERVIEW}sinonim/baru/?q=uav",
    "/admin/sinonim/",
    "/admin/sinonim/add/",
]


@pytest.mark.parametrize("role", ["superuser", "national"])
def test_national_curators_see_every_report_and_every_hub(client, world, role):
    as_user(client, getattr(world.people, role))
    for url in [OVERVIEW, *NATIONAL_ONLY, hub_report(world.hubs.a), hub_report(world.hubs.b)]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["coordinator_a", "moderator_a"])
def test_a_hubs_people_see_only_their_hubs_report(client, world, role):
    as_user(client, getattr(world.people, role))
    # The overview sends them straight to their hub's report.
    assert client.get(OVERVIEW).url == hub_report(world.hubs.a)
    own = client.get(hub_report(world.hubs.a))
    assert own.status_code == 200 and "posyandu" in own.content.decode()
    assert client.get(hub_report(world.hubs.a) + "?format=csv").status_code == 200
    for url in [*NATIONAL_ONLY, hub_report(world.hubs.b), hub_report(world.hubs.b) + "?format=csv"]:
        response = client.get(url)
        assert denied(response), url
    # What was refused works for someone allowed: the refusal was not a broken request.
    as_user(client, world.people.coordinator_b)
    assert client.get(hub_report(world.hubs.b)).status_code == 200


def test_staff_outside_any_hub_see_nothing(client, world):
    as_user(client, world.people.admin_only)
    for url in [OVERVIEW, *NATIONAL_ONLY, hub_report(world.hubs.a), hub_report(world.hubs.b)]:
        assert denied(client.get(url)), url
    menu = client.get("/admin/").content.decode()
    assert "Wawasan pencarian" not in menu and "Sinonim dan akronim" not in menu


def test_anonymous_visitors_are_sent_to_the_login(client, world):
    for url in [OVERVIEW, report("teratas"), hub_report(world.hubs.a)]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/admin/login/"), url


def test_the_menu_shows_what_each_role_may_open(client, world):
    as_user(client, world.people.national)
    html = client.get("/admin/").content.decode()
    assert "Wawasan pencarian" in html and "Sinonim dan akronim" in html
    as_user(client, world.people.coordinator_a)
    html = client.get("/admin/").content.decode()
    assert "Wawasan pencarian" in html and "Sinonim dan akronim" not in html


# --- what the reports show ------------------------------------------------------------------


def test_top_queries_count_searches_and_clicks(client, world):
    as_user(client, world.people.national)
    rows = csv_rows(client.get(report("teratas") + "?format=csv"))
    assert rows[0] == ["Kueri", "Pencarian", "Rata-rata hasil", "Tanpa hasil", "Klik"]
    assert rows[1] == ["uav", "4", "0", "4", "0"]
    assert rows[2] == ["posyandu", "3", "2", "0", "1"]
    assert ["pemetaan desa", "2", "1", "0", "0"] in rows
    assert "arsip kuno" not in {r[0] for r in rows}  # 100 days ago: outside 30 days


def test_zero_result_queries_over_a_longer_period(client, world):
    as_user(client, world.people.national)
    page = client.get(report("tanpa-hasil")).content.decode()
    assert "uav" in page and "posyandu" not in page and "arsip kuno" not in page
    assert "Tambah sinonim" in page
    longer = csv_rows(client.get(report("tanpa-hasil") + "?hari=365&format=csv"))
    assert [r[0] for r in longer[1:]] == ["uav", "'" + INJECTION, "arsip kuno"]


def test_no_click_queries_are_those_found_but_never_followed(client, world):
    as_user(client, world.people.national)
    rows = csv_rows(client.get(report("tanpa-klik") + "?format=csv"))
    assert [r[0] for r in rows[1:]] == ["pemetaan desa"]


def test_a_formula_typed_into_the_search_box_is_not_a_formula_in_the_csv(client, world):
    as_user(client, world.people.national)
    rows = csv_rows(client.get(report("teratas") + "?format=csv"))
    cells = [r[0] for r in rows]
    assert "'" + INJECTION in cells and INJECTION not in cells


def test_each_hub_sees_the_queries_that_reached_its_pages(client, world):
    as_user(client, world.people.national)
    a = csv_rows(client.get(hub_report(world.hubs.a) + "?format=csv"))
    assert a == [
        ["Kueri", "Tampil di hasil", "Posisi terbaik", "Klik ke halaman simpul"],
        ["posyandu", "3", "1", "1"],
    ]
    b = csv_rows(client.get(hub_report(world.hubs.b) + "?format=csv"))
    assert b[1:] == [["posyandu", "3", "2", "0"], ["pemetaan desa", "2", "1", "0"]]


def test_the_overview_draws_its_charts_as_svg(client, world):
    as_user(client, world.people.national)
    page = client.get(OVERVIEW).content.decode()
    charts = page.split('<figure class="insights-chart">')[1:]
    assert len(charts) == 3 and all(chart.lstrip().startswith("<svg") for chart in charts)
    # Geometry is never written the Indonesian way ("19,6"), which SVG cannot read.
    svg = "".join(chart.split("</svg>")[0] for chart in charts)
    assert re.findall(r' (?:x|y|width|height)="', svg)
    assert not re.findall(r' (?:x|y|width|height)="[^"]*,', svg)
    assert "<title>uav: 4</title>" in page
    assert "10 pencarian" in page  # 3 + 2 + 4 + 1 in 30 days
    assert "<script>" not in page.split("<main", 1)[-1]  # no inline script of ours


@pytest.mark.parametrize("period", ["0", "31", "abc", "365x"])
def test_an_unknown_period_is_a_clear_error(client, world, period):
    as_user(client, world.people.national)
    response = client.get(report("teratas"), {"hari": period})
    assert response.status_code == 400
    assert "Periode tidak dikenal" in response.content.decode()


def test_an_unknown_report_or_hub_is_not_found_or_refused(client, world):
    as_user(client, world.people.national)
    assert client.get(report("rahasia")).status_code == 404
    assert denied(client.get(hub_report("tidak-ada")))


# --- the dashboard panel --------------------------------------------------------------------


def test_the_dashboard_panel_per_role(client, world):
    as_user(client, world.people.national)
    html = client.get("/admin/").content.decode()
    assert (
        "Pencarian tanpa hasil" in html and "/admin/wawasan-pencarian/sinonim/baru/?q=uav" in html
    )

    as_user(client, world.people.coordinator_b)
    html = client.get("/admin/").content.decode()
    assert "Pencarian yang sampai ke simpul Anda" in html
    assert "pemetaan desa" in html and "uav" not in html

    as_user(client, world.people.admin_only)
    assert "search-insights" not in client.get("/admin/").content.decode()
