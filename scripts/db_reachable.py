"""Exit 0 when the PostgreSQL URL given as argument accepts a connection, 1 otherwise."""

import sys

try:
    import psycopg
except ImportError:
    sys.exit(1)

try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except psycopg.Error as exc:
    print(f"PostgreSQL unreachable: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
