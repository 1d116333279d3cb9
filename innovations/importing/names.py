"""Names people write in spreadsheets, turned into the codes the import format uses.

Coordinators write "Jawa Barat", "Kabupaten Sumedang", "Kesehatan" or "Kemenkes", not
"32" or "kesehatan". Every vocabulary here accepts its code and its names (case and extra
spaces ignored); a name that fits more than one entry ("Bandung": the kabupaten or the
kota?) or none is an error that says so, never a guess.
"""

import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from innovations.models import (
    SDG,
    FundingSource,
    Language,
    Level,
    MinistryAgency,
    Province,
    Regency,
    Sector,
    ServiceChannel,
    Stage,
    Status,
)
from innovations.models.innovation import Provenance


def in_every_language(label):
    """A (lazy) label as each interface language writes it, so that a file exported with
    the admin in English imports with the admin in Indonesian, and the other way round."""
    names = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.append(str(label))
    return list(dict.fromkeys(names))


class UnknownName(ValueError):
    """The name is unknown or ambiguous; the message says which, in Indonesian."""


def normalise(text):
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


class Vocabulary:
    """code -> names; lookup(name or code) -> code."""

    def __init__(self, label, entries):
        # entries: (code, [names...]); the code itself is a name too.
        self.label = label
        self._by_name = {}
        self.names = {}  # code -> its first name, as an export writes it
        for code, names in entries:
            self.names[code] = names[0] if names else str(code)
            for name in {str(code), *names}:
                if name:
                    self._by_name.setdefault(normalise(name), set()).add(code)

    def lookup(self, value):
        found = self._by_name.get(normalise(value), set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise UnknownName(
                _("%(label)s %(value)r ambigu: bisa %(options)s; tulis nama lengkapnya")
                % {"label": self.label, "value": value, "options": " atau ".join(sorted(found))}
            )
        raise UnknownName(
            _("%(label)s %(value)r tidak dikenal") % {"label": self.label, "value": value}
        )


class NameIndex:
    """Every vocabulary of the import, loaded once per file."""

    def __init__(self):
        provinces = list(Province.objects.values_list("code", "name", "short_names"))
        self.province_names = {code: name for code, name, _short in provinces}
        self.provinces = Vocabulary(
            _("provinsi"),
            [
                (code, [name, f"Provinsi {name}", *_split_names(short)])
                for code, name, short in provinces
            ],
        )
        regencies = list(Regency.objects.values_list("code", "province_id", "name"))
        self.regency_province = {name: province for _code, province, name in regencies}
        # A regency is written by its full name ("Kabupaten Sumedang") or its code; its
        # bare name ("Sumedang") is accepted when only one kabupaten/kota bears it.
        self.regencies = Vocabulary(
            _("kabupaten/kota"),
            [(name, [code, name.split(" ", 1)[-1]]) for code, _province, name in regencies],
        )
        self.ministries = Vocabulary(
            _("kementerian/lembaga"),
            [
                (name, [slug, acronym])
                for name, slug, acronym in MinistryAgency.objects.values_list(
                    "name", "slug", "acronym"
                )
            ],
        )
        self.sectors = _keyed(_("sektor"), Sector)
        self.channels = _keyed(_("kanal layanan"), ServiceChannel)
        # Read in either language ("APBD" or "Regional budget (APBD)"); written in Indonesian.
        self.funding_sources = Vocabulary(
            _("sumber dana"),
            [
                (key, [name, *([name_en] if name_en else [])])
                for key, name, name_en in FundingSource.objects.values_list(
                    "key", "name", "name_en"
                )
            ],
        )
        self.stages = _keyed(_("tahapan"), Stage)
        self.statuses = _keyed(_("status"), Status)
        self.sdgs = Vocabulary(
            _("TPB"),
            [
                (number, [f"TPB {number}", f"SDG {number}", name_id, name_en])
                for number, name_id, name_en in SDG.objects.values_list(
                    "number", "name_id", "name_en"
                )
            ],
        )
        self.levels = Vocabulary(
            _("tingkat"), [(value, in_every_language(label)) for value, label in Level.choices]
        )
        self.languages = Vocabulary(
            _("bahasa"),
            [("id", [*in_every_language(Language.INDONESIAN.label), "Indonesia"]),
             ("en", [*in_every_language(Language.ENGLISH.label), "Inggris", "Bahasa Inggris"])],
        )  # fmt: skip
        self.provenances = Vocabulary(
            _("asal data"),
            [(value, in_every_language(label)) for value, label in Provenance.choices if value],
        )

    def labels(self):
        """vocabulary -> code -> the name an export writes (read back by lookup())."""
        return {
            "languages": {"id": "Bahasa Indonesia", "en": "English"},
            "provinces": self.province_names,
            "ministries": {},
            "regencies": {},
            "sdgs": {},
            "sectors": self.sectors.names,
            "channels": self.channels.names,
            "funding_sources": self.funding_sources.names,
            "stages": self.stages.names,
            "statuses": self.statuses.names,
            "levels": {},
            "provenances": {},
        }


def _keyed(label, model):
    return Vocabulary(
        label, [(key, [name]) for key, name in model.objects.values_list("key", "name")]
    )


def _split_names(text):
    return [part.strip() for part in (text or "").split(",") if part.strip()]
