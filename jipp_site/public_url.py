"""The site's public address (JIPP_PUBLIC_URL), read once by the settings.

Every absolute URL the site writes (admin links in emails, the Wagtail Site record that page
URLs are built from, canonical links, feeds, the sitemap) starts with it, so a wrong value is
refused at start-up instead of surfacing later as links to the wrong host.
"""

from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


class PublicUrlError(ValueError):
    pass


def normalise_public_url(value):
    """`value` without a trailing slash, or PublicUrlError saying what is wrong with it."""
    value = (value or "").strip()
    parts = urlsplit(value)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise PublicUrlError(
            f"JIPP_PUBLIC_URL must be an absolute http(s) address such as "
            f"https://jipp.example.go.id, not {value!r}."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise PublicUrlError(
            f"JIPP_PUBLIC_URL is the site's root address, without a path, query or user: {value!r}."
        )
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as error:
        raise PublicUrlError(f"JIPP_PUBLIC_URL has an invalid port: {value!r}.") from error
    return f"{parts.scheme}://{parts.netloc}"


def host_and_port(public_url):
    """(hostname, port) of a normalised public URL, the port defaulting by scheme."""
    parts = urlsplit(public_url)
    return parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme]
