#!/usr/bin/env bash
# The relevance gate: load the demo data into a fresh database, serve it, and score each
# judged query set of ../shared/data with ../shared/bench/relevance.py.
# Usage: scripts/relevance.sh sqlite|postgres
# MIN_NDCG (default 0.92) fails the run below it; QUERY_SETS overrides the sets scored;
# HELDOUT_SETS the sets scored without a threshold (empty: none);
# RELEVANCE_DB names the PostgreSQL database it recreates (default jipp_relevance), so two
# runs on one server need not share one.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${SHARED_DIR:-../shared}"
if [ ! -f "$shared/bench/relevance.py" ]; then
  echo "SKIPPED: relevance needs $shared/bench/relevance.py and the judged queries in" \
    "$shared/data/ (the shared folder beside the project); it is not there." >&2
  exit 2
fi
query_sets="${QUERY_SETS:-$shared/data/queries-dev.jsonl $shared/data/queries-dev-2.jsonl}"
# Scored beside them, without a threshold: a set written from the records as a held-out
# check of changes (bench/queries-heldout.md).
heldout_sets="${HELDOUT_SETS-bench/queries-heldout.jsonl}"
min_ndcg="${MIN_NDCG:-0.92}"
backend="${1:-sqlite}"
port="${PORT:-8765}"
mkdir -p var
case "$backend" in
  sqlite)
    rm -f var/relevance.sqlite3
    export DATABASE_URL="sqlite:///$PWD/var/relevance.sqlite3" ;;
  postgres)
    pg="${PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
    db="${RELEVANCE_DB:-jipp_relevance}"
    .venv/bin/python - "$pg" "$db" <<'PY'
import sys, psycopg
from psycopg import sql
with psycopg.connect(sys.argv[1], autocommit=True) as c:
    c.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(sys.argv[2])))
    c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(sys.argv[2])))
PY
    export DATABASE_URL="${pg%/*}/$db" ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac
export SEARCH_BACKEND=""
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py load_demo_data >/dev/null
# The semantic leg's vectors, in case the task queue is not run inline (a worker's job).
.venv/bin/python manage.py embed_documents >/dev/null
.venv/bin/python manage.py runserver "127.0.0.1:$port" --noreload >var/relevance-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/api/v1/search/?q=x" && break
  sleep 0.5
done
status=0
for queries in $query_sets; do
  echo "== relevance on $backend: $(basename "$queries") =="
  python3 "$shared/bench/relevance.py" "$queries" --base "http://127.0.0.1:$port" \
    --min-ndcg "$min_ndcg" ${VERBOSE:+--verbose} || status=1
done
for queries in $heldout_sets; do
  echo "== relevance on $backend: $(basename "$queries") (held out, no threshold) =="
  python3 "$shared/bench/relevance.py" "$queries" --base "http://127.0.0.1:$port" \
    ${VERBOSE:+--verbose} || status=1
done
exit $status
