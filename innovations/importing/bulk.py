"""Creates many innovation pages at once, for large imports.

Wagtail's page API saves one page at a time (tree insert, revision, publish, signals,
index updates): about 46 pages a second. Here each step runs once per batch instead:
tree paths are computed in memory, rows go in with bulk INSERTs, revisions and log entries
are written in bulk, and both search indexes (the admin's and the public one) are fed in
batches. The pages that come out are the same as the one-at-a-time writer's: live, with a
published revision, in their hub, with every relation.
"""

import itertools
import uuid
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Locale, Page, PageLogEntry, Revision

from innovations.models import HubPage, InnovationPage, InnovationPageTag
from innovations.permissions import setup_hub_access
from innovations.search_index import IndexContext, build_document
from jipp_site.bulk_rows import append_instances, append_rows, execute_write
from search import indexing

from .wagtail_indexes import add_references, add_to_admin_search, refresh_admin_search
from .writer import PageWriter

BATCH = 1000


class RecordWriteError(Exception):
    """Writing this record failed; the cause is chained."""

    def __init__(self, record):
        super().__init__(record.id)
        self.record = record


# Child relations written in bulk, and the field that points at the page.
_PARENT = {"tagged_items": "content_object", "awards": "page", "metrics": "page"}


class _Head(NamedTuple):
    """A created page as a replication's search document reads its original."""

    pk: int
    title: str
    path: str
    live: bool


def _path_step(number):
    """Treebeard's materialised-path step for the n-th child (1-based), base 36, 4 wide."""
    alphabet = Page.alphabet
    digits = []
    while number:
        number, remainder = divmod(number, len(alphabet))
        digits.append(alphabet[remainder])
    step = "".join(reversed(digits)) or alphabet[0]
    if len(step) > Page.steplen:
        raise ValueError("A hub cannot hold more than 36^4 - 1 innovations.")
    return step.rjust(Page.steplen, alphabet[0])


def _step_number(step):
    return int(step, len(Page.alphabet))


