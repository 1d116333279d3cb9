"""Small formatting helpers for the public innovation pages."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from ..metrics import as_decimal, format_number

register = template.Library()


_as_decimal = as_decimal


@register.filter
def number(value):
    """A number with the active locale's separators and no needless decimals."""
    return format_number(value)


@register.filter
def rupiah(value):
    """An amount in whole rupiah: 250000000 -> "Rp 250.000.000" (Indonesian)."""
    amount = _as_decimal(value)
    if amount is None:
        return ""
    whole = amount.quantize(Decimal(1))
    return f"Rp {number_format(whole, decimal_pos=0, force_grouping=True)}"
