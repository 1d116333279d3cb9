"""Reading the cluster's answers: hits, facet counts, concept counts, the semantic leg's
neighbours, the text ranking fusion reads, and whether an answer is complete. Hits and
facet values are assembled by search.results, as for every engine."""

import re

from ... import results
from ...analysis import tokenize
from ...highlight import marked_snippet
from .mappings import FACET_FIELDS
from .queries import MARK_CLOSE, MARK_OPEN

MARKED = re.compile(re.escape(MARK_OPEN) + "(.*?)" + re.escape(MARK_CLOSE), re.S)


def shard_failures(answer):
    """A description of the shards that did not answer, or "" when every shard did: an
    answer missing shards misses their documents and counts, and is no answer to show."""
    shards = answer.get("_shards") or {}
    failed = shards.get("failed") or 0
    if not failed:
        return ""
    reasons = {
        f"{(f.get('reason') or {}).get('type', '')}: {(f.get('reason') or {}).get('reason', '')}"
        for f in shards.get("failures") or []
    }
    return f"{failed} of {shards.get('total')} shards failed ({'; '.join(sorted(reasons))})"[:500]


def concept_counts(answer, count):
    """How many documents each concept matches in the whole index."""
    buckets = answer.get("aggregations", {}).get("concepts", {}).get("matches", {})
    buckets = buckets.get("buckets", {})
    return [buckets.get(f"c{i}", {}).get("doc_count", 0) for i in range(count)]


def concept_reaches(answer, count, language):
    """For each concept, whether a record in another language than `language` matches it
    (the concept aggregation's `languages` buckets), or None when the answer does not say."""
    buckets = answer.get("aggregations", {}).get("concepts", {}).get("matches", {})
    buckets = buckets.get("buckets", {})
    reaches = []
    for i in range(count):
        languages = buckets.get(f"c{i}", {}).get("languages")
        if languages is None:
            return None
        reaches.append(
            any(b["doc_count"] for b in languages.get("buckets", []) if b["key"] != language)
        )
    return reaches


def query_count(answer):
    buckets = answer.get("aggregations", {}).get("concepts", {}).get("matches", {})
    return buckets.get("buckets", {}).get("query", {}).get("doc_count", 0)


def neighbours(answer):
    """[(page_id, cosine)] of a kNN answer, nearest first, and {page_id: lineage roles}.
    Elasticsearch scores cosine similarity as (1 + cosine) / 2."""
    found, roles = [], {}
    for raw in answer["hits"]["hits"]:
        page_id = int(raw["_id"])
        found.append((page_id, 2.0 * float(raw["_score"]) - 1.0))
        roles[page_id] = _roles(raw.get("_source") or {})
    return found, roles


def _roles(source):
    roles = source.get("lineage") or []
    return set(roles if isinstance(roles, list) else [roles])


def text_ranking(answer):
    """The text ranking of a ranking answer: [(page_id, score, language, lineage roles,
    concepts matched)], best first. Records there only as neighbours or pinned score 0:
    they are left out."""
    ranked = []
    for raw in answer["hits"]["hits"]:
        score = raw.get("_score")
        if score is None and raw.get("sort"):
            score = raw["sort"][0]
        if not score:
            continue
        source = raw.get("_source") or {}
        language = source.get("language", "id")
        ranked.append((int(raw["_id"]), float(score), language, _roles(source), _concepts(raw)))
    return ranked


def _concepts(raw):
    """Indices of the concepts a hit matched, from its named clauses (c0, c1 ...), or None
    when the answer does not say (search.fusion.confidence then trusts the words fully)."""
    names = raw.get("matched_queries")
    if names is None:
        return None
    return {int(name[1:]) for name in names if re.fullmatch(r"c[0-9]+", name)}


def index_size(answer):
    """How many documents the index holds: the global concept aggregation's count."""
    return answer.get("aggregations", {}).get("concepts", {}).get("doc_count", 0)


def allowed_ids(answer, name="pinned"):
    """Page ids in an ids aggregation (the pinned records the selections allow)."""
    buckets = answer.get("aggregations", {}).get(name, {}).get("ids", {}).get("buckets", [])
    return {int(b["key"]) for b in buckets}


def facet_counts(answer):
    """{facet: {value: count}} from the facets' filter aggregations."""
    aggregations = answer.get("aggregations", {})
    counts = {}
    for name in FACET_FIELDS:
        facet = aggregations[name]
        buckets = facet["values"]["buckets"] + facet.get("selected", {}).get("buckets", [])
        counts[name] = {str(b["key"]): b["doc_count"] for b in buckets}
    return counts


def source_row(source):
    """A hit's _source as the row search.results expects."""
    language = source.get("language", "id")
    texts = source.get(f"text_{language}", {})
    return {
        "page_id": int(source["page_id"]),
        "slug": source["slug"],
        "title": texts.get("title", ""),
        "url": source["url"],
        "tagline": texts.get("tagline", ""),
        "texts": texts,
        "language": language,
        "province": source.get("province", ""),
        "sector": source.get("sector", ""),
        "year": source.get("year"),
    }


def marked_words(highlight):
    """{text part: the words Elasticsearch marked in it} from a hit's highlight."""
    marked = {}
    for key, values in highlight.items():
        words = marked.setdefault(key.split(".", 1)[-1], set())
        for value in values:
            for match in MARKED.finditer(value):
                words.update(tokenize(match.group(1)))
    return marked


def hits(raw_hits, has_text, sort):
    """[search.query.Hit] for the answer's hits, with snippets cut where they were marked."""
    scored = sort == "relevance" and has_text
    ranked, rows, highlights = [], {}, {}
    for raw in raw_hits:
        row = source_row(raw["_source"])
        score = raw.get("_score") if scored else None
        if score is None and scored and raw.get("sort"):
            score = raw["sort"][0]
        ranked.append((row["page_id"], score))
        rows[row["page_id"]] = row
        highlights[row["page_id"]] = raw.get("highlight", {})
    if not has_text:
        return results.hits(ranked, rows)
    return results.hits(
        ranked,
        rows,
        lambda row: marked_snippet(
            row["texts"], marked_words(highlights[row["page_id"]]), row["language"]
        ),
    )
