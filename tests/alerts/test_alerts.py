"""Email alerts for a search: double opt-in, a digest of new matching case studies from the
management command, one-click unsubscribe that deletes the address, limits against abuse."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command

from alerts.models import Subscription
from tests.factories import create_innovation

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/peringatan/\w+/[\w-]+/)")


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def subscribe(client, email="pejabat@example.go.id", query="q=stunting", **extra):
    return client.post(
        "/peringatan/berlangganan/", {"email": email, "query": query, **extra}, **{
            "REMOTE_ADDR": extra.pop("ip", "10.0.0.1")}
    )  # fmt: skip


def links(message):
    return LINK.findall(message.body)


def test_subscribe_confirm_digest_and_unsubscribe(site_tree, client):
    create_innovation(title="Rumah Gizi Lama", tags=["stunting"])  # before: never in a digest
    response = subscribe(client, query="q=stunting&page=3&sort=relevance")
    assert response.status_code == 200 and "Periksa surel Anda" in response.content.decode()
    assert "pejabat@example.go.id" not in response.content.decode()  # never shown back
    (confirmation,) = mail.outbox
    assert confirmation.to == ["pejabat@example.go.id"]
    assert "“stunting”" in confirmation.body
    confirm_path, unsubscribe_path = links(confirmation)
    subscription = Subscription.objects.get()
    assert subscription.query == "q=stunting"  # paging and sorting dropped
    assert subscription.confirmed_at is None

    # Nothing is sent before the address is confirmed.
    create_innovation(title="Posyandu Digital", tags=["stunting"])
    call_command("send_alert_digests")
    assert len(mail.outbox) == 1

    assert client.get(confirm_path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    create_innovation(title="Dapur Gizi Desa", tags=["stunting"])
    create_innovation(title="Izin Usaha Kilat", tags=["perizinan"])  # does not match
    create_innovation(title="Gizi Draf", tags=["stunting"], publish=False)
    call_command("send_alert_digests")
    digest = mail.outbox[-1]
    assert len(mail.outbox) == 2
    assert "Dapur Gizi Desa" in digest.body
    for absent in ("Izin Usaha Kilat", "Gizi Draf", "Rumah Gizi Lama", "Posyandu Digital"):
        assert absent not in digest.body, absent
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert links(digest)[-1] == unsubscribe_path

    call_command("send_alert_digests")  # nothing new since: nothing sent
    assert len(mail.outbox) == 2

    response = client.get(unsubscribe_path)
    assert response.status_code == 200 and "telah dihapus" in response.content.decode()
    assert not Subscription.objects.filter(email="pejabat@example.go.id").exists()
    assert client.get(unsubscribe_path).status_code == 404


def test_mail_program_one_click_post_unsubscribes(site_tree, client):
    subscribe(client)
    _confirm, unsubscribe_path = links(mail.outbox[0])
    response = client.post(unsubscribe_path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    ("data", "reason"),
    [({"email": "bukan-surel"}, "tidak sah"), ({"email": ""}, "Isi alamat surel"),
     ({"query": "page=abc"}, "page"), ({"query": "year_from=99999"}, "year_from")],
)  # fmt: skip
def test_bad_input_is_refused_with_a_reason_and_nothing_stored(site_tree, client, data, reason):
    response = subscribe(client, **data)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not Subscription.objects.exists() and not mail.outbox


def test_rate_limited_per_network_address(site_tree, client):
    for n in range(5):
        assert subscribe(client, email=f"a{n}@example.go.id").status_code == 200
    response = subscribe(client, email="a6@example.go.id")
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.content.decode()
    assert subscribe(client, email="a7@example.go.id", ip="10.0.0.2").status_code == 200


def test_robots_filling_the_trap_are_told_the_same_and_nothing_is_sent(site_tree, client):
    response = subscribe(client, website="http://spam.example")
    assert response.status_code == 200 and "Periksa surel Anda" in response.content.decode()
    assert not Subscription.objects.exists() and not mail.outbox


def test_unconfirmed_addresses_are_deleted_after_a_week(site_tree, client):
    import datetime

    from django.utils import timezone

    subscribe(client)
    Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    call_command("send_alert_digests")
    assert not Subscription.objects.exists()


def test_the_search_page_offers_the_alert_form(site_tree, client):
    html = client.get("/cari/?q=stunting&province=32").content.decode()
    assert 'action="/peringatan/berlangganan/"' in html
    assert 'name="query" value="q=stunting&amp;province=32"' in html
    assert 'name="csrfmiddlewaretoken"' in html
