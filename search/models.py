"""What the database-backed search engines store.

`IndexedDocument` is the search index's own copy of every searchable innovation: the
analysed text the engines match against, the plain text used for snippets, and the facet
values. It is written only by search.indexing, from published public pages, so nothing
unpublished can ever be found. The Elasticsearch backend keeps the same rows as its
fallback and source of truth.
"""

import uuid

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class IndexState(models.Model):
    """One row. `generation` rises with every committed index change, in commit order
    (writers take this row's lock), so each process can tell when its caches are stale.
    `epoch` changes when the index is rebuilt from scratch: caches then start over."""

    epoch = models.UUIDField(default=uuid.uuid4)
    generation = models.BigIntegerField(default=0)
    synonyms_generation = models.BigIntegerField(default=0)
    vectors_generation = models.BigIntegerField(default=0)  # rises when vectors are written

    def __str__(self):
        return f"index {self.epoch} generation {self.generation}"


class IndexedDocument(models.Model):
    page_id = models.IntegerField(primary_key=True)
    seq = models.BigIntegerField(db_index=True)
    removed = models.BooleanField(default=False)

    slug = models.CharField(max_length=255, db_index=True)
    url = models.CharField(max_length=1024)
    title = models.CharField(max_length=255)
    tagline = models.CharField(max_length=255)
    language = models.CharField(max_length=2)
    texts = models.JSONField(default=dict)  # field name -> plain text, for snippets

    # The analysed text lives in the engine: an FTS5 table on SQLite; on PostgreSQL a table
    # of its own (search.backends.postgres.WORDS) holds each document's weighted tsvector
    # (A title and acronym, B tagline and tags, C summary, D the rest), another
    # (postgres.LEAD) its heading's and lead's parts, and this column its heavy fields'
    # part (A to C): they rank the tiers. It stays empty on SQLite.
    head_vector = SearchVectorField(null=True)

    ministry = models.CharField(max_length=150, blank=True)
    province = models.CharField(max_length=2, blank=True)
    regency = models.CharField(max_length=5, blank=True)
    sector = models.CharField(max_length=50, blank=True)
    level = models.CharField(max_length=12, blank=True)
    stage = models.CharField(max_length=50, blank=True)
    status = models.CharField(max_length=50, blank=True)
    hub = models.CharField(max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(null=True)
    channels = models.JSONField(default=list)
    sdgs = models.JSONField(default=list)
    tags = models.JSONField(default=list)
    awards = models.JSONField(default=list)
    published_at = models.DateTimeField(null=True)
    replication_count = models.PositiveIntegerField(default=0)
    original_id = models.IntegerField(null=True, db_index=True)  # the page it replicates
    # Hash of the text the semantic leg embeds (search.vectors): a vector whose hash
    # differs is stale and is embedded again.
    embed_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("dokumen indeks pencarian")

    def __str__(self):
        return self.title


class DocumentVector(models.Model):
    """A document's embedding for the semantic leg (search.vectors), written after commit
    by the task worker or `embed_documents`. `text_hash` is the hash of the model id and
    the text embedded: an unchanged document is not embedded again, and a vector of
    another model is never used."""

    page_id = models.IntegerField(primary_key=True)
    model = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()  # float32, little-endian
    seq = models.BigIntegerField(db_index=True)  # IndexState.vectors_generation when written
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vektor dokumen")

    def __str__(self):
        return f"{self.page_id} ({self.model})"


class Term(models.Model):
    """Words of the indexed text with their document frequency: the spelling dictionary."""

    term = models.CharField(max_length=100, primary_key=True)
    df = models.IntegerField(default=0)

    def __str__(self):
        return f"{self.term} ({self.df})"


MAX_SYNONYM_TERMS = 20  # expressions in one entry
MAX_SYNONYM_TERM_LENGTH = 100  # characters of one expression


class Synonym(index.Indexed, models.Model):
    """A set of equivalent expressions; searching for one finds the others."""

    terms = models.TextField(
        _("istilah setara"),
        help_text=_(
            "Satu istilah per baris atau dipisah koma, mis. KTP-el, e-KTP, KTP elektronik."
        ),
    )
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]
    search_fields = [index.SearchField("terms"), index.SearchField("note")]

    class Meta:
        ordering = ["terms"]
        verbose_name = _("sinonim/akronim")
        verbose_name_plural = _("sinonim dan akronim")

    def __str__(self):
        return ", ".join(self.term_list()[:4])

    def term_list(self):
        raw = self.terms.replace("\n", ",").split(",")
        return [t.strip() for t in raw if t.strip()]

    def clean(self):
        """At least two expressions, each a searchable phrase of bounded length, and none
        that another entry already has (the two would silently merge in the analyser)."""
        from .analysis import tokenize

        terms = self.term_list()
        errors = []
        if len(terms) > MAX_SYNONYM_TERMS:
            errors.append(
                _("Paling banyak %(max)s istilah dalam satu entri.") % {"max": MAX_SYNONYM_TERMS}
            )
        keys = {}
        for term in terms:
            tokens = tokenize(term)
            if len(term) > MAX_SYNONYM_TERM_LENGTH:
                errors.append(
                    _("“%(term)s…” terlalu panjang (paling banyak %(max)s karakter).")
                    % {"term": term[:30], "max": MAX_SYNONYM_TERM_LENGTH}
                )
            elif not tokens:
                errors.append(_("“%(term)s” tidak berisi kata yang bisa dicari.") % {"term": term})
            else:
                keys.setdefault(_term_key(term), term)
        if len(keys) < 2 and not errors:
            errors.append(
                _(
                    "Isi paling sedikit dua istilah yang berbeda, dipisah koma atau baris baru "
                    "(mis. KTP-el, e-KTP)."
                )
            )
        errors += self._overlaps(keys)
        if errors:
            raise ValidationError({"terms": errors})

    def _overlaps(self, keys):
        """Errors for expressions new to this entry that another entry already has."""
        saved = set()
        if self.pk:
            stored = Synonym.objects.filter(pk=self.pk).values_list("terms", flat=True).first()
            saved = {_term_key(t) for t in Synonym(terms=stored or "").term_list()}
        others = Synonym._entries_by_key(exclude=self.pk)
        return [
            _("“%(term)s” sudah ada di entri “%(entry)s”: ubah entri itu saja.")
            % {"term": term, "entry": others[k]}
            for k, term in keys.items()
            if k in others and k not in saved
        ]

    @staticmethod
    def _entries_by_key(exclude=None):
        found = {}
        for entry in Synonym.objects.exclude(pk=exclude).only("terms", "note"):
            for term in entry.term_list():
                found.setdefault(_term_key(term), entry)
        return found

    @classmethod
    def entries_sharing(cls, terms):
        """The entries that already have one of these expressions (a comma- or line-separated
        text), in order of first appearance."""
        by_key = cls._entries_by_key()
        entries = [by_key.get(_term_key(t)) for t in cls(terms=terms).term_list()]
        return list({e.pk: e for e in entries if e is not None}.values())

    def with_terms(self, terms):
        """This entry's text with the expressions of `terms` it does not have yet added."""
        own = {_term_key(t) for t in self.term_list()}
        new = [t for t in Synonym(terms=terms).term_list() if _term_key(t) not in own]
        return ", ".join([*self.term_list(), *dict.fromkeys(new)])


def _term_key(term):
    from .analysis import key_form, tokenize

    return tuple(key_form(t) for t in tokenize(term))


class OutboxEntry(models.Model):
    """A change the Elasticsearch index has not received yet (the transactional outbox).

    Written in the transaction that changes IndexedDocument, so it exists exactly when the
    change committed; deleted once the cluster has acknowledged it. The document sent is
    rebuilt from IndexedDocument at sending time, so replaying an entry twice, or late,
    is harmless. `action` "rebuild" (no page) asks for a whole new index.
    """

    INDEX, DELETE, REBUILD = "index", "delete", "rebuild"
    ACTIONS = [(INDEX, "index"), (DELETE, "delete"), (REBUILD, "rebuild")]

    page_id = models.IntegerField(null=True, db_index=True)
    action = models.CharField(max_length=8, choices=ACTIONS)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("perubahan indeks tertunda")
        verbose_name_plural = _("perubahan indeks tertunda")

    def __str__(self):
        return f"{self.action} {self.page_id or ''}".strip()
