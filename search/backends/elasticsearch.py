"""The Elasticsearch engine, for a national network that outgrows one database.

Writing never talks to the cluster inside the page's transaction: index() and remove()
add rows to a durable outbox (search.models.OutboxEntry) in that transaction, and the
outbox is delivered with one bulk request after the commit. When the cluster is down or
slow, publishing still succeeds and the rows wait; they are replayed automatically (after
the next commit, and before a search, at most every ELASTICSEARCH_RETRY_AFTER seconds
while the cluster keeps failing) and by `python manage.py search_sync`. What is sent is
rebuilt from IndexedDocument, the search app's source of truth, so a replay is idempotent;
each document carries its row's `seq` as an external version, so a late replay never
overwrites a newer state.

Searching maps a SearchRequest to one request (see es_queries.search_body). A word found
nowhere is treated as the database engines treat it: the suggester's correction is answered
for when it finds every word; otherwise the words found nowhere are matched fuzzily in a
second request (es_queries.fuzzy_concept_query). A connection error, a timeout or a 5xx
raises EngineUnavailable, and search.service answers from the database engine with a notice
instead.
"""

import contextlib
import logging
import re
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .. import results
from ..analysis import query_groups, tokenize
from ..highlight import marked_snippet
from ..models import IndexedDocument, IndexState, OutboxEntry, Synonym
from ..query import SearchResponse
from ..synonyms import synonym_table
from . import es_queries as q
from .base import DeliveryReport, EngineUnavailable, RebuildFailed, SearchBackend

logger = logging.getLogger(__name__)

BATCH = 500  # documents per bulk request
COMMIT_BATCHES = 2  # after a commit, the writer delivers at most this many batches itself
SEARCH_BATCHES = 1  # and a search, before answering, at most this many
POISON_ATTEMPTS = 5  # entries the cluster rejected this often wait for `search_sync`
ROW_COLUMNS = [
    "page_id", "seq", "removed", "slug", "url", "language", "texts", "ministry", "province",
    "regency", "sector", "level", "stage", "status", "hub", "year", "channels", "sdgs", "tags",
    "awards", "published_at", "replication_count",
]  # fmt: skip
MARKED = re.compile(re.escape(q.MARK_OPEN) + "(.*?)" + re.escape(q.MARK_CLOSE), re.S)


