"""Innovations out as import records, for the spreadsheet export: the same columns as the
template, so that export -> edit -> import changes only what was edited."""

from innovations.models import HubPage, InnovationPage

from .columns import CLOSENESS_HEADER
from .names import NameIndex
from .spreadsheet import write_csv, write_xlsx
from .writer import page_record, with_relations


def hub_records(hub):
    """The hub's innovations as records, each as its editors see it (latest revision)."""
    pages = with_relations(InnovationPage.objects.child_of(hub).order_by("path"))
    for page in pages:
        current = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        yield page_record(current, hub.title)


def search_rows(page_ids):
    """(page id, record) for live, public pages (a search result), in the given order."""
    pages = with_relations(InnovationPage.objects.visible()).in_bulk(page_ids)
    hubs = dict(HubPage.objects.values_list("path", "title"))
    for pk in page_ids:
        page = pages.get(pk)
        if page is not None:
            yield pk, page_record(page, hubs.get(page.path[: -page.steplen], ""))


def search_records(page_ids):
    """Records for live, public pages (a search result), in the given order."""
    return (record for _pk, record in search_rows(page_ids))


def export_file(records, file_format, closeness=None):
    """(bytes or text, content type, extension) in the import template's columns; with
    `closeness` (one text per record), a last "Kedekatan" column the import reads past."""
    labels = NameIndex().labels()
    notes = (str(CLOSENESS_HEADER), closeness) if closeness is not None else None
    if file_format == "csv":
        return write_csv(records, labels, notes), "text/csv; charset=utf-8", "csv"
    from .spreadsheet import XLSX_CONTENT_TYPE

    return write_xlsx(records, labels, notes=notes), XLSX_CONTENT_TYPE, "xlsx"
