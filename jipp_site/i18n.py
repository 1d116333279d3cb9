"""Language-aware addresses: Indonesian lives at /, English under /en/.

The public routes are in i18n_patterns(prefix_default_language=False), so reverse() and
Wagtail's page URLs (which reverse "wagtail_serve") already carry the active language's
prefix. What is stored as a plain path (the search index's document URLs) goes through
localize_path() instead.
"""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation

from search.query import MAX_QUERY_STRING_LENGTH

# Open Graph wants territory-qualified locales.
OG_LOCALES = {"id": "id_ID", "en": "en_US"}


def current_language():
    """The active interface language as one of settings.LANGUAGES ("id" or "en")."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        return settings.LANGUAGE_CODE


def in_reader_language(indonesian, english):
    """The English text on the English pages when there is one, else the Indonesian."""
    return english if english and translation.get_language() == "en" else indonesian


def language_prefix(language=None):
    """The URL prefix of a language: none for Indonesian, "/en" for English."""
    language = language or current_language()
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


def localize_path(path, language=None):
    """A site-relative path ("/simpul/x/y/") as the given (default: active) language serves it.

    Absolute URLs, empty values and paths that already carry a language prefix are left as
    they are."""
    if not path or not path.startswith("/") or path.startswith("//"):
        return path
    prefix = language_prefix(language)
    if not prefix:
        return path
    if path == prefix or path.startswith(prefix + "/"):
        return path
    return prefix + path


def path_in_language(url, language):
    """The same address in another language: translate_url(), or for a path no route
    matches (a 404 page) the language prefix swapped by hand. A route outside the
    language prefix (the admin, a preview) stays as it is."""
    translated = translate_url(url, language)
    if translated != url or language == current_language():
        return translated
    try:
        resolve(unquote(urlsplit(url).path))
        return translated
    except Resolver404:
        pass
    current = language_prefix()
    rest = url[len(current) :] if current and url.startswith(current + "/") else url
    return localize_path(rest, language)


def language_links(request):
    """The page the reader is on, in every language: for the switcher.

    [{"code", "name", "url", "current"}], the query string kept (a search stays the same
    search in the other language)."""
    current = current_language()
    full_path = request.get_full_path() if request is not None else "/"
    if request is not None and len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING_LENGTH:
        full_path = request.path  # longer than any search may be: not worth repeating
    links = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": path_in_language(full_path, code),
                "current": code == current,
            }
        )
    return links


def alternate_urls(url):
    """[(hreflang, absolute url)] for an absolute URL of this site: every language, then
    x-default (the Indonesian original)."""
    urls = [(code, translate_url(url, code)) for code, _name in settings.LANGUAGES]
    default = dict(urls)[settings.LANGUAGE_CODE]
    return urls + [("x-default", default)]


def og_locale(language=None):
    return OG_LOCALES.get(language or current_language(), "id_ID")
