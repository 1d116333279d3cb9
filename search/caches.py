"""The per-process caches of what search derives from the index, and one reset for all.

Each cache follows the index by itself (search.state); a reset is for when the database
changed under them without the index knowing: tests that roll back, a restored backup.
"""

from . import facets, keptmatches, labels, resultcache, spelling, synonyms


def reset():
    facets.reset()
    keptmatches.reset()
    labels.reset()
    resultcache.reset()
    spelling.reset()
    synonyms.reset()
