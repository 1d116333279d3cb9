"""Per-hub publishing rights.

Each hub gets two groups and one collection when it is created:
- coordinators: add, edit and publish pages in the hub's subtree; upload and use
  images and documents in the hub's collection;
- moderators: the same, plus lock, unlock and delete whole subtrees.
Wagtail's page permissions are inherited down the tree, so granting them on the
hub page confines each group to that hub: other hubs are simply outside their reach.
"""

from django.contrib.auth.models import Group, Permission
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

    # One query for every permission and one bulk insert per table: imports create dozens
    # of hubs, and a get_or_create per permission made each hub cost about 70 queries.
    # ignore_conflicts keeps rows that exist (both tables have unique constraints).
    permissions = _permissions()
    group_rows, page_rows, collection_rows = [], [], []
    for group, codenames in (
        (coordinators, COORDINATOR_PAGE_PERMISSIONS),
        (moderators, MODERATOR_PAGE_PERMISSIONS),
    ):
        group_rows.append(
            Group.permissions.through(
                group=group, permission=permissions["wagtailadmin", "access_admin"]
            )
        )
        page_rows += [
            GroupPagePermission(
                group=group, page=hub, permission=permissions["wagtailcore", codename]
            )
            for codename in codenames
        ]
        collection_rows += [
            GroupCollectionPermission(
                group=group, collection=collection, permission=permissions[app_label, codename]
            )
            for (app_label, _model), codenames in COLLECTION_PERMISSIONS.items()
            for codename in codenames
        ]
    Group.permissions.through.objects.bulk_create(group_rows, ignore_conflicts=True)
    GroupPagePermission.objects.bulk_create(page_rows, ignore_conflicts=True)
    GroupCollectionPermission.objects.bulk_create(collection_rows, ignore_conflicts=True)

    # update() rather than save(): saving the page would create noise in its history.
    type(hub).objects.filter(pk=hub.pk).update(
        coordinators=coordinators, moderators=moderators, collection=collection
    )
    hub.coordinators, hub.moderators, hub.collection = coordinators, moderators, collection
    return hub


def _permissions():
    """(app_label, codename) -> Permission, for every permission a hub's groups get."""
    wanted = {("wagtailadmin", "access_admin")}
    wanted |= {("wagtailcore", c) for c in MODERATOR_PAGE_PERMISSIONS}
    wanted |= {(app, c) for (app, _m), codes in COLLECTION_PERMISSIONS.items() for c in codes}
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.filter(
            codename__in={c for _a, c in wanted},
            content_type__app_label__in={a for a, _c in wanted},
        ).select_related("content_type")
    }
    missing = wanted - found.keys()
    if missing:
        raise LookupError(f"Permissions missing (migrations not run?): {sorted(missing)}")
    return found


def _create_collection(title):
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=title).first()
    return existing or root.add_child(name=title)


def _get_or_create_group(name):
    group, _ = Group.objects.get_or_create(name=name)
    return group
