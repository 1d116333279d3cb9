#!/usr/bin/env python3
"""`make loadtest`: the production stack under a bounded load, on this machine only.

Starts what production runs (gunicorn with deploy/gunicorn.conf.py and its default worker
count, production settings, PostgreSQL, Redis when reachable) on 127.0.0.1, loads the 10k
synthetic set (../shared/bench/synth.py, cached in var/bench/), and drives wrk with a mix of
searches with filters, innovation pages, the home page, feeds and the API:

  1. `mix`: LOADTEST_SECONDS (60) at LOADTEST_CONCURRENCY (16);
  2. `hostile`: the same mix at 16 while 4 more connections send the audit's long filter
     URL (13 facets x 100 values), LOADTEST_HOSTILE_SECONDS (30);
  3. `soak`: LOADTEST_SOAK_SECONDS (300) at 8, sampling the server's memory.

Prints throughput, p50/p95/p99, errors and memory, and writes var/loadtest/results.json.
Every request goes to 127.0.0.1; every phase is bounded in time.
"""

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.serving import start_gunicorn, stop_gunicorn  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "loadtest"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SYNTH = ROOT.parent / "shared" / "bench" / "synth.py"
PG_ADMIN_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/1")
SIZE = int(os.environ.get("LOADTEST_SIZE", "10000"))
# A second copy of the set (a helper's, beside the lead's) under another name.
DATABASE = os.environ.get("LOADTEST_DATABASE", f"jipp_loadtest_{SIZE}")
MIX_SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
CONCURRENCY = int(os.environ.get("LOADTEST_CONCURRENCY", "16"))
HOSTILE_SECONDS = int(os.environ.get("LOADTEST_HOSTILE_SECONDS", "30"))
SOAK_SECONDS = int(os.environ.get("LOADTEST_SOAK_SECONDS", "300"))
SOAK_CONCURRENCY = int(os.environ.get("LOADTEST_SOAK_CONCURRENCY", "8"))
# Another checkout to serve (its gunicorn, its code) on the same data: old code measured
# against new in the same conditions.
CODE = Path(os.environ.get("LOADTEST_CODE", ROOT))
TARGETS = {"requests_per_second": 150, "p95_ms": 250, "errors": 0}

WORDS = ["pelayanan", "sampah", "akta kelahiran", "stunting posyandu",
         "layanan kesehatan ibu hamil", "umkm", "", "desa", "perizinan", "pendidikan"]  # fmt: skip
FILTERS = [{}, {"province": "32"}, {"sector": "kesehatan", "level": "kabupaten"},
           {"year_from": "2019", "year_to": "2023"}]  # fmt: skip


def step(message):
    print(f"== {message}", flush=True)


def synthetic():
    path = ROOT / "var" / "bench" / f"synth-{SIZE}.jsonl"
    if not path.exists() or path.stat().st_size == 0:
        if not SYNTH.exists():
            sys.exit(f"{SYNTH} is missing: the synthetic set comes from ../shared/bench.")
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            subprocess.run([sys.executable, str(SYNTH), str(SIZE)], stdout=handle, check=True)
    return path


def environment(port):
    database_url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + DATABASE
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jipp_site.settings.production",
        "SECRET_KEY": "loadtest-k3J9s!aL0pQ2zX7vB4nM8cR5tY1wE6uI0oP3lK9jH2gF5dS8aZ",
        "JIPP_PUBLIC_URL": "https://jipp.example.go.id",
        "ALLOWED_HOSTS": "127.0.0.1,jipp.example.go.id",
        "DATABASE_URL": database_url,
        "EMAIL_HOST": "smtp.example.go.id",
        "DEFAULT_FROM_EMAIL": "noreply@jipp.example.go.id",
        "STATIC_ROOT": str(OUT / "static"),
        "MEDIA_ROOT": str(OUT / "media"),
        "SEARCH_EMBEDDER": os.environ.get("LOADTEST_EMBEDDER", ""),
        "JIPP_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "false",
        "LOG_LEVEL": "WARNING",
    }
    if _redis_reachable():
        env["REDIS_URL"] = REDIS_URL
    return env


