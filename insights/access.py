"""Who sees which insights.

- National curators (the `insights.view_searchinsights` permission, which the "Kurator
  nasional" group receives) and superusers: every report, every hub.
- A hub's coordinators and moderators: the queries that reached their own hub's pages.
- Anyone else: nothing.
"""

from django.db.models import Q

from innovations.models import HubPage

NATIONAL_PERMISSION = "insights.view_searchinsights"


def is_national(user):
    return user.is_active and user.has_perm(NATIONAL_PERMISSION)


def visible_hubs(user):
    """[(slug, title)] of the hubs whose reports this user may see, by title."""
    hubs = HubPage.objects.all()
    if not is_national(user):
        groups = user.groups.all()
        hubs = hubs.filter(Q(coordinators__in=groups) | Q(moderators__in=groups)).distinct()
    return list(hubs.order_by("title").values_list("slug", "title"))


def may_see_insights(user):
    return is_national(user) or bool(visible_hubs(user))
