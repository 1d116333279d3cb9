"""The picture a link preview shows (Open Graph / Twitter card): one per innovation, drawn
with Pillow from its title, place, sector and hub, 1200 x 630 PNG.

Its address carries a digest of what is drawn (seo.views.share_image serves it), so a change
of any of those gives a new address, which link-preview caches treat as a new image. The
picture is drawn on the first request for that address, kept in the media storage, and the
page's older pictures are deleted then: rendering a page never waits for Pillow.
"""

import hashlib
import io
import textwrap
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
FOLDER = "share"
BACKGROUND = (11, 58, 93)  # the header's --brand-dark
ACCENT = (179, 38, 30)  # --accent
TEXT = (255, 255, 255)
MUTED = (213, 227, 240)
# A bold face where the system has one; Pillow's own font otherwise (always available).
BOLD_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]
REGULAR_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]


def _font(candidates, size):
    for path in candidates:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def facts(page):
    """What the picture shows, in the order drawn."""
    hub = page.parent_hub()
    return {
        "title": page.title,
        "place": page.place_name,
        "sector": page.sector.name if page.sector_id else "",  # the Indonesian name: one
        # picture per innovation, whatever the reader's language
        "hub": hub.title if hub else "",
        "site": "JIPP Knowledge Hub",
    }


def digest(shown):
    text = "\x1f".join(f"{k}={v}" for k, v in sorted(shown.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def file_name(page_id, shown):
    return f"{FOLDER}/{page_id}-{digest(shown)}.png"


def _wrapped(draw, text, font, width, max_lines):
    """Lines of `text` that fit `width` pixels, at most `max_lines` (the last ends in …)."""
    for columns in range(60, 10, -2):
        lines = textwrap.wrap(text, columns)
        if all(draw.textlength(line, font=font) <= width for line in lines):
            break
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
    return lines


def draw(shown):
    """PNG bytes of the preview for these facts."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle([0, 0, WIDTH, 14], fill=ACCENT)
    margin = 72
    small, body, title_font = (_font(REGULAR_FONTS, 30), _font(REGULAR_FONTS, 36),
                               _font(BOLD_FONTS, 64))  # fmt: skip
    pen.text((margin, 56), shown["site"], font=_font(BOLD_FONTS, 32), fill=TEXT)
    if shown["sector"]:
        pen.text((margin, 104), shown["sector"].upper(), font=small, fill=MUTED)
    y = 170
    for line in _wrapped(pen, shown["title"], title_font, WIDTH - 2 * margin, 3):
        pen.text((margin, y), line, font=title_font, fill=TEXT)
        y += 78
    if shown["place"]:
        place = _wrapped(pen, shown["place"], body, WIDTH - 2 * margin, 1)[0]
        pen.text((margin, max(y + 20, 470)), place, font=body, fill=TEXT)
    if shown["hub"]:
        pen.line([(margin, 540), (WIDTH - margin, 540)], fill=MUTED, width=2)
        hub = _wrapped(pen, shown["hub"], small, WIDTH - 2 * margin, 1)[0]
        pen.text((margin, 556), hub, font=small, fill=MUTED)
    out = io.BytesIO()
    # A palette of a few colours: flat shapes and text compress to a few tens of KB.
    image.quantize(colors=32, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    return out.getvalue()


def stored(page_id, shown):
    """The PNG bytes for these facts, drawn and stored (older pictures of the page removed)
    when not stored yet."""
    name = file_name(page_id, shown)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    data = draw(shown)
    _remove_old(page_id)
    default_storage.save(name, ContentFile(data))
    return data


def _remove_old(page_id):
    try:
        _dirs, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for name in files:
        if name.startswith(f"{page_id}-") and name.endswith(".png"):
            default_storage.delete(f"{FOLDER}/{name}")
