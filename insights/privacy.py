"""What may be kept of a query, and which requests are people at all."""

import functools
import re
import unicodedata

from .models import MAX_STORED_QUERY

# Someone may type their own details into a search box. An email address, or a run of
# eight or more digits (a phone number, a 16-digit NIK, an account number; spaces, dots
# and dashes between them allowed), is replaced by a placeholder before anything is stored.
# Years (4 digits) and regulation numbers ("PP 96/2012") are shorter and stay.
EMAIL = re.compile(r"[^\s@]+@[^\s@]+")
LONG_NUMBER = re.compile(r"\+?\d(?:[\s.\-]?\d){7,}")
EMAIL_PLACEHOLDER = "[email]"
NUMBER_PLACEHOLDER = "[nomor]"


def normalise_query(q):
    """The query as stored and grouped: NFKC, case-folded, single spaces, personal-looking
    parts replaced, at most MAX_STORED_QUERY characters."""
    text = unicodedata.normalize("NFKC", q).casefold()
    text = EMAIL.sub(EMAIL_PLACEHOLDER, text)
    text = LONG_NUMBER.sub(NUMBER_PLACEHOLDER, text)
    return " ".join(text.split())[:MAX_STORED_QUERY].strip()


@functools.cache
def _crawler_detector():
    # Compiling its patterns takes a fifth of a second: once per process.
    from crawlerdetect import CrawlerDetect

    return CrawlerDetect()


def is_automated(request):
    """A crawler, a script, a link preview or a browser's prefetch: not a person searching.
    Browsers always send a User-Agent; its absence is a program."""
    agent = request.META.get("HTTP_USER_AGENT", "").strip()
    if not agent:
        return True
    purpose = request.META.get("HTTP_SEC_PURPOSE", "") + request.META.get("HTTP_PURPOSE", "")
    if "prefetch" in purpose.lower() or "preview" in purpose.lower():
        return True
    return _crawler_detector().is_crawler(agent[:1000])
