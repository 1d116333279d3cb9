"""The connection to the cluster: settings, client options, and what a failure means.

Failure policy, in short:

* A connection error, a timeout, a 5xx, 429 or a missing index (404) makes the cluster
  unusable for ELASTICSEARCH_RETRY_AFTER seconds ("tripped"): searches go straight to the
  database engine and deliveries wait. Other 4xx answers are this request's fault: logged,
  not tripped.
* No immediate retries. A 429 or 5xx is an overloaded or failing cluster answering: asking
  again at once multiplies its load, so the client never retries on a status
  (`retry_on_status=()`) nor on a timeout; the back-off above is the only retry. A request
  no node answered (connection refused or reset) goes to the next node, at most once per
  other node, since that node has no load to spare us from: searches and versioned bulk
  writes are idempotent, and index administration is safe to repeat because the rebuild
  asks where the alias points before it deletes anything (rebuilder.py).
* Searches and deliveries after a commit wait ELASTICSEARCH_TIMEOUT at most; bulk loads
  ELASTICSEARCH_BULK_TIMEOUT; index administration ELASTICSEARCH_ADMIN_TIMEOUT, since a
  cluster may take longer to create an index or swap an alias than to answer a search.
* A configuration the client cannot use (a node URL without scheme or with a bad port)
  is reported once per back-off period in the log and raises EngineUnavailable: the public
  search answers from the database instead of failing.
"""

import logging
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from ..base import EngineUnavailable

logger = logging.getLogger("search.backends.elasticsearch")

DEFAULT_PORT = 9200
TRIPPING_STATUSES = (404, 408, 429)  # besides 5xx: a missing index, a timeout, overload


class ConfigurationError(EngineUnavailable):
    """The Elasticsearch settings cannot be used as they are."""


class QueryRefused(EngineUnavailable):
    """The cluster refused this query's kind (expensive queries switched off), not the
    cluster failing: the caller may ask again without it."""


