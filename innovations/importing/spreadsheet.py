"""Spreadsheet files (XLSX, CSV) in and out: read safely, write safely.

Reading checks a file before any parser sees it, since a spreadsheet upload is a way in
for anyone with an account: the bytes must be what the name says (an HTML page renamed
.xlsx is refused), an XLSX may not unpack to more than MAX_IMPORT_UNCOMPRESSED_BYTES (a
zip bomb is refused before openpyxl opens it), and rows, cells, formulas, merged cells and
hidden sheets each get a clear error. Writing escapes every text that a spreadsheet program
would run as a formula (columns.escape_cell).
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from jipp_site.text import clean_text

from ..limits import (
    MAX_IMPORT_CELL_CHARACTERS,
    MAX_IMPORT_FILE_BYTES,
    MAX_IMPORT_ROWS,
    MAX_IMPORT_UNCOMPRESSED_BYTES,
)
from .columns import COLUMNS, escape_cell, record_to_cells

DATA_SHEET = "Inovasi"
MAX_ZIP_ENTRIES = 1_000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read; the message says why, in Indonesian."""


@dataclass
class Sheet:
    header: list
    rows: list = field(default_factory=list)  # (row number as the spreadsheet shows it, cells)


def dotted(number):
    """5.000: thousands as Indonesian writes them."""
    return f"{number:,}".replace(",", ".")


def mb(size):
    return f"{size / (1024 * 1024):.0f} MB"


