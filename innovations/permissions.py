"""Per-hub publishing rights.

Each hub gets two groups and one collection when it is created:
- coordinators: add, edit and publish pages in the hub's subtree; upload and use
  images and documents in the hub's collection;
- moderators: the same, plus lock, unlock and delete whole subtrees.
Wagtail's page permissions are inherited down the tree, so granting them on the
hub page confines each group to that hub: other hubs are simply outside their reach.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

COORDINATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
MODERATOR_PAGE_PERMISSIONS = COORDINATOR_PAGE_PERMISSIONS + (
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
COLLECTION_PERMISSIONS = {
    ("wagtailimages", "image"): ("add_image", "change_image", "choose_image"),
    ("wagtaildocs", "document"): ("add_document", "change_document", "choose_document"),
}


def coordinator_group_name(hub):
    return f"Koordinator {hub.title}"[:150]


def moderator_group_name(hub):
    return f"Moderator {hub.title}"[:150]


@transaction.atomic
def setup_hub_access(hub):
    """Create (or repair) the hub's groups, collection and permissions. Idempotent."""
    collection = hub.collection or _create_collection(hub.title)
    coordinators = hub.coordinators or _get_or_create_group(coordinator_group_name(hub))
    moderators = hub.moderators or _get_or_create_group(moderator_group_name(hub))

    for group, codenames in (
        (coordinators, COORDINATOR_PAGE_PERMISSIONS),
        (moderators, MODERATOR_PAGE_PERMISSIONS),
    ):
        _grant_admin_access(group)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=hub, permission=_page_permission(codename)
            )
        for (app_label, _model), collection_codenames in COLLECTION_PERMISSIONS.items():
            for codename in collection_codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=collection,
                    permission=Permission.objects.get(
                        content_type__app_label=app_label, codename=codename
                    ),
                )

    # update() rather than save(): saving the page would create noise in its history.
    type(hub).objects.filter(pk=hub.pk).update(
        coordinators=coordinators, moderators=moderators, collection=collection
    )
    hub.coordinators, hub.moderators, hub.collection = coordinators, moderators, collection
    return hub


def _create_collection(title):
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=title).first()
    return existing or root.add_child(name=title)


def _get_or_create_group(name):
    group, _ = Group.objects.get_or_create(name=name)
    return group


def _grant_admin_access(group):
    access_admin = Permission.objects.get(
        content_type=ContentType.objects.get(app_label="wagtailadmin", model="admin"),
        codename="access_admin",
    )
    group.permissions.add(access_admin)


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
