"""/healthz: 200 with every check when the site can serve, 503 naming the failing check."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db
def test_healthy_site_answers_200_with_each_check(site_tree, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "search", "queue"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["search"]["backend"] in ("sqlite", "postgres")
    assert body["checks"]["search"]["outbox"] == 0
    assert body["checks"]["queue"]["ready"] == 0


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_queue_no_worker_empties_answers_503(site_tree, client):
    from search.tasks import embed_pending_documents

    result = embed_pending_documents.enqueue()
    assert client.get("/healthz").status_code == 200  # queued a moment ago: normal
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=an_hour_ago)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail" and body["checks"]["database"]["ok"]
    assert body["checks"]["queue"] == {
        "ok": False, "ready": 1, "running": 0, "oldest_ready_seconds": pytest.approx(3600, abs=60)
    }  # fmt: skip


@pytest.mark.django_db
@override_settings(SEARCH_BACKEND="elasticsearch", ELASTICSEARCH_URL="http://127.0.0.1:1")
def test_an_unreachable_search_engine_answers_503_without_its_address(site_tree, client):
    response = client.get("/healthz")
    assert response.status_code == 503
    search = response.json()["checks"]["search"]
    assert search["ok"] is False and search.get("backend") in ("elasticsearch", None)
    assert "127.0.0.1:1" not in response.content.decode()


@pytest.mark.django_db
def test_only_reads_are_allowed(client):
    assert client.post("/healthz").status_code == 405