def read_spreadsheet(name, data):
    """A Sheet from an uploaded file's name and bytes, or SpreadsheetError."""
    if len(data) > MAX_IMPORT_FILE_BYTES:
        raise SpreadsheetError(
            _("Berkas terlalu besar (%(size)s); paling besar %(max)s.")
            % {"size": mb(len(data)), "max": mb(MAX_IMPORT_FILE_BYTES)}
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xlsx":
        return _read_xlsx(data)
    if extension == "csv":
        return _read_csv(data)
    if extension == "xls":
        raise SpreadsheetError(
            _("Format .xls lama tidak didukung. Simpan berkas sebagai .xlsx (Excel Workbook).")
        )
    raise SpreadsheetError(_("Hanya berkas .xlsx atau .csv yang dapat diimpor."))


# --- XLSX ---------------------------------------------------------------------------------


def _read_xlsx(data):
    if not data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(
            _("Berkas ini bukan XLSX (isinya %(kind)s). Simpan dari Excel atau LibreOffice "
              "sebagai .xlsx, atau sebagai CSV UTF-8.") % {"kind": _sniff(data)}
        )  # fmt: skip
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        _check_archive(archive)
    except zipfile.BadZipFile:
        raise SpreadsheetError(_("Berkas XLSX rusak dan tidak dapat dibuka.")) from None
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 (openpyxl raises many kinds on a damaged file)
        raise SpreadsheetError(_("Berkas XLSX rusak dan tidak dapat dibuka.")) from None
    try:
        hidden = [ws.title for ws in workbook.worksheets if ws.sheet_state != "visible"]
        if hidden:
            raise SpreadsheetError(
                _("Berkas berisi lembar tersembunyi (%(sheets)s). Tampilkan atau hapus lembar "
                  "itu dulu: isi yang tidak terlihat tidak diimpor.")
                % {"sheets": ", ".join(hidden)}
            )  # fmt: skip
        names = workbook.sheetnames
        sheet = workbook[DATA_SHEET] if DATA_SHEET in names else workbook.worksheets[0]
        return _rows(_xlsx_rows(sheet))
    finally:
        workbook.close()


def _check_archive(archive):
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise SpreadsheetError(_("Berkas XLSX berisi terlalu banyak bagian."))
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_IMPORT_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(
            _("Isi berkas XLSX terlalu besar setelah dibuka (%(size)s; paling besar %(max)s).")
            % {"size": mb(unpacked), "max": mb(MAX_IMPORT_UNCOMPRESSED_BYTES)}
        )
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        raise SpreadsheetError(_("Berkas ini arsip zip, tetapi bukan buku kerja XLSX."))
    for name in sorted(names):
        if (
            name.startswith("xl/worksheets/")
            and name.endswith(".xml")
            and _has_merged_cells(archive, name)
        ):
            raise SpreadsheetError(
                _("Berkas berisi sel gabungan (merged cells). Pisahkan sel itu dulu: satu "
                  "nilai per sel.")
            )  # fmt: skip


def _has_merged_cells(archive, name):
    """Whether a worksheet's XML declares merged cells, read in chunks (openpyxl's
    read-only mode does not report them)."""
    tail = b""
    with archive.open(name) as handle:
        while chunk := handle.read(1 << 16):
            if b"<mergeCell " in tail + chunk or b":mergeCell " in tail + chunk:
                return True
            tail = chunk[-16:]
    return False


def _xlsx_rows(sheet):
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                raise _FormulaCell(cell.coordinate)
            cells.append(cell.value)
        yield cells


class _FormulaCell(Exception):
    def __init__(self, where):
        super().__init__(where)
        self.where = where


# --- CSV ----------------------------------------------------------------------------------


def _read_csv(data):
    if data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(_("Berkas ini XLSX, bukan CSV: ganti akhiran namanya ke .xlsx."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _("Berkas ini bukan CSV berteks UTF-8 (isinya %(kind)s). Di Excel pilih "
              "“CSV UTF-8” saat menyimpan.") % {"kind": _sniff(data)}
        ) from None  # fmt: skip
    if _looks_like_markup(text):
        raise SpreadsheetError(
            _("Berkas ini halaman HTML/XML, bukan CSV. Unduh templat dan isi dengan Excel.")
        )
    if "\x00" in text:
        raise SpreadsheetError(_("Berkas ini bukan CSV: berisi byte NUL."))
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _rows(reader)


def _looks_like_markup(text):
    start = text.lstrip()[:200].lower()
    return start.startswith(("<!doctype", "<html", "<?xml", "<head", "<body", "<script", "<"))


def _sniff(data):
    start = data[:512].lstrip().lower()
    if start.startswith((b"<!doctype", b"<html", b"<")):
        return _("HTML/XML")
    if start.startswith(b"%pdf"):
        return "PDF"
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        return _("format Office lama (.xls/.doc)")
    if start.startswith(b"PK\x03\x04"):
        return _("arsip zip")
    return _("data yang tidak dikenal")


# --- rows ---------------------------------------------------------------------------------


def _rows(iterator):
    """The header row and every non-empty row after it, with limits and clear errors."""
    csv.field_size_limit(MAX_IMPORT_CELL_CHARACTERS + 1)
    sheet, number = None, 0
    try:
        for number, cells in enumerate(iterator, start=1):
            cells = [_cell_value(value, number, column) for column, value in enumerate(cells)]
            if not any(value not in (None, "") for value in cells):
                continue
            if sheet is None:
                sheet = Sheet(header=cells)
                continue
            if len(sheet.rows) >= MAX_IMPORT_ROWS:
                raise SpreadsheetError(
                    _("Terlalu banyak baris: paling banyak %(max)s inovasi per berkas. Bagi "
                      "berkas menjadi beberapa bagian.") % {"max": dotted(MAX_IMPORT_ROWS)}
                )  # fmt: skip
            sheet.rows.append((number, cells))
    except _FormulaCell as exc:
        raise SpreadsheetError(
            _("Sel %(cell)s berisi rumus. Rumus tidak diimpor: salin lalu tempel sebagai "
              "nilai (Paste Special → Values).") % {"cell": exc.where}
        ) from None  # fmt: skip
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise _too_long(number + 1) from None
        raise SpreadsheetError(
            _("CSV tidak dapat dibaca di baris %(row)s: %(error)s")
            % {"row": number + 1, "error": exc}
        ) from None
    if sheet is None:
        raise SpreadsheetError(_("Berkas kosong: tidak ada baris judul kolom."))
    return sheet


def _cell_value(value, row, column):
    if isinstance(value, str):
        if len(value) > MAX_IMPORT_CELL_CHARACTERS:
            raise _too_long(row)
        if value.lstrip().startswith("="):
            raise _FormulaCell(f"{_column_letter(column)}{row}")
        return clean_text(value)
    return value


def _too_long(row):
    return SpreadsheetError(
        _("Baris %(row)s berisi sel yang terlalu panjang: paling banyak %(max)s karakter per sel.")
        % {"row": row, "max": dotted(MAX_IMPORT_CELL_CHARACTERS)}
    )


def _column_letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --- writing ------------------------------------------------------------------------------


def headers():
    return [str(column.header) for column in COLUMNS]


def _data(records, labels, notes):
    """The innovations sheet's header and rows; `notes` (header, one text per record) adds
    a last column, which the import reads past (columns.READ_PAST_HEADERS)."""
    if notes is None:
        return headers(), (record_to_cells(r, labels) for r in records)
    header, texts = notes
    rows = (
        [*record_to_cells(record, labels), escape_cell(text or "")]
        for record, text in zip(records, texts, strict=True)
    )
    return [*headers(), header], rows


def write_xlsx(records, labels, reference_sheets=(), notes=None):
    """XLSX bytes: the innovations sheet, then any (title, header, rows) reference sheets."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheets = [(DATA_SHEET, *_data(records, labels, notes))]
    for title, header, rows in [*sheets, *reference_sheets]:
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        bold = []
        for text in header:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        for row in rows:
            sheet.append([escape_cell(v) if isinstance(v, str) else v for v in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def write_csv(records, labels, notes=None):
    """CSV text (UTF-8 with a byte-order mark, so Excel reads it as UTF-8)."""
    output = io.StringIO()
    writer = csv.writer(output)
    header, rows = _data(records, labels, notes)
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + output.getvalue()
