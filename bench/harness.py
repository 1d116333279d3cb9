"""The search benchmark's measurements, run on whatever database is configured.

Three things answer the same query mix on the same data, in the same process and run:
- the hub's search API (/api/v1/search/ through Django's test client: parsing, engine,
  every facet, snippets, JSON);
- stock Wagtail: InnovationPage.objects.live().search(q) plus .facet() on every field it
  can facet (province, sector, level, year), with the same filters;
- the bare engine query: the FTS5 MATCH (or tsquery) for the top 10, nothing else.
Medians and 95th percentiles are reported with their ratios, since these machines are noisy.
"""

import random
import statistics
import time

from django.db import connection
from django.db.models import Count
from django.test import Client

from innovations.models import InnovationPage
from search import vectors
from search.analysis import query_groups
from search.backends import database_backend
from search.backends.pg_tsquery import rank_query
from search.backends.sqlite import TABLE, WEIGHTS, query_sql
from search.models import Term
from search.synonyms import synonym_table

COMMON = ["layanan", "desa", "anak", "kesehatan", "masyarakat", "sampah", "pendidikan", "data"]
SEVERAL = [
    "pelayanan kesehatan ibu hamil",
    "pengelolaan sampah desa",
    "akta kelahiran bayi",
    "perizinan usaha online",
    "pengaduan warga cepat",
    "perpustakaan keliling daerah terpencil",
]
# Issue 17's second mix: words common and rare, short and long, and browsing, each with no
# filter, with a province, and with a sector and a level.
SECOND_MIX_QUERIES = ["pelayanan", "sampah", "akta kelahiran", "stunting posyandu",
                      "layanan kesehatan ibu hamil", "umkm", ""]  # fmt: skip
SECOND_MIX_FILTERS = [{}, {"province": "32"}, {"sector": "kesehatan", "level": "kabupaten"}]
FACET_CHOICES = {
    "province": ["32", "35", "33", "11", "51", "73", "53", "91"],
    "sector": ["kesehatan", "pendidikan", "adminduk", "lingkungan", "perizinan", "sosial"],
    "channel": ["tatap-muka", "bergerak", "mandiri", "elektronik"],
    "level": ["kabupaten", "kota", "provinsi", "kementerian"],
}


def query_mix(rare_words, count=120, seed=11):
    """Deterministic mix: common words, rare words, several words, the empty query;
    each with 0 to 3 facets selected."""
    rng = random.Random(seed)
    kinds = ["common", "rare", "several", "empty"]
    mix = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        if kind == "common":
            q = rng.choice(COMMON)
        elif kind == "rare":
            q = rng.choice(rare_words) if rare_words else rng.choice(COMMON)
        elif kind == "several":
            q = rng.choice(SEVERAL)
        else:
            q = ""
        filters = {}
        for name in rng.sample(sorted(FACET_CHOICES), rng.randint(0, 3)):
            filters[name] = rng.choice(FACET_CHOICES[name])
        mix.append({"kind": kind, "q": q, "filters": filters})
    return mix


def second_mix():
    """The 21 queries of issue 17's second mix, in a fixed order."""
    return [
        {"kind": "mix2", "q": q, "filters": dict(filters)}
        for q in SECOND_MIX_QUERIES
        for filters in SECOND_MIX_FILTERS
    ]


def rare_words(limit=40):

    words = list(
        Term.objects.filter(df__gte=2, df__lte=20)
        .exclude(term__regex=r"\d")
        .order_by("term")
        .values_list("term", flat=True)[:2000]
    )
    random.Random(5).shuffle(words)
    return words[:limit]


def timed(function, repeat=1):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return min(samples)


def summary(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return {"n": len(ordered), "p50": statistics.median(ordered), "p95": p95,
            "max": ordered[-1]}  # fmt: skip


def api_runner():
    """The API, cold: the query's vector is computed anew each time (no per-process cache),
    as for a query nobody asked since the process started."""
    client = Client()

    def run(item):
        vectors.forget_query_vectors()
        params = {"q": item["q"], **item["filters"]}
        response = client.get("/api/v1/search/", params)
        assert response.status_code == 200, response.content[:200]

    return run


def stock_runner():
    facet_fields = ["province_id", "sector_id", "level", "year_launched"]
    lookups = {"province": "province_id", "sector": "sector_id", "level": "level"}

    def run(item):
        pages = InnovationPage.objects.live()
        for name, value in item["filters"].items():
            if name in lookups:
                pages = pages.filter(**{lookups[name]: value})
        if not item["q"]:
            # Stock Wagtail has no browse-with-facets: count and group with the ORM.
            list(pages.order_by("-first_published_at")[:10])
            for field in facet_fields:
                list(pages.values(field).order_by().annotate(n=Count("pk")))
            return
        results = pages.search(item["q"])
        list(results[:10])
        results.count()
        for field in facet_fields:
            results.facet(field)

    return run


def engine_runner():

    backend = database_backend()

    def run(item):
        groups = query_groups(item["q"], synonym_table()) if item["q"] else []
        if not groups:
            return
        with connection.cursor() as cursor:
            if backend.name == "sqlite":
                weights = ", ".join(map(str, WEIGHTS))
                cursor.execute(
                    f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s "
                    f"ORDER BY bm25({TABLE}, {weights}) LIMIT 10",
                    [query_sql(groups)],
                )
            else:
                tsquery = rank_query(groups)
                cursor.execute(
                    "SELECT page_id FROM hubsearch_indexeddocument "
                    "WHERE search_vector @@ to_tsquery('simple', %s) "
                    "ORDER BY ts_rank(search_vector, to_tsquery('simple', %s)) DESC LIMIT 10",
                    [tsquery, tsquery],
                )
            cursor.fetchall()

    return run


def measure(runner, mix, budget_seconds=None, warmup=8, by_query=False):
    """Warm up on the first queries, then time each query once. Stops early past the budget.
    `by_query`: also the median of each distinct query (words and filters)."""
    run = runner()
    for item in mix[:warmup]:
        run(item)
    samples, per_query, started = [], {}, time.monotonic()
    for item in mix:
        sample = timed(lambda item=item: run(item))
        samples.append(sample)
        key = " ".join([repr(item["q"]), *(f"{k}={v}" for k, v in sorted(item["filters"].items()))])
        per_query.setdefault(key, []).append(sample)
        if budget_seconds and time.monotonic() - started > budget_seconds:
            break
    result = summary(samples)
    if by_query:
        result["by_query"] = {k: round(statistics.median(v), 1) for k, v in per_query.items()}
    return result
