"""Template tags of the replication exchange, for the innovation page and result cards."""

from django import template

from ..kits import kit_groups

register = template.Library()


@register.simple_tag
def replication_kit(page):
    """The page's kit documents grouped by kind (see replication.kits.kit_groups)."""
    return kit_groups(page)
