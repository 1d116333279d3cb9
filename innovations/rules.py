"""The content rules, once: where an innovation or a hub sits, and what lineage may be.

The model's clean() (the admin) and the importer's validator both ask these functions and
only word the answer for their readers (form fields, or import columns). Pure functions of
plain values: no database, no models.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The level an innovation works at, and the kind of hub that publishes at it."""

    KEMENTERIAN = "kementerian", _("Kementerian")
    LEMBAGA = "lembaga", _("Lembaga")
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")


NATIONAL_LEVELS = (Level.KEMENTERIAN, Level.LEMBAGA)
REGIONAL_LEVELS = (Level.PROVINSI, Level.KABUPATEN, Level.KOTA)
LOCAL_LEVELS = (Level.KABUPATEN, Level.KOTA)


@dataclass(frozen=True)
class Place:
    """Where something sits, as plain values (None where nothing is named)."""

    level: str | None
    ministry_kind: str | None = None  # the named ministry's kind (kementerian, lembaga)
    has_ministry: bool = False
    province: str | None = None  # province code
    regency_province: str | None = None  # the named regency's province code
    regency_kind: str | None = None  # kabupaten or kota
    has_regency: bool = False

    @classmethod
    def of(cls, level, ministry, province_id, regency):
        """The place of a page whose ministry and regency are objects with .kind (and
        .province_id), or None."""
        return cls(
            level=level,
            has_ministry=ministry is not None,
            ministry_kind=ministry.kind if ministry is not None else None,
            province=province_id,
            has_regency=regency is not None,
            regency_province=regency.province_id if regency is not None else None,
            regency_kind=regency.kind if regency is not None else None,
        )


# Each broken rule: (rule, field it belongs to).
MINISTRY_REQUIRED = "ministry_required"
MINISTRY_KIND = "ministry_kind"
PROVINCE_REQUIRED = "province_required"
REGENCY_REQUIRED = "regency_required"
REGENCY_OUTSIDE_PROVINCE = "regency_outside_province"
REGENCY_KIND = "regency_kind"


def place_problems(place):
    """The place rules `place` breaks, as [(rule, field)], field being "ministry",
    "province" or "regency":
    - a national level (kementerian, lembaga) names its ministry or agency, of that kind;
    - a regional level names its province; a kabupaten/kota level names its regency too,
      of that kind;
    - a named regency lies in the named province."""
    problems = []
    if place.level in NATIONAL_LEVELS:
        if not place.has_ministry:
            problems.append((MINISTRY_REQUIRED, "ministry"))
        elif place.ministry_kind and place.ministry_kind != place.level:
            problems.append((MINISTRY_KIND, "ministry"))
    if place.level in REGIONAL_LEVELS and place.province is None:
        problems.append((PROVINCE_REQUIRED, "province"))
    if place.level in LOCAL_LEVELS and not place.has_regency:
        problems.append((REGENCY_REQUIRED, "regency"))
    if place.has_regency and place.province is not None:
        if place.regency_province != place.province:
            problems.append((REGENCY_OUTSIDE_PROVINCE, "regency"))
        elif place.level in LOCAL_LEVELS and place.regency_kind != place.level:
            problems.append((REGENCY_KIND, "regency"))
    return problems


def replication_cycle(page, original, original_of):
    """The innovation at which naming `original` as `page`'s original would close a cycle
    (`page` itself when it would replicate itself), or None.

    `original_of(node)` gives a node's own original (or None); nodes are ids or slugs,
    whatever the caller keys its lineage by."""
    seen, node = {page}, original
    while node is not None:
        if node in seen:
            return node
        seen.add(node)
        node = original_of(node)
    return None
