"""Per-hub publishing rights, and the national curators.

Each hub gets two groups, one collection and one review workflow when it is created:
- coordinators (Koordinator): add and edit pages in the hub's subtree and submit them for
  review; upload and use images and documents in the hub's collection; publish directly
  only when the hub allows it (HubPage.coordinators_can_publish, off by default);
- moderators (Moderator): the same, plus publish, lock, unlock and delete whole subtrees,
  and approve or reject what coordinators submit (innovations.review).
Wagtail's page permissions are inherited down the tree, so granting them on the
hub page confines each group to that hub: other hubs are simply outside their reach.

One national group, Kurator nasional, keeps the reference data, the synonym dictionary and
the home page's featured innovations (innovations.models.featured), and reads the whole
network (innovations.view_network): every hub's innovations in the admin listing,
read-only, and the network's figures on the dashboard. It holds no page
permission, so it edits a hub only when its members also belong to that hub's groups.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from .review import setup_hub_review

COORDINATOR_PAGE_PERMISSIONS = ("add_page", "change_page")
PUBLISH_PERMISSION = "publish_page"
MODERATOR_PAGE_PERMISSIONS = COORDINATOR_PAGE_PERMISSIONS + (
    PUBLISH_PERMISSION,
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
NATIONAL_CURATORS = "Kurator nasional"
REFERENCE_MODELS = (
    "islandgroup",
    "province",
    "regency",
    "ministryagency",
    "sector",
    "servicechannel",
    "sdg",
    "stage",
    "status",
)
CURATOR_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("innovations", "view_network"),
    ("insights", "view_searchinsights"),
    *(
        ("innovations", f"{action}_{model}")
        for model in REFERENCE_MODELS
        for action in ("add", "change", "delete", "view")
    ),
    *(("hubsearch", f"{action}_synonym") for action in ("add", "change", "delete", "view")),
    *(
        ("innovations", f"{action}_featuredinnovation")
        for action in ("add", "change", "delete", "view")
    ),
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
    """Create (or repair) the hub's groups, collection, permissions and review workflow.
    Idempotent."""

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
    sync_coordinator_publishing(hub, permissions[PUBLISH_PERMISSION_KEY])
    setup_hub_review(hub)
    return hub


PUBLISH_PERMISSION_KEY = ("wagtailcore", PUBLISH_PERMISSION)


def sync_coordinator_publishing(hub, permission=None):
    """Give the hub's coordinators the right to publish exactly when the hub's published
    settings allow it. Read from the database, not from `hub`: a hub saved as a draft
    carries the draft's values, which apply only once published."""
    if not hub.coordinators_id:
        return
    allowed = (
        type(hub)
        .objects.filter(pk=hub.pk)
        .values_list("coordinators_can_publish", flat=True)
        .first()
    )
    permission = permission or Permission.objects.get(
        content_type__app_label="wagtailcore", codename=PUBLISH_PERMISSION
    )
    rows = GroupPagePermission.objects.filter(
        group_id=hub.coordinators_id, page_id=hub.pk, permission=permission
    )
    if allowed:
        GroupPagePermission.objects.bulk_create(
            [GroupPagePermission(group_id=hub.coordinators_id, page_id=hub.pk,
                                 permission=permission)],
            ignore_conflicts=True,
        )  # fmt: skip
    else:
        rows.delete()


def ensure_national_curators():
    """The national curators' group with its permissions. Idempotent."""
    group = _get_or_create_group(NATIONAL_CURATORS)
    wanted = set(CURATOR_PERMISSIONS)
    found = [
        p
        for p in Permission.objects.filter(
            codename__in={c for _a, c in wanted},
            content_type__app_label__in={a for a, _c in wanted},
        ).select_related("content_type")
        if (p.content_type.app_label, p.codename) in wanted
    ]
    group.permissions.add(*found)
    return group


def is_national_curator(user):
    return user.is_active and user.has_perm("innovations.view_network")


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
