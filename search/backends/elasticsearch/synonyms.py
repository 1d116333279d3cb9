"""The coordinators' synonym dictionary as an Elasticsearch synonyms set.

The search analyzers' `synonym_graph` filter reads the set `<alias>-synonyms`; updating it
reloads those analyzers (Elasticsearch 8 always does, 9 by default with its `refresh`
parameter left unset), so a change applies to the next search: no close/open of the index,
no files on the nodes. Each process compares the dictionary's generation with the one it
last sent, and sends the set again only when it changed.
"""

from ...models import IndexState, Synonym
from .analysis import synonym_rules


def _rule_set(rules):
    return sorted((r.get("id"), r.get("synonyms")) for r in rules)


class SynonymSet:
    def __init__(self, connection, name):
        self.connection = connection
        self.name = name  # a callable: the set is named after the alias
        self._sent_key = None
        self.updates = 0  # synonyms sets sent (for tests)

    def forget(self):
        self._sent_key = None

    def sync(self, force=False):
        """Make the cluster's set equal the dictionary; True when it was changed."""
        state = IndexState.objects.filter(pk=1).values_list("epoch", "synonyms_generation").first()
        key = (state, Synonym.objects.count())
        if not force and key == self._sent_key:
            return False
        rules = synonym_rules((s.pk, s.term_list()) for s in Synonym.objects.order_by("pk"))
        client, name = self.connection.client, self.name()
        current = self.connection.call(
            lambda: client.options(ignore_status=404).synonyms.get_synonym(id=name, size=10_000)
        )
        missing = current.meta.status == 404
        changed = missing or _rule_set(current.get("synonyms_set", [])) != _rule_set(rules)
        if changed:
            self.connection.call(lambda: client.synonyms.put_synonym(id=name, synonyms_set=rules))
            self.updates += 1
        self._sent_key = key
        return changed