def redact(url):
    """A node URL without its password, for logs and `search_status`."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def describe(exc):
    meta = getattr(exc, "meta", None)
    status = getattr(meta, "status", None)
    text = str(exc) or exc.__class__.__name__
    return f"{exc.__class__.__name__} {status}: {text}"[:500] if status else text[:500]


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"
    # search.indexing.rebuild() leaves this engine out of its transaction and leaves a
    # "rebuild" entry in the outbox instead: rebuild() builds a new index and swaps the alias.
    rebuilds_itself = True
    # Changes reach the cluster through the outbox (search.models.OutboxEntry).
    uses_outbox = True

    def __init__(self):
        self._client = None
        self._client_key = None
        self._client_lock = threading.Lock()
        self._replay_lock = threading.Lock()
        self._local = threading.local()  # .deferred: no delivery after commits (bulk jobs)
        self._reads_down_until = 0.0
        self._writes_down_until = 0.0
        self.last_error = ""
        self._synonyms_key = None
        self.acknowledged = 0  # documents the cluster acknowledged (for tests)
        self.synonym_updates = 0  # synonyms sets sent (for tests)

    # --- configuration ------------------------------------------------------------------

    @property
    def alias(self):
        return settings.ELASTICSEARCH_INDEX

    @property
    def synonyms_set(self):
        return f"{self.alias}-synonyms"

    @staticmethod
    def hosts():
        return [h.strip() for h in settings.ELASTICSEARCH_URL.split(",") if h.strip()]

    def client_options(self):
        hosts = self.hosts()
        options = {
            "hosts": hosts,
            "request_timeout": settings.ELASTICSEARCH_TIMEOUT,
            "retry_on_timeout": False,  # a slow cluster is not asked twice: fall back
        }
        if settings.ELASTICSEARCH_API_KEY:
            options["api_key"] = settings.ELASTICSEARCH_API_KEY
        elif settings.ELASTICSEARCH_USERNAME:
            options["basic_auth"] = (
                settings.ELASTICSEARCH_USERNAME,
                settings.ELASTICSEARCH_PASSWORD,
            )
        if any(h.startswith("https:") for h in hosts):
            options["verify_certs"] = settings.ELASTICSEARCH_VERIFY_CERTS
            if settings.ELASTICSEARCH_CA_CERTS:
                options["ca_certs"] = settings.ELASTICSEARCH_CA_CERTS
        return options

    @property
    def client(self):
        from elasticsearch import Elasticsearch

        options = self.client_options()
        if not options["hosts"]:
            raise EngineUnavailable("ELASTICSEARCH_URL is not set")
        key = repr(sorted(options.items()))
        with self._client_lock:
            if self._client is None or self._client_key != key:
                if self._client is not None:
                    self._client.close()
                self._client = Elasticsearch(**options)
                self._client_key = key
                self.reset()
            return self._client

    # --- failures -----------------------------------------------------------------------

    def reset(self):
        """Forget past failures: the next call tries the cluster again."""
        self._reads_down_until = self._writes_down_until = 0.0
        self._synonyms_key = None

    def _trip(self, message, reads=True):
        until = time.monotonic() + settings.ELASTICSEARCH_RETRY_AFTER
        self._writes_down_until = until
        if reads:
            self._reads_down_until = until
        self.last_error = message
        logger.warning("Elasticsearch unavailable: %s", message)

    def _check_reads(self):
        if time.monotonic() < self._reads_down_until:
            raise EngineUnavailable(f"the cluster failed moments ago ({self.last_error})")

    def _call(self, function):
        """Run one request; turn what makes the cluster unusable into EngineUnavailable."""
        from elasticsearch import ApiError, TransportError

        try:
            return function()
        except TransportError as exc:  # refused, reset, TLS, timeout
            self._trip(describe(exc))
            raise EngineUnavailable(describe(exc)) from exc
        except ApiError as exc:
            status = exc.meta.status
            if status >= 500 or status in (404, 408, 429):  # 404: the index is missing
                self._trip(describe(exc))
            else:
                logger.error("Elasticsearch refused a request: %s", describe(exc))
            raise EngineUnavailable(describe(exc)) from exc

    # --- writing: the outbox --------------------------------------------------------------

    def index(self, documents):
        self._enqueue([d.page_id for d in documents], OutboxEntry.INDEX)

    def remove(self, page_ids):
        self._enqueue(list(page_ids), OutboxEntry.DELETE)

    def _enqueue(self, page_ids, action):
        if not page_ids:
            return
        OutboxEntry.objects.bulk_create([OutboxEntry(page_id=i, action=action) for i in page_ids])
        if not getattr(self._local, "deferred", False):
            transaction.on_commit(self._after_commit, robust=True)

    @contextlib.contextmanager
    def delivery_deferred(self):
        """Inside, commits in this thread do not deliver the outbox themselves: a bulk job
        (an import) writes thousands of changes, then delivers them all with deliver_all()
        instead of the after-commit delivery's first 1,000, without a progress bar."""
        outer = getattr(self._local, "deferred", False)
        self._local.deferred = True
        try:
            yield
        finally:
            self._local.deferred = outer

    def deliver_all(self, progress=None):
        """Deliver the whole outbox now, as `search_sync` does (see replay(force=True))."""
        self.reset()
        return self.replay(force=True, progress=progress)

    def request_rebuild(self):
        """Called inside search.indexing.rebuild()'s transaction."""
        OutboxEntry.objects.create(action=OutboxEntry.REBUILD)

    def _after_commit(self):
        try:
            self.replay(max_batches=COMMIT_BATCHES)
        except Exception:  # never let delivery break the request that published
            logger.exception("Delivering the search outbox failed; it will be replayed")

    def pending_count(self):
        return self.pending().count()

    def rebuild_pending(self):
        return OutboxEntry.objects.filter(action=OutboxEntry.REBUILD).exists()

    def pending(self, automatic=False):
        entries = OutboxEntry.objects.exclude(action=OutboxEntry.REBUILD)
        if automatic:
            entries = entries.filter(attempts__lt=POISON_ATTEMPTS)
        return entries

    def replay(self, force=False, max_batches=None, progress=None):
        """Deliver the outbox, oldest first. `force` (search_sync, imports) ignores the
        back-off, retries entries the cluster rejected before, gives each bulk request
        ELASTICSEARCH_BULK_TIMEOUT and does not wait for a refresh after each batch (one
        refresh at the end makes everything searchable); automatic delivery (after a commit,
        before a search) waits ELASTICSEARCH_TIMEOUT at most and for the refresh, so that
        what was just published shows at once. Never raises for the cluster's sake."""
        result = DeliveryReport()
        if not force and time.monotonic() < self._writes_down_until:
            result.skipped = True
            return result
        if not self._replay_lock.acquire(blocking=force):
            result.skipped = True  # another thread of this process is delivering
            return result
        try:
            entries = self.pending(automatic=not force)
            if progress:
                progress.start(entries.count())
            last_id, batches = 0, 0
            while max_batches is None or batches < max_batches:
                batch = list(entries.filter(id__gt=last_id).order_by("id")[:BATCH])
                if not batch:
                    break
                last_id, batches = batch[-1].id, batches + 1
                try:
                    sent, rejected = self._deliver(batch, bulk=force)
                except EngineUnavailable as exc:
                    result.error = str(exc)
                    break
                result.sent += sent
                result.rejected.update(rejected)
                if progress:
                    progress.advance(len(batch))
            if progress:
                progress.finish()
            if force and result.sent:
                self._refresh()
        finally:
            self._replay_lock.release()
        result.remaining = self.pending().count()
        return result

    def _refresh(self):
        """Make bulk-delivered documents searchable now rather than at the next periodic
        refresh (at most a second later): a failure here loses nothing."""
        try:
            self._call(lambda: self.client.indices.refresh(index=self.alias))
        except EngineUnavailable as exc:
            logger.warning("Refreshing %s after a delivery failed: %s", self.alias, exc)

    def _deliver(self, batch, bulk=False):
        """One bulk request for a batch of outbox entries. Returns (entries delivered,
        {page_id: reason} for documents the cluster rejected)."""
        page_ids = sorted({e.page_id for e in batch})
        ok, transient, rejected = self._send(
            page_ids, bulk_timeout=bulk, refresh=False if bulk else "wait_for"
        )
        done = [e.id for e in batch if e.page_id in ok]
        OutboxEntry.objects.filter(id__in=done).delete()
        for page_id, reason in {**transient, **rejected}.items():
            kept = OutboxEntry.objects.filter(id__in=[e.id for e in batch if e.page_id == page_id])
            if page_id in rejected:
                kept.update(attempts=F("attempts") + 1, last_error=reason)
            else:
                kept.update(last_error=reason)
        if transient:
            # The cluster is overloaded (429) or a shard is failing: back off writing.
            self._trip(next(iter(transient.values())), reads=False)
        return len(done), rejected

    def _send(self, page_ids, index=None, bulk_timeout=True, refresh=False):
        """Bulk the current state of these pages. Returns (ok ids, transient failures,
        rejections): {page_id: reason}."""
        documents, deletions = self.documents(page_ids)
        operations = q.bulk_operations(documents, deletions)
        order = [d[0] for d in documents] + [d[0] for d in deletions]
        if not operations:
            return set(page_ids), {}, {}
        target = index or self.alias  # the alias: whichever index it points at right now
        timeout = (
            settings.ELASTICSEARCH_BULK_TIMEOUT if bulk_timeout else settings.ELASTICSEARCH_TIMEOUT
        )
        response = self._call(
            lambda: self.client.options(request_timeout=timeout).bulk(
                index=target,
                operations=operations,
                refresh=refresh,
                require_alias=index is None,
            )
        )
        ok, transient, rejected = set(), {}, {}
        for page_id, item in zip(order, response["items"], strict=False):
            action, info = next(iter(item.items()))
            status = info.get("status", 500)
            if 200 <= status < 300 or status == 409 or (action == "delete" and status == 404):
                ok.add(page_id)  # 409: a newer version is there already
            else:
                error = info.get("error") or {}
                reason = f"{status} {error.get('type', '')}: {error.get('reason', '')}"[:1000]
                (transient if status == 429 or status >= 500 else rejected)[page_id] = reason
        self.acknowledged += len(ok)
        return ok, transient, rejected

    def documents(self, page_ids):
        """([(page_id, version, body)], [(page_id, version)]): what to index and delete so
        the index matches IndexedDocument for these pages."""
        rows = {
            r["page_id"]: r
            for r in IndexedDocument.objects.filter(page_id__in=page_ids).values(*ROW_COLUMNS)
        }
        live = sorted(p for p, r in rows.items() if not r["removed"])
        documents = [(p, rows[p]["seq"], q.document_body(rows[p])) for p in live]
        gone = sorted(set(page_ids) - set(live))
        generation = None
        deletions = []
        for page_id in gone:
            if page_id in rows:
                deletions.append((page_id, rows[page_id]["seq"]))
            else:  # no row at all (the database index was rebuilt): deleted "now"
                if generation is None:
                    generation = _generation()
                deletions.append((page_id, generation))
        return documents, deletions

    # --- synonyms -------------------------------------------------------------------------

    def sync_synonyms(self, force=False):
        """Make the cluster's synonyms set equal the coordinators' dictionary. Updating a set
        reloads the search analyzers that use it: the change applies to the next search."""
        state = IndexState.objects.filter(pk=1).values_list("epoch", "synonyms_generation").first()
        key = (state, Synonym.objects.count())
        if not force and key == self._synonyms_key:
            return False
        rules = q.synonym_rules((s.pk, s.term_list()) for s in Synonym.objects.order_by("pk"))
        client = self.client
        current = self._call(
            lambda: client.options(ignore_status=404).synonyms.get_synonym(
                id=self.synonyms_set, size=10_000
            )
        )
        existing = [] if current.meta.status == 404 else current.get("synonyms_set", [])
        changed = current.meta.status == 404 or _rule_set(existing) != _rule_set(rules)
        if changed:
            self._call(
                # The analyzers using the set reload before the answer (Elasticsearch 8
                # always does; 9 does by default, its `refresh` parameter left unset).
                lambda: client.synonyms.put_synonym(id=self.synonyms_set, synonyms_set=rules)
            )
            self.synonym_updates += 1
        self._synonyms_key = key
        return changed

    # --- rebuilding -----------------------------------------------------------------------

    def rebuild(self, progress=None):
        """Build a new index from IndexedDocument, then swap the alias to it atomically and
        delete the old one: searches are answered by the old index until the swap.

        Changes committed while this runs are not lost: their writers deliver them to the
        old index, so every row whose seq rose since the start is queued again after the
        swap, and the outbox is replayed.
        """
        client = self.client
        alias = self.alias
        start_generation = _generation()
        pending_at_start = list(OutboxEntry.objects.values_list("id", flat=True))
        self.sync_synonyms(force=True)
        new_index = f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        body = q.index_body(
            settings.ELASTICSEARCH_SHARDS,
            settings.ELASTICSEARCH_REPLICAS,
            self.synonyms_set,
            building=True,
        )
        self._call(lambda: client.indices.create(index=new_index, body=body))
        try:
            written = self._load(new_index, progress)
            self._call(
                lambda: client.indices.put_settings(
                    index=new_index, body=q.finished_settings(settings.ELASTICSEARCH_REPLICAS)
                )
            )
            self._call(lambda: client.indices.refresh(index=new_index))
            old, alias_is_index = self.alias_indices()
            actions = q.alias_actions(alias, new_index, old, alias_is_index)
            self._call(lambda: client.indices.update_aliases(body=actions))
        except BaseException:
            try:
                client.indices.delete(index=new_index)
            except Exception:
                logger.warning("Could not delete the unfinished index %s", new_index)
            raise
        # Rows changed during the build were delivered to the old index: queue them again.
        changed = IndexedDocument.objects.filter(seq__gt=start_generation)
        OutboxEntry.objects.bulk_create(
            [
                OutboxEntry(page_id=p, action=OutboxEntry.INDEX)
                for p in changed.values_list("page_id", flat=True)
            ]
        )
        for start in range(0, len(pending_at_start), 5000):
            OutboxEntry.objects.filter(id__in=pending_at_start[start : start + 5000]).delete()
        self.reset()
        result = self.replay(force=True)
        for index in old:
            try:
                client.indices.delete(index=index)
            except Exception as exc:
                logger.warning("Could not delete the old index %s: %s", index, describe(exc))
        if result.error:
            raise EngineUnavailable(
                f"the new index is live, but {result.remaining} changes wait: {result.error}"
            )
        return written

    def _load(self, index, progress):
        rows = IndexedDocument.objects.filter(removed=False)
        if progress:
            progress.start(rows.count())
        written, last = 0, -1
        while True:
            ids = list(
                rows.filter(page_id__gt=last)
                .order_by("page_id")
                .values_list("page_id", flat=True)[:BATCH]
            )
            if not ids:
                break
            last = ids[-1]
            ok, transient, rejected = self._send(ids, index=index)
            failed = {**transient, **rejected}
            if failed:
                page_id, reason = next(iter(failed.items()))
                raise RebuildFailed(
                    f"{len(failed)} documents refused, e.g. page {page_id}: {reason}"
                )
            written += len(ok)
            if progress:
                progress.advance(len(ids))
        if progress:
            progress.finish()
        return written

    def alias_indices(self):
        """(indices the alias points at, whether a concrete index has the alias's name)."""
        client = self.client
        response = self._call(
            lambda: client.options(ignore_status=404).indices.get_alias(name=self.alias)
        )
        if response.meta.status == 404:
            exists = self._call(lambda: client.indices.exists(index=self.alias))
            return [], bool(exists)
        return sorted(response.body), False

    def clear(self):
        self._call(
            lambda: self.client.delete_by_query(
                index=self.alias, body={"query": {"match_all": {}}}, refresh=True
            )
        )

    # --- searching ------------------------------------------------------------------------

    def _prepare(self):
        """Before answering: deliver what is pending (what was just published shows), and
        give the cluster the current synonym dictionary."""
        self._check_reads()
        if time.monotonic() >= self._writes_down_until and self.pending(automatic=True).exists():
            self.replay(max_batches=SEARCH_BATCHES)
            self._check_reads()
        self.sync_synonyms()

    def search(self, request):
        started = time.perf_counter()
        self._prepare()
        groups = query_groups(request.q, synonym_table()) if request.q else []
        concepts = [g.source for g in groups]
        typed = " ".join(tokenize(request.q))
        body = q.search_body(request, concepts, suggest_text=typed if concepts else None)
        # The same query goes to the same shard copies, so scores (and pages) stay stable.
        preference = q.preference(request, concepts)
        result = self._call(
            lambda: self.client.search(index=self.alias, body=body, preference=preference)
        )
        suggestion, corrected = None, False
        counts = _concept_counts(result, len(concepts))
        if concepts and not all(counts):
            # A concept found nowhere is most likely a typo: suggest, and when the
            # correction finds documents, answer for it (as the database engines do).
            suggestion = _suggestion(result, typed)
            if suggestion:
                retry = [g.source for g in query_groups(suggestion, synonym_table())]
                retry_body = q.search_body(request, retry)
                answer = self._call(
                    lambda: self.client.search(
                        index=self.alias, body=retry_body, preference=q.preference(request, retry)
                    )
                )
                retry_counts = _concept_counts(answer, len(retry))
                if retry and all(retry_counts) and _query_count(answer):
                    result, corrected = answer, True
            if not corrected:
                # No correction to answer for: match the words found nowhere fuzzily.
                fuzzy = fuzzy_concepts(groups, counts)
                if fuzzy:
                    fuzzy_body = q.search_body(request, concepts, fuzzy=fuzzy)
                    result = self._call(
                        lambda: self.client.search(
                            index=self.alias, body=fuzzy_body, preference=preference
                        )
                    )
        return self._response(request, result, bool(concepts), suggestion, corrected, started)

    def _response(self, request, result, has_text, suggestion, corrected, started):
        aggregations = result.get("aggregations", {})
        counts = {}
        for name in q.FACET_FIELDS:
            facet = aggregations[name]
            buckets = facet["values"]["buckets"] + facet.get("selected", {}).get("buckets", [])
            counts[name] = {str(b["key"]): b["doc_count"] for b in buckets}
        return SearchResponse(
            request=request,
            total=result["hits"]["total"]["value"],
            hits=self._hits(result["hits"]["hits"], has_text, request.effective_sort),
            facets=results.facet_values(counts, request),
            suggestion=suggestion,
            corrected=corrected,
            backend=self.name,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
        )

    @staticmethod
    def _hits(raw_hits, has_text, sort):
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

    def similar(self, page_id, limit=5):
        if not IndexedDocument.objects.filter(page_id=page_id, removed=False).exists():
            return []  # not searchable (a draft, private, unpublished): nothing to compare
        self._prepare()
        body = q.similar_body(self.alias, page_id, limit)
        result = self._call(lambda: self.client.search(index=self.alias, body=body))
        return [int(h["_id"]) for h in result["hits"]["hits"] if int(h["_id"]) != page_id]

    # --- status -------------------------------------------------------------------------

    def status(self):
        in_database = IndexedDocument.objects.filter(removed=False).count()
        pending = self.pending()
        info = {
            "backend": self.name,
            "nodes": [redact(h) for h in self.hosts()],
            "alias": self.alias,
            "documents_in_database": in_database,
            "documents_in_index": None,
            "outbox": pending.count(),
            "outbox_rejected": pending.filter(attempts__gt=0).count(),
            "outbox_oldest": pending.order_by("id").values_list("created_at", flat=True).first(),
            "rebuild_pending": OutboxEntry.objects.filter(action=OutboxEntry.REBUILD).exists(),
            "cluster": None,
            "indices": [],
            "healthy": False,
            "error": "",
        }
        try:
            client = self.client
            health = self._call(lambda: client.cluster.health())
            keys = ("cluster_name", "status", "number_of_nodes", "active_shards_percent_as_number")
            info["cluster"] = {k: health.get(k) for k in keys}
            info["indices"], _ = self.alias_indices()
            if info["indices"]:
                count = self._call(lambda: client.count(index=self.alias))
                info["documents_in_index"] = count["count"]
            info["healthy"] = health.get("status") in ("green", "yellow") and bool(info["indices"])
        except EngineUnavailable as exc:
            info["error"] = str(exc)
        info["in_sync"] = (
            info["healthy"]
            and info["outbox"] == 0
            and not info["rebuild_pending"]
            and info["documents_in_index"] == in_database
        )
        return info


