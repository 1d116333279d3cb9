"""The import job page in a real browser: while the worker runs, the bar follows the
recorded progress without reloading the page (its script polls), and when the step ends
the page shows the result by itself. The worker is played by the progress recorder the
worker uses (innovations.importing.progress), writing where it writes."""

import pytest
from django.contrib.auth import get_user_model

from home.site_setup import ensure_site_tree
from innovations.importing import jobs
from innovations.importing.progress import JobProgress
from innovations.models import ImportJob
from tests.factories import create_innovation, hub_named

from .helpers import screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "sandi-uji-123"


@pytest.fixture
def running_job(live_server):
    ensure_site_tree(hostname="localhost")
    create_innovation(title="Inovasi Awal")
    hub = hub_named("JIPP Provinsi Jawa Barat")
    user = get_user_model().objects.create_user("koordinator_jabar", "k@contoh.go.id", PASSWORD)
    user.groups.add(hub.coordinators)
    job = ImportJob.objects.create(
        user=user, hub=hub, file_name="besar.xlsx", total=400, status=ImportJob.Status.RUNNING
    )
    return user, job


def bar_value(page):
    return page.locator("#import-progress").evaluate("bar => bar.value")


def test_the_bar_moves_without_reloading_and_the_result_shows(live_server, running_job, page):
    user, job = running_job
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator('form button[type="submit"]').click()
    page.wait_for_url(live_server.url + "/admin/")

    with JobProgress(job.pk) as progress:
        progress.phase(ImportJob.Phase.WRITE, 400)
        progress.processed = 100
        progress.finish_phase()
        page.goto(f"{live_server.url}/admin/impor/{job.pk}/")
        assert bar_value(page) == 36  # 20% for the check, then a quarter of 65%
        assert "Menyimpan halaman" in page.locator("#import-phase").inner_text()
        # Marked: a reload would lose this, so the next figures must come from the script.
        page.evaluate("window.notReloaded = true")

        progress.processed = 300
        progress.finish_phase()
        page.wait_for_function("document.getElementById('import-progress').value === 68")
        assert page.evaluate("window.notReloaded === true")
        assert page.locator("#import-count").inner_text() == "300/400"
        screenshot(page, "import-progress-running")

    jobs._finish(job, ImportJob.Status.DONE, {"created": 400, "updated": 0, "unchanged": 0,
                                               "per_hub": {}})  # fmt: skip
    page.locator("#import-done").wait_for(timeout=10_000)
    assert page.locator("#import-progress").count() == 0
    assert "400 baru" in page.locator("#import-done").inner_text()