def redact(url):
    """A node URL without its password, for logs and `search_status`."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]  # as written: the port may be what is wrong
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def describe(exc):
    """One line for the log and `search_status`: the status and reason of an answer, or
    the cause of a request no node answered (refused, TLS, timeout)."""
    status = getattr(getattr(exc, "meta", None), "status", None)
    if status:
        return f"{exc.__class__.__name__} {status}: {exc}"[:500]
    text = str(exc) or exc.__class__.__name__
    cause = str(getattr(exc, "message", "") or "")
    return (f"{text} ({cause})" if cause and cause not in text else text)[:500]


def node_url(raw):
    """One node of ELASTICSEARCH_URL, checked and completed: `http://host` gets port 9200
    (the client itself refuses a URL without a port)."""
    shown = f"ELASTICSEARCH_URL: {redact(raw)!r}"
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(f"{shown} must start with http:// or https://")
    if parts.query or parts.fragment:
        raise ConfigurationError(f"{shown} must not have a query string or fragment")
    try:
        port = parts.port
    except ValueError:
        raise ConfigurationError(f"{shown} has a port that is not a number") from None
    if not parts.hostname:
        raise ConfigurationError(f"{shown} names no host")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials + '@' if credentials else ''}{host}:{port or DEFAULT_PORT}"
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def configured_urls():
    """The raw, comma-separated ELASTICSEARCH_URL entries."""
    return [h.strip() for h in settings.ELASTICSEARCH_URL.split(",") if h.strip()]


def client_options():
    """Keyword arguments of elasticsearch.Elasticsearch for the current settings; raises
    ConfigurationError when they cannot be used."""
    raw = configured_urls()
    if not raw:
        raise ConfigurationError("ELASTICSEARCH_URL is not set")
    hosts = [node_url(h) for h in raw]
    options = {
        "hosts": hosts,
        "request_timeout": settings.ELASTICSEARCH_TIMEOUT,
        "retry_on_timeout": False,  # a slow cluster is not asked twice: fall back
        "retry_on_status": (),  # an overloaded cluster is not asked again at once
        "max_retries": len(hosts) - 1,  # a node that could not be reached: the next one
    }
    if settings.ELASTICSEARCH_API_KEY:
        options["api_key"] = settings.ELASTICSEARCH_API_KEY
    elif settings.ELASTICSEARCH_USERNAME:
        options["basic_auth"] = (settings.ELASTICSEARCH_USERNAME, settings.ELASTICSEARCH_PASSWORD)
    if any(h.startswith("https:") for h in hosts):
        options["verify_certs"] = settings.ELASTICSEARCH_VERIFY_CERTS
        if settings.ELASTICSEARCH_CA_CERTS:
            options["ca_certs"] = settings.ELASTICSEARCH_CA_CERTS
    return options


def refuses_expensive_queries(error):
    """Whether an error body says the cluster runs with search.allow_expensive_queries
    false (fuzzy, prefix, regexp and wildcard queries refused)."""
    return "allow_expensive_queries" in str(error)


class Connection:
    """One client per settings, shared by the threads of a process, and the back-off."""

    def __init__(self):
        self._client = None
        self._client_key = None
        self._lock = threading.Lock()
        self._reads_down_until = 0.0
        self._writes_down_until = 0.0
        self.last_error = ""
        self.on_new_client = None  # called when the settings changed and a client was made

    @property
    def client(self):
        from elasticsearch import Elasticsearch

        try:
            options = client_options()
        except ConfigurationError as exc:
            self._misconfigured(exc)
        key = repr(sorted(options.items()))
        with self._lock:
            if self._client is None or self._client_key != key:
                if self._client is not None:
                    self._client.close()
                try:
                    self._client = Elasticsearch(**options)
                except (ValueError, TypeError) as exc:
                    self._client = None
                    self._misconfigured(
                        ConfigurationError(f"the Elasticsearch client refused the settings: {exc}")
                    )
                self._client_key = key
                self.reset()
                if self.on_new_client:
                    self.on_new_client()
            return self._client

    def admin(self):
        """The client for index administration, with its longer timeout."""
        return self.client.options(request_timeout=settings.ELASTICSEARCH_ADMIN_TIMEOUT)

    def _misconfigured(self, error):
        if self.reads_available():
            logger.error("%s; searches answer from the database engine meanwhile", error)
            self.trip(str(error), log=False)
        raise error

    # --- back-off -----------------------------------------------------------------------

    def reset(self):
        """Forget past failures: the next call tries the cluster again."""
        self._reads_down_until = self._writes_down_until = 0.0

    def trip(self, message, reads=True, writes=True, log=True):
        until = time.monotonic() + settings.ELASTICSEARCH_RETRY_AFTER
        if writes:
            self._writes_down_until = until
        if reads:
            self._reads_down_until = until
        self.last_error = message
        if log:
            logger.warning("Elasticsearch unavailable: %s", message)

    def reads_available(self):
        return time.monotonic() >= self._reads_down_until

    def writes_available(self):
        return time.monotonic() >= self._writes_down_until

    def check_reads(self):
        if not self.reads_available():
            raise EngineUnavailable(f"the cluster failed moments ago ({self.last_error})")

    def call(self, function):
        """Run one request; turn what makes the cluster unusable into EngineUnavailable."""
        from elasticsearch import ApiError, TransportError

        try:
            return function()
        except TransportError as exc:  # refused, reset, TLS, timeout
            self.trip(describe(exc))
            raise EngineUnavailable(describe(exc)) from exc
        except ApiError as exc:
            if refuses_expensive_queries(exc.body):
                raise QueryRefused(describe(exc)) from exc
            status = exc.meta.status
            if status >= 500 or status in TRIPPING_STATUSES:
                self.trip(describe(exc))
            else:
                logger.error("Elasticsearch refused a request: %s", describe(exc))
            raise EngineUnavailable(describe(exc)) from exc
