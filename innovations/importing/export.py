"""Innovations out as import records, for the spreadsheet export: the same columns as the
template, so that export -> edit -> import changes only what was edited."""

from html.parser import HTMLParser

from innovations.models import HubPage, InnovationPage
from innovations.models.sections import SECTIONS

from .names import NameIndex
from .spreadsheet import write_csv, write_xlsx

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div", "br"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs, self.current = [], []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self._close()
            if tag == "li":
                self.current.append("- ")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self._close()

    def handle_data(self, data):
        self.current.append(data)

    def _close(self):
        text = " ".join("".join(self.current).split())
        if text and text != "-":
            self.paragraphs.append(text)
        self.current = []


def html_to_text(html):
    """Rich text as plain paragraphs separated by a blank line (what the import reads back
    as one <p> each; lists become "- " lines)."""
    parser = _TextParser()
    parser.feed(html or "")
    parser.close()
    parser._close()
    return "\n\n".join(parser.paragraphs)


def page_record(page, hub_title):
    """An innovation page as an import record."""
    return {
        "id": page.slug,
        "title": page.title,
        "tagline": page.tagline,
        "language": page.language,
        "institution": page.institution,
        "level": page.level,
        "ministry": page.ministry.name if page.ministry_id else None,
        "province_code": page.province_id,
        "regency": page.regency.name if page.regency_id else None,
        "hub": hub_title,
        "sector": page.sector_id,
        "secondary_sectors": sorted(s.pk for s in page.secondary_sectors.all()),
        "channels": sorted(c.pk for c in page.channels.all()),
        "sdgs": sorted(s.pk for s in page.sdgs.all()),
        "year_launched": page.year_launched,
        "stage": page.stage_id,
        "status": page.status_id,
        "awards": [a.name for a in page.awards.all()],
        "tags": sorted(item.tag.name for item in page.tagged_items.all()),
        "replicated_from": page.replicated_from.slug if page.replicated_from_id else None,
        "sections": {
            key: html_to_text(getattr(page, spec.field)) for key, spec in SECTIONS.items()
        },
        "metrics": [
            {"label": m.label, "before": m.before, "after": m.after, "unit": m.unit}
            for m in page.metrics.all()
        ],
        "budget_idr": page.budget_idr,
        "provenance": page.provenance or None,
    }


def hub_records(hub):
    """The hub's innovations as records, each as its editors see it (latest revision)."""
    pages = InnovationPage.objects.child_of(hub).order_by("path")
    for page in pages:
        current = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        yield page_record(current, hub.title)


def search_records(page_ids):
    """Records for live, public pages (a search result), in the given order."""
    pages = InnovationPage.objects.visible().in_bulk(page_ids)
    hubs = dict(HubPage.objects.values_list("path", "title"))
    for pk in page_ids:
        page = pages.get(pk)
        if page is not None:
            yield page_record(page, hubs.get(page.path[: -page.steplen], ""))


def export_file(records, file_format):
    """(bytes or text, content type, extension) in the import template's columns."""
    labels = NameIndex().labels()
    if file_format == "csv":
        return write_csv(records, labels), "text/csv; charset=utf-8", "csv"
    from .spreadsheet import XLSX_CONTENT_TYPE

    return write_xlsx(records, labels), XLSX_CONTENT_TYPE, "xlsx"
