"""run_periodic: the scheduler's jobs run once; finished tasks past their age are pruned."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE)
def test_run_periodic_prunes_old_finished_tasks_and_keeps_recent_ones(capsys):
    from search.tasks import embed_pending_documents

    old, recent = embed_pending_documents.enqueue(), embed_pending_documents.enqueue()
    long_ago = timezone.now() - datetime.timedelta(days=30)
    DBTaskResult.objects.filter(pk=old.id).update(status="SUCCESSFUL", finished_at=long_ago)
    DBTaskResult.objects.filter(pk=recent.id).update(
        status="SUCCESSFUL", finished_at=timezone.now()
    )
    call_command("run_periodic")
    assert [str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)] == [recent.id]
    assert "Pemeliharaan berkala selesai." in capsys.readouterr().out
