"""Local development: debug on, a throwaway key, every host allowed."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-8c1f0b7e"
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Readable key=value lines on the console (LOG_FORMAT=json gives production's).
LOGGING = logging_config(os.environ.get("LOG_FORMAT", "text"), "INFO")  # noqa: F405
