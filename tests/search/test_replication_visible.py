"""Replication made visible in search: the "replication" facet, and a "Paling banyak
direplikasi" order whose numbers the reader sees and whose ties break by a stated rule."""

import re

from tests.html_helpers import get_html, text_of

from .oracle import all_results, get, visible_records


def test_the_replication_facet_is_labelled_and_counted(site, client):
    records = visible_records()
    facet = {v["value"]: v for v in get(client)["facets"]["replication"]}
    replicated = sum(1 for r in records.values() if "replicated" in r["replication"])
    replicas = sum(1 for r in records.values() if "replica" in r["replication"])
    assert facet["replicated"]["count"] == replicated > 0
    assert facet["replica"]["count"] == replicas > 0
    assert facet["replicated"]["label"] == "Sudah direplikasi daerah lain"
    slugs = {r["slug"] for r in all_results(client, replication="replicated")}
    assert slugs == {s for s, r in records.items() if r["_replications"]}


def test_ties_in_the_replicated_order_break_by_year_then_publication(site, client):
    records = visible_records()
    results = all_results(client, sort="replicated")
    keys = [(records[r["slug"]]["_replications"], r["year_launched"]) for r in results]
    assert keys == sorted(keys, reverse=True)
    # The same request twice gives the same order (no arbitrary tiebreak).
    assert [r["slug"] for r in results] == [
        r["slug"] for r in all_results(client, sort="replicated")
    ]


def test_the_page_shows_each_results_count_and_explains_the_order(site, client):
    html = get_html(client, "/cari/", sort="replicated")
    assert "Urutan: jumlah daerah yang sudah mereplikasi" in text_of(html)
    shown = [int(n) for n in re.findall(r'data-replicated="(\d+)"', html)]
    assert shown[:2] == [3, 2]
    assert shown == sorted(shown, reverse=True)
    first = re.search(r'<li class="search-result".*?</li>\s*(?=<li class="search-result"|</ol>)',
                      html, flags=re.S).group(0)  # fmt: skip
    assert "Direplikasi di 3 daerah" in text_of(first)
    # Browsing by newest does not claim an order by replication.
    assert "Urutan: jumlah daerah" not in text_of(get_html(client, "/cari/"))
