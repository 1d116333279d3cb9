"""Small formatting helpers for the public innovation pages."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


def _as_decimal(value):
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


@register.filter
def number(value):
    """A number with the active locale's separators and no needless decimals.

    Decimal("14.00") -> "14", Decimal("2.50") -> "2,5", 1500000 -> "1.500.000" (Indonesian).
    """
    amount = _as_decimal(value)
    if amount is None:
        return ""
    if amount == amount.to_integral_value():
        amount, places = amount.quantize(Decimal(1)), 0
    else:
        amount = amount.normalize()
        places = max(0, -amount.as_tuple().exponent)
    return number_format(amount, decimal_pos=places, force_grouping=True)


@register.filter
def rupiah(value):
    """An amount in whole rupiah: 250000000 -> "Rp 250.000.000" (Indonesian)."""
    amount = _as_decimal(value)
    if amount is None:
        return ""
    whole = amount.quantize(Decimal(1))
    return f"Rp {number_format(whole, decimal_pos=0, force_grouping=True)}"
