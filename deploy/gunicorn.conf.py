"""gunicorn's configuration: `gunicorn -c deploy/gunicorn.conf.py jipp_site.wsgi`.

Every value can be changed from the environment (GUNICORN_CMD_ARGS, or the variables read
below), so the systemd unit and `make loadtest` share this file.
"""

import multiprocessing
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jipp_site.logs import logging_config  # noqa: E402

bind = os.environ.get("JIPP_BIND", "127.0.0.1:8000")
# gunicorn's documented starting point: (2 x cores) + 1 synchronous workers. Each holds the
# search engine's per-process caches (and the embedding model when the semantic leg is on).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer is killed (and logged) instead of holding a worker for ever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Workers are replaced after this many requests: whatever a long-lived process accumulates
# is given back. A replacement is not free: the new worker imports Django, Wagtail and the
# site before it serves (3.5 s of CPU on a busy 2-core machine), as much CPU as about a
# thousand requests served from the caches. With 2,000 (jitter 200) the load test at 130+
# requests/s replaced all five workers within seconds of each other (8 timeouts in its
# soak); with 300 it served 53 requests/s against 161 without replacements (concurrency 8,
# same machine, same minute). Resident memory did not grow between replacements, so they
# come rarely, and spread out (10,000 to 15,000 requests each), each worker booting while
# the others serve.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 2
# Heartbeat files on a memory filesystem (a slow disk makes workers look dead).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The limits of one request line and its headers (a 414 beyond them, before Django runs).
limit_request_line = 8190
limit_request_fields = 100
# Only the proxy in front may say a request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "jipp-web"

# Logs as the application writes them (jipp_site/logs.py): JSON lines on stderr, with the
# request id Django set (X-Request-ID), the path without its query string, and no personal data.
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "true").lower() != "false" else None
access_log_format = (
    "method=%(m)s path=%(U)s status=%(s)s bytes=%(B)s duration_ms=%(M)s "
    "request_id=%({x-request-id}o)s"
)
_log = logging_config(os.environ.get("LOG_FORMAT", "json"), os.environ.get("LOG_LEVEL", "INFO"))
_log["loggers"].update(
    {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    }
)
logconfig_dict = _log
