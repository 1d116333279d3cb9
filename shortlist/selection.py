"""Which case studies a shortlist URL names: ?id=12&id=34, in that order.

The URL is the whole list, so a shared link shows the same list on any browser. Ids of
pages the public may not see (drafts, private pages, other hubs' unpublished work) are left
out and only counted, never named."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from innovations.models import InnovationPage

MAX_ITEMS = 50


class InvalidSelection(ValueError):
    pass


@dataclass
class Selection:
    ids: list  # as asked, without repeats
    pages: list = field(default_factory=list)  # the public ones, in the order asked

    @property
    def unavailable(self):
        return len(self.ids) - len(self.pages)


def parse_ids(params):
    """The ids of ?id=..., or InvalidSelection with the reason (Indonesian)."""
    values = [v.strip() for v in params.getlist("id") if v.strip()]
    if len(values) > MAX_ITEMS:
        raise InvalidSelection(
            _("Daftar pilihan memuat paling banyak %(max)s inovasi; alamat ini memuat %(n)s.")
            % {"max": MAX_ITEMS, "n": len(values)}
        )
    ids = []
    for value in values:
        if not value.isascii() or not value.isdigit() or len(value) > 12:
            raise InvalidSelection(
                _("Nomor inovasi %(value)s tidak sah: gunakan angka saja.") % {"value": value[:20]}
            )
        if int(value) not in ids:
            ids.append(int(value))
    return ids


def select(params):
    ids = parse_ids(params)
    found = {p.pk: p for p in InnovationPage.objects.visible().filter(pk__in=ids)}
    return Selection(ids=ids, pages=[found[i] for i in ids if i in found])
