"""SearchDocument: everything the engine knows about one searchable item.

The content app builds these (see innovations.search_index) and hands them to
search.indexing; engines see documents, never page models. Text arrives plain, by part
(search.schema.TEXT_PARTS); the engine analyses it.
"""

import hashlib
from dataclasses import dataclass, field

from .analysis import analyze, vocabulary
from .schema import EMBEDDED_PARTS, FIELD_GROUPS, group_texts


@dataclass
class SearchDocument:
    page_id: int
    slug: str
    url: str  # the public path, e.g. /simpul/jipp-jawa-barat/sapa-warga/
    language: str  # "id" or "en": how the text is analysed
    texts: dict  # part -> plain text (search.schema.TEXT_PARTS)
    ministry: str = ""
    province: str = ""
    regency: str = ""
    sector: str = ""
    level: str = ""
    stage: str = ""
    status: str = ""
    hub: str = ""
    year: int | None = None
    channels: list = field(default_factory=list)
    sdgs: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    awards: list = field(default_factory=list)
    published_at: object = None
    replication_count: int = 0
    original_id: int | None = None  # the searchable document this one replicates
    # The analysed text, once computed: analysis is most of an import's CPU, and an engine
    # may read it twice (PostgreSQL writes the document's row and its words separately).
    _analysed: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def title(self):
        return self.texts.get("title", "")

    @property
    def tagline(self):
        return self.texts.get("tagline", "")

    def analysed_groups(self):
        """The analysed text (stems, no stopwords) of each field group, in schema order."""
        if self._analysed is None:
            texts = group_texts(self.texts)
            self._analysed = tuple(
                " ".join(analyze(texts[g.name], self.language)) for g in FIELD_GROUPS
            )
        return self._analysed

    @property
    def embed_hash(self):
        return text_hash(embedded_text(self.texts))

    def vocabulary(self):
        """Distinct surface words, for the spelling dictionary."""
        return vocabulary(self.texts)


def embedded_text(texts):
    """What the semantic leg embeds of a document: "Title. Tagline summary"."""
    title, *rest = (texts.get(part) or "" for part in EMBEDDED_PARTS)
    return f"{title}. {' '.join(r for r in rest if r)}".strip()


def text_hash(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
