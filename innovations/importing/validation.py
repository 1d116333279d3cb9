"""Validates import records against the format in shared/data/README.md and the reference data.

Every problem is reported as (line, field, reason) so a coordinator can fix the file;
nothing here writes to the database.
"""

import json
import math
import re
from dataclasses import dataclass

from innovations.models import (
    SDG,
    FundingSource,
    HubPage,
    InnovationPage,
    MinistryAgency,
    Province,
    Regency,
    Sector,
    ServiceChannel,
    Stage,
    Status,
)
from innovations.models.innovation import EARLIEST_YEAR, current_year
from innovations.models.sections import SECTIONS
from innovations.rules import (
    MINISTRY_KIND,
    MINISTRY_REQUIRED,
    PROVINCE_REQUIRED,
    REGENCY_KIND,
    REGENCY_OUTSIDE_PROVINCE,
    REGENCY_REQUIRED,
    Level,
    Place,
    place_problems,
    replication_cycle,
)

# innovations.rules names the model's fields; the import format names them so.
IMPORT_FIELD = {"ministry": "ministry", "province": "province_code", "regency": "regency"}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PROVINCE_HUB_PREFIX = "JIPP Provinsi "
HUB_PREFIX = "JIPP "
KNOWN_FIELDS = {
    "id", "title", "tagline", "language", "institution", "level", "ministry", "province_code",
    "regency", "hub", "sector", "secondary_sectors", "channels", "sdgs", "year_launched", "stage",
    "status", "awards", "tags", "replicated_from", "sections", "metrics", "budget_idr",
    "funding_sources", "provenance",
}  # fmt: skip
REQUIRED_FIELDS = KNOWN_FIELDS - {"provenance", "budget_idr", "funding_sources", "replicated_from",
                                  "awards"}  # fmt: skip
METRIC_FIELDS = {"label", "before", "after", "unit"}
# Column sizes in the content model; longer values would fail only when written.
METRIC_LABEL_MAX = 255
METRIC_UNIT_MAX = 60
BUDGET_MAX = 2**63 - 1


@dataclass
class Problem:
    line: int
    field: str
    reason: str

    def __str__(self):
        where = f"baris {self.line}"
        if self.field:
            where += f", kolom {self.field!r}"
        return f"{where}: {self.reason}"


@dataclass
class HubRef:
    """A hub named in the file: existing, or to be created from its name."""

    title: str
    kind: str
    province_code: str | None = None
    ministry_name: str | None = None


class Record:
    """One record of the file: its data as read, its hub, what is wrong with it.

    Every record is validated before anything is written, so all of them are held at
    once: as parsed JSON (Python's dicts and strings), 100,000 records took about 1 GB. A
    valid record's data is therefore packed (its compact JSON text, about 4 KB) until its
    batch is written, and read back from there on first use; release() drops the
    unpacked copy again. Its id and original are kept unpacked, and its digest is taken
    while it is unpacked: the import's planning asks for those. (Compressing the text as
    well halved it again but cost more CPU than the import's target allows.)"""

    def __init__(self, line, data, hub, problems=None):
        self.line = line
        self.hub = hub
        self.problems = [] if problems is None else problems
        self._data = data
        self._packed = None
        self.id = data.get("id")
        self.replicated_from = data.get("replicated_from")
        self.digest = None
        self.digest_demo = None  # the `demo` flag the digest was taken with

    @property
    def data(self):
        if self._data is None:
            self._data = json.loads(self._packed)
        return self._data

    def pack(self):
        text = json.dumps(self._data, ensure_ascii=False, separators=(",", ":"))
        self._packed = text.encode("utf-8")
        self._data = None

    def release(self):
        """Forget the unpacked data of a packed record (written, or only planned)."""
        if self._packed is not None:
            self._data = None


