"""Structured logs: a server error leaves one JSON line with its traceback and request id,
and no personal data."""

import io
import json
import logging.config

import pytest
from django.conf import settings
from django.test import Client, override_settings

from jipp_site.logs import logging_config


@pytest.fixture
def json_log():
    """The production logging configuration, writing into a buffer."""
    logging.config.dictConfig(logging_config("json"))
    buffer = io.StringIO()
    for handler in logging.getLogger("django.request").handlers:
        handler.setStream(buffer)
    yield buffer
    logging.config.dictConfig(settings.LOGGING)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.production.boom_urls")
def test_a_500_is_logged_with_its_traceback_request_id_and_no_personal_data(json_log):
    request_id = "5f0c2e8a7b6d4c3e9a1b2c3d4e5f6a7b"
    response = Client(raise_request_exception=False).get(
        "/boom/?email=budi@example.go.id&q=desa", HTTP_X_REQUEST_ID=request_id
    )
    assert response.status_code == 500
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    errors = [line for line in lines if line["level"] == "ERROR"]
    assert len(errors) == 1
    error = errors[0]
    assert error["logger"] == "django.request"
    assert error["request_id"] == request_id
    assert "Internal Server Error: /boom/" in error["message"]
    assert "RuntimeError" in error["exc_info"] and "def boom" not in error["exc_info"]
    assert "Traceback (most recent call last)" in error["exc_info"]
    assert error["time"].endswith("+00:00")
    text = json_log.getvalue()
    assert "budi" not in text and "081234567890" not in text
    assert "[email]" in text and "[phone]" in text
