"""An email alert, as a visitor on a phone sets it up: the form under the results, the
confirmation link from the captured mail, a digest after a new matching case study is
published, and the one-click unsubscribe link."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command

from alerts.models import Subscription
from tests.factories import create_innovation

from .helpers import axe_violations, blocking, describe, screenshot
from .world import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 667}
LINK = re.compile(r"https?://[^/\s]+(/peringatan/\w+/[\w-]+/)")


@pytest.fixture
def world(live_server):
    cache.clear()
    mail.outbox = []
    return build_world()


def test_alert_confirmed_digest_received_and_unsubscribed(live_server, world, new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/cari/?q=stunting")
    form = page.locator("form.alert-form")
    form.get_by_label("Alamat surel").fill("kepala.dinas@example.go.id")
    with page.expect_navigation():
        form.get_by_role("button", name="Kirim tautan konfirmasi").click()
    assert "Periksa surel Anda" in page.locator("h1").inner_text()
    assert "kepala.dinas@example.go.id" not in page.content()
    problems = blocking(axe_violations(page))
    assert not problems, describe(problems)

    (confirmation,) = mail.outbox
    confirm_path, unsubscribe_path = LINK.findall(confirmation.body)
    page.goto(live_server.url + confirm_path)
    assert page.locator("h1").inner_text() == "Peringatan aktif"
    screenshot(page, "alert-confirmed-phone")

    create_innovation(title="Kelas Gizi Ibu Hamil", tags=["stunting"])
    call_command("send_alert_digests")
    digest = mail.outbox[-1]
    assert "Kelas Gizi Ibu Hamil" in digest.body
    assert LINK.findall(digest.body)[-1] == unsubscribe_path

    page.goto(live_server.url + unsubscribe_path)
    assert page.locator("h1").inner_text() == "Anda berhenti berlangganan"
    assert not Subscription.objects.exists()