class ReferenceIndex:
    """Every lookup the validator needs, loaded once per import."""

    def __init__(self):
        self.provinces = dict(Province.objects.values_list("code", "name"))
        self.province_by_name = {name: code for code, name in self.provinces.items()}
        # Full names ("Kabupaten Sumedang") are unique across Indonesia.
        self.regency_by_name = {
            name: (province, kind)
            for province, name, kind in Regency.objects.values_list("province_id", "name", "kind")
        }
        self.ministries = dict(MinistryAgency.objects.values_list("name", "kind"))
        self.sectors = set(Sector.objects.values_list("key", flat=True))
        self.channels = set(ServiceChannel.objects.values_list("key", flat=True))
        self.funding_sources = set(FundingSource.objects.values_list("key", flat=True))
        self.stages = set(Stage.objects.values_list("key", flat=True))
        self.statuses = set(Status.objects.values_list("key", flat=True))
        self.sdgs = set(SDG.objects.values_list("number", flat=True))
        self.hubs = set(HubPage.objects.values_list("title", flat=True))
        self.existing_lineage = dict(
            InnovationPage.objects.values_list("slug", "replicated_from__slug")
        )
        # Lineage may point only at what the public may read (issue 17, finding 3): an
        # unpublished original, or another hub's draft, is refused.
        self.visible = set(InnovationPage.objects.visible().values_list("slug", flat=True))


