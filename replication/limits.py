"""Limits of the replication request form, stated to the person filling it in."""

MAX_NAME = 150
MAX_POSITION = 150
MAX_INSTITUTION = 200
MAX_PHONE = 40
MAX_MESSAGE = 2000
MIN_MESSAGE = 20
MAX_NOTE = 1000
# Requests one address may send per window (a cache counter; see replication.ratelimit).
REQUESTS_PER_WINDOW = 5
WINDOW_SECONDS = 3600
