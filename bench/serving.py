"""The production WSGI server (gunicorn with deploy/gunicorn.conf.py) started and stopped for
the benchmarks that measure the serving stack (bench/loadtest.py, bench/page_timing.py)."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def start_gunicorn(env, log, seconds, code=ROOT):
    """gunicorn bound to env["JIPP_BIND"], once it accepts connections; exits the benchmark
    with the log's path when it does not within `seconds`. `code`: the checkout it serves
    (another one measures older code on the same data, bench/path_cost.py)."""
    server = subprocess.Popen([GUNICORN, "-c", "deploy/gunicorn.conf.py", "jipp_site.wsgi"],
                              cwd=code, env=env, stdout=log, stderr=log,
                              start_new_session=True)  # fmt: skip
    host, port = env["JIPP_BIND"].split(":")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, int(port)), timeout=1):
                return server
        except OSError:
            time.sleep(0.5)
    stop_gunicorn(server)
    sys.exit(f"gunicorn did not start in {seconds} s; see {log.name}")


def stop_gunicorn(server):
    """Stop the master and its workers (their own process group)."""
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)
