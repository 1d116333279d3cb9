"""A stand-in Elasticsearch node for the contract and outage tests (no tests of its own).

An http.server on 127.0.0.1 that the real `elasticsearch` client talks to through its real
transport. It records every request (method, path, query, JSON or NDJSON body) and answers
in Elasticsearch 9's documented response formats, with the `X-Elastic-Product` header the
client insists on, over http or https (start(tls=...)), on one node or on several that share
the cluster's state (add_node()). It keeps indices, aliases, synonyms sets and documents (by
_id, with external versions and delete tombstones) in memory, so a test can assert the
state the cluster would be in. Failures are switched on by tests: stopped (connection
refused), slow (sleeps past the client's timeout), failing (503, or another status, to
everything), late answers (a request applied, its answer sent after the client gave up),
per-document bulk rejections, failed shards, replicas that cannot be placed, and a cluster
that refuses expensive queries. Like Elasticsearch, it refuses to highlight a field longer
than the index's `highlight.max_analyzed_offset` unless the request bounds the analysis.

Searches are answered by `search_handler` when a test sets one; otherwise by a small
evaluator that knows filters (match_all, bool/filter, term, terms, range, constant_score),
terms aggregations (with `include` of exact values), field sorts and from/size, exact kNN
by cosine on the `vector` field, and treats any text query as matching everything.
"""

import contextlib
import fnmatch
import json
import math
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

CONTENT_TYPE = "application/vnd.elasticsearch+json;compatible-with=8"
SHARDS = {"total": 2, "successful": 1, "failed": 0}
DEFAULT_MAX_ANALYZED_OFFSET = 1_000_000  # index.highlight.max_analyzed_offset


@dataclass
class Recorded:
    method: str
    path: str
    query: dict
    body: object
    headers: dict = field(default_factory=dict)

    @property
    def target(self):
        return f"{self.method} {self.path}"


