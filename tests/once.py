"""For tests that make their own databases (SQLite and PostgreSQL) and start their own
processes: `make test` runs the suite twice, once per database, and they need only one."""

import os

import pytest


def once_per_suite_run():
    """Skip in the PostgreSQL half of the suite (DATABASE_URL=postgres://...)."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("makes its own databases: runs once, in the SQLite half of the suite")
