"""Figures that prose states about the network (how many hubs, of which kind, how many case
studies): counted from the data every time, so the About page and the home page agree."""

from dataclasses import dataclass, field

from django.db.models import Count

from .models import HubPage, InnovationPage
from .models.hubs import HubKind
from .models.innovation import public_q


@dataclass
class NetworkFigures:
    hubs: int
    innovations: int
    hubs_by_kind: list = field(default_factory=list)  # [(kind label, count)], in HubKind order

    @property
    def national_hubs(self):
        return sum(n for kind, _label, n in self.hubs_by_kind if kind in NATIONAL_KINDS)

    @property
    def regional_hubs(self):
        return self.hubs - self.national_hubs


NATIONAL_KINDS = (HubKind.KEMENTERIAN, HubKind.LEMBAGA)


def public_hubs():
    return HubPage.objects.live().filter(public_q())


def network_figures():
    counts = dict(
        public_hubs()
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    by_kind = [(kind, label, counts[kind]) for kind, label in HubKind.choices if counts.get(kind)]
    return NetworkFigures(
        hubs=sum(counts.values()),
        innovations=InnovationPage.objects.visible().count(),
        hubs_by_kind=by_kind,
    )
