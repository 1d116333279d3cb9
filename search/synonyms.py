"""The synonym and acronym dictionary, as the analyser uses it (token tuples)."""

import threading

from django.db.models import F

from . import state
from .analysis import key_form, tokenize, tokenize_with_offsets
from .models import IndexState, Synonym

_lock = threading.Lock()
_cache = {"key": None, "table": None}


class SynonymTable(dict):
    """{key-form tuple: [token tuples of the other expressions]}, and the length of the
    longest key (how far query_groups looks ahead), known once rather than per query."""

    @property
    def longest(self):
        if self._longest is None:
            self._longest = max((len(k) for k in self), default=0)
        return self._longest

    _longest = None
    # {typed phrase (token tuple): the entry's longest expression}, for written_out, and
    # the most words such a phrase has.
    longer = None
    longer_words = 0


def build_table(entries):
    """entries: iterables of equivalent expressions ->
    {key-form tuple: [token tuples of the other expressions]}."""
    table = SynonymTable()
    table.longer = {}
    for terms in entries:
        phrases = list(dict.fromkeys(tuple(tokenize(t)) for t in terms))
        phrases = [p for p in phrases if p]
        if phrases:
            longest = max(phrases, key=len)  # the first of the longest
            for phrase in phrases:
                if len(phrase) < len(longest):
                    table.longer.setdefault(phrase, longest)
                    table.longer_words = max(table.longer_words, len(phrase))
        for phrase in phrases:
            key = tuple(key_form(t) for t in phrase)
            others = table.setdefault(key, [])
            for other in phrases:
                if other != phrase and other not in others:
                    others.append(other)
    return table


def written_out(text, table):
    """The query as the semantic leg's model should read it: a short form typed exactly as
    a dictionary entry has it (an acronym, an abbreviation: "SPP-IRT", "PKH", "kades") is
    followed by that entry's longest expression ("sertifikat produksi pangan industri
    rumah tangga"). A small model knows few of the public sector's acronyms; the
    dictionary knows what they stand for, as the lexical leg already reads it."""
    longer = getattr(table, "longer", None)
    if not longer:
        return text
    found = list(tokenize_with_offsets(text))
    tokens = [token for token, _, _ in found]
    longest = table.longer_words
    pieces, written, i = [], 0, 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            phrase = tuple(tokens[i : i + size])
            if phrase in longer:
                end = found[i + size - 1][2]
                pieces += [text[written:end], " (", " ".join(longer[phrase]), ")"]
                written = end
                i += size
                break
        else:
            i += 1
    return "".join(pieces) + text[written:]


def synonym_table():
    """The current table, rebuilt when coordinators change the dictionary."""
    key = state.current().synonyms
    with _lock:
        if _cache["key"] != key:
            _cache["table"] = build_table(s.term_list() for s in Synonym.objects.all())
            _cache["key"] = key
        return _cache["table"]


def reset():
    """Forget the table: the next search reads the dictionary again."""
    with _lock:
        _cache.update(key=None, table=SynonymTable())


def on_dictionary_change(sender, **kwargs):
    from .tasks import schedule_terms_refresh  # the tasks' modules read this dictionary

    bump_generation()
    schedule_terms_refresh()


def bump_generation():
    """Called when the dictionary changes, so every process reloads it."""
    state, _ = IndexState.objects.get_or_create(pk=1)
    IndexState.objects.filter(pk=state.pk).update(synonyms_generation=F("synonyms_generation") + 1)