def _redis_reachable():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001
        return False


def search_cache_entries(env):
    """How many searches the result cache holds (search.resultcache): each one a search
    computed (a miss), the rest of the searches were hits. None without Redis."""
    if "REDIS_URL" not in env:
        return None
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"], socket_connect_timeout=1)
    return sum(1 for _ in client.scan_iter(match="*search:result:*", count=1000))


def prepare(env):
    import psycopg

    marker = OUT / f"{DATABASE}.loaded"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if exists and marker.exists() and os.environ.get("LOADTEST_REUSE", "1") == "1":
            step(f"reusing {DATABASE} (LOADTEST_REUSE=0 loads it again)")
            manage(env, "migrate", "--no-input", "-v0")
            return None
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    marker.unlink(missing_ok=True)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "setup_site")
    records = synthetic()
    step(f"importing {SIZE} synthetic records")
    started = time.perf_counter()
    manage(env, "import_innovations", str(records))
    seconds = time.perf_counter() - started
    # The planner's statistics, as autovacuum would gather them in a while: measured right
    # after the import, queries were planned for a few hundred rows instead of 10k.
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("ANALYZE")
    marker.write_text("ok")
    return round(SIZE / seconds, 1)


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def paths(env):
    """The request mix, one path a line, weighted by how often each kind comes."""
    code = (
        "from innovations.models import InnovationPage\n"
        "for url in InnovationPage.objects.live().public().order_by('?')[:300]:\n"
        "    print('PATH', url.url)\n"
    )
    run = subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True)  # fmt: skip
    if run.returncode:
        sys.exit(f"Listing the innovation pages failed:\n{run.stderr}")
    pages = [line[5:] for line in run.stdout.splitlines() if line.startswith("PATH ")]
    rng = random.Random(7)
    searches = [urlencode({"q": w, **f}) for w in WORDS for f in FILTERS]
    mix = []
    for _ in range(10):
        mix += [f"/cari/?{rng.choice(searches)}" for _ in range(3)]
        mix += [f"/api/v1/search/?{rng.choice(searches)}" for _ in range(3)]
        mix += [rng.choice(pages) for _ in range(3)]
        mix += ["/", "/feeds/terbaru/", f"/feeds/cari/?{rng.choice(searches)}"]
    return mix


def hostile_path():
    facets = ["province", "regency", "sector", "level", "channel", "sdg", "year", "stage",
              "status", "award", "hub", "tag", "ministry"]  # fmt: skip
    return "/cari/?" + urlencode([(f, str(v)) for f in facets for v in range(100)])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_memory_mb(server):
    """Resident memory of gunicorn's master and workers."""
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True)
    pids = [server.pid] + [int(pid) for pid in children.stdout.split()]
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return round(total / 1024, 1)


def wrk(port, path_file, seconds, connections):
    env = {**os.environ, "LOADTEST_PATHS": str(path_file)}
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", str(ROOT / "bench" / "loadtest.lua"), f"http://127.0.0.1:{port}"]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)


def result(process):
    out, _ = process.communicate(timeout=3600)
    line = next(x for x in out.splitlines() if x.startswith("LOADTEST-JSON "))
    data = json.loads(line[len("LOADTEST-JSON ") :])
    data["requests_per_second"] = round(data["requests"] / data["seconds"], 1)
    data["error_count"] = sum(data["errors"].values())
    return data