class RecordValidator:
    def __init__(self, refs: ReferenceIndex):
        self.refs = refs

    def validate(self, line, data):
        """Return a Record whose .problems lists everything wrong with it."""
        problems = []

        def bad(field_name, reason):
            problems.append(Problem(line, field_name, reason))

        if not isinstance(data, dict):
            bad("", "setiap baris harus berupa objek JSON {...}")
            return Record(line, {}, None, problems)

        for name in sorted(set(data) - KNOWN_FIELDS):
            bad(name, "kolom tidak dikenal dalam format impor")
        for name in sorted(REQUIRED_FIELDS - set(data)):
            bad(name, "kolom wajib tidak ada")

        self._check_text(data, bad)
        self._check_place(data, bad)
        self._check_vocabularies(data, bad)
        self._check_numbers(data, bad)
        self._check_sections(data, bad)
        self._check_metrics(data, bad)
        hub = self._resolve_hub(data, bad)
        return Record(line, data, hub, problems)

    # --- field groups -------------------------------------------------------------------

    def _check_text(self, data, bad):
        record_id = data.get("id")
        if "id" in data:
            if not isinstance(record_id, str):
                bad("id", f"harus berupa teks, bukan {_type_name(record_id)}")
            elif not SLUG_RE.match(record_id) or len(record_id) > 255:
                bad("id", f"{record_id!r} bukan slug kebab-case ASCII (contoh: simpati-sumedang)")
        for name, limit in (("title", 255), ("tagline", 140), ("institution", 255)):
            if name not in data:
                continue
            value = data[name]
            if not isinstance(value, str):
                bad(name, f"harus berupa teks, bukan {_type_name(value)}")
            elif not value.strip():
                bad(name, "tidak boleh kosong")
            elif len(value) > limit:
                bad(name, f"paling banyak {limit} karakter (ada {len(value)})")
        if "language" in data and data["language"] not in ("id", "en"):
            bad("language", f"{data['language']!r} bukan 'id' atau 'en'")
        for name in ("awards", "tags"):
            if name in data and not _is_list_of(data[name], str):
                bad(name, "harus berupa daftar teks")
            elif name in data and any(len(v) > 100 or not v.strip() for v in data[name]):
                bad(name, "setiap butir tidak boleh kosong dan paling banyak 100 karakter")
        if "provenance" in data and data["provenance"] not in ("reported", "illustrative", None):
            bad("provenance", f"{data['provenance']!r} bukan 'reported' atau 'illustrative'")
        rf = data.get("replicated_from")
        if rf is not None and not isinstance(rf, str):
            bad("replicated_from", f"harus berupa teks atau null, bukan {_type_name(rf)}")
        elif rf is not None and rf == record_id:
            bad("replicated_from", "inovasi tidak dapat mereplikasi dirinya sendiri")

    def _check_place(self, data, bad):
        """What each value is (types, known names) here; where it may sit, by
        innovations.rules, as the admin's form decides it."""
        reported = set()

        def bad_place(field_name, reason):
            reported.add(field_name)
            bad(field_name, reason)

        level = data.get("level")
        if "level" in data and level not in Level.values:
            bad_place("level", f"{level!r} bukan salah satu dari {', '.join(Level.values)}")
            level = None
        ministry = data.get("ministry")
        if ministry is not None and not isinstance(ministry, str):
            bad_place("ministry", f"harus berupa teks atau null, bukan {_type_name(ministry)}")
        elif ministry is not None and ministry not in self.refs.ministries:
            bad_place("ministry", f"kementerian/lembaga {ministry!r} tidak dikenal")
        province = data.get("province_code")
        if province is not None and not isinstance(province, str):
            bad_place("province_code", f"harus berupa teks, bukan {_type_name(province)}")
            province = None
        elif province is not None and province not in self.refs.provinces:
            bad_place("province_code", f"kode provinsi {province!r} tidak dikenal")
            province = None
        regency = data.get("regency")
        found = None
        if regency is not None and not isinstance(regency, str):
            bad_place("regency", f"harus berupa teks atau null, bukan {_type_name(regency)}")
        elif regency is not None:
            found = self.refs.regency_by_name.get(regency)
            if found is None and province is not None:
                bad_place("regency", self._outside(regency, province))
            elif "province_code" in data and data["province_code"] is None:
                bad_place("regency", "kabupaten/kota diisi tetapi province_code kosong")
        place = Place(
            level=level,
            has_ministry=ministry is not None,
            ministry_kind=self.refs.ministries.get(ministry) if isinstance(ministry, str) else None,
            province=province,
            has_regency=regency is not None,
            regency_province=found[0] if found else None,
            regency_kind=found[1] if found else None,
        )
        for rule, field_name in place_problems(place):
            column = IMPORT_FIELD[field_name]
            if column not in reported:
                bad(column, self._place_reason(rule, data, level, province))

    def _outside(self, regency, province):
        return f"{regency!r} tidak ada di Provinsi {self.refs.provinces[province]} ({province})"

    def _place_reason(self, rule, data, level, province):
        if rule == MINISTRY_REQUIRED:
            return f"inovasi tingkat {level} harus menyebut kementerian/lembaganya"
        if rule == MINISTRY_KIND:
            ministry = data["ministry"]
            return (
                f"{ministry!r} adalah {self.refs.ministries[ministry]}, tidak cocok dengan "
                f"tingkat {level}"
            )
        if rule == PROVINCE_REQUIRED:
            return f"inovasi tingkat {level} harus menyebut provinsinya"
        if rule == REGENCY_REQUIRED:
            return f"inovasi tingkat {level} harus menyebut kabupaten/kotanya"
        if rule == REGENCY_OUTSIDE_PROVINCE:
            return self._outside(data["regency"], province)
        assert rule == REGENCY_KIND, rule
        kind = self.refs.regency_by_name[data["regency"]][1]
        return f"{data['regency']!r} adalah {kind}, tidak cocok dengan tingkat {level}"

    def _check_vocabularies(self, data, bad):
        single = (("sector", self.refs.sectors), ("stage", self.refs.stages),
                  ("status", self.refs.statuses))  # fmt: skip
        for name, allowed in single:
            if name in data and not isinstance(data[name], str):
                # A list or object would not even be hashable for the lookup below.
                bad(name, f"harus berupa teks, bukan {_type_name(data[name])}")
            elif name in data and data[name] not in allowed:
                bad(name, f"{data[name]!r} tidak dikenal; pilihan: {', '.join(sorted(allowed))}")
        for name, allowed in (("secondary_sectors", self.refs.sectors),
                              ("channels", self.refs.channels),
                              ("funding_sources", self.refs.funding_sources)):  # fmt: skip
            if name not in data:
                continue
            values = data[name]
            if not _is_list_of(values, str):
                bad(name, "harus berupa daftar teks")
                continue
            unknown = [v for v in values if v not in allowed]
            if unknown:
                bad(name, f"tidak dikenal: {', '.join(map(repr, unknown))}")
        if "channels" in data and isinstance(data["channels"], list) and not data["channels"]:
            bad("channels", "paling sedikit satu kanal layanan")
        if "sdgs" in data:
            sdgs = data["sdgs"]
            if not _is_list_of(sdgs, int):
                bad("sdgs", "harus berupa daftar bilangan bulat 1-17")
            elif any(v not in self.refs.sdgs for v in sdgs):
                bad(
                    "sdgs",
                    f"nomor TPB harus 1-17, ada {[v for v in sdgs if v not in self.refs.sdgs]}",
                )

    def _check_numbers(self, data, bad):
        if "year_launched" in data:
            year = data["year_launched"]
            if not _is_int(year):
                bad("year_launched", f"harus berupa bilangan bulat, bukan {_type_name(year)}")
            elif not EARLIEST_YEAR <= year <= current_year():
                bad("year_launched", f"{year} di luar rentang {EARLIEST_YEAR}-{current_year()}")
        budget = data.get("budget_idr")
        if budget is not None and (not _is_int(budget) or budget < 0):
            bad("budget_idr", "harus berupa bilangan bulat tidak negatif atau null")
        elif budget is not None and budget > BUDGET_MAX:
            bad("budget_idr", "angka terlalu besar")

    def _check_sections(self, data, bad):
        if "sections" not in data:
            return
        sections = data["sections"]
        if not isinstance(sections, dict):
            bad("sections", f"harus berupa objek, bukan {_type_name(sections)}")
            return
        for key in SECTIONS:
            value = sections.get(key)
            if value is None:
                bad(f"sections.{key}", "bagian wajib tidak ada")
            elif not isinstance(value, str):
                bad(f"sections.{key}", f"harus berupa teks, bukan {_type_name(value)}")
            elif not value.strip():
                bad(f"sections.{key}", "tidak boleh kosong")
        for key in sorted(set(sections) - set(SECTIONS)):
            bad(f"sections.{key}", "bagian tidak dikenal")

    def _check_metrics(self, data, bad):
        if "metrics" not in data:
            return
        metrics = data["metrics"]
        if not isinstance(metrics, list):
            bad("metrics", f"harus berupa daftar, bukan {_type_name(metrics)}")
            return
        for i, metric in enumerate(metrics):
            where = f"metrics[{i}]"
            if not isinstance(metric, dict):
                bad(where, "harus berupa objek {label, before, after, unit}")
                continue
            for key in sorted(set(metric) - METRIC_FIELDS):
                bad(f"{where}.{key}", "kolom tidak dikenal; pilihan: label, before, after, unit")
            if not isinstance(metric.get("label"), str) or not metric["label"].strip():
                bad(f"{where}.label", "wajib berupa teks")
            elif len(metric["label"]) > METRIC_LABEL_MAX:
                bad(f"{where}.label", f"paling banyak {METRIC_LABEL_MAX} karakter")
            if not _is_number(metric.get("after")):
                bad(f"{where}.after", "wajib berupa angka")
            if metric.get("before") is not None and not _is_number(metric["before"]):
                bad(f"{where}.before", "harus berupa angka atau null")
            for key in ("after", "before"):
                value = metric.get(key)
                if _is_number(value) and abs(value) >= 10**16:
                    bad(f"{where}.{key}", "angka terlalu besar")
            if "unit" in metric and not isinstance(metric["unit"], str | type(None)):
                bad(f"{where}.unit", "harus berupa teks")
            elif len(metric.get("unit") or "") > METRIC_UNIT_MAX:
                bad(f"{where}.unit", f"paling banyak {METRIC_UNIT_MAX} karakter")

    def _resolve_hub(self, data, bad):
        title = data.get("hub")
        if "hub" not in data:
            return None
        if not isinstance(title, str) or not title.strip():
            bad("hub", "wajib berupa nama simpul, mis. 'JIPP Provinsi Aceh'")
            return None
        if title.startswith(PROVINCE_HUB_PREFIX):
            province = self.refs.province_by_name.get(title[len(PROVINCE_HUB_PREFIX) :])
            if province:
                return HubRef(title, "provinsi", province_code=province)
        elif title.startswith(HUB_PREFIX) and title[len(HUB_PREFIX) :] in self.refs.ministries:
            name = title[len(HUB_PREFIX) :]
            return HubRef(title, self.refs.ministries[name], ministry_name=name)
        if title in self.refs.hubs:
            return HubRef(title, "")
        bad("hub", f"simpul {title!r} belum ada dan namanya tidak menyebut provinsi atau "
                   "kementerian/lembaga yang dikenal")  # fmt: skip
        return None


