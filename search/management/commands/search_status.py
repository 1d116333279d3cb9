"""Reports on the search engine: cluster health, documents in the database and the index,
and changes waiting in the outbox."""

import json

from django.core.management.base import BaseCommand, CommandError

from search import vectors
from search.backends import database_backend, get_backend
from search.embedders import get_embedder
from search.models import IndexedDocument


class Command(BaseCommand):
    help = "Show the search engine's health and whether the index matches the database."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Exit with an error unless the engine is healthy and in sync (monitoring).",
        )

    def handle(self, *args, json=False, check=False, **options):
        backend = get_backend()
        info = backend.status()
        if "documents_in_database" not in info:  # a database engine: always in step
            count = IndexedDocument.objects.filter(removed=False).count()
            info.update(documents_in_database=count, documents_in_index=count, in_sync=True)
        embedder = get_embedder()
        with_vectors, searchable = vectors.coverage()
        info["semantic"] = {
            "model": embedder.model_id if embedder else None,
            "documents_with_vectors": with_vectors,
            "documents": searchable,
        }
        terms = database_backend().terms_status()
        if terms is not None:
            info["dictionary_phrases"] = {"documents_current": terms[0], "documents": terms[1]}
        if json:
            self.stdout.write(_dumps(info))
        else:
            self._print(info)
        if check and not (info.get("healthy") and info.get("in_sync")):
            raise CommandError("The search engine is unhealthy or out of step with the database.")

    def _print(self, info):
        lines = [f"Backend:            {info['backend']}"]
        if info.get("nodes") is not None:
            cluster = info.get("cluster") or {}
            lines += [
                f"Nodes:              {', '.join(info['nodes']) or '(ELASTICSEARCH_URL unset)'}",
                f"Cluster health:     {cluster.get('status', 'unreachable')}"
                + (f" ({cluster.get('number_of_nodes')} nodes)" if cluster else ""),
                f"Alias:              {info['alias']} -> {', '.join(info['indices']) or '-'}",
            ]
            if info.get("orphans"):
                lines.append(
                    f"Unused indices:     {', '.join(info['orphans'])} "
                    "(left by a failed rebuild; the next rebuild deletes them)"
                )
        index_count = info.get("documents_in_index")
        lines += [
            f"Documents in DB:    {info['documents_in_database']}",
            f"Documents in index: {'unknown' if index_count is None else index_count}",
        ]
        if "outbox" in info:
            oldest = info.get("outbox_oldest")
            refused = info["outbox_rejected"]
            lines += [
                f"Outbox:             {info['outbox']} waiting"
                + (f", oldest {oldest:%Y-%m-%d %H:%M:%S}" if oldest else "")
                + (f", {refused} refused before" if refused else ""),
                f"Rebuild pending:    {'yes' if info['rebuild_pending'] else 'no'}",
            ]
        phrases = info.get("dictionary_phrases")
        if phrases:
            current, total = phrases["documents_current"], phrases["documents"]
            lines.append(
                f"Dictionary phrases: {current} of {total} documents current"
                + (
                    ""
                    if current == total
                    else "; `refresh_search_terms` or the worker does the rest"
                )
            )
        semantic = info["semantic"]
        if semantic["model"]:
            share = semantic["documents_with_vectors"] / (semantic["documents"] or 1)
            lines.append(
                f"Semantic vectors:   {semantic['documents_with_vectors']} of "
                f"{semantic['documents']} ({share:.0%}), {semantic['model']}"
                + ("" if share == 1 else "; `embed_documents` or the worker fills the rest")
            )
        else:
            lines.append("Semantic vectors:   off (SEARCH_EMBEDDER is empty)")
        if info.get("error"):
            lines.append(f"Error:              {info['error']}")
        lines.append(f"Healthy: {'yes' if info.get('healthy') else 'NO'}; "
                     f"in sync: {'yes' if info.get('in_sync') else 'NO'}")  # fmt: skip
        self.stdout.write("\n".join(lines))


def _dumps(info):
    return json.dumps(info, default=str, ensure_ascii=False, indent=2)