class BulkPageCreator(PageWriter):
    """Creates pages for records that do not exist yet. Call create() per batch, then finish()."""

    def __init__(self, demo=False, owner=None):
        super().__init__(demo=demo, owner=owner)
        self.now = timezone.now()
        self.locale_id = Locale.get_default().pk
        self.base_type = ContentType.objects.get_for_model(Page)
        self.slug_ids = {}
        self.next_child = {}  # hub pk -> next child number
        self.added = {}  # hub pk -> pages created under it
        self.originals_touched = set()
        # The pages created, by id, with what a replication's search document needs of its
        # original: their rows may still be on their way (bulk_rows.background_writes).
        self.created_heads = {}
        self.tags = {t.name: t for t in Tag.objects.all()}

    def create_hubs(self, records):
        """The records' missing hubs, written in bulk like the pages (Wagtail's page API
        took a quarter of a second per hub), in title order, then given their groups,
        collection and permissions as saving a hub gives them (innovations.signals)."""
        refs = {r.hub.title: r.hub for r in records if r.hub.title not in self._hubs}
        hubs = []
        for title in sorted(refs):
            hub = self._new_hub(refs[title])
            self._place(hub, self.hub_index)
            hub.full_clean()
            hubs.append(hub)
        if not hubs:
            return
        self._insert_pages(hubs)
        for hub in hubs:
            setup_hub_access(hub)
            self._hubs[hub.title] = hub
        self._insert_revisions_and_logs(hubs)
        add_to_admin_search(HubPage, hubs)
        add_references(hubs)

    def create(self, records, on_record=None):
        self._create_tags(records)
        pages = []
        for record in records:
            try:
                hub = self._hub(record.hub)
                page = InnovationPage(slug=record.data["id"], owner=self.owner)
                self._fill(page, record.data, record.digest)
                # A new page has none of these; set in memory, the revision's serializer
                # reads them from here instead of asking the database page by page.
                page.documents = []
                page.wagtail_admin_comments = []
                self._place(page, hub)
            except Exception as exc:
                raise RecordWriteError(record) from exc
            pages.append((record, page))
            if on_record:
                on_record()
        created = [page for _, page in pages]
        self._insert_pages(created, before_own_rows=lambda: self._resolve_originals(pages))
        self._insert_relations(pages)
        self._insert_revisions_and_logs(created)
        add_to_admin_search(InnovationPage, created, refresh=False)
        add_references(created)
        for page in created:
            self.created_heads[page.pk] = _Head(page.pk, page.title, page.path, page.live)
        self._index(created)
        return created

    def finish(self):
        """Update hubs' child counts and queue lineage changes for the public search index."""
        refresh_admin_search(InnovationPage)
        for hub_pk, count in self.added.items():
            Page.objects.filter(pk=hub_pk).update(numchild=F("numchild") + count)
        # Originals (in this import or before it) now have replications to show and count;
        # their documents are rebuilt from the database, where every replication now is.
        indexing.sync(self.originals_touched)
        return list(self.created_heads)

    def _index(self, pages):
        """Public search documents for new pages, built from the pages in memory.

        Re-reading thousands of just-written pages with their relations cost more than
        writing them. A new page has no replications yet (originals come first in an
        import; those that gain replications are rebuilt in finish())."""
        context = IndexContext()
        originals = self._originals_of(pages)
        indexing.write_documents(
            build_document(page, context, lineage=(originals.get(page.replicated_from_id), []))
            for page in pages
            if context.is_public(page)
        )

    def _originals_of(self, pages):
        ids = {p.replicated_from_id for p in pages if p.replicated_from_id}
        found = {pk: self.created_heads[pk] for pk in ids if pk in self.created_heads}
        ids -= found.keys()
        if ids:
            found.update(Page.objects.only("title", "path", "live").in_bulk(ids))
        return found

    def _original(self, slug):
        # Resolved after insertion, when this import's own originals have ids.
        return None

    # --- steps -------------------------------------------------------------------------

    def _place(self, page, parent):
        if parent.pk not in self.next_child:
            last = parent.get_last_child()
            self.next_child[parent.pk] = (
                _step_number(last.path[-Page.steplen :]) if last else 0
            ) + 1
        number = self.next_child[parent.pk]
        self.next_child[parent.pk] = number + 1
        self.added[parent.pk] = self.added.get(parent.pk, 0) + 1
        page.path = parent.path + _path_step(number)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.content_type = self._content_type(type(page))
        page.locale_id = self.locale_id
        page.translation_key = uuid.uuid4()
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = self.now
        page.latest_revision_created_at = self.now

    def _content_type(self, model):
        return ContentType.objects.get_for_model(model)

    def _insert_pages(self, pages, before_own_rows=None):
        """Rows for new pages of one type: the base Page rows, then the type's own (after
        `before_own_rows`, which may set columns that needed the new ids)."""
        base_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
        bases = [Page(**{f.attname: getattr(p, f.attname) for f in base_fields}) for p in pages]
        append_instances(bases, new_ids=True)
        for page, base in zip(pages, bases, strict=True):
            page.pk = page.id = page.page_ptr_id = base.pk
            page._state.adding = False
        if before_own_rows:
            before_own_rows()
        append_instances(pages)

    def _resolve_originals(self, pages):
        """Replications of originals in this same batch resolve only once those have ids."""
        for _, page in pages:
            self.slug_ids[page.slug] = page.pk
        for record, page in pages:
            original = record.data.get("replicated_from")
            if original:
                page.replicated_from_id = self.slug_ids.get(original) or self._existing_id(original)
                self.originals_touched.add(page.replicated_from_id)

    def _existing_id(self, slug):
        return InnovationPage.objects.filter(slug=slug).values_list("pk", flat=True).first()

    def _insert_relations(self, pages):
        """Many-to-many rows and child rows in bulk. The saved children then replace the
        page's unsaved ones: the revision and the reference index record their ids."""
        through_rows = {"secondary_sectors": [], "channels": [], "sdgs": [], "funding_sources": []}
        children = {"tagged_items": [], "awards": [], "metrics": []}
        for record, page in pages:
            data = record.data
            for key in data["secondary_sectors"]:
                through_rows["secondary_sectors"].append((page.pk, key))
            for key in data["channels"]:
                through_rows["channels"].append((page.pk, key))
            for number in data["sdgs"]:
                through_rows["sdgs"].append((page.pk, number))
            for key in data.get("funding_sources", []):
                through_rows["funding_sources"].append((page.pk, key))
            for name in children:
                for order, child in enumerate(getattr(page, name).all()):
                    setattr(child, child._meta.get_field(_PARENT[name]).attname, page.pk)
                    if name != "tagged_items":
                        child.sort_order = order
                    children[name].append(child)
        for name, rows in through_rows.items():
            # Two plain columns: rows as values, not a model instance each (90,000 of them
            # for 10,000 pages).
            field = InnovationPage._meta.get_field(name)
            table = field.remote_field.through._meta.db_table
            append_rows(table, [field.m2m_column_name(), field.m2m_reverse_name()], set(rows))
        for rows in children.values():
            append_instances(rows, new_ids=True)

    def _set_tags(self, page, names):
        # The tag manager's set() queries per page; here the tagged items are set directly
        # (the revision needs them) and the rows are written in bulk with the other relations.
        page.tagged_items = [InnovationPageTag(tag=self.tags[n]) for n in dict.fromkeys(names)]

    def _create_tags(self, records):
        """The batch's tags that do not exist yet, in one insert. Slugs as taggit's
        Tag.save() picks them (a numbered suffix when the plain slug is taken)."""
        names = {n for r in records for n in r.data["tags"] if n not in self.tags}
        if not names:
            return
        for tag in Tag.objects.filter(name__in=names):
            self.tags[tag.name] = tag
        missing = sorted(names - self.tags.keys())
        bases = {name: Tag().slugify(name) for name in missing}
        taken = set(Tag.objects.filter(slug__in=set(bases.values())).values_list("slug", flat=True))
        new = []
        for name in missing:
            slug = bases[name]
            if slug in taken:
                taken |= set(
                    Tag.objects.filter(slug__startswith=slug).values_list("slug", flat=True)
                )
                slug = next(
                    s
                    for s in (Tag().slugify(name, i) for i in itertools.count(1))
                    if s not in taken
                )
            taken.add(slug)
            new.append(Tag(name=name, slug=slug))
        Tag.objects.bulk_create(new)
        self.tags.update((tag.name, tag) for tag in new)

    def _insert_revisions_and_logs(self, pages):
        revisions = [
            Revision(
                content_type=self._content_type(type(page)),
                base_content_type=self.base_type,
                object_id=str(page.pk),
                created_at=self.now,
                user=self.owner,
                object_str=page.title,
                content=page.serializable_data(),
            )
            for page in pages
        ]
        append_instances(revisions, new_ids=True)
        _point_at_revisions([(p.pk, r.pk) for p, r in zip(pages, revisions, strict=True)])
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision_id = page.live_revision_id = revision.pk
        entries = []
        for page, revision in zip(pages, revisions, strict=True):
            for action in ("wagtail.create", "wagtail.publish"):
                entries.append(
                    PageLogEntry(
                        content_type=self._content_type(type(page)),
                        page_id=page.pk,
                        revision=revision if action == "wagtail.publish" else None,
                        label=page.title,
                        action=action,
                        timestamp=self.now,
                        user=self.owner,
                    )
                )
        append_instances(entries)


def _point_at_revisions(pairs, chunk=500):
    """Set each page's latest and live revision: one UPDATE per chunk of (page, revision)
    pairs, joined to a VALUES list (a statement per page cost a round trip each)."""
    table = Page._meta.db_table
    for start in range(0, len(pairs), chunk):
        part = pairs[start : start + chunk]
        values = ", ".join(["(%s, %s)"] * len(part))
        execute_write(
            f"WITH v(page_id, revision_id) AS (VALUES {values}) "
            f"UPDATE {table} SET latest_revision_id = v.revision_id, "
            f"live_revision_id = v.revision_id FROM v WHERE {table}.id = v.page_id",
            [value for pair in part for value in pair],
        )


def hubs_numchild_consistent():
    """For tests: every hub's numchild equals its real child count."""
    return all(
        hub.numchild == Page.objects.filter(path__startswith=hub.path, depth=hub.depth + 1).count()
        for hub in HubPage.objects.all()
    )
