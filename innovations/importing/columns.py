"""The spreadsheet's columns: one Indonesian header per field of the import format.

A row becomes an import record here (names turned into codes, lists split), and a record
becomes a row (codes turned into names) for the export and the template, so that
export -> edit -> import reads back exactly what was written. Everything else (what a valid
record is) stays with the JSON Lines import: a spreadsheet is only another way to write
the same records.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innovations.models.sections import SECTIONS

from .names import UnknownName, in_every_language

LIST_SEPARATOR = ";"
METRIC_SEPARATOR = "|"
# A cell that a spreadsheet program would run as a formula. Exports prefix such text with
# an apostrophe (OWASP's advice on CSV injection); imports take that apostrophe off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    field: str  # key in the import record ("sections.ringkasan" for a section)
    header: str
    kind: str  # text, code, codes, list, integer, metrics, sections
    vocabulary: str = ""  # NameIndex attribute for code/codes
    required: bool = True
    note: str = ""


def _columns():
    return [
        Column("id", gettext_lazy("ID"), "text",
               note=gettext_lazy("slug unik, huruf kecil dan tanda hubung; kosongkan untuk "
                                 "inovasi baru agar dibuat dari judul")),
        Column("title", gettext_lazy("Judul"), "text"),
        Column("tagline", gettext_lazy("Tagline"), "text",
               note=gettext_lazy("satu kalimat, paling banyak 140 karakter")),
        Column("language", gettext_lazy("Bahasa"), "code", "languages",
               note=gettext_lazy("Bahasa Indonesia atau English")),
        Column("institution", gettext_lazy("Instansi pelaksana"), "text"),
        Column("level", gettext_lazy("Tingkat"), "code", "levels",
               note=gettext_lazy("kementerian, lembaga, provinsi, kabupaten atau kota")),
        Column("ministry", gettext_lazy("Kementerian/lembaga"), "code", "ministries", False,
               gettext_lazy("wajib untuk tingkat kementerian/lembaga; nama atau singkatan")),
        Column("province_code", gettext_lazy("Provinsi"), "code", "provinces", False,
               gettext_lazy("nama atau kode; wajib untuk inovasi daerah")),
        Column("regency", gettext_lazy("Kabupaten/kota"), "code", "regencies", False,
               gettext_lazy("mis. Kabupaten Sumedang; wajib untuk tingkat kabupaten/kota")),
        Column("hub", gettext_lazy("Simpul"), "text", required=False,
               note=gettext_lazy("judul simpul JIPP; kosong: simpul yang dipilih saat impor")),
        Column("sector", gettext_lazy("Sektor utama"), "code", "sectors"),
        Column("secondary_sectors", gettext_lazy("Sektor lain"), "codes", "sectors", False,
               gettext_lazy("dipisah titik koma")),
        Column("channels", gettext_lazy("Kanal layanan"), "codes", "channels",
               note=gettext_lazy("paling sedikit satu; dipisah titik koma")),
        Column("sdgs", gettext_lazy("TPB/SDGs"), "codes", "sdgs", False,
               gettext_lazy("nomor 1-17 atau nama; dipisah titik koma")),
        Column("year_launched", gettext_lazy("Tahun diluncurkan"), "integer"),
        Column("stage", gettext_lazy("Tahapan"), "code", "stages"),
        Column("status", gettext_lazy("Status"), "code", "statuses"),
        Column("awards", gettext_lazy("Penghargaan"), "list", required=False,
               note=gettext_lazy("dipisah titik koma")),
        Column("tags", gettext_lazy("Tag"), "list", required=False,
               note=gettext_lazy("dipisah titik koma")),
        Column("replicated_from", gettext_lazy("Mereplikasi (ID)"), "text", required=False,
               note=gettext_lazy("ID inovasi asli yang sudah terbit")),
        *[
            Column(f"sections.{key}", spec.label, "sections",
                   note=gettext_lazy("paragraf dipisah baris kosong"))
            for key, spec in SECTIONS.items()
        ],
        Column("metrics", gettext_lazy("Metrik"), "metrics", required=False,
               note=gettext_lazy("satu metrik per baris: indikator | sebelum | sesudah | satuan")),
        Column("budget_idr", gettext_lazy("Anggaran tahunan (Rp)"), "integer", required=False),
        Column("funding_sources", gettext_lazy("Sumber dana"), "codes", "funding_sources", False,
               gettext_lazy("APBD, APBN, DAK, Dana Desa, CSR/swasta, Hibah/donor atau Lainnya; "
                            "dipisah titik koma; kosong bila tidak diketahui")),
        Column("provenance", gettext_lazy("Asal data"), "code", "provenances", False,
               gettext_lazy("reported (laporan publik) atau illustrative")),
    ]  # fmt: skip


COLUMNS = _columns()
# Columns an export may add for its reader and the import reads past: the search export's
# "Kedekatan", why each result is close to the reader's region (replication.regions).
CLOSENESS_HEADER = gettext_lazy("Kedekatan")
READ_PAST_HEADERS = (CLOSENESS_HEADER,)


def header_of(field):
    """The header a coordinator reads for a record field ("metrics[2].after" -> Metrik)."""
    base = field.split("[", 1)[0]
    for column in COLUMNS:
        if column.field == base or (
            column.kind != "sections" and base.startswith(column.field + ".")
        ):
            return str(column.header)
    return field


def match_headers(cells):
    """Map each known header in the first row to its column index.

    Returns (index by field, problems as (column header, reason))."""
    wanted = {
        normalise_header(header): c for c in COLUMNS for header in in_every_language(c.header)
    }
    read_past = {
        normalise_header(header)
        for label in READ_PAST_HEADERS
        for header in in_every_language(label)
    }
    found, problems = {}, []
    for index, cell in enumerate(cells):
        name = normalise_header(cell)
        if not name or name in read_past:
            continue
        column = wanted.get(name)
        if column is None:
            problems.append((str(cell), _("judul kolom tidak dikenal")))
        elif column.field in found:
            problems.append((str(cell), _("kolom ini muncul dua kali")))
        else:
            found[column.field] = index
    for column in COLUMNS:
        if column.required and column.field not in found and column.field != "id":
            problems.append((str(column.header), _("kolom wajib tidak ada di baris judul")))
    return found, problems


def normalise_header(cell):
    return " ".join(str(cell or "").split()).casefold()


# --- a row into a record ------------------------------------------------------------------


def row_to_record(cells, positions, names, default_hub=""):
    """(record, problems as (field, reason)) for one row of cells (strings or numbers)."""
    record, problems = {"sections": {}}, []
    for column in COLUMNS:
        index = positions.get(column.field)
        raw = cells[index] if index is not None and index < len(cells) else None
        text = unescape_cell(raw)
        try:
            value = _parse(column, raw, text, names)
        except (UnknownName, ValueError) as exc:
            problems.append((column.field, str(exc)))
            continue
        if value is None and column.field == "hub":
            value = default_hub or None
        if value is None and column.required and column.field != "id":
            problems.append((column.field, _("wajib diisi")))
            continue
        if column.kind == "sections":
            record["sections"][column.field.split(".", 1)[1]] = value
        elif value is not None or not column.required:
            record[column.field] = _empty_default(column, value)
    _place_from_regency(record, names)
    return record, problems


def _parse(column, raw, text, names):
    if text == "":
        return None
    if column.kind in ("text", "sections"):
        return text
    if column.kind == "integer":
        return _integer(raw, text)
    if column.kind == "list":
        return _split(text)
    if column.kind == "metrics":
        return [_metric(line) for line in text.splitlines() if line.strip()]
    vocabulary = getattr(names, column.vocabulary)
    if column.kind == "code":
        return vocabulary.lookup(text)
    return [vocabulary.lookup(part) for part in _split(text)]


def _empty_default(column, value):
    if value is not None:
        return value
    return [] if column.kind in ("codes", "list", "metrics") else None


def _place_from_regency(record, names):
    """A kabupaten/kota names its province: the province cell may stay empty."""
    regency = record.get("regency")
    if regency and not record.get("province_code"):
        record["province_code"] = names.regency_province.get(regency)


def _split(text):
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def _integer(raw, text):
    if isinstance(raw, bool):
        raise ValueError(_("harus berupa bilangan bulat"))
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    cleaned = text.replace(".", "").replace(" ", "") if text.count(".") > 1 else text
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("%(value)r bukan bilangan bulat") % {"value": text}) from None
    if number != number.to_integral_value():
        raise ValueError(_("%(value)r bukan bilangan bulat") % {"value": text})
    return int(number)


def _number(text):
    if text == "":
        return None
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("%(value)r bukan angka") % {"value": text}) from None
    if not number.is_finite():
        raise ValueError(_("%(value)r bukan angka") % {"value": text})
    return int(number) if number == number.to_integral_value() else float(number)


def _metric(line):
    parts = [part.strip() for part in line.split(METRIC_SEPARATOR)]
    if len(parts) != 4:
        raise ValueError(
            _("metrik %(line)r harus berbentuk 'indikator | sebelum | sesudah | satuan'")
            % {"line": line[:80]}
        )
    label, before, after, unit = parts
    return {"label": label, "before": _number(before), "after": _number(after), "unit": unit}


# --- a record into a row ------------------------------------------------------------------


def record_to_cells(record, labels):
    """The row for a record: names where a coordinator reads names (`labels` maps
    vocabulary -> code -> name), every text cell escaped against formula injection."""
    cells = []
    for column in COLUMNS:
        if column.kind == "sections":
            value = record["sections"].get(column.field.split(".", 1)[1], "")
        else:
            value = record.get(column.field)
        cells.append(_cell(column, value, labels))
    return cells


def _cell(column, value, labels):
    if value is None or value == []:
        return ""
    if column.kind == "integer":
        return value
    if column.kind == "code":
        return escape_cell(labels.get(column.vocabulary, {}).get(value, value))
    if column.kind == "codes":
        names = labels.get(column.vocabulary, {})
        return escape_cell(f"{LIST_SEPARATOR} ".join(str(names.get(v, v)) for v in value))
    if column.kind == "list":
        return escape_cell(f"{LIST_SEPARATOR} ".join(value))
    if column.kind == "metrics":
        return escape_cell("\n".join(_metric_text(m) for m in value))
    return escape_cell(value)


def _metric_text(metric):
    def number(value):
        return "" if value is None else format(Decimal(str(value)).normalize(), "f")

    return f" {METRIC_SEPARATOR} ".join(
        [metric["label"], number(metric.get("before")), number(metric["after"]),
         metric.get("unit") or ""]
    ).rstrip()  # fmt: skip


def escape_cell(text):
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    text = str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unescape_cell(raw):
    """The cell as text, with an export's protective apostrophe taken off again."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).replace("\r\n", "\n").strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
