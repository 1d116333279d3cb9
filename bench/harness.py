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

from django.apps import apps
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.db.models import Count
from django.test import Client, RequestFactory, override_settings

from innovations.models import InnovationPage
from search import keptmatches, resultcache, vectors
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
    and its words' matches read anew (no kept matches, search.keptmatches), as for a query
    nobody asked since the process started."""
    client = Client()

    def run(item):
        vectors.forget_query_vectors()
        keptmatches.reset()
        params = {"q": item["q"], **item["filters"]}
        with resultcache.bypassed():  # cold: no answer kept from an earlier round either
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
                    "SELECT page_id FROM hubsearch_documentwords "
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


# A person's browser: recording skips programs (insights.privacy.is_automated).
BROWSER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def recording_overhead(mix, rounds=3, warmup=8):
    """The search API with search insights recording on and off (INSIGHTS_RECORDING), on
    the same queries in the same run, as a browser (so that it is recorded), through
    Django's WSGI handler as a WSGI server calls it. Two times per request: until the
    response is ready to send (what the reader waits for) and until it is closed (when
    recording writes its row: what the worker spends). Each query is timed both ways,
    alternating which goes first, so drift affects both alike. The rows are deleted."""
    handler = WSGIHandler()
    factory = RequestFactory(HTTP_USER_AGENT=BROWSER_AGENT)
    SearchEvent = apps.get_model("insights", "SearchEvent")
    first_new = (SearchEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    def run(item):
        environ = factory.get("/api/v1/search/", {"q": item["q"], **item["filters"]}).environ
        started = time.perf_counter()
        response = handler(environ, lambda status, headers: None)
        ready = time.perf_counter()
        assert response.status_code == 200, response.content[:200]
        response.close()
        closed = time.perf_counter()
        return (ready - started) * 1000, (closed - started) * 1000

    samples = {(recording, part): [] for recording in (True, False) for part in (0, 1)}
    # As the other API figures (Django's test client): one database connection throughout,
    # not one per request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        for item in mix[:warmup]:
            run(item)
        for round_number in range(rounds):
            for number, item in enumerate(mix):
                order = (True, False) if (number + round_number) % 2 == 0 else (False, True)
                for recording in order:
                    with override_settings(INSIGHTS_RECORDING=recording):
                        ready, closed = run(item)
                    samples[recording, 0].append(ready)
                    samples[recording, 1].append(closed)
        recorded = SearchEvent.objects.filter(pk__gte=first_new).count()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        SearchEvent.objects.filter(pk__gte=first_new).delete()
    result = {"recorded": recorded}
    for part, name in ((0, "response"), (1, "closed")):
        on, off = summary(samples[True, part]), summary(samples[False, part])
        result[name] = {
            "on": on,
            "off": off,
            "p50_added_ms": round(on["p50"] - off["p50"], 2),
            "p50_ratio": round(on["p50"] / off["p50"], 3),
            "p95_ratio": round(on["p95"] / off["p95"], 3),
        }
    return result
