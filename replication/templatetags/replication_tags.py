"""Template tags of the replication exchange, for the innovation page and result cards."""

from django import template

from ..kits import kit_groups
from ..summary import summary_for

register = template.Library()


@register.simple_tag
def replication_kit(page):
    """The page's kit documents grouped by kind (see replication.kits.kit_groups)."""
    return kit_groups(page)


@register.simple_tag(takes_context=True)
def replication_summary(context, page_id):
    """ReplicationSummary(done, in_progress) of one innovation (see replication.summary)."""
    return summary_for(page_id, context.get("request"))
