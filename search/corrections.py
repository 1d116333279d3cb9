"""What to do with query words that no document has: correct them, split them, or set them
aside and say so.

Engines call plan() with the words their index found nowhere. Each word, in turn:
1. written together with "di"/"ke" ("dikantor"): split, when the rest is a word of the
   collection ("di kantor");
2. a real Indonesian or English word (search.lexicon) the collection merely lacks ("kapal
   selam", "wifi"): never "corrected" into another word; set aside and named to the user;
3. otherwise a typo: the speller's closest frequent word, never a stopword
   ("berlobang" -> "berlubang"); several typos in one query are each corrected;
4. a typo with no close word: set aside and named to the user.
"""

from dataclasses import dataclass, field

from . import lexicon
from .analysis import all_stopwords, tokenize

JOINED_PREFIXES = ("di", "ke")  # prepositions often written together with the next word
MIN_SPLIT_REST = 3


@dataclass
class Plan:
    replacements: dict = field(default_factory=dict)  # typed word -> what replaces it
    ignored: list = field(default_factory=list)  # typed words set aside, in query order

    @property
    def changes_words(self):
        return bool(self.replacements)

    def apply(self, text):
        """The query text with replacements made and set-aside words removed."""
        words = []
        for token in tokenize(text):
            if token in self.ignored:
                continue
            words.append(self.replacements.get(token, token))
        return " ".join(words)


def plan(missing, speller):
    """A Plan for the words the index has nowhere (surface words, query order)."""
    result = Plan()
    stop = all_stopwords()
    for word in dict.fromkeys(missing):
        if word in stop or word.isdigit():
            continue
        split = _split(word, speller)
        if split:
            result.replacements[word] = split
        elif lexicon.is_word(word):
            result.ignored.append(word)
        else:
            fix = speller.correct_word(word)
            if fix and fix not in stop:
                result.replacements[word] = fix
            else:
                result.ignored.append(word)
    return result


def _split(word, speller):
    for prefix in JOINED_PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= MIN_SPLIT_REST and speller.known(rest):
            return f"{prefix} {rest}"
    return None