# --- helpers -----------------------------------------------------------------------------


def _generation():
    return IndexState.objects.filter(pk=1).values_list("generation", flat=True).first() or 0


def fuzzy_concepts(groups, counts):
    """Indices of the concepts to match fuzzily: those the index has nowhere, if they are
    single words the speller would correct (not numbers, not shorter than 4 letters) and
    not from the synonym dictionary (a word the coordinators listed is no typo)."""
    return [
        i
        for i, (group, count) in enumerate(zip(groups, counts, strict=True))
        if count == 0 and len(group.alternatives) == 1 and q.can_be_fuzzy(group.source)
    ]


def _rule_set(rules):
    return sorted((r.get("id"), r.get("synonyms")) for r in rules)


def _concept_counts(result, count):
    buckets = result.get("aggregations", {}).get("concepts", {}).get("matches", {})
    buckets = buckets.get("buckets", {})
    return [buckets.get(f"c{i}", {}).get("doc_count", 0) for i in range(count)]


def _query_count(result):
    buckets = result.get("aggregations", {}).get("concepts", {}).get("matches", {})
    return buckets.get("buckets", {}).get("query", {}).get("doc_count", 0)


def _suggestion(result, typed):
    entries = result.get("suggest", {}).get("did_you_mean", [])
    for entry in entries:
        for option in entry.get("options", []):
            if option.get("collate_match", True) is False:
                continue
            text = " ".join(tokenize(option.get("text", "")))
            if text and text != typed:
                return text
    return None


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
