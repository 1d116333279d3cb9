"""Rule-based stemmers for Indonesian and English.

The Indonesian stemmer follows the confix-stripping idea of Nazief-Adriani/ECS without a
root dictionary: strip the particle/possessive "-nya", then the derivational suffix, then
up to two prefixes with their sound changes (meny- -> s, mem+vowel -> p, men+vowel -> t).
Without a dictionary some roots come out clipped (keluarga -> luarga); that is harmless
because documents and queries go through the same rules, and what matters is that the
forms of one word meet: pelayanan, layanan, melayani -> layan; perizinan, izin -> izin.
"""

import functools

VOWELS = frozenset("aiueo")
CACHE_SIZE = 200_000  # stemming is pure; a word's stem is computed once per process
MIN_STEM = 4


@functools.lru_cache(maxsize=CACHE_SIZE)
def stem_indonesian(word):
    if len(word) <= MIN_STEM or not word.isalpha():
        return word
    if word.endswith("nya") and len(word) - 3 >= MIN_STEM:
        word = word[:-3]
    verbal = word.startswith(("me", "di", "ber", "ter"))
    suffixed = _strip_suffix(word, verbal)
    stem, prefixes = _strip_prefixes(suffixed)
    if prefixes == 0 and suffixed != word and word.endswith("i"):
        # "-i" marks a verb only together with a prefix (melayani); alone it is part of the root.
        return word
    return stem


def _strip_suffix(word, verbal):
    if word.endswith("kan") and verbal and len(word) - 3 >= MIN_STEM:
        return word[:-3]
    if word.endswith("an") and len(word) - 2 >= MIN_STEM:
        return word[:-2]
    # Loanwords in -si (inovasi, replikasi) keep their i.
    if word.endswith("i") and not word.endswith("si") and verbal and len(word) - 1 >= MIN_STEM:
        return word[:-1]
    return word


def _strip_prefixes(word):
    removed = 0
    while removed < 2:
        stripped = _strip_one_prefix(word)
        if stripped is None or len(stripped) < MIN_STEM:
            break
        word, removed = stripped, removed + 1
    return word, removed


def _strip_one_prefix(word):
    # Order matters: longer, more specific prefixes first.
    if word.startswith(("meny", "peny")) and len(word) > 4 and word[4] in VOWELS:
        return "s" + word[4:]
    if word.startswith(("meng", "peng")):
        return word[4:]
    if word.startswith(("mem", "pem")):
        rest = word[3:]
        if rest[:1] in VOWELS:
            return "p" + rest
        return rest if rest[:1] in ("b", "p", "f", "v") else None
    if word.startswith(("men", "pen")):
        rest = word[3:]
        if rest[:1] in VOWELS:
            return "t" + rest
        return rest if rest[:1] in ("c", "d", "j", "t", "s", "z") else None
    if word.startswith("me") and word[2:3] in ("l", "r", "w", "y", "n", "m"):
        return word[2:]
    if word.startswith(("ber", "ter", "per")):
        return word[3:]
    if word.startswith("be") and word[2:4] == "ke":
        return word[2:]  # bekerja -> kerja
    if word.startswith("pe") and word[2:3] not in VOWELS:
        return word[2:]
    if word.startswith(("di", "ke")):
        return word[2:]
    return None


@functools.lru_cache(maxsize=CACHE_SIZE)
def stem_english(word):
    """A light English stemmer: plurals, -ing, -ed, -er(s), -ly."""
    if len(word) <= MIN_STEM or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 5:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "er", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # running -> run(n)
            break
    return word
