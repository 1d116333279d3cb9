"""Structured logs: one JSON object per line (or key=value text in development), each with
the request id (django-guid) of the request it belongs to, and never personal data.

Used by the settings (LOGGING) and by gunicorn's config (deploy/gunicorn.conf.py), so it
imports nothing from Django at module level: gunicorn's master reads it before Django starts.
"""

import logging
import re

from pythonjsonlogger.json import JsonFormatter

# Personal data that can reach a log line through a URL, an exception message or a database
# error (e.g. "Key (email)=(x@y) already exists"): e-mail addresses, Indonesian phone
# numbers, the secrets of password-reset links and query values named like a secret.
REDACTIONS = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"(?<![\w.])(?:\+62|62|0)8\d{7,11}\b"), "[phone]"),
    (re.compile(r"(/password_reset/confirm/|/reset/)[^/\s\"?]+/[^/\s\"?]+"), r"\1[redacted]"),
    (
        re.compile(
            r"\b(password|passwd|token|secret|key|email|phone|csrfmiddlewaretoken)=[^&\s\"]+", re.I
        ),
        r"\1=[redacted]",
    ),
]

# Attributes some loggers attach that would print far more than they should (Django's
# django.request attaches the request itself, whose repr carries the query string).
DROPPED_ATTRIBUTES = ("request", "server_time", "args")


def redact(text):
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RequestIdFilter(logging.Filter):
    """Sets record.request_id from django-guid's context ("-" outside a request)."""

    def filter(self, record):
        try:
            from django_guid.context import guid

            record.request_id = guid.get() or "-"
        except Exception:  # noqa: BLE001 - a log line must never fail for its id
            record.request_id = "-"
        return True


class RedactingJsonFormatter(JsonFormatter):
    """python-json-logger's formatter, minus bulky attributes, with personal data removed
    from the whole line (message and traceback alike)."""

    def process_log_record(self, log_data):
        for name in DROPPED_ATTRIBUTES:
            log_data.pop(name, None)
        return super().process_log_record(log_data)

    def format(self, record):
        return redact(super().format(record))


class RedactingTextFormatter(logging.Formatter):
    def format(self, record):
        return redact(super().format(record))


JSON_FIELDS = "%(levelname)s %(name)s %(request_id)s %(message)s"
TEXT_FORMAT = (
    "%(asctime)s level=%(levelname)s logger=%(name)s request_id=%(request_id)s %(message)s"
)


def logging_config(log_format="json", level="INFO"):
    """A dictConfig for Django: everything to stderr, one formatter, the request id on every
    line. django.request logs every 500 with its traceback at ERROR."""
    formatter = (
        {
            "()": RedactingJsonFormatter,
            "fmt": JSON_FIELDS,
            "timestamp": "time",  # ISO 8601, UTC
            "rename_fields": {"levelname": "level", "name": "logger"},
        }
        if log_format == "json"
        else {"()": RedactingTextFormatter, "format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"default": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's defaults mail admins and stay quiet when DEBUG is off; here every
            # server error is written, with its traceback, through the handler above.
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
            "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
            "django.db.backends": {"level": "WARNING"},
            # One line per request saying it made up an id: the id is on every line anyway.
            "django_guid": {"level": "WARNING"},
        },
    }
