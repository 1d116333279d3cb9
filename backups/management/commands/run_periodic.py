"""The periodic maintenance the scheduler runs (deploy/systemd/jipp-scheduler.timer, every
5 minutes): each job is a management command; one failing does not stop the others, and
the command exits non-zero if any failed, so systemd shows it."""

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError


def jobs():
    """(command, arguments) in order; commands of apps not installed are skipped."""
    planned = []
    if settings.SEARCH_BACKEND == "elasticsearch":
        planned.append(("search_sync", []))  # the outbox, when the cluster was away
    planned += [
        ("prune_db_task_results", ["--min-age-days", "14"]),  # finished tasks
        ("clearsessions", []),
        ("axes_reset_logs", ["--age", "90"]),  # login records: kept 90 days
        ("anonymise_replication_requests", []),  # personal data past its retention
        ("purge_search_insights", []),
    ]
    available = get_commands()
    return [(name, args) for name, args in planned if name in available]


class Command(BaseCommand):
    help = "Run the periodic maintenance jobs once (search delivery, pruning, retention)."

    def handle(self, *args, **options):
        failed = []
        for name, arguments in jobs():
            try:
                call_command(name, *arguments, stdout=self.stdout, stderr=self.stderr)
            except Exception as error:  # noqa: BLE001 - report, then run the next job
                failed.append(name)
                self.stderr.write(f"{name}: {type(error).__name__}: {error}")
        if failed:
            raise CommandError(f"Gagal: {', '.join(failed)}.")
        self.stdout.write(self.style.SUCCESS("Pemeliharaan berkala selesai."))