def warm(port, mix):
    """Each path once, so that the first phase does not measure process start-up."""
    import http.client

    for path in sorted(set(mix)):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
        conn.getresponse().read()
        conn.close()


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `make loadtest` installs it (apt-get install wrk).")
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = environment(port)
    import_rate = prepare(env)
    manage(env, "collectstatic", "--no-input", "-v0")
    mix = paths(env)
    mix_file = OUT / "paths.txt"
    mix_file.write_text("\n".join(mix) + "\n")
    hostile_file = OUT / "hostile.txt"
    hostile_file.write_text(hostile_path() + "\n")

    with open(OUT / "gunicorn.log", "w") as log:
        server = start_gunicorn(env, log, seconds=180, code=CODE)
        try:
            step(f"warming up ({len(set(mix))} paths)")
            warm(port, mix)
            results = {"code": str(CODE), "size": SIZE, "redis": "REDIS_URL" in env,
                       "import_per_second": import_rate,
                       "workers": os.cpu_count() * 2 + 1,
                       "embedder": env["SEARCH_EMBEDDER"] or "off"}  # fmt: skip
            results["memory_start_mb"] = server_memory_mb(server)
            step(f"mix: {MIX_SECONDS} s at concurrency {CONCURRENCY}")
            entries_before = search_cache_entries(env)
            results["mix"] = result(wrk(port, mix_file, MIX_SECONDS, CONCURRENCY))
            if entries_before is not None:
                searches = sum(1 for p in mix if "?" in p)  # every search has a query string
                computed = search_cache_entries(env) - entries_before
                requests = results["mix"]["requests"] * searches / len(mix)
                results["mix_search_cache"] = {
                    "distinct_searches": len({p for p in mix if "?" in p}),
                    "searches_computed": computed,
                    "hit_ratio": round(1 - computed / max(requests, 1), 3),
                }
            if HOSTILE_SECONDS:
                step(f"hostile: {HOSTILE_SECONDS} s, the mix at {CONCURRENCY} beside 4 long URLs")
                main_run = wrk(port, mix_file, HOSTILE_SECONDS, CONCURRENCY)
                hostile = wrk(port, hostile_file, HOSTILE_SECONDS, 4)
                results["hostile_mix"] = result(main_run)
                results["hostile_urls"] = result(hostile)
            if SOAK_SECONDS:
                step(f"soak: {SOAK_SECONDS} s at concurrency {SOAK_CONCURRENCY}")
                soak = wrk(port, mix_file, SOAK_SECONDS, SOAK_CONCURRENCY)
                samples = []
                while soak.poll() is None:
                    samples.append(server_memory_mb(server))
                    time.sleep(max(1, SOAK_SECONDS // 20))
                results["soak"] = result(soak)
                results["soak_memory_mb"] = samples
            results["memory_end_mb"] = server_memory_mb(server)
        finally:
            stop_gunicorn(server)
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    report(results)


def report(results):
    print()
    redis = "on" if results["redis"] else "off"
    print(f"Load test: {results['size']} records, PostgreSQL, gunicorn x{results['workers']}, "
          f"Redis {redis}, embedder {results['embedder']}")  # fmt: skip
    print(f"{'phase':<14}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    # wrk counts any 4xx/5xx as an error; the long URLs are meant to be refused (400/414).
    for name in ("mix", "hostile_mix", "hostile_urls", "soak"):
        if name in results:
            r = results[name]
            print(f"{name:<14}{r['requests_per_second']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}"
                  f"{r['p99_ms']:>9}{r['error_count']:>8}")  # fmt: skip
    print(
        f"memory (MB, all gunicorn processes): start {results['memory_start_mb']}, "
        f"end {results['memory_end_mb']}"
        + (f", soak samples {results['soak_memory_mb']}" if "soak_memory_mb" in results else "")
    )
    mix = results["mix"]
    met = (mix["requests_per_second"] >= TARGETS["requests_per_second"]
           and mix["p95_ms"] <= TARGETS["p95_ms"] and mix["error_count"] == 0)  # fmt: skip
    print(f"targets (>= 150 req/s, p95 <= 250 ms, 0 errors at 16): {'met' if met else 'NOT met'}")
    if "mix_search_cache" in results:
        c = results["mix_search_cache"]
        print(f"search result cache in the mix: hit ratio ~{c['hit_ratio']:.1%} "
              f"({c['searches_computed']} searches computed; the mix has "
              f"{c['distinct_searches']} distinct ones, each computed by the warm-up)")  # fmt: skip
    if "hostile_mix" in results:
        ratio = results["hostile_mix"]["p95_ms"] / max(mix["p95_ms"], 0.1)
        print(f"hostile URLs beside the mix: p95 x{ratio:.2f} (target <= 2)")
    print(f"results: {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
