"""The shortlist page and CSV, server side: the address is the list; bad addresses get a
clear reason; what the public may not see is never named."""

import csv
import io

import pytest

from tests.factories import JAWA_TIMUR, create_innovation
from tests.html_helpers import element, get_html, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(site_tree):
    return create_innovation(title="Satu Pintu Sumedang"), create_innovation(
        title="Satu Pintu Surabaya", **JAWA_TIMUR
    )


def test_the_address_is_the_list_in_its_order(pair, client):
    first, second = pair
    html = get_html(client, f"/pilihan/?id={second.pk}&id={first.pk}&id={second.pk}")
    titles = [
        text_of(t)
        for t in __import__("re").findall(r'<h3 class="card__title"[^>]*>(.*?)</h3>', html)
    ]
    assert titles == ["Satu Pintu Surabaya", "Satu Pintu Sumedang"]
    assert f'value="http://testserver/pilihan/?id={second.pk}&amp;id={first.pk}"' in html
    assert 'name="robots" content="noindex, follow"' in html


def test_drafts_and_unknown_ids_are_counted_never_named(pair, client):
    first, _second = pair
    draft = create_innovation(title="Rahasia Draf", publish=False)
    html = get_html(client, f"/pilihan/?id={first.pk}&id={draft.pk}&id=999999")
    assert "Rahasia Draf" not in html
    assert "2 inovasi dalam alamat ini tidak tersedia lagi" in text_of(html)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/pilihan/csv/?id={draft.pk}").content.decode().lstrip("\ufeff")
            )
        )
    )
    assert len(rows) == 1  # the header only


@pytest.mark.parametrize(
    ("query", "reason"),
    [("id=abc", "Nomor inovasi abc tidak sah"), ("id=1.5", "Nomor inovasi 1.5 tidak sah"),
     ("&".join(f"id={n}" for n in range(51)), "paling banyak 50 inovasi")],
)  # fmt: skip
def test_bad_addresses_get_a_reason_not_an_error(site_tree, client, query, reason):
    response = client.get(f"/pilihan/?{query}")
    assert response.status_code == 400
    assert reason in text_of(element(response.content.decode(), 'role="alert"'))
    csv_response = client.get(f"/pilihan/csv/?{query}")
    assert csv_response.status_code == 400 and reason in csv_response.content.decode()


def test_csv_cells_cannot_run_as_formulas(site_tree, client):
    page = create_innovation(title='=HYPERLINK("http://x")')
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/pilihan/csv/?id={page.pk}").content.decode().lstrip("\ufeff"))
        )
    )
    assert rows[1][0].startswith("'=")
