"""Per process: the matches of the query groups found in many documents, for one state of
the index (see search.state), kept by the PostgreSQL engine (backends.postgres)."""

import threading
from collections import OrderedDict

KEPT_GROUPS = 128


class KeptMatches:
    """The matches of the groups found in many documents, for one state of the index
    (search.state's index key, which every index write changes): a common word's matches
    are read from tens of thousands of rows, the same for every query with that word.

    At most KEPT_GROUPS groups, the least recently used forgotten first; a bitset is a
    bit a document (12.5 KB at 100,000 documents)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._key = None
        self._bits = OrderedDict()

    def get(self, key, branches):
        with self._lock:
            if key != self._key:
                return None
            bits = self._bits.get(branches)
            if bits is not None:
                self._bits.move_to_end(branches)
            return bits

    def put(self, key, branches, bits):
        with self._lock:
            if key != self._key:
                self._key = key
                self._bits.clear()
            self._bits[branches] = bits
            self._bits.move_to_end(branches)
            while len(self._bits) > KEPT_GROUPS:
                self._bits.popitem(last=False)

    def clear(self):
        with self._lock:
            self._key = None
            self._bits.clear()


kept = KeptMatches()


def reset():
    kept.clear()
