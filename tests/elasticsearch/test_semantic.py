"""The semantic leg and replication intent on Elasticsearch: vectors in the documents, the
kNN body within the selections, and the fused page, pinned records and preferred lineage
role ranked exactly as the database engines rank them (search.fusion). Bodies pinned in
bodies/search_semantic_*.json; the vectors come from the test embedder (HashingEmbedder)."""

import pytest

from search import fusion, vectors
from search.backends.elasticsearch.queries import SOURCE_FIELDS
from search.documents import embedded_text
from search.embedders import get_embedder
from search.facets import ORIGINAL, REPLICA
from search.models import DocumentVector, IndexedDocument
from search.query import SearchRequest
from tests.factories import create_innovation

from .clauses import concept, hit, search_answer
from .conftest import ALIAS, API, load_body


def neighbour(page_id, cosine, lineage=()):
    """A kNN hit as Elasticsearch scores cosine similarity: (1 + cosine) / 2."""
    source = {"page_id": page_id, **({"lineage": list(lineage)} if lineage else {})}
    return {"_index": f"{ALIAS}-1", "_id": str(page_id), "_score": (1 + cosine) / 2,
            "_source": source}  # fmt: skip


def ranked(page_id, score, language="id", lineage=(), matched=None):
    """A hit of the text ranking read for fusion (score 0: there only as a neighbour);
    `matched` names the concept clauses it matched, as Elasticsearch reports them."""
    source = {"page_id": page_id, "language": language}
    if lineage:
        source["lineage"] = list(lineage)
    raw = {"_id": str(page_id), "_score": score, "_source": source, "sort": [score, page_id]}
    if matched is not None:
        raw["matched_queries"] = list(matched)
    return raw


