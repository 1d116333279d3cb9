"""Who sees which replication requests: scoped exactly like pages.

A request belongs to the hub that published its innovation. Whoever may edit that page
(the hub's coordinators and moderators, superusers) sees and handles it; national
curators (innovations.view_network) read every request; nobody else sees any."""

from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import ReplicationRequest

NETWORK_PERMISSION = "innovations.view_network"


def editable_pages(user):
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change")


def handled_requests(user):
    """Requests this user may act on (change the stage, create the draft)."""
    if not (user.is_active and user.is_authenticated):
        return ReplicationRequest.objects.none()
    if user.is_superuser:
        return ReplicationRequest.objects.all()
    return ReplicationRequest.objects.filter(innovation__in=editable_pages(user).values("pk"))


def visible_requests(user):
    """Requests this user may read: those they handle, or all for a national curator."""
    if user.is_active and user.is_authenticated and user.has_perm(NETWORK_PERMISSION):
        return ReplicationRequest.objects.all()
    return handled_requests(user)


def can_handle(user, replication_request):
    return handled_requests(user).filter(pk=replication_request.pk).exists()


def sees_any(user):
    """Whether the admin menu shows the requests at all."""
    if not (user.is_active and user.is_authenticated):
        return False
    return user.is_superuser or user.has_perm(NETWORK_PERMISSION) or editable_pages(user).exists()
