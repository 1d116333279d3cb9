"""Spreadsheet imports started in the admin: check (a dry run), then write on confirmation.

The rows of the spreadsheet become import records (columns.row_to_record) and go through
the same `run_import` as the command line: first as a dry run, whose problems and preview
the coordinator reads, then, once they confirm, for real, in one transaction. Small files
are handled in the request; larger ones by a background task (innovations.tasks), whose
progress the job page shows: the coordinator may leave and come back.
"""

import datetime

from django.utils import timezone
from wagtail.models import Page
from wagtail.permissions import policy_registry

from innovations import review
from innovations.models import HubPage, ImportJob

from ..limits import MAX_IMPORT_PROBLEMS_SHOWN
from . import progress as job_progress
from .columns import header_of
from .service import Access, ImportFailed, run_import
from .sheet_rows import raw_line, sheet_rows

# Rows checked and written in the request itself; beyond this, a background task does it.
IN_REQUEST_ROWS = 100
# A checked import waits this long for its confirmation; then its rows are dropped.
CONFIRMATION_DAYS = 7


def hubs_for_import(user):
    """Hubs `user` may import into: those they may add pages under."""
    hubs = HubPage.objects.order_by("title")
    if user.is_superuser:
        return hubs
    addable = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "add")
    return hubs.filter(pk__in=addable.values("pk"))


def access_for(job):
    if job.user.is_superuser:
        return Access(hubs=None, allow_move=job.allow_move)
    return Access(
        hubs=set(hubs_for_import(job.user).values_list("title", flat=True)),
        allow_move=job.allow_move,
    )


# --- the job's steps ----------------------------------------------------------------------


def _raw_lines(rows, progress=None, phase=None):
    """The rows as import records; each one counted in `phase` of `progress` as the
    validator takes it."""
    if progress is not None:
        progress.phase(phase, len(rows))
    for row in rows:
        yield raw_line(row)
        if progress is not None:
            progress.advance()
    if progress is not None:
        progress.finish_phase()


def expire_unconfirmed():
    """Checked imports nobody confirmed within CONFIRMATION_DAYS: cancelled, rows dropped
    (their content is not kept longer than the import needs it)."""
    cutoff = timezone.now() - datetime.timedelta(days=CONFIRMATION_DAYS)
    ImportJob.objects.filter(
        status__in=[ImportJob.Status.READY, ImportJob.Status.INVALID], created_at__lt=cutoff
    ).update(status=ImportJob.Status.CANCELLED, rows=None, finished_at=timezone.now())


def start(user, hub, file_name, sheet, allow_move=False):
    """Create the job for an uploaded sheet and check it (now, or in the background)."""
    expire_unconfirmed()
    rows = sheet_rows(sheet, default_hub=hub.title if hub else "")
    job = ImportJob.objects.create(
        user=user, hub=hub, file_name=file_name[:255], allow_move=allow_move, rows=rows,
        total=len(rows),
    )  # fmt: skip
    _run_or_enqueue(job, "check")
    return job


def confirm(job):
    """Write a checked job (status READY); nothing was written before this."""
    if job.status != ImportJob.Status.READY:
        return job
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    _run_or_enqueue(job, "write")
    return job


def cancel(job):
    if job.status in (ImportJob.Status.READY, ImportJob.Status.INVALID):
        _finish(job, ImportJob.Status.CANCELLED, job.report)


def _run_or_enqueue(job, step):
    from django.db import transaction

    from innovations import tasks

    if job.total <= IN_REQUEST_ROWS:
        # In the request: the person waits for the answer, nobody watches a bar.
        (check if step == "check" else write)(job.pk, watched=False)
        return
    task = tasks.check_import_job if step == "check" else tasks.write_import_job
    transaction.on_commit(lambda: task.enqueue(job.pk))


def check(job_id, watched=True):
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportJob.Status.CHECKING:
        return
    with job_progress.JobProgress(job.pk, recorded=watched) as progress:
        report = run_import(
            _raw_lines(job.rows, progress, ImportJob.Phase.VALIDATE),
            access=access_for(job),
            dry_run=True,
            demo=None,
        )
    status = ImportJob.Status.INVALID if report.problems else ImportJob.Status.READY
    _finish(job, status, report_data(report), keep_rows=not report.problems)


def write(job_id, watched=True):
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportJob.Status.RUNNING:
        return
    live_before = review.live_revisions()
    try:
        with job_progress.JobProgress(job.pk, recorded=watched) as progress:
            # Checked again: the site may have changed since the preview.
            report = run_import(
                _raw_lines(job.rows, progress, ImportJob.Phase.REVALIDATE),
                access=access_for(job),
                owner=job.user,
                demo=None,
                progress=progress.bar(ImportJob.Phase.WRITE),
                indexing_progress=progress.bar(ImportJob.Phase.INDEX),
            )
    except ImportFailed as exc:
        _finish(job, ImportJob.Status.FAILED, {**(job.report or {}), "error": str(exc)})
        return
    if report.problems:
        _finish(job, ImportJob.Status.INVALID, report_data(report))
        return
    # Where the hub reviews its coordinators' work, what was imported waits for review.
    held = review.hold_for_review(report.pages, job.user, live_before)
    _finish(job, ImportJob.Status.DONE, {**report_data(report), "held_for_review": held})
    _deliver_to_search()


def _finish(job, status, report, keep_rows=False):
    job.status = status
    job.report = report
    if not keep_rows:
        job.rows = None  # the records are in the pages now (or were refused): not kept
    job.finished_at = timezone.now() if status != ImportJob.Status.READY else None
    # The step is over: the row says so whatever the last recorded progress was.
    job.phase, job.processed, job.phase_total = "", job.total, job.total
    job.save(
        update_fields=["status", "report", "rows", "finished_at", "phase", "processed",
                       "phase_total"]
    )  # fmt: skip
    job_progress.forget(job.pk)


def _deliver_to_search():
    """With Elasticsearch, send the import's changes now; what fails waits in the outbox."""
    from search import indexing

    if indexing.queued_changes():
        indexing.deliver_queued()


def report_data(report):
    """The report as the job keeps it: counts, problems (row, column header, reason)."""
    shown = report.problems[:MAX_IMPORT_PROBLEMS_SHOWN]
    return {
        "total": report.total,
        "problems": [[p.line, header_of(p.field) if p.field else "", p.reason] for p in shown],
        "problems_not_shown": len(report.problems) - len(shown),
        "invalid_rows": len(report.invalid_lines),
        "per_hub": report.per_hub(),
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "new_hubs": report.new_hubs,
    }  # fmt: skip


# --- progress -----------------------------------------------------------------------------


def progress_of(job):
    """(label, done, total, percent) of the job's running step; see importing.progress."""
    if job.finished or job.status == ImportJob.Status.READY:
        return "", job.total, job.total, 100
    found = job_progress.progress_of(job)
    return found.label, found.processed, found.phase_total, found.percent