def knn_answer(*hits):
    return {"took": 1, "timed_out": False, "hits": {"total": {"value": len(hits)}, "hits": hits},
            "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0}}  # fmt: skip


def scripted(fake, **answers):
    """Answer each kind of body from `answers`: knn, layer, page (the fused page's records)
    and main (the words)."""

    def answer(body, recorded):
        if "knn" in body:
            return answers["knn"]
        if "aggs" not in body and "highlight" not in body:
            return answers["layer"]
        if body["query"].get("bool", {}).get("filter"):
            return answers["page"]
        return answers["main"]

    fake.search_handler = answer


def test_documents_carry_their_vector_and_lineage(es, fake, commit):
    """The vector is computed after commit; the document is sent again with it, under the
    same version. A replica and its original carry their lineage roles."""
    with commit():
        original = create_innovation(id="asal", title="Bank Sampah Digital")
        replica = create_innovation(id="tiruan", title="Bank Sampah Desa", replicated_from="asal")
    DocumentVector.objects.all().delete()  # as before the task worker embeds them
    es.rebuild()
    documents = fake.documents(ALIAS)
    assert "vector" not in documents[str(replica.pk)]  # not embedded yet
    assert documents[str(original.pk)]["lineage"] == [ORIGINAL]
    assert documents[str(replica.pk)]["lineage"] == [REPLICA]

    assert vectors.embed_pending() == 2
    documents = fake.documents(ALIAS)
    texts = IndexedDocument.objects.get(page_id=replica.pk).texts
    embedded = get_embedder().documents([embedded_text(texts)])[0]
    assert documents[str(replica.pk)]["vector"] == [float(x) for x in embedded]
    assert len(embedded) == 64
    assert es.pending_count() == 0


def test_the_semantic_leg_is_a_knn_body_within_the_selections_and_fused_as_rrf(built, es, fake):
    scripted(
        fake,
        knn=knn_answer(neighbour(21, 0.91), neighbour(22, 0.89), neighbour(23, 0.70)),
        main=search_answer(
            hits=[ranked(11, 7.0), ranked(22, 5.5), ranked(12, 3.0), ranked(21, 0.0)],
            total=4,
            facets={"province": [("33", 3), ("32", 1)]},
            concepts={"c0": 3, "query": 3},
        ),
        page=search_answer(hits=[hit(p, f"Inovasi {p}", 1.0) for p in (11, 12, 21, 22)]),
    )
    vector = get_embedder().query("gizi balita")
    request = SearchRequest(q="gizi", filters={"province": ["33"]}, vector=vector)
    response = es.search(request)

    knn, main, page = fake.calls("POST", "/_search")
    # kNN on the vector field, within the same selections as the words.
    assert knn.body == load_body("search_semantic_knn", vector=[float(x) for x in vector])
    # The words, with the close neighbours (23 is more than 0.05 below the best: not a
    # result) as results at score 0; the text ranking read 50 deep for fusion.
    assert main.body == load_body("search_semantic_ranking")
    assert main.body["query"]["bool"]["should"][1] == {
        "constant_score": {"filter": {"terms": {"page_id": [21, 22]}}, "boost": 0}
    }
    # The page's records, with their highlights.
    assert page.body["query"]["bool"]["filter"] == [{"terms": {"page_id": [22, 11, 12, 21]}}]
    assert page.body["_source"] == SOURCE_FIELDS and "highlight" in page.body
    # Weighted RRF exactly as the database engines fuse: lexical 2, semantic 1.
    expected = fusion.fuse([11, 22, 12], [21, 22], fusion.INDONESIAN_WEIGHTS)
    assert [h.page_id for h in response.hits] == [p for p, _ in expected] == [22, 11, 12, 21]
    assert [h.score for h in response.hits] == [round(s, 4) for _, s in expected]
    assert response.total == 4
    assert {v.value: v.count for v in response.facets["province"]} == {"33": 3, "32": 1}


def test_an_english_query_weighs_the_legs_by_how_far_the_words_crossed(built, es, fake):
    scripted(
        fake,
        knn=knn_answer(neighbour(31, 0.9)),
        main=search_answer(
            hits=[ranked(41, 6.0, "en"), ranked(42, 5.0, "en"), ranked(43, 4.0, "id")],
            concepts={"c0": 3, "query": 3},
        ),
        page=search_answer(hits=[hit(p, f"Inovasi {p}", 1.0) for p in (31, 41, 42, 43)]),
    )
    request = SearchRequest(q="dropout", vector=get_embedder().query("dropout"), language="en")
    response = es.search(request)
    weights = fusion.weights("en", ["en", "en", "id"])
    expected = fusion.fuse([41, 42, 43], [31], weights)
    assert [h.page_id for h in response.hits] == [p for p, _ in expected]
    assert response.hits[0].page_id == 31  # semantic 2, lexical 2 x 1/3


def test_a_partial_text_match_weighs_as_little_as_on_the_database_engines(built, es, fake):
    """The lexical leg's confidence (search.fusion.confidence) from the concepts the best
    text match matched (its named clauses) and each concept's count in the index: a best
    match holding only the common word gives way to the nearest neighbour."""
    scripted(
        fake,
        knn=knn_answer(neighbour(31, 0.9)),
        main=search_answer(
            hits=[ranked(41, 6.0, matched=["c1"]), ranked(42, 5.0, matched=["c1"])],
            concepts={"c0": 2, "c1": 90, "query": 2},
        ),
        page=search_answer(hits=[hit(p, f"Inovasi {p}", 1.0) for p in (31, 41, 42)]),
    )
    request = SearchRequest(q="rentenir pasar", vector=get_embedder().query("x"), language="id")
    response = es.search(request)
    sure = fusion.confidence({1}, [2, 90], 100)  # the index holds 100 documents
    assert sure < 0.05
    expected = fusion.fuse([41, 42], [31], fusion.weights("id", ["id", "id"], sure))
    assert [h.page_id for h in response.hits] == [p for p, _ in expected]
    assert response.hits[0].page_id == 31


def test_pinned_records_first_then_the_preferred_role(built, es, fake):
    """Replication intent: the named practice's lineage pinned (those the selections allow,
    aggregation "pinned"), then the preferred role's layer (a request of its own, filtered by
    lineage), then the rest; as the database engines rank them."""
    main = search_answer(
        hits=[ranked(51, 9.0), ranked(52, 8.0, lineage=[REPLICA]), ranked(53, 7.0),
              ranked(61, 0.0), ranked(62, 0.0)],
        concepts={"c0": 5, "query": 5},
    )  # fmt: skip
    main["aggregations"]["pinned"] = {"doc_count": 1, "ids": {"buckets": [{"key": 61}]}}
    scripted(
        fake,
        main=main,
        layer=search_answer(hits=[ranked(52, 8.0, lineage=[REPLICA]), ranked(54, 1.0)]),
        page=search_answer(hits=[hit(p, f"Inovasi {p}", 1.0) for p in (61, 52, 54, 51, 53)]),
    )
    request = SearchRequest(q="sampah", pinned=(61, 62), prefer=REPLICA)
    response = es.search(request)
    # 62 is pinned but outside the selections: left out, as the database engines do.
    assert [h.page_id for h in response.hits] == [61, 52, 54, 51, 53]
    assert response.hits[0].score is None  # pinned: not ranked by score
    main_body, layer, _ = fake.calls("POST", "/_search")
    assert main_body.body["aggs"]["pinned"] == {
        "filter": {"bool": {"filter": [{"terms": {"page_id": [61, 62]}}]}},
        "aggs": {"ids": {"terms": {"field": "page_id", "size": 2}}},
    }
    assert layer.body["post_filter"] == {"bool": {"filter": [{"term": {"lineage": REPLICA}}]}}
    assert "aggs" not in layer.body and layer.body["size"] == 50
    assert layer.body["query"]["bool"]["should"][0]["bool"]["should"] == [concept("sampah", "c0")]


def test_lineage_partners_pass_a_scope_read_from_the_words(built, es, fake):
    """A level read from the words ("inovasi kementerian yang ditiru ...") qualifies the
    records the question is about, not their lineage partners: a partner is pinned, shown
    and counted under the reader's own selections only (here the year), as the database
    engines do (search.backends.database: _pinnable)."""
    main = search_answer(
        hits=[ranked(51, 9.0, lineage=[ORIGINAL]), ranked(61, 0.0), ranked(53, 7.0)],
        concepts={"c0": 5, "query": 5},
    )  # fmt: skip
    main["aggregations"]["pinned"] = {"doc_count": 2, "ids": {"buckets": [{"key": 51},
                                                                        {"key": 61}]}}  # fmt: skip
    scripted(
        fake,
        main=main,
        layer=search_answer(hits=[ranked(51, 9.0, lineage=[ORIGINAL])]),
        page=search_answer(hits=[hit(p, f"Inovasi {p}", 1.0) for p in (51, 61, 53)]),
    )
    request = SearchRequest(
        q="sampah", filters={"level": ["kementerian", "lembaga"]}, year_from=2020,
        read_scopes=("level",), pinned=(51, 61), partners=(61,), prefer=ORIGINAL,
    )  # fmt: skip
    response = es.search(request)
    assert [h.page_id for h in response.hits] == [51, 61, 53]
    main_body, layer, _ = fake.calls("POST", "/_search")
    level = {"terms": {"level": ["kementerian", "lembaga"]}}
    year = {"range": {"year": {"gte": 2020}}}
    partner = {"bool": {"filter": [year, {"terms": {"page_id": [61]}}]}}
    admitted = {"bool": {"should": [{"bool": {"filter": [level, year]}}, partner],
                         "minimum_should_match": 1}}  # fmt: skip
    assert main_body.body["post_filter"] == admitted
    assert main_body.body["aggs"]["pinned"]["filter"] == {
        "bool": {"filter": [admitted, {"terms": {"page_id": [51, 61]}}]}
    }
    # The preferred role's layer ranks the records the question is about: every selection.
    assert layer.body["post_filter"] == {
        "bool": {"filter": [level, year, {"term": {"lineage": ORIGINAL}}]}
    }


def test_a_selection_of_the_reader_holds_for_lineage_partners(built, es, fake):
    """No scope read from the words: partners are pinned under every selection, and the
    body is the one without partners."""
    scripted(fake, main=search_answer(hits=[ranked(51, 9.0)], concepts={"c0": 1, "query": 1}),
             layer=search_answer(hits=[]),
             page=search_answer(hits=[hit(51, "Inovasi 51", 1.0)]))  # fmt: skip
    request = SearchRequest(q="sampah", filters={"level": ["kementerian"]}, pinned=(51, 61),
                            partners=(61,), prefer=ORIGINAL)  # fmt: skip
    es.search(request)
    main_body = fake.calls("POST", "/_search")[0]
    level = {"terms": {"level": ["kementerian"]}}
    assert main_body.body["post_filter"] == {"bool": {"filter": [level]}}
    assert main_body.body["aggs"]["pinned"]["filter"] == {
        "bool": {"filter": [level, {"terms": {"page_id": [51, 61]}}]}
    }


def test_without_neighbours_or_pins_elasticsearch_ranks_the_page_itself(built, es, fake):
    fake.search_handler = lambda body, recorded: search_answer(
        hits=[hit(7, "Bank Sampah", 2.0)], concepts={"c0": 1, "query": 1}
    )
    response = es.search(SearchRequest(q="sampah", page=2))
    (only,) = fake.calls("POST", "/_search")
    assert (only.body["from"], only.body["size"]) == (10, 10) and "highlight" in only.body
    assert [h.page_id for h in response.hits] == [7]


def test_search_through_the_api_respects_the_selections_in_both_legs(es, fake, commit, client):
    with commit():
        west = create_innovation(title="Posyandu Gizi Balita", province_code="32",
                                 regency="Kabupaten Sumedang")  # fmt: skip
        east = create_innovation(title="Kampung Gizi Balita", **{
            "hub": "JIPP Provinsi Jawa Timur", "province_code": "35",
            "regency": "Kota Surabaya", "level": "kota",
            "institution": "Pemerintah Kota Surabaya"})  # fmt: skip
    es.rebuild()
    vectors.embed_pending()
    fake.requests.clear()
    data = client.get(API, {"q": "gizi balita", "province": "35"}).json()
    assert data["backend"] == "elasticsearch" and data["notice"] is None
    knn = next(c for c in fake.calls("POST", "/_search") if "knn" in c.body)
    assert knn.body["knn"]["filter"] == {"bool": {"filter": [{"terms": {"province": ["35"]}}]}}
    slugs = [r["slug"] for r in data["results"]]
    assert east.slug in slugs and west.slug not in slugs


def test_a_refused_knn_leaves_the_words_to_answer(built, es, fake, client):
    """An index built before vectors refuses kNN (400): the words answer, from the
    cluster, without a notice; the cluster is not considered down."""
    fake.refuse_knn = True
    data = client.get(API, {"q": "gizi balita"}).json()
    assert data["backend"] == "elasticsearch" and data["notice"] is None
    assert [r["slug"] for r in data["results"]] == [built.slug]
    assert es.connection.reads_available()


def test_the_meaning_of_a_corrected_query_is_read_from_the_correction(built, es, fake, commit):
    """A typo corrected: the neighbours are asked again with the corrected words' vector
    (as the database engines do), and the retry counts those neighbours as results."""
    with commit():
        create_innovation(title="Perpustakaan Keliling Desa")
    knn_bodies, mains = (
        [],
        [
            search_answer(total=0, concepts={"c0": 0, "query": 0}),
            search_answer(hits=[ranked(7, 4.0, matched=["c0"])], concepts={"c0": 3, "query": 3}),
        ],
    )

    def answer(body, recorded):
        if "knn" in body:
            knn_bodies.append(body)
            return knn_answer(neighbour(31 if len(knn_bodies) == 1 else 32, 0.9))
        if body["query"].get("bool", {}).get("filter"):
            return search_answer(hits=[hit(p, f"Inovasi {p}", 1.0) for p in (7, 32)])
        return mains.pop(0)

    fake.search_handler = answer
    typed = "Perpustkaan"
    response = es.search(SearchRequest(q=typed, vector=get_embedder().query(typed)))
    assert response.corrected and response.suggestion == "perpustakaan"
    first, second = knn_bodies
    corrected = [float(x) for x in get_embedder().query("perpustakaan")]
    assert second["knn"]["query_vector"] == pytest.approx(corrected)
    assert first["knn"]["query_vector"] != second["knn"]["query_vector"]
    retry = [c for c in fake.calls("POST", "/_search") if "aggs" in c.body][1]
    assert retry.body["query"]["bool"]["should"][1]["constant_score"]["filter"] == {
        "terms": {"page_id": [32]}
    }
    assert {h.page_id for h in response.hits} == {7, 32}
