#!/usr/bin/env bash
# The relevance gate: load the demo data into a fresh database, serve it, and score the
# judged queries with ../shared/bench/relevance.py. Fails below nDCG@10 0.85.
# Usage: scripts/relevance.sh sqlite|postgres
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"
port="${PORT:-8765}"
mkdir -p var
case "$backend" in
  sqlite)
    rm -f var/relevance.sqlite3
    export DATABASE_URL="sqlite:///$PWD/var/relevance.sqlite3" ;;
  postgres)
    pg="${PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
    .venv/bin/python - "$pg" <<'PY'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as c:
    c.execute("DROP DATABASE IF EXISTS jipp_relevance")
    c.execute("CREATE DATABASE jipp_relevance")
PY
    export DATABASE_URL="${pg%/*}/jipp_relevance" ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac
export SEARCH_BACKEND=""
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py load_demo_data >/dev/null
.venv/bin/python manage.py runserver "127.0.0.1:$port" --noreload >var/relevance-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/api/v1/search/?q=x" && break
  sleep 0.5
done
echo "== relevance on $backend =="
python3 ../shared/bench/relevance.py data/demo/queries-dev.jsonl --base "http://127.0.0.1:$port" --min-ndcg 0.85
