#!/usr/bin/env python3
"""`make path-cost`: the CPU one request of each kind in the load test's mix costs the
server, measured as CPU time rather than wall time, so that a busy machine does not change it.

The same stack, data and mix as `make loadtest` (bench/loadtest.py: production settings,
PostgreSQL, Redis when reachable, the 10k set in LOADTEST_DATABASE), but gunicorn with one
worker and one request at a time. After a warm-up (each distinct path of the mix twice, so
that the caches hold what the load test's warm-up leaves in them), PATH_COST_REQUESTS (150)
requests of one kind are sent, and the CPU (user + system, from /proc) that the gunicorn
worker and the database's backends used meanwhile is divided by their number. Redis's CPU
is shown on its own: one server is shared by everything on the machine.

PATH_COST_CODE names other checkouts to measure on the same data (comma-separated paths,
e.g. a worktree of the previous commit), PATH_COST_ROUNDS (2) rounds interleave them so
that the machine's state falls on all alike; the figure kept is each one's median.

Kinds: the load test's six (search page, API, innovation page, home page, the newest feed,
a search feed), and the search page with a browser's User-Agent: wrk sends none, so the
load test's searches count as automated and insights records none of them
(insights.privacy.is_automated), where a person's search is recorded.
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
from bench import loadtest  # noqa: E402
from bench.serving import start_gunicorn, stop_gunicorn  # noqa: E402

ROOT = loadtest.ROOT
OUT = loadtest.OUT
REQUESTS = int(os.environ.get("PATH_COST_REQUESTS", "150"))
ROUNDS = int(os.environ.get("PATH_COST_ROUNDS", "2"))
CODES = [ROOT] + [Path(p) for p in os.environ.get("PATH_COST_CODE", "").split(",") if p]
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"  # noqa: E501
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def kinds(mix):
    """{kind: [(path, user agent)]} from the load test's mix."""
    found = {}

    def add(kind, path, agent=None):
        found.setdefault(kind, [])
        if (path, agent) not in found[kind]:
            found[kind].append((path, agent))

    for path in mix:
        if path.startswith("/cari/"):
            add("search page", path)
            add("search page, browser UA", path, BROWSER)
        elif path.startswith("/api/"):
            add("search API", path)
        elif path.startswith("/feeds/cari/"):
            add("search feed", path)
        elif path.startswith("/feeds/terbaru/"):
            add("newest feed", path)
        elif path == "/":
            add("home page", path)
        else:
            add("innovation page", path)
    return found


def fetch(port, path, agent):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
    if agent:
        headers["User-Agent"] = agent
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        sys.exit(f"{path} answered {response.status}")


def cpu_ms(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total * TICK_MS


def worker_pids(server):
    run = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True)
    return [int(pid) for pid in run.stdout.split()]


def backend_pids():
    import psycopg

    with psycopg.connect(loadtest.PG_ADMIN_URL, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [loadtest.DATABASE],
        ).fetchall()
    return [row[0] for row in rows]


def redis_pids():
    run = subprocess.run(["pgrep", "-x", "redis-server"], capture_output=True, text=True)
    return [int(pid) for pid in run.stdout.split()]


def measure(code, env, port, groups):
    with open(OUT / "path-cost-gunicorn.log", "a") as log:
        server = start_gunicorn(env, log, seconds=180, code=code)
    try:
        for _ in range(2):
            for group in groups.values():
                for path, agent in group:
                    fetch(port, path, agent)
        workers = worker_pids(server)
        figures = {}
        for kind, group in groups.items():
            backends = backend_pids()
            before = (cpu_ms(workers), cpu_ms(backends), cpu_ms(redis_pids()))
            started = time.perf_counter()
            for number in range(REQUESTS):
                fetch(port, *group[number % len(group)])
            wall = (time.perf_counter() - started) * 1000 / REQUESTS
            after = (cpu_ms(workers), cpu_ms(backend_pids()), cpu_ms(redis_pids()))
            if worker_pids(server) != workers:
                sys.exit("a gunicorn worker was replaced mid-measurement")
            python, postgres, redis = (
                (b - a) / REQUESTS for a, b in zip(before, after, strict=True)
            )
            figures[kind] = {"python": python, "postgres": postgres, "redis": redis,
                             "wall": wall}  # fmt: skip
        return figures
    finally:
        stop_gunicorn(server)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    port = int(os.environ.get("PATH_COST_PORT", loadtest.free_port()))
    env = loadtest.environment(port)
    env.update({"WEB_CONCURRENCY": "1", "GUNICORN_MAX_REQUESTS": "1000000",
                # One connection for the whole run, so that its backend is measured whole.
                "DATABASE_CONN_MAX_AGE": "3600"})  # fmt: skip
    loadtest.prepare(env)
    loadtest.manage(env, "collectstatic", "--no-input", "-v0")
    mix = loadtest.paths(env)
    groups = kinds(mix)
    runs = {str(code): [] for code in CODES}
    for number in range(ROUNDS):
        for code in CODES:
            loadtest.step(f"round {number + 1}/{ROUNDS}: {code}, {REQUESTS} requests per kind")
            # Each checkout its own cache entries (CACHE_KEY_PREFIX), each warmed alike.
            code_env = {**env, "CACHE_KEY_PREFIX": f"path-cost-{CODES.index(code)}"}
            runs[str(code)].append(measure(code, code_env, port, groups))
    results = {}
    for code, rounds in runs.items():
        results[code] = {
            kind: {
                part: round(statistics.median(r[kind][part] for r in rounds), 2)
                for part in ("python", "postgres", "redis", "wall")
            }  # fmt: skip
            for kind in groups
        }
    (OUT / "path_cost.json").write_text(json.dumps({"requests": REQUESTS, "rounds": ROUNDS,
                                                    "results": results}, indent=2))  # fmt: skip
    report(results, mix)


def report(results, mix):
    """Per kind, and the mix's average weighted as the load test sends them."""
    groups = kinds(mix)
    weights = dict.fromkeys(groups, 0)
    for path in mix:
        for kind, group in groups.items():
            if kind != "search page, browser UA" and any(p == path for p, _ in group):
                weights[kind] += 1
    for code, figures in results.items():
        print(f"\n{code} (CPU ms per request: gunicorn worker + PostgreSQL backend; Redis apart)")
        print(f"{'kind':<26}{'python':>8}{'postgres':>10}{'total':>8}{'redis':>8}{'wall':>8}")
        for kind, f in figures.items():
            total = f["python"] + f["postgres"]
            print(f"{kind:<26}{f['python']:>8.1f}{f['postgres']:>10.1f}{total:>8.1f}"
                  f"{f['redis']:>8.1f}{f['wall']:>8.1f}")  # fmt: skip
        mean = sum(weights[k] * (figures[k]["python"] + figures[k]["postgres"])
                   for k in weights) / sum(weights.values())  # fmt: skip
        print(f"{'mix (weighted)':<26}{'':>18}{mean:>8.1f}   -> at most ~{2000 / mean:.0f} "
              f"requests/s on 2 cores")  # fmt: skip


if __name__ == "__main__":
    main()
