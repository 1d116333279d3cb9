"""Replication intent: a query asking for the replications of a practice, or the original
behind one ("daerah yang mengadaptasi bank sampah Pontianak", "LAYONSARI replikasi dari
inovasi mana", "inovasi yang ditiru daerah lain").

Read from the words' form, not from a list of queries:
* a replication word says the query is about lineage: replikasi and replika, or a verb of
  imitating (ditiru, meniru, diadaptasi, mengadopsi, dicontoh; replicated, adapted, copied).
  The bare nouns adaptasi, adopsi and contoh are not enough ("adaptasi perubahan iklim",
  "contoh inovasi"), nor is "adaptation";
* an origin word (asal, asli; original), or "dari"/"from" followed by a question word
  ("dari inovasi mana"), asks for the original;
* otherwise the replications are wanted. With no practice named, a passive verb
  ("ditiru", "direplikasi", "replicated by") asks for originals that were replicated, and
  an active verb or a noun ("meniru", "replikasi") for replications.
"""

from dataclasses import dataclass

from .stemming import stem_english, stem_indonesian

REPLICATION_NOUNS = frozenset({"replikasi", "replika", "replication", "replications",
                               "replica", "replicas"})  # fmt: skip
# Stems whose verb forms (a prefix in Indonesian, -ed/-ing in English) say "imitated".
IMITATION_STEMS_ID = frozenset({"replikasi", "tiru", "adaptasi", "adopsi", "contoh"})
IMITATION_STEMS_EN = frozenset({"replicat", "replicate", "adapt", "adopt", "copi", "copy"})
# "dari"/"from" followed by a question word asks for the original ("diadaptasi dari aplikasi
# apa"); followed by a name it names the original ("adapted from Banyuwangi").
FROM_WORDS = frozenset({"dari", "from"})
QUESTION_WORDS = frozenset({"apa", "mana", "siapa", "which", "what", "where", "whom"})
ORIGIN_WORDS = frozenset({"asal", "asalnya", "asli", "aslinya", "original", "origin"})
PASSIVE_AGENT_EN = frozenset({"by"})
# Words that only frame the question ("dari inovasi mana", "which region"): not the practice.
FRAME_WORDS = frozenset({"inovasi", "aplikasi", "program", "daerah", "yang", "oleh", "ke", "di",
                         "the", "was", "were", "is", "innovation", "innovations", "region",
                         "regions"})  # fmt: skip

REPLICATIONS, ORIGINAL = "replications", "original"  # of a named practice
REPLICATED, REPLICAS = "replicated", "replicas"  # with no practice named


@dataclass(frozen=True)
class ReplicationIntent:
    wants: str  # REPLICATIONS or ORIGINAL when a practice is named, else REPLICATED/REPLICAS
    practice: str  # the words that may name the practice ("bank sampah digital pontianak")


def replication_intent(tokens):
    """A ReplicationIntent for the query's tokens, or None when it asks nothing of lineage."""
    position = next((i for i, t in enumerate(tokens) if _is_replication_word(t)), None)
    if position is None:
        return None
    word = tokens[position]
    after = tokens[position + 1 :]
    asked_from = next((i for i, t in enumerate(after) if t in FROM_WORDS), None)
    # The question word follows "dari" in Indonesian ("dari inovasi mana"), and leads the
    # sentence in English ("what was X replicated from").
    if asked_from is None:
        question = ()
    elif after[asked_from] == "dari":
        question = after[asked_from:]
    else:
        question = tokens
    origin = any(t in ORIGIN_WORDS for t in tokens) or any(t in QUESTION_WORDS for t in question)
    practice = [
        t for t in tokens
        if not _is_replication_word(t) and t not in ORIGIN_WORDS and t not in FROM_WORDS
        and t not in QUESTION_WORDS and t not in FRAME_WORDS
    ]  # fmt: skip
    if origin:
        wants = ORIGINAL
    elif _is_passive(word, after):
        wants = REPLICATED
    else:
        wants = REPLICAS
    return ReplicationIntent(wants, " ".join(practice))


def named_wants(intent):
    """What a query with this intent wants of the practice it names."""
    return ORIGINAL if intent.wants == ORIGINAL else REPLICATIONS


def _is_replication_word(token):
    if token in REPLICATION_NOUNS or token == "tiru":
        return True
    stem = stem_indonesian(token)
    if stem != token and stem in IMITATION_STEMS_ID:
        return True
    return token.endswith(("ed", "ing")) and stem_english(token) in IMITATION_STEMS_EN


def _is_passive(word, after):
    if word.startswith("di") and stem_indonesian(word) != word:
        return True  # ditiru, direplikasi, diadaptasi, diadopsi
    return word.endswith("ed") and bool(after) and after[0] in PASSIVE_AGENT_EN
