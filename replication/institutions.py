"""The requesting institution, chosen from the reference data by name.

The form offers every kabupaten/kota, province, ministry and agency as a <datalist>: the
browser's own type-ahead, which needs no JavaScript. What comes back is text, resolved
here to exactly one reference record, or refused."""

from dataclasses import dataclass

from innovations.models import MinistryAgency, Province, Regency


@dataclass(frozen=True)
class Institution:
    label: str  # what the list shows and the form sends back
    regency: Regency | None = None
    province: Province | None = None
    ministry: MinistryAgency | None = None


def institutions():
    """Every choosable institution, labelled so that no two labels are equal:
    "Kabupaten Sumedang, Jawa Barat", "Provinsi Jawa Barat", "Kementerian ... (KemenPAN-RB)"."""
    items = [
        Institution(f"{r.name}, {r.province.name}", regency=r)
        for r in Regency.objects.select_related("province").order_by("name", "code")
    ]
    items += [Institution(f"Provinsi {p.name}", province=p) for p in Province.objects.all()]
    items += [
        Institution(f"{m.name} ({m.acronym})" if m.acronym else m.name, ministry=m)
        for m in MinistryAgency.objects.all()
    ]
    return items


def _key(text):
    return " ".join(text.casefold().split())


def resolve(text):
    """The one institution this text names, or None. The exact label matches; so does a
    bare name ("Kabupaten Sumedang", "Jawa Barat", an acronym) when only one has it."""
    wanted = _key(text)
    if not wanted:
        return None
    items = institutions()
    for item in items:
        if _key(item.label) == wanted:
            return item
    matches = [item for item in items if wanted in _aliases(item)]
    return matches[0] if len(matches) == 1 else None


def _aliases(item):
    if item.regency:
        return {_key(item.regency.name)}
    if item.province:
        return {_key(item.province.name)}
    return {_key(item.ministry.name), _key(item.ministry.acronym or "")} - {""}
