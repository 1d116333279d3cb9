"""SearchResponse -> the JSON the API returns (also used by the Atom feed and tests)."""


def response_json(response, closeness=None):
    """`closeness`: {page id: closeness} (search.nearness.explain) when the request named a
    region; each result then carries its own, null when none was found."""
    request = response.request
    return {
        "total": response.total,
        "page": request.page,
        "page_size": request.page_size,
        "sort": request.effective_sort,
        "results": [hit_json(hit, closeness) for hit in response.hits],
        "facets": {
            name: [
                {
                    "value": v.value,
                    "label": str(v.label),
                    "count": v.count,
                    "selected": v.selected,
                    **({"province": v.parent} if v.parent else {}),
                }
                for v in values
            ]
            for name, values in response.facets.items()
        },
        "suggestion": response.suggestion,
        "corrected": response.corrected,
        "ignored": response.ignored,
        "interpretation": interpretation_json(response.interpretation),
        "backend": response.backend,
        "notice": response.notice or None,
        "took_ms": response.took_ms,
    }


def interpretation_json(meaning):
    """What the query was read to mean; null when it was searched as typed."""
    if meaning is None:
        return None
    return {
        "places": [
            {
                "text": m.text,
                "label": m.place.label,
                "facet": m.place.facet,
                "values": list(m.place.values),
            }
            for m in meaning.places
        ],
        "place_fallback": meaning.place_fallback,
        "replication": meaning.replication.wants if meaning.replication else None,
        "practice": meaning.practice,
        "as_typed": {"interpret": "0"},
    }


def hit_json(hit, closeness=None):
    extra = {} if closeness is None else {"closeness": closeness.get(hit.page_id)}
    return {
        "slug": hit.slug,
        "title": hit.title,
        "url": hit.url,
        "tagline": hit.tagline,
        "snippet": hit.snippet,
        "province": hit.province or None,
        "province_name": hit.province_name or None,
        "sector": hit.sector or None,
        "sector_name": hit.sector_name or None,
        "year_launched": hit.year_launched,
        "score": hit.score,
        **extra,
    }