def check_lineage(records, refs, invalid_ids=()):
    """replicated_from must point at a known innovation and must not close a cycle.

    `records` passed every other check; `invalid_ids` are ids of the file's other records.
    A record whose original is rejected (and not already in the database) is rejected too:
    otherwise --skip-invalid would import it with its lineage silently dropped.
    """
    in_file = {}
    for record in records:
        if isinstance(record.id, str):
            in_file.setdefault(record.id, record)
    parent = dict(refs.existing_lineage)
    parent.update({rid: r.replicated_from for rid, r in in_file.items()})
    rejected = {rid for rid in invalid_ids if rid not in in_file and rid not in parent}

    problems, pending = [], list(records)
    while True:
        failed = []
        for record in pending:
            reason = _lineage_problem(record, parent, rejected, in_file, refs.visible)
            if reason:
                problems.append(Problem(record.line, "replicated_from", reason))
                failed.append(record)
        if not failed:
            return problems
        for record in failed:
            if in_file.get(record.id) is record:
                # Its original in the database (if any) stays; otherwise it will not exist.
                if record.id in refs.existing_lineage:
                    parent[record.id] = refs.existing_lineage[record.id]
                else:
                    parent.pop(record.id, None)
                    rejected.add(record.id)
        failed_ids = {id(r) for r in failed}
        pending = [r for r in pending if id(r) not in failed_ids]


def _lineage_problem(record, parent, rejected, in_file, visible):
    target = record.replicated_from
    if not isinstance(target, str) or target == record.id:
        return None
    if target in rejected:
        return f"inovasi asli {target!r} di berkas ini tidak valid, jadi catatan ini ikut ditolak"
    if target not in parent:
        return f"inovasi {target!r} tidak ada di berkas maupun di basis data"
    if target not in in_file and target not in visible:
        return (
            f"inovasi asli {target!r} belum terbit untuk umum; replikasi hanya boleh merujuk "
            "inovasi yang sudah terbit"
        )
    node = replication_cycle(record.id, target, parent.get)
    if node is not None:
        return f"membentuk siklus replikasi lewat {node!r}"
    return None


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value):
    # JSON allows NaN and Infinity through Python's parser; no metric can hold them.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_list_of(value, kind):
    if not isinstance(value, list):
        return False
    if kind is int:
        return all(_is_int(v) for v in value)
    return all(isinstance(v, kind) for v in value)


def _type_name(value):
    return {
        bool: "boolean", int: "angka", float: "angka", str: "teks", list: "daftar",
        dict: "objek", type(None): "null",
    }.get(type(value), type(value).__name__)  # fmt: skip
