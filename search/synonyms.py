"""The synonym and acronym dictionary, as the analyser uses it (token tuples)."""

import threading

from django.db.models import F

from . import state
from .analysis import key_form, tokenize
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


def build_table(entries):
    """entries: iterables of equivalent expressions ->
    {key-form tuple: [token tuples of the other expressions]}."""
    table = SynonymTable()
    for terms in entries:
        phrases = list(dict.fromkeys(tuple(tokenize(t)) for t in terms))
        phrases = [p for p in phrases if p]
        for phrase in phrases:
            key = tuple(key_form(t) for t in phrase)
            others = table.setdefault(key, [])
            for other in phrases:
                if other != phrase and other not in others:
                    others.append(other)
    return table


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
    bump_generation()


def bump_generation():
    """Called when the dictionary changes, so every process reloads it."""
    state, _ = IndexState.objects.get_or_create(pk=1)
    IndexState.objects.filter(pk=state.pk).update(synonyms_generation=F("synonyms_generation") + 1)
