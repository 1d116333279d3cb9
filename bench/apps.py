from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark: `manage.py benchmark_search`, driven by bench/run.py (`make bench`).

    An app of its own because it measures the content and the engine together (stock
    Wagtail search over InnovationPage against the hub's engine), so it may depend on both
    while neither depends on it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "bench"
