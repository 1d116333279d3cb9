#!/usr/bin/env python3
"""`make page-timing`: how long an innovation page takes at the server, uncached and from
the page cache (issue 17: at most 20 ms from the cache), with /healthz as the baseline
measured in the same run.

Runs what production runs on 127.0.0.1 only: gunicorn with deploy/gunicorn.conf.py, one
worker (requests are sent one at a time, so one worker is what each request meets),
production settings, PostgreSQL, Redis as the cache. The database (PAGE_TIMING_DB,
`jipp_page_timing`) gets the 150 demonstration case studies the first time and is reused.

Two servers in turn, the same code and data: PAGE_CACHE_ENABLED=false (every request
renders: routing, queries, templates) and true (every request after the first is a cache
hit). Each is warmed up, then PAGE_TIMING_REQUESTS (60) rounds of /healthz, the innovation
page in Indonesian and in English, interleaved so that the machine's load falls on all
alike. The time is the client's on 127.0.0.1 (a new connection per request, as gunicorn's
sync worker closes it): the server's time plus well under a millisecond.

Writes var/bench/page_timing.json and prints medians and 95th percentiles.
"""

import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.serving import start_gunicorn, stop_gunicorn  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG_ADMIN_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE = os.environ.get("PAGE_TIMING_DB", "jipp_page_timing")
REDIS_URL = os.environ.get("PAGE_TIMING_REDIS_URL", "redis://127.0.0.1:6379/5")
PORT = int(os.environ.get("PAGE_TIMING_PORT", "8810"))
REQUESTS = int(os.environ.get("PAGE_TIMING_REQUESTS", "60"))
WARM_UP = 10
TARGET_CACHED_MS = 20


def step(message):
    print(f"== {message}", flush=True)


def environment(cache_enabled):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jipp_site.settings.production",
        "SECRET_KEY": "page-timing-k3J9s!aL0pQ2zX7vB4nM8cR5tY1wE6uI0oP3lK9jH2gF5dS8aZ",
        "JIPP_PUBLIC_URL": "https://jipp.example.go.id",
        "ALLOWED_HOSTS": "127.0.0.1,jipp.example.go.id",
        "DATABASE_URL": PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + DATABASE,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": "page-timing",
        "EMAIL_HOST": "smtp.example.go.id",
        "DEFAULT_FROM_EMAIL": "noreply@jipp.example.go.id",
        "STATIC_ROOT": str(OUT / "page-timing-static"),
        "MEDIA_ROOT": str(OUT / "page-timing-media"),
        "SEARCH_EMBEDDER": "",
        "JIPP_BIND": f"127.0.0.1:{PORT}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESS_LOG": "false",
        "LOG_LEVEL": "WARNING",
        "PAGE_CACHE_ENABLED": "true" if cache_enabled else "false",
        # No worker runs beside this server: the tasks the demo data queued must not turn
        # the baseline into a 503 (the checks run just the same).
        "HEALTHZ_MAX_QUEUE_AGE": str(10**9),
    }


def manage(env, *args, capture=False):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=capture, text=True)  # fmt: skip


def prepare(env):
    import psycopg

    marker = OUT / f"{DATABASE}.loaded"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if not (exists and marker.exists()):
            conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DATABASE}")
            marker.unlink(missing_ok=True)
    manage(env, "migrate", "--no-input", "-v0")
    if not marker.exists():
        step(f"loading the demonstration data into {DATABASE}")
        manage(env, "setup_site")
        manage(env, "load_demo_data")
        OUT.mkdir(parents=True, exist_ok=True)
        marker.write_text("ok")
    manage(env, "collectstatic", "--no-input", "-v0")


def richest_innovation(env):
    """The demo page with the most on it: replications, a kit, awards (and similar ones)."""
    code = (
        "from django.db.models import Count\n"
        "from innovations.models import InnovationPage\n"
        "page = (InnovationPage.objects.visible()\n"
        "    .annotate(r=Count('replications', distinct=True),\n"
        "              d=Count('documents', distinct=True), a=Count('awards', distinct=True))\n"
        "    .filter(r__gt=0).order_by('-d', '-a', '-r', 'pk').first())\n"
        "print('PATH', page.url)\n"
    )
    out = manage(env, "shell", "-c", code, capture=True).stdout
    return next(line[5:] for line in out.splitlines() if line.startswith("PATH "))


def fetch(path):
    """(milliseconds, status, X-Page-Cache) of one GET on a new connection."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": "jipp.example.go.id",
                                             "X-Forwarded-Proto": "https"})  # fmt: skip
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return elapsed, response.status, response.getheader("X-Page-Cache", "")


def measure(paths):
    for _ in range(WARM_UP):
        for path in paths.values():
            fetch(path)
    times = {name: [] for name in paths}
    cache_states = {name: set() for name in paths}
    for _ in range(REQUESTS):
        for name, path in paths.items():
            elapsed, status, cache_state = fetch(path)
            if status != 200:
                sys.exit(f"{path} answered {status}")
            times[name].append(elapsed)
            cache_states[name].add(cache_state)
    return times, cache_states


def summary(samples):
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
        "n": len(ordered),
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    prepare(environment(False))
    page = richest_innovation(environment(False))
    paths = {"healthz": "/healthz", "innovation": page, "innovation_en": "/en" + page}
    step(f"innovation page: {page}")
    results = {"page": page, "requests": REQUESTS, "runs": {}}
    for label, enabled in (("uncached", False), ("cached", True)):
        env = environment(enabled)
        manage(env, "purge_page_cache")
        with open(OUT / "page-timing-gunicorn.log", "a") as log:
            server = start_gunicorn(env, log, seconds=60)
        try:
            step(f"{label}: {REQUESTS} rounds of {', '.join(paths)}")
            times, states = measure(paths)
        finally:
            stop_gunicorn(server)
        if enabled and states["innovation"] != {"hit"}:
            sys.exit(f"the cached run was not served from the cache: {states}")
        results["runs"][label] = {name: summary(samples) for name, samples in times.items()}
    print()
    print(f"{'run':<10} {'path':<14} {'p50 ms':>8} {'p95 ms':>8} {'p50 / healthz':>14}")
    for label, run in results["runs"].items():
        base = run["healthz"]["p50_ms"]
        for name, figures in run.items():
            ratio = figures["p50_ms"] / base if base else 0
            print(f"{label:<10} {name:<14} {figures['p50_ms']:>8.2f} {figures['p95_ms']:>8.2f}"
                  f" {ratio:>14.2f}")  # fmt: skip
    cached = results["runs"]["cached"]["innovation"]["p50_ms"]
    verdict = "met" if cached <= TARGET_CACHED_MS else "NOT met"
    print(f"\ncached innovation page p50 {cached:.2f} ms (target <= {TARGET_CACHED_MS}): {verdict}")
    (OUT / "page_timing.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
