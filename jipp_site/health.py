"""/healthz for load balancers and monitoring: the database, the search engine, the search
outbox's lag (Elasticsearch) and the task queue's depth, as JSON; 200 when the site can
serve, 503 when it cannot or when background work has stalled.

It says nothing a visitor could use: counts and ages, no host names, no error details."""

import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult

from search.backends import get_backend


def _database():
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _age_seconds(moment):
    return None if moment is None else round((timezone.now() - moment).total_seconds())


def _search():
    status = get_backend().status()
    oldest = status.get("outbox_oldest")
    lag = _age_seconds(oldest)
    return {
        "ok": bool(status.get("healthy")) and (lag or 0) <= settings.HEALTHZ_MAX_OUTBOX_LAG,
        "backend": status.get("backend"),
        "engine_healthy": bool(status.get("healthy")),
        # Changes waiting for delivery to Elasticsearch (0 for the database engines, which
        # index in the same transaction).
        "outbox": status.get("outbox", 0),
        "outbox_lag_seconds": lag,
    }


def _queue():
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = _age_seconds(oldest)
    return {
        # A growing queue is normal during an import; one whose oldest task waits this long
        # means no worker is running.
        "ok": (age or 0) <= settings.HEALTHZ_MAX_QUEUE_AGE,
        "ready": ready.count(),
        "running": DBTaskResult.objects.running().count(),
        "oldest_ready_seconds": age,
    }


CHECKS = {"database": _database, "search": _search, "queue": _queue}


@never_cache
@require_safe
def healthz(request):
    checks = {}
    for name, check in CHECKS.items():
        try:
            checks[name] = check()
        except Exception as error:  # noqa: BLE001 - a failing check is the answer, not a 500
            checks[name] = {"ok": False, "error": type(error).__name__}
        if name == "database" and not checks[name]["ok"]:
            break  # the other checks read the database too
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )
