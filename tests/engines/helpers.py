"""What the database engines' own tests share: a fresh engine, pages with only the text a
test gives, and ranking scenarios every engine must pass."""

import pytest
from django.db import connection

from search.analysis import query_groups
from search.backends import get_backend
from search.backends.database import Coordination
from tests.factories import create_innovation

SECTOR = "ketenagakerjaan"  # its name is indexed too (field B): no test searches for it
NEUTRAL = {
    "ringkasan": "Ringkasan singkat.",
    "latar_belakang": "Latar belakang singkat.",
    "kebaruan": "Kebaruan singkat.",
    "implementasi": "Implementasi singkat.",
    "dampak": "Dampak singkat.",
    "sumber_daya": "Sumber daya singkat.",
    "keberlanjutan": "Keberlanjutan singkat.",
    "replikasi": "Replikasi singkat.",
}


def database_engine(request, vendor, name):
    """The engine `name`, on a test database of `vendor` (the test is skipped on others),
    with the per-process caches emptied of other tests' (rolled back) data."""
    if connection.vendor != vendor:
        pytest.skip(f"needs {vendor} (the engine {name!r}); run with the matching DATABASE_URL")
    request.getfixturevalue("site_tree")
    from search import caches

    caches.reset()
    backend = get_backend()
    assert backend.name == name
    return backend


def make(title, tagline="Inovasi pelayanan publik daerah.", tags=(), sector=SECTOR, **sections):
    """A published innovation whose text is only what the test gives (plus neutral filler
    and the factory's institution, places and award)."""
    return create_innovation(
        title=title,
        tagline=tagline,
        tags=list(tags),
        sector=sector,
        secondary_sectors=[],
        sections={**NEUTRAL, **sections},
    )


def rare_words_decide_the_tier(engine, make):
    """With many matches, a tier says where the query's *rare* words stand: a title with
    the common word ("desa") and the rare one only in the body does not outrank a
    tagline that has the rare word. Call with tiered ranking forced on."""
    common_in_title = make("Desa Maju Bersama", implementasi="Bank sampah dikelola warga.")
    rare_in_title = make("Bank Sampah Kota")
    rare_in_tagline = make("Kampung Hijau", tagline="Sampah rumah tangga dipilah.")
    groups = query_groups("sampah desa")
    assert len(groups) == 2
    bits = [engine.match_group(g) for g in groups]
    union = bits[0] | bits[1]
    coordination = Coordination(bits)

    def order(tier_groups):
        ranked = engine.rank(groups, union, union, 10, coordination, tier_groups)
        return [page_id for page_id, _ in ranked]

    by_rare = order([groups[0]])
    assert by_rare == [rare_in_title.pk, rare_in_tagline.pk, common_in_title.pk]
    # Every concept placing documents in tiers, "Desa" in a title would count.
    assert order(None).index(common_in_title.pk) < order(None).index(rare_in_tagline.pk)


def a_tier_is_scored_on_its_own_fields(engine):
    """With many matches, the documents of a tier are ordered by the query's words in that
    tier's fields: a tagline holding the word twice outranks one holding it once, however
    often the second record repeats it in its summary (a lower tier's field). FTS5's
    column filter scores so; PostgreSQL scored every tier on the heading, lead and summary
    together, and put the summary's repeats first. Call with tiered ranking forced on."""
    filler = " ".join(f"kata{n}" for n in range(8))
    twice = make("Kampung Hijau", tagline="Sampah dipilah, sampah ditabung.",
                 ringkasan=f"Warga kampung {filler}.")  # fmt: skip
    once = make("Desa Bersih", tagline="Sampah dipilah.", ringkasan="Sampah " * 8 + ".")
    groups = query_groups("sampah")
    union = engine.match_group(groups[0])
    ranked = [page_id for page_id, _ in engine.rank(groups, union, union, 10, None)]
    assert ranked == [twice.pk, once.pk]
