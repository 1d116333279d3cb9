"""The spreadsheet template a coordinator downloads: the innovations sheet with its
Indonesian headers, a sheet of instructions and limits, and one sheet per vocabulary
(provinces, kabupaten/kota, ministries, sectors, channels, funding sources, SDGs, stages,
statuses) so that every valid name is at hand. Names from these sheets are accepted wherever a
code is."""

from django.utils.translation import gettext as _

from innovations.models import (
    SDG,
    FundingSource,
    MinistryAgency,
    Province,
    Regency,
    Sector,
    ServiceChannel,
    Stage,
    Status,
)

from ..limits import (
    MAX_IMPORT_CELL_CHARACTERS,
    MAX_IMPORT_FILE_BYTES,
    MAX_IMPORT_ROWS,
    MAX_IMPORT_UNCOMPRESSED_BYTES,
)
from .columns import COLUMNS
from .spreadsheet import dotted, mb, write_xlsx


def template_xlsx():
    return write_xlsx([], {}, reference_sheets=reference_sheets())


def limits_text():
    return [
        _("Paling banyak %(rows)s baris inovasi per berkas.")
        % {"rows": dotted(MAX_IMPORT_ROWS)},
        _("Berkas paling besar %(size)s; satu sel paling banyak %(chars)s karakter.")
        % {"size": mb(MAX_IMPORT_FILE_BYTES),
           "chars": dotted(MAX_IMPORT_CELL_CHARACTERS)},
        _("Isi berkas XLSX paling besar %(size)s setelah dibuka (dibuka dari arsip zip-nya).")
        % {"size": mb(MAX_IMPORT_UNCOMPRESSED_BYTES)},
        _("Tanpa rumus, sel gabungan, atau lembar tersembunyi."),
    ]  # fmt: skip


def reference_sheets():
    yes, no = _("ya"), _("tidak")
    instructions = [
        [str(c.header), yes if c.required and c.field != "id" else no, str(c.note)] for c in COLUMNS
    ] + [[], *[[text] for text in limits_text()]]
    return [
        (_("Petunjuk"), [_("Kolom"), _("Wajib"), _("Keterangan")], instructions),
        (_("Provinsi"), [_("Kode"), _("Nama")],
         [list(r) for r in Province.objects.order_by("code").values_list("code", "name")]),
        (_("Kabupaten-Kota"), [_("Kode"), _("Nama"), _("Provinsi")],
         [list(r) for r in Regency.objects.order_by("code").values_list(
             "code", "name", "province__name")]),
        (_("Kementerian-Lembaga"), [_("Nama"), _("Singkatan"), _("Jenis")],
         [list(r) for r in MinistryAgency.objects.order_by("name").values_list(
             "name", "acronym", "kind")]),
        (_("Sektor"), [_("Kode"), _("Nama")], _keyed(Sector)),
        (_("Kanal"), [_("Kode"), _("Nama")], _keyed(ServiceChannel)),
        (_("Sumber dana"), [_("Kode"), _("Nama")], _keyed(FundingSource)),
        (_("TPB"), [_("Nomor"), _("Nama")],
         [list(r) for r in SDG.objects.order_by("number").values_list("number", "name_id")]),
        (_("Tahapan"), [_("Kode"), _("Nama")], _keyed(Stage)),
        (_("Status"), [_("Kode"), _("Nama")], _keyed(Status)),
    ]  # fmt: skip


def _keyed(model):
    return [list(r) for r in model.objects.values_list("key", "name")]
