#!/usr/bin/env python3
"""The search benchmark: load N synthetic case studies, then time search, on each backend.

Usage: bench/run.py [--sizes 10000 100000] [--backends sqlite postgres] [--queries 120]

For each backend and size it makes a fresh database, generates the records with
../shared/bench/synth.py (cached in var/bench/), times `import_innovations` (records per
second), embeds a sample for real and fills the other vectors from it (`bench_vectors`:
the embedding throughput), times Wagtail's page-by-page creation on 200 of the same records,
and runs `benchmark_search` (the 120-query mix and issue 17's second mix, cold). Results go
to var/bench/results.json and var/bench/report.md.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SYNTH = ROOT.parent / "shared" / "bench" / "synth.py"
PG_ADMIN_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/test")
TARGETS_MS = {("sqlite", 10000): 50, ("sqlite", 100000): 150, ("postgres", 10000): 50}
IMPORT_TARGET = 200


def manage(env, *args, capture=False):
    command = [PYTHON, "manage.py", *args]
    if capture:
        return subprocess.run(
            command, env=env, cwd=ROOT, check=True, capture_output=True, text=True
        )
    return subprocess.run(command, env=env, cwd=ROOT, check=True)


def manage_measured(env, *args):
    """Run a management command; (its peak resident memory in MB, its CPU seconds).
    os.wait4 reads that child's own figures, not the maximum over every child this
    process has had. The CPU time says what the command cost when the machine is shared
    and its wall-clock time mostly says how busy the others were."""
    process = subprocess.Popen([PYTHON, "manage.py", *args], env=env, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, process.args)
    return round(usage.ru_maxrss / 1024, 1), round(usage.ru_utime + usage.ru_stime, 1)


def synthetic(size):
    path = OUT / f"synth-{size}.jsonl"
    if not path.exists():
        with open(path, "w", encoding="utf-8") as handle:
            subprocess.run([sys.executable, str(SYNTH), str(size)], stdout=handle, check=True)
    return path


def fresh_database(backend, size):
    if backend == "sqlite":
        path = OUT / f"bench-{size}.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    # BENCH_DB_SUFFIX keeps two checkouts benchmarking at once apart.
    name = f"jipp_bench_{size}{os.environ.get('BENCH_DB_SUFFIX', '')}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def run_one(backend, size, queries, real_vectors):
    env = {**os.environ, "DATABASE_URL": fresh_database(backend, size),
           "DJANGO_SETTINGS_MODULE": "jipp_site.settings.dev", "SEARCH_BACKEND": ""}  # fmt: skip
    records = synthetic(size)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "setup_site")
    started = time.perf_counter()
    import_peak, import_cpu = manage_measured(env, "import_innovations", str(records))
    elapsed = time.perf_counter() - started
    embedding = OUT / f"embedding-{backend}-{size}.json"
    manage(env, "bench_vectors", "--real", str(real_vectors), "--output", str(embedding))
    stock_sample = OUT / "stock-sample.jsonl"
    with open(records, encoding="utf-8") as source, open(stock_sample, "w") as target:
        for _, line in zip(range(200), source, strict=False):
            target.write(line)
    output = OUT / f"result-{backend}-{size}.json"
    manage(env, "benchmark_search", "--queries", str(queries), "--output", str(output),
           "--stock-import", str(stock_sample))  # fmt: skip
    result = json.loads(output.read_text())
    result.update(size=size, import_seconds=round(elapsed, 1),
                  import_per_second=round(size / elapsed, 1),
                  import_peak_rss_mb=import_peak, import_cpu_seconds=import_cpu)  # fmt: skip
    result["embedding"] = json.loads(embedding.read_text())
    return result


def report(results):
    lines = [
        "| backend | N | import rec/s (target ≥200) | stock page-by-page rec/s | import ÷ stock | "
        "API p50 ms | "
        "API p95 ms (target) | engine top-10 p50/p95 ms | stock Wagtail p50/p95 ms (samples) | "
        "p95 ratio stock/API | insights recording: API p50 on/off ms (ratio) | peak RSS MB "
        "(search / import) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        target = TARGETS_MS.get((r["backend"], r["size"]))
        api, engine, stock = r["api"], r["engine_top10"], r["stock_wagtail"]
        stock_rate = r.get("stock_import_per_second")
        # The machine-independent reading of the import target: the 200 records a
        # second against stock Wagtail's 46 is 4.3 times stock page creation.
        speedup = f"{r['import_per_second'] / stock_rate:.0f}×" if stock_rate else "-"
        lines.append(
            f"| {r['backend']} | {r['size']:,} | {r['import_per_second']:,.0f} | "
            f"{stock_rate or '-'} | {speedup} | {api['p50']:.1f} | "
            f"{api['p95']:.1f} ({'≤' + str(target) if target else '-'}) | "
            f"{engine['p50']:.1f} / {engine['p95']:.1f} | "
            f"{stock['p50']:.0f} / {stock['p95']:.0f} ({stock['n']}) | "
            f"{stock['p95'] / api['p95']:.0f}× | {_recording(r)} | {r['peak_rss_mb']} / "
            f"{r.get('import_peak_rss_mb', '-')} |"
        )
    lines += ["", semantic_report(results), "", second_mix_report(results)]
    return "\n".join(lines)


def semantic_report(results):
    lines = [
        "| backend | N | vectors | embedded for real | embedding docs/s | time to embed all |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        e = r.get("embedding") or {}
        minutes = e.get("estimated_minutes_for_all")
        lines.append(
            f"| {r['backend']} | {r['size']:,} | {r.get('vectors', 0):,} | "
            f"{e.get('embedded_for_real', 0)} | {e.get('documents_per_second', '-')} | "
            f"{'-' if minutes is None else f'{minutes} min'} |"
        )
    return "\n".join(lines)


def second_mix_report(results):
    """Issue 17's second mix: medians and p95 per database, stock Wagtail as the baseline."""
    lines = [
        "| backend | N | mix 2 API p50 / p95 ms (target p95 ≤50) | stock Wagtail p50 / p95 ms "
        "| p95 stock / API |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        api, stock = r["api_mix2"], r["stock_mix2"]
        lines.append(
            f"| {r['backend']} | {r['size']:,} | {api['p50']:.1f} / {api['p95']:.1f} | "
            f"{stock['p50']:.0f} / {stock['p95']:.0f} | {stock['p95'] / api['p95']:.0f}× |"
        )
    lines += ["", "Median per query (ms), mix 2:", ""]
    keys = list(results[0]["api_mix2"]["by_query"]) if results else []
    lines.append("| query | " + " | ".join(f"{r['backend']} {r['size']:,}" for r in results) + " |")
    lines.append("|---|" + "---|" * len(results))
    for key in keys:
        cells = " | ".join(str(r["api_mix2"]["by_query"].get(key, "-")) for r in results)
        lines.append(f"| {key} | {cells} |")
    return "\n".join(lines)


def _recording(result):
    recording = result.get("recording")
    if not recording:
        return "-"
    response, closed = recording["response"], recording["closed"]
    return (
        f"{response['on']['p50']:.1f} / {response['off']['p50']:.1f} "
        f"({response['p50_ratio']:.2f}×; with the write {closed['p50_ratio']:.2f}×)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--queries", type=int, default=120)
    parser.add_argument(
        "--real-vectors",
        type=int,
        default=64,
        help="Documents embedded for real (timed); the others' vectors are filled from them.",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for backend in args.backends:
        for size in args.sizes:
            if backend == "postgres" and size > 10000 and "--sizes" not in sys.argv:
                continue  # the PostgreSQL target is set at 10k
            print(f"== {backend}, {size:,} records ==", flush=True)
            results.append(run_one(backend, size, args.queries, args.real_vectors))
            (OUT / "results.json").write_text(json.dumps(results, indent=2))
    table = report(results)
    (OUT / "report.md").write_text(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
