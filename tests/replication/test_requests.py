"""The public replication request form: it stores a request with its first stage, mails
the requester and the hub, and refuses abuse with a clear message, storing nothing."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from replication.models import ReplicationRequest, Stage
from tests.factories import create_innovation
from tests.html_helpers import get_html, text_of

from .helpers import HUB_A, VALID_POST, make_user, two_hubs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def form_url(page):
    return reverse("replication_request_form", args=[page.pk])


def test_the_innovation_page_offers_the_request_form(site_tree, client):
    page = create_innovation()
    html = get_html(client, page.url)
    assert f'href="{form_url(page)}"' in html
    assert "Ajukan replikasi" in html


def test_the_form_works_without_javascript_and_states_its_limits(site_tree, client):
    page = create_innovation()
    html = get_html(client, form_url(page))
    # A plain form, type-ahead from the browser's datalist: no inline script, only the
    # site's own files that every page loads.
    assert all(src.startswith("/static/") for src in re.findall(r'<script[^>]*src="([^"]+)"', html))
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<option value="Kabupaten Sumedang, Jawa Barat">' in html
    assert '<option value="Provinsi Jawa Barat">' in html
    text = text_of(html)
    assert "20–2000 karakter" in text
    assert "paling banyak 5 permintaan per 60 menit" in text
    assert 'class="field field--trap" aria-hidden="true"' in html
    assert 'name="robots" content="noindex"' in html


def test_a_request_is_stored_at_minat_and_mailed(
    site_tree, client, django_capture_on_commit_callbacks
):
    page_a, _page_b, hub_a, _hub_b = two_hubs()
    make_user("koor-a", hub_a.coordinators, email="koor-a@jabar.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(page_a), VALID_POST)
    assert response.status_code == 302
    assert response["Location"] == reverse("replication_request_sent", args=[page_a.pk])
    stored = ReplicationRequest.objects.get()
    assert (stored.innovation_id, stored.stage) == (page_a.pk, Stage.MINAT)
    assert stored.regency.name == "Kabupaten Sumedang"
    assert stored.consent_share and stored.consent_public
    assert [(h.from_stage, h.to_stage) for h in stored.history.all()] == [("", "minat")]

    to_requester, to_hub = mail.outbox
    assert to_requester.to == ["siti.rahmawati@sumedang.example"]
    assert "SIMPATI Sumedang" in to_requester.subject
    assert "Minat" in to_requester.body
    assert to_hub.to == ["koor-a@jabar.example"]
    assert "Kabupaten Sumedang" in to_hub.subject
    # The hub's mail points to the admin; the requester's details stay there.
    assert reverse("replication_request", args=[stored.pk]) in to_hub.body
    assert "siti.rahmawati" not in to_hub.body and "Siti" not in to_hub.body

    thanks = text_of(get_html(client, response["Location"]))
    assert "Permintaan replikasi terkirim" in thanks


@pytest.mark.parametrize(
    ("change", "field_message"),
    [
        ({"consent_share": ""}, "hanya dapat dikirim bila Anda menyetujui"),
        ({"institution": "Kabupaten Antah Berantah"}, "tidak ada di daftar"),
        ({"message": "x" * 2001}, "Paling banyak 2000 karakter (sekarang 2001)"),
        ({"message": "Mau replikasi"}, "paling sedikit 20 karakter"),
        ({"email": "bukan-surel"}, "Alamat surel tidak valid"),
        ({"phone": "hubungi saya"}, "Nomor telepon hanya berisi angka"),
        ({"name": "N" * 151}, "Paling banyak 150 karakter"),
        ({"name": ""}, "harus diisi"),
        ({"website": "http://spam.example"}, "hanya untuk menyaring robot"),
    ],
    ids=["no-consent", "unknown-institution", "message-too-long", "message-too-short",
         "bad-email", "bad-phone", "name-too-long", "name-missing", "honeypot"],
)  # fmt: skip
def test_bad_input_is_refused_clearly_and_nothing_is_stored(
    site_tree, client, change, field_message
):
    page = create_innovation()
    response = client.post(form_url(page), {**VALID_POST, **change})
    assert response.status_code == 400
    text = text_of(response.content.decode())
    assert "Permintaan belum dikirim dan tidak ada yang disimpan" in text
    assert field_message.casefold() in text.casefold()
    assert not ReplicationRequest.objects.exists()
    assert not mail.outbox


def test_a_post_without_the_csrf_token_is_refused(site_tree):
    page = create_innovation()
    response = Client(enforce_csrf_checks=True).post(form_url(page), VALID_POST)
    assert response.status_code == 403
    assert not ReplicationRequest.objects.exists()


def test_one_address_may_send_five_requests_an_hour(site_tree, client):
    page = create_innovation()
    for _ in range(5):
        assert client.post(form_url(page), VALID_POST).status_code == 302
    response = client.post(form_url(page), VALID_POST)
    assert response.status_code == 429
    assert "Terlalu banyak permintaan dari alamat jaringan Anda: paling banyak 5" in text_of(
        response.content.decode()
    )
    assert ReplicationRequest.objects.count() == 5
    # Another address is not held back.
    other = client.post(form_url(page), VALID_POST, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302


def test_no_request_for_a_draft_innovation(site_tree, client):
    page = create_innovation(publish=False)
    assert client.get(form_url(page)).status_code == 404
    assert client.post(form_url(page), VALID_POST).status_code == 404
    assert not ReplicationRequest.objects.exists()


def test_html_typed_into_the_form_is_shown_as_text(site_tree, client):
    page_a, *_ = two_hubs()
    client.post(form_url(page_a), {**VALID_POST, "message": "<script>alert('x')</script> tolong"
                                   " bantu replikasi", "name": "<b>Budi</b>"})  # fmt: skip
    stored = ReplicationRequest.objects.get()
    admin = make_user("root", superuser=True)
    client.force_login(admin)
    html = get_html(client, reverse("replication_request", args=[stored.pk]))
    assert "<script>alert" not in html and "<b>Budi</b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Budi&lt;/b&gt;" in html
    assert HUB_A
