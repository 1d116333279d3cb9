"""Background tasks (django-tasks): large spreadsheet imports, checked and written off the
request, so the coordinator may leave the page (innovations.importing.jobs)."""

from django_tasks import task

from .importing import jobs


@task()
def check_import_job(job_id):
    jobs.check(job_id)


@task()
def write_import_job(job_id):
    jobs.write(job_id)
