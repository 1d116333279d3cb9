"""Small formatting helpers for the public innovation pages."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

from ..metrics import as_decimal, format_number

register = template.Library()


_as_decimal = as_decimal


@register.filter
def number(value):
    """A number with the active locale's separators and no needless decimals."""
    return format_number(value)


# How each language writes large amounts of money: a locale convention, like the separators
# Django's format modules hold, so kept here rather than in the message catalogue.
CURRENCY = {
    "id": ("Rp", [(10**12, "triliun"), (10**9, "miliar"), (10**6, "juta")]),
    "en": ("IDR", [(10**12, "trillion"), (10**9, "billion"), (10**6, "million")]),
}


@register.filter
def rupiah(value):
    """An amount of rupiah as the reader's language writes it: 1200000000 -> "Rp 1,2 miliar"
    (Indonesian), "IDR 1.2 billion" (English); below a million, every digit: "Rp 250.000"."""
    amount = _as_decimal(value)
    if amount is None:
        return ""
    symbol, scales = CURRENCY["en" if (get_language() or "id").startswith("en") else "id"]
    for size, word in scales:
        if abs(amount) >= size:
            scaled = (amount / size).quantize(Decimal("0.1"))
            return f"{symbol} {format_number(scaled)} {word}"
    whole = amount.quantize(Decimal(1))
    return f"{symbol} {number_format(whole, decimal_pos=0, force_grouping=True)}"
