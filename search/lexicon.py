"""Which words are Indonesian or English at all, and which language a query is in.

From wordfreq's word frequencies (Apache-2.0; its data ships inside the package, nothing is
downloaded): written Indonesian and English from Wikipedia, subtitles, news, books and the
web. A word this frequent is a real word even when no document of ours uses it, so the
speller must not "correct" it ("kapal selam" is no typo of "kapal selama").
"""

import functools

from wordfreq import get_frequency_dict, zipf_frequency

# Zipf 3: once per million words; typos ("layann", "kesehatn") are far below it.
MIN_ZIPF = 3.0
LANGUAGES = ("id", "en")


@functools.cache
def _known(language):
    # The frequency dictionary, read once: a dict lookup per word, not a tokenisation.
    minimum = 10 ** (MIN_ZIPF - 9)  # zipf = log10(frequency per billion words)
    return frozenset(w for w, f in get_frequency_dict(language).items() if f >= minimum)


def is_word(word):
    """A real Indonesian or English word, whether or not the collection has it."""
    return any(word in _known(language) for language in LANGUAGES)


def query_language(tokens):
    """ "en" when the words are, on the whole, more English than Indonesian; else "id"."""
    balance, english, indonesian = 0.0, 0, 0
    for token in tokens:
        id_, en = zipf_frequency(token, "id"), zipf_frequency(token, "en")
        balance += en - id_
        english += en > id_
        indonesian += id_ > en
    return "en" if balance > 0 and english > indonesian else "id"