class FakeElasticsearch:
    def __init__(self):
        self.requests = []
        self.indices = {}  # name -> {"body": create body, "settings": [...], "docs": {}, ...}
        self.aliases = {}  # alias -> set of index names
        self.synonyms = {}  # set id -> rules
        self.delay = 0.0  # seconds to sleep before answering (a slow cluster)
        self.failing = False  # answer 503 (or this status) to everything
        self.late = []  # (method, path regex, seconds): applied, answered that much later
        self.bulk_failures = {}  # _id -> (status, type, reason): rejected bulk items
        self.failed_shards = None  # {"total": n, "failed": m, "reason": {...}} in searches
        self.allow_expensive_queries = True  # False: fuzzy queries are refused
        self.refuse_knn = False  # True: kNN is refused (an index without the vector field)
        self.data_nodes = 1
        self.stuck_replicas = False  # replicas of new indices are never assigned
        self.search_handler = None  # callable(body, recorded) -> response dict
        self.on_bulk = None  # callable(recorded), called before a bulk is applied
        self._lock = threading.RLock()
        self.node = FakeNode(self)  # the first node; add_node() makes more
        self.nodes = [self.node]

    # --- lifecycle ------------------------------------------------------------------------

    @property
    def url(self):
        return self.node.url

    @property
    def port(self):
        return self.node.port

    def start(self, tls=None):
        """Start the first node. tls: (certificate file, key file) to serve https."""
        self.node.start(tls)
        return self

    def stop(self):
        for node in self.nodes:
            node.stop()

    def add_node(self, tls=None):
        """Another node of the same cluster (same state), on a port of its own, started."""
        node = FakeNode(self)
        self.nodes.append(node)
        return node.start(tls)

    # --- what tests look at -----------------------------------------------------------------

    def calls(self, method=None, path_part=None):
        return [
            r
            for r in self.requests
            if (method is None or r.method == method) and (path_part is None or path_part in r.path)
        ]

    def resolve(self, name):
        """Index names behind an alias or index name."""
        if name in self.aliases:
            return sorted(self.aliases[name])
        return [name] if name in self.indices else []

    def documents(self, name):
        """{_id: _source} of the live documents behind `name`."""
        found = {}
        for index in self.resolve(name):
            for doc_id, doc in self.indices[index]["docs"].items():
                if not doc.get("deleted"):
                    found[doc_id] = doc["_source"]
        return found

    # --- request handling -------------------------------------------------------------------

    def handle(self, method, raw_path, headers, raw_body):
        parts = urlsplit(raw_path)
        path = unquote(parts.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        body = _parse_body(raw_body, headers.get("content-type", ""))
        recorded = Recorded(method, path, query, body, dict(headers))
        with self._lock:
            self.requests.append(recorded)
        if self.delay:
            time.sleep(self.delay)
        if self.failing:
            status = 503 if self.failing is True else self.failing
            return status, _error(status, "cluster_block_exception", "blocked by: [failing]")
        with self._lock:
            answer = self._route(method, path, query, body, recorded)
        for late_method, pattern, seconds in self.late:
            if late_method == method and re.fullmatch(pattern, path):
                time.sleep(seconds)
        return answer

    def _route(self, method, path, query, body, recorded):
        segments = [s for s in path.split("/") if s]
        if not segments:
            return 200, {
                "name": "fake-node",
                "cluster_name": "jipp-test",
                "version": {"number": "9.1.0", "build_flavor": "default"},
                "tagline": "You Know, for Search",
            }
        head = segments[0]
        if head == "_synonyms":
            return self._synonyms(method, segments[1], body)
        if head == "_cluster" and segments[1] == "health":
            return self._health(segments[2:], query)
        if head == "_alias":
            return self._get_alias(segments[1])
        if head == "_aliases":
            return self._update_aliases(body)
        if head == "_bulk":
            return self._bulk(None, query, body, recorded)
        name = head
        action = segments[1] if len(segments) > 1 else None
        if action is None:
            if method == "PUT":
                return self._create(name, body)
            if method == "HEAD":
                return (200 if self.resolve(name) else 404), None
            if method == "DELETE":
                return self._delete_index(name)
        if action == "_bulk":
            return self._bulk(name, query, body, recorded)
        if action == "_alias" and method == "GET":
            return self._indices_aliases(name)
        if action == "_doc" and len(segments) == 3:
            found = self.documents(name).get(segments[2])
            if method == "HEAD":
                return (200 if found is not None else 404), None
            if found is None:
                return 404, {"_index": name, "_id": segments[2], "found": False}
            return 200, {"_index": name, "_id": segments[2], "found": True, "_source": found}
        if action == "_search":
            return self._search(name, body or {}, recorded)
        if action == "_count":
            if not self.resolve(name):
                return _missing_index(name)
            return 200, {"count": len(self.documents(name)), "_shards": SHARDS}
        if action == "_settings" and method == "PUT":
            for index in self.resolve(name):
                self.indices[index]["settings"].append(body)
            return 200, {"acknowledged": True}
        if action == "_refresh":
            return 200, {"_shards": SHARDS}
        if action == "_delete_by_query":
            deleted = 0
            for index in self.resolve(name):
                for doc in self.indices[index]["docs"].values():
                    if not doc.get("deleted"):
                        doc["deleted"] = True
                        deleted += 1
            return 200, {"took": 1, "timed_out": False, "total": deleted, "deleted": deleted}
        return 400, _error(400, "illegal_argument_exception", f"no handler for {method} {path}")

    def _copies(self, name):
        """(active shard copies, all shard copies) of an index."""
        settings = self.indices[name]["body"].get("settings", {}).get("index", {})
        shards = settings.get("number_of_shards", 1)
        replicas = settings.get("number_of_replicas", 0)
        for update in self.indices[name]["settings"]:
            replicas = update.get("index", {}).get("number_of_replicas", replicas)
        placed = 0 if self.stuck_replicas else min(replicas, self.data_nodes - 1)
        return shards * (1 + placed), shards * (1 + replicas)

    def _health(self, index_names, query):
        names = index_names[0].split(",") if index_names else sorted(self.indices)
        active = total = 0
        for name in names:
            if name not in self.indices:
                return _missing_index(name)
            copies = self._copies(name)
            active, total = active + copies[0], total + copies[1]
        wanted = query.get("wait_for_active_shards")
        timed_out = wanted is not None and active < (total if wanted == "all" else int(wanted))
        answer = {
            "cluster_name": "jipp-test",
            "status": "green" if active == total else "yellow",
            "timed_out": timed_out,
            "number_of_nodes": self.data_nodes,
            "number_of_data_nodes": self.data_nodes,
            "active_primary_shards": len(names),
            "active_shards": active,
            "relocating_shards": 0,
            "initializing_shards": 0,
            "unassigned_shards": total - active,
            "delayed_unassigned_shards": 0,
            "number_of_pending_tasks": 0,
            "number_of_in_flight_fetch": 0,
            "task_max_waiting_in_queue_millis": 0,
            "active_shards_percent_as_number": 100.0 * active / total if total else 100.0,
        }
        return (408 if timed_out else 200), answer

    def _indices_aliases(self, pattern):
        """GET /<index or pattern>/_alias: every matching index with its aliases."""
        matching = [n for n in sorted(self.indices) if fnmatch.fnmatchcase(n, pattern)]
        if not matching and "*" not in pattern:
            return _missing_index(pattern)
        return 200, {
            name: {"aliases": {a: {} for a, members in self.aliases.items() if name in members}}
            for name in matching
        }

    def _synonyms(self, method, set_id, body):
        if method == "DELETE":
            if self.synonyms.pop(set_id, None) is None:
                return 404, _error(404, "resource_not_found_exception", "not found")
            return 200, {"acknowledged": True}
        if method == "PUT":
            result = "updated" if set_id in self.synonyms else "created"
            self.synonyms[set_id] = body["synonyms_set"]
            return 200, {
                "result": result,
                "reload_analyzers_details": {
                    "_shards": SHARDS,
                    "reload_details": [
                        {
                            "index": index,
                            "reloaded_analyzers": ["jipp_synonyms"],
                            "reloaded_node_ids": ["fake-node"],
                        }
                        for index in sorted(self.indices)
                    ],
                },
            }
        if set_id not in self.synonyms:
            return 404, _error(
                404, "resource_not_found_exception", f"synonyms set [{set_id}] not found"
            )
        rules = self.synonyms[set_id]
        return 200, {"count": len(rules), "synonyms_set": rules}

    def _create(self, name, body):
        if name in self.indices or name in self.aliases:
            return 400, _error(
                400, "resource_already_exists_exception", f"index [{name}] already exists"
            )
        self.indices[name] = {"body": body, "settings": [], "docs": {}}
        return 200, {"acknowledged": True, "shards_acknowledged": True, "index": name}

    def _delete_index(self, name):
        if name not in self.indices:
            return _missing_index(name)
        del self.indices[name]
        for members in self.aliases.values():
            members.discard(name)
        self.aliases = {a: m for a, m in self.aliases.items() if m}
        return 200, {"acknowledged": True}

    def _get_alias(self, alias):
        if alias not in self.aliases:
            return 404, {"error": f"alias [{alias}] missing", "status": 404}
        return 200, {index: {"aliases": {alias: {}}} for index in sorted(self.aliases[alias])}

    def _update_aliases(self, body):
        aliases = {a: set(m) for a, m in self.aliases.items()}
        for action in body["actions"]:
            ((kind, spec),) = action.items()
            if spec["index"] not in self.indices:
                return _missing_index(spec["index"])
            if kind == "add":
                aliases.setdefault(spec["alias"], set()).add(spec["index"])
            elif kind == "remove":
                aliases.get(spec["alias"], set()).discard(spec["index"])
            elif kind == "remove_index":
                del self.indices[spec["index"]]
        self.aliases = {a: m for a, m in aliases.items() if m}
        return 200, {"acknowledged": True, "errors": False}

    def _bulk(self, target, query, operations, recorded):
        if self.on_bulk:
            self.on_bulk(recorded)
        require_alias = query.get("require_alias") == "true"
        items, errors = [], False
        index_names = self.resolve(target) if target else []
        i = 0
        while i < len(operations):
            ((action, meta),) = operations[i].items()
            source = operations[i + 1] if action == "index" else None
            i += 2 if action == "index" else 1
            doc_id = meta["_id"]
            name = index_names[0] if len(index_names) == 1 else target
            item = {"_index": name, "_id": doc_id}
            if require_alias and target not in self.aliases:
                item.update(
                    status=404,
                    error={
                        "type": "index_not_found_exception",
                        "reason": f"no such index [{target}] and [require_alias] request "
                        f"flag is [true] and [{target}] is not an alias",
                        "index": target,
                    },
                )
            elif doc_id in self.bulk_failures:
                status, kind, reason = self.bulk_failures[doc_id]
                item.update(status=status, error={"type": kind, "reason": reason})
            elif name not in self.indices:
                item.update(
                    status=404,
                    error={"type": "index_not_found_exception", "reason": "no such index"},
                )
            else:
                item.update(self._apply(self.indices[name]["docs"], action, meta, source))
            errors = errors or "error" in item
            items.append({action: item})
        return 200, {"errors": errors, "took": 3, "items": items}

    @staticmethod
    def _apply(docs, action, meta, source):
        doc_id = meta["_id"]
        current = docs.get(doc_id)
        version = meta.get("version")
        if version is not None and current and current["_version"] > version:
            return {
                "status": 409,
                "error": {
                    "type": "version_conflict_engine_exception",
                    "reason": f"[{doc_id}]: version conflict, current version "
                    f"[{current['_version']}] is higher than the one provided [{version}]",
                },
            }
        if version is None:
            version = (current["_version"] + 1) if current else 1
        existed = bool(current and not current.get("deleted"))
        if action == "index":
            docs[doc_id] = {"_version": version, "_source": source}
            result, status = ("updated", 200) if existed else ("created", 201)
        else:
            docs[doc_id] = {"_version": version, "_source": None, "deleted": True}
            result, status = ("deleted", 200) if existed else ("not_found", 404)
        return {
            "_version": version,
            "result": result,
            "_shards": SHARDS,
            "_seq_no": 0,
            "_primary_term": 1,
            "status": status,
        }

    def _search(self, name, body, recorded):
        if not self.resolve(name):
            return _missing_index(name)
        if not self.allow_expensive_queries and "fuzziness" in json.dumps(body.get("query")):
            return _refused_expensive(self.resolve(name)[0])
        if self.refuse_knn and "knn" in body:
            return _all_shards_failed(
                self.resolve(name)[0],
                "illegal_argument_exception",
                "field [vector] does not exist in the mapping",
                400,
            )
        if self.search_handler:
            answer = self.search_handler(body, recorded)
        else:
            answer = evaluate(self.documents(name), body)
            too_long = self._unhighlightable(name, answer, body.get("highlight"))
            if too_long:
                return too_long
        if self.failed_shards:
            answer["_shards"] = _failed_shards(self.resolve(name)[0], **self.failed_shards)
        return 200, answer

    def _unhighlightable(self, name, answer, highlight):
        """Elasticsearch's refusal to highlight a field longer than the index allows, unless
        the request's max_analyzed_offset is within that limit (then it cuts the analysis)."""
        if not highlight:
            return None
        (index,) = self.resolve(name)
        settings = self.indices[index]["body"].get("settings", {}).get("index", {})
        limit = settings.get("highlight", {}).get("max_analyzed_offset")
        limit = limit or DEFAULT_MAX_ANALYZED_OFFSET
        asked = highlight.get("max_analyzed_offset")
        if asked is not None and asked <= limit:
            return None
        for hit in answer["hits"]["hits"]:
            for name in highlight.get("fields", {}):
                group, part = name.split(".", 1)
                text = (hit["_source"].get(group) or {}).get(part) or ""
                if len(text) > limit:
                    reason = (
                        f"The length [{len(text)}] of field [{name}] in doc[{hit['_id']}]/index"
                        f"[{index}] exceeds the [index.highlight.max_analyzed_offset] limit "
                        f"[{limit}]. To avoid this error, set the query parameter "
                        "[max_analyzed_offset] to a value less than index setting "
                        f"[{limit}] and this will tolerate long field values by truncating "
                        "them."
                    )
                    return _all_shards_failed(index, "illegal_argument_exception", reason, 400)
        return None


class FakeNode:
    """One HTTP endpoint of the fake cluster."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.port = None
        self.scheme = "http"
        self._server = None
        self._connections = set()
        self._lock = threading.Lock()

    @property
    def url(self):
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self, tls=None):
        handler = type("Handler", (_Handler,), {"cluster": self.cluster, "node": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port or 0), handler)
        self._server.daemon_threads = True
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        """Stop as a crashed node would: open connections are cut, new ones refused until
        start() (same port)."""
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        with self._lock:
            connections, self._connections = self._connections, set()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
                connection.close()


# --- a tiny evaluator -------------------------------------------------------------------


def _matches(source, clause):
    if not clause or "match_all" in clause:
        return True
    if "bool" in clause:
        return all(_matches(source, c) for c in clause["bool"].get("filter", []))
    if "constant_score" in clause:
        return _matches(source, clause["constant_score"]["filter"])
    if "term" in clause:
        ((name, wanted),) = clause["term"].items()
        clause = {"terms": {name: [wanted]}}
    if "terms" in clause:
        ((name, wanted),) = clause["terms"].items()
        values = source.get(name)
        values = values if isinstance(values, list) else [values]
        return bool({str(v) for v in values if v is not None} & {str(w) for w in wanted})
    if "range" in clause:
        ((name, bounds),) = clause["range"].items()
        value = source.get(name)
        if value is None:
            return False
        return value >= bounds.get("gte", value) and value <= bounds.get("lte", value)
    return True  # text queries: everything matches


def _sort(docs, clauses):
    """Sort like Elasticsearch: by each clause in turn (desc/asc, missing first/last)."""
    for clause in reversed(clauses or []):
        ((name, spec),) = clause.items()
        if name == "_score":
            continue
        descending = spec.get("order", "asc") == "desc"
        missing_last = spec.get("missing", "_last") == "_last"
        present = [d for d in docs if d[1].get(name) is not None]
        absent = [d for d in docs if d[1].get(name) is None]
        present.sort(key=lambda d: d[1][name], reverse=descending)
        docs = present + absent if missing_last else absent + present
    return docs


def _terms(members, terms):
    """A terms aggregation's answer: buckets by count, then key; `include` of exact values."""
    counts = {}
    for _, source in members:
        values = source.get(terms["field"])
        for value in values if isinstance(values, list) else [values]:
            if value is not None and ("include" not in terms or value in terms["include"]):
                counts[value] = counts.get(value, 0) + 1
    buckets = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return {
        "doc_count_error_upper_bound": 0,
        "sum_other_doc_count": sum(n for _, n in buckets[terms["size"] :]),
        "buckets": [{"key": k, "doc_count": n} for k, n in buckets[: terms["size"]]],
    }


def _nearest(documents, knn):
    """A kNN answer, exact: documents with a vector, within the filter, by cosine; scored
    (1 + cosine) / 2 as Elasticsearch scores the cosine similarity."""
    query = knn["query_vector"]
    norm = math.sqrt(sum(x * x for x in query)) or 1.0
    scored = []
    for doc_id, source in documents.items():
        vector = source.get("vector")
        if not vector or not _matches(source, knn.get("filter")):
            continue
        length = math.sqrt(sum(x * x for x in vector)) or 1.0
        cosine = sum(a * b for a, b in zip(query, vector, strict=True)) / (norm * length)
        scored.append(((1 + cosine) / 2, doc_id, source))
    scored.sort(key=lambda item: (-item[0], -int(item[1])))
    return {
        "took": 1,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {
            "total": {"value": len(scored[: knn["k"]]), "relation": "eq"},
            "max_score": scored[0][0] if scored else None,
            "hits": [
                {"_index": "fake", "_id": doc_id, "_score": score, "_source": source}
                for score, doc_id, source in scored[: knn["k"]]
            ],
        },
    }


def evaluate(documents, body):
    if "knn" in body:
        return _nearest(documents, body["knn"])
    docs = [(doc_id, source) for doc_id, source in documents.items()]
    docs.sort(key=lambda d: -int(d[0]))
    docs = _sort(docs, body.get("sort"))
    matched = [d for d in docs if _matches(d[1], body.get("query"))]
    shown = [d for d in matched if _matches(d[1], body.get("post_filter"))]
    start, size = body.get("from", 0), body.get("size", 10)
    aggregations = {}
    for agg_name, agg in (body.get("aggs") or {}).items():
        if "filter" in agg:
            members = [d for d in matched if _matches(d[1], agg["filter"])]
            aggregations[agg_name] = {"doc_count": len(members)}
            for sub_name, sub in agg["aggs"].items():
                aggregations[agg_name][sub_name] = _terms(members, sub["terms"])
        elif "global" in agg:
            filters = agg["aggs"]["matches"]["filters"]["filters"]
            aggregations[agg_name] = {
                "doc_count": len(docs),
                "matches": {"buckets": {key: {"doc_count": len(docs)} for key in filters}},
            }
    return {
        "took": 2,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {
            "total": {"value": len(shown), "relation": "eq"},
            "max_score": None,
            "hits": [
                {
                    "_index": "fake",
                    "_id": doc_id,
                    "_score": None,
                    "_source": source,
                    "sort": [source.get(next(iter(c))) for c in body.get("sort", [])],
                }
                for doc_id, source in shown[start : start + size]
            ],
        },
        "aggregations": aggregations,
    }


# --- HTTP plumbing ------------------------------------------------------------------------


def _error(status, kind, reason, **extra):
    cause = {"type": kind, "reason": reason, **extra}
    return {"error": {"root_cause": [cause], **cause}, "status": status}


def _all_shards_failed(index_name, kind, reason, status, **cause):
    failure = {"type": kind, "reason": reason, **cause}
    return status, {
        "error": {
            "root_cause": [failure],
            "type": "search_phase_execution_exception",
            "reason": "all shards failed",
            "phase": "query",
            "grouped": True,
            "failed_shards": [{"shard": 0, "index": index_name, "node": "fake", "reason": failure}],
        },
        "status": status,
    }


def _refused_expensive(index):
    # As Elasticsearch 8/9 answer: the field type refuses to build the fuzzy query, which
    # the shard reports as a query_shard_exception (400).
    refusal = (
        "[fuzzy] queries cannot be executed when 'search.allow_expensive_queries' is set to false."
    )
    return _all_shards_failed(
        index,
        "query_shard_exception",
        f"failed to create query: {refusal}",
        400,
        index=index,
        caused_by={"type": "exception", "reason": refusal},
    )


def _failed_shards(index, total, failed, reason):
    return {
        "total": total,
        "successful": total - failed,
        "skipped": 0,
        "failed": failed,
        "failures": [
            {"shard": shard, "index": index, "node": "fake", "reason": reason}
            for shard in range(failed)
        ],
    }


def _missing_index(name):
    return 404, _error(
        404,
        "index_not_found_exception",
        f"no such index [{name}]",
        index=name,
        **{"resource.type": "index_or_alias", "resource.id": name},
    )


def _parse_body(raw, content_type):
    if not raw:
        return None
    text = raw.decode("utf-8")
    if "ndjson" in content_type:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text)


class _Handler(BaseHTTPRequestHandler):
    cluster = None
    node = None
    protocol_version = "HTTP/1.1"  # keep-alive, as a real node

    def setup(self):
        super().setup()
        with self.node._lock:
            self.node._connections.add(self.connection)

    def finish(self):
        with self.node._lock:
            self.node._connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def _serve(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            status, body = self.cluster.handle(self.command, self.path, headers, raw)
        except Exception as exc:  # a bug in the fake: answer like a failing node
            status, body = 500, _error(500, "fake_exception", repr(exc))
        payload = b"" if body is None else json.dumps(body).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Type", CONTENT_TYPE)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _serve

    def log_message(self, *args):
        pass
