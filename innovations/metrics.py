"""How far a metric moved, in words a reader (and a screen reader) is told: "turun 74%".

Used by the case study's metric cards and by the headline metric of the result cards."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def as_decimal(value):
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def format_number(value):
    """A number with the active locale's separators and no needless decimals.

    Decimal("14.00") -> "14", Decimal("2.50") -> "2,5", 1500000 -> "1.500.000" (Indonesian).
    """
    amount = as_decimal(value)
    if amount is None:
        return ""
    if amount == amount.to_integral_value():
        amount, places = amount.quantize(Decimal(1)), 0
    else:
        amount = amount.normalize()
        places = max(0, -amount.as_tuple().exponent)
    return number_format(amount, decimal_pos=places, force_grouping=True)


@dataclass
class MetricChange:
    direction: str  # "up", "down" or "same"
    arrow: str
    words: str  # "turun 79%"
    percent: str  # "79%", or "" when it cannot be computed (before is 0)


def metric_change(metric):
    """How far a metric moved from before to after; None unless both numbers exist."""
    before, after = as_decimal(metric.before), as_decimal(metric.after)
    if before is None or after is None:
        return None
    if after == before:
        return MetricChange("same", "=", _("tetap"), "")
    direction = "up" if after > before else "down"
    percent = ""
    if before != 0:
        change = abs((after - before) / before * 100)
        places = 0 if change >= 10 else 1
        percent = f"{format_number(round(change, places).quantize(Decimal(1).scaleb(-places)))}%"
    if direction == "up":
        words = _("naik %(percent)s") % {"percent": percent} if percent else _("naik")
        arrow = "↑"
    else:
        words = _("turun %(percent)s") % {"percent": percent} if percent else _("turun")
        arrow = "↓"
    return MetricChange(direction, arrow, words, percent)


def headline_metric(metrics):
    """The metric a result card shows: the first (in the editor's order) that moved."""
    for metric in metrics:
        change = metric_change(metric)
        if change is not None and change.direction != "same":
            return metric, change
    return None
