"""Sets of document ids as Python integers: bit n is set when document n is in the set.

Python's big integers give fast, C-speed AND/OR and popcount, which is all faceting needs:
counting a value within a filtered set is `(value_bits & mask).bit_count()`.
"""


def from_ids(ids):
    ids = list(ids)
    if not ids:
        return 0
    buffer = bytearray((max(ids) >> 3) + 1)
    for i in ids:
        buffer[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buffer, "little")


WORD_BITS = 32


def from_words(words):
    """A set from (word number, word) pairs: bits n*32 .. n*32+31 of the set are word n's.
    Engines that can group ids by word in SQL hand over a few thousand words instead of
    a hundred thousand ids."""
    words = list(words)
    if not words:
        return 0
    size = WORD_BITS // 8
    buffer = bytearray(size * (max(n for n, _ in words) + 1))
    for number, word in words:
        buffer[number * size : (number + 1) * size] = word.to_bytes(size, "little")
    return int.from_bytes(buffer, "little")


# The offsets of the set bits of every byte value, for to_ids.
_BYTE_OFFSETS = [tuple(o for o in range(8) if byte >> o & 1) for byte in range(256)]


def to_ids(bits):
    """The ids in ascending order."""
    if not bits:
        return []
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
    ids = []
    offsets = _BYTE_OFFSETS
    for index, byte in enumerate(data):
        if byte:
            base = index << 3
            ids.extend(base + o for o in offsets[byte])
    return ids


def membership(bits):
    """A test `page_id in bits` for many lookups. `bits >> i & 1` copies the integer's
    upper part on every call, which across thousands of ids of a large collection costs
    more than the search; this converts once and then tests in constant time."""
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little") if bits else b""
    size = len(data)

    def contains(i):
        byte = i >> 3
        return byte < size and data[byte] >> (i & 7) & 1 == 1

    return contains


def at_least(sets, k):
    """Ids present in at least k of the given sets (bit-sliced counting)."""
    if k <= 0:
        return None  # no constraint
    if k == 1:
        result = 0
        for s in sets:
            result |= s
        return result
    if k == len(sets):
        result = sets[0]
        for s in sets[1:]:
            result &= s
        return result
    # counters[j] holds bit j of each document's count, up to k (saturating is not needed:
    # len(sets) is small, so a few counter bits suffice).
    width = max(1, len(sets).bit_length())
    counters = [0] * width
    for s in sets:
        carry = s
        for j in range(width):
            counters[j], carry = counters[j] ^ carry, counters[j] & carry
            if not carry:
                break
    # documents whose count >= k
    result = 0
    union = 0
    for s in sets:
        union |= s
    for candidate in _ids_count_at_least(counters, k, union):
        result |= candidate
    return result


def _ids_count_at_least(counters, k, universe):
    """Yield bitsets whose union is the documents with count >= k."""
    # Compare the bit-sliced count with k from the most significant bit down.
    greater = 0
    equal = universe
    for j in reversed(range(len(counters))):
        bit = counters[j]
        if k >> j & 1:
            equal &= bit
        else:
            greater |= equal & bit
            equal &= ~bit
    yield greater
    yield equal
