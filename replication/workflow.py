"""What happens to a replication request: it is submitted, moves through stages (each
logged and mailed to the requester), and at implementasi or selesai it can become a draft
innovation for the replicating region, with its lineage set."""

import datetime

from django.db import transaction
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _

from innovations.models import HubKind, HubPage, InnovationPage, Level, Stage, Status
from innovations.models.sections import SECTIONS
from pagecache import store as page_cache

from .models import ReplicationRequest, StageChange
from .notifications import queue_mail


@transaction.atomic
def submit(innovation, data):
    """Store a request from the public form's cleaned data; all or nothing."""
    institution = data["institution"]
    replication_request = ReplicationRequest.objects.create(
        innovation=innovation,
        regency=institution.regency,
        province=institution.province,
        ministry=institution.ministry,
        name=data["name"],
        position=data["position"],
        email=data["email"],
        phone=data.get("phone", ""),
        message=data["message"],
        consent_share=data["consent_share"],
        consent_public=data.get("consent_public", False),
    )
    StageChange.objects.create(request=replication_request, to_stage=replication_request.stage)
    queue_mail(replication_request, "received")
    return replication_request


@transaction.atomic
def change_stage(replication_request, stage, note, user):
    """Move the request to `stage`, log it, and mail the requester."""
    locked = ReplicationRequest.objects.select_for_update().get(pk=replication_request.pk)
    StageChange.objects.create(
        request=locked, from_stage=locked.stage, to_stage=stage, note=note, changed_by=user
    )
    locked.stage = stage
    locked.save(update_fields=["stage", "updated_at"])
    queue_mail(locked, "stage", note)
    if locked.consent_public:
        # The innovation's public count ("N dalam proses") may have changed.
        page_cache.purge_after_commit()
    return locked


class DraftError(Exception):
    pass


@transaction.atomic
def create_draft(replication_request, user):
    """A draft innovation for the replicating region, replicating the requested one, in
    that region's hub if it has one (else its province's, else the originating hub)."""
    locked = ReplicationRequest.objects.select_for_update().get(pk=replication_request.pk)
    if not locked.can_have_draft:
        raise DraftError(_("Draf hanya dapat dibuat sekali, pada tahap implementasi atau selesai."))
    original = locked.innovation.specific
    hub = replicating_hub(locked) or original.get_parent().specific
    draft = InnovationPage(
        title=_("%(title)s di %(place)s") % {"title": original.title,
                                             "place": locked.institution_name},
        slug=_unique_slug(hub, f"replikasi-{original.slug}-{slugify(locked.institution_name)}"),
        live=False,
        owner=user,
        tagline=original.tagline,
        language=original.language,
        institution=locked.institution_name,
        **_place_of(locked),
        sector=original.sector,
        year_launched=datetime.date.today().year,
        stage=Stage.objects.order_by("sort_order", "key").first(),
        status=Status.objects.order_by("sort_order", "key").first(),
        replicated_from=original,
        **_placeholder_sections(),
        has_unpublished_changes=True,
    )  # fmt: skip
    hub.add_child(instance=draft)
    draft.channels.set(original.channels.all())
    draft.sdgs.set(original.sdgs.all())
    draft.save_revision(user=user, log_action=True)
    locked.replica = draft
    locked.save(update_fields=["replica", "updated_at"])
    return draft


def _placeholder_sections():
    """Every section is required: each starts as a prompt for the replicating region."""
    prompt = format_html(
        "<p>{}</p>",
        _("Draf dibuat dari permintaan replikasi; lengkapi bagian ini sebelum diterbitkan."),
    )
    return {spec.field: prompt for spec in SECTIONS.values()}


def replicating_hub(replication_request):
    hubs = HubPage.objects.all()
    if replication_request.regency_id:
        hub = hubs.filter(regency=replication_request.regency_id).first()
        return (
            hub
            or hubs.filter(
                kind=HubKind.PROVINSI, province=replication_request.regency.province_id
            ).first()
        )
    if replication_request.province_id:
        return hubs.filter(kind=HubKind.PROVINSI, province=replication_request.province_id).first()
    return hubs.filter(ministry=replication_request.ministry_id).first()


def _place_of(replication_request):
    if replication_request.regency_id:
        regency = replication_request.regency
        return {"level": regency.kind, "regency": regency, "province": regency.province}
    if replication_request.province_id:
        return {"level": Level.PROVINSI, "province": replication_request.province}
    ministry = replication_request.ministry
    return {"level": ministry.kind, "ministry": ministry}


def _unique_slug(parent, base):
    base = slugify(base)[:200] or "replikasi"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
