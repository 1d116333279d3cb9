"""Public views: the replication request form (works without JavaScript)."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from innovations.models import InnovationPage

from . import figures, limits, ratelimit
from .forms import ReplicationRequestForm
from .institutions import institutions
from .workflow import submit

PURPOSE = "replication-request"


def _innovation(page_id):
    # Only what the public may read: a draft, private page or one under an unpublished
    # hub answers 404, as its own address does.
    return get_object_or_404(InnovationPage.objects.visible(), pk=page_id)


def request_form(request, page_id):
    innovation = _innovation(page_id)
    refusal, status = None, 200
    if request.method == "POST":
        form = ReplicationRequestForm(request.POST)
        if ratelimit.over_limit(request, PURPOSE, limits.REQUESTS_PER_WINDOW):
            refusal, status = _rate_limit_message(), 429
        elif form.is_valid():
            ratelimit.count_attempt(request, PURPOSE, limits.WINDOW_SECONDS)
            submit(innovation, form.cleaned_data)
            return HttpResponseRedirect(reverse("replication_request_sent", args=[page_id]))
        else:
            if form.has_error("website"):  # a robot: counted like a request
                ratelimit.count_attempt(request, PURPOSE, limits.WINDOW_SECONDS)
            status = 400
    else:
        form = ReplicationRequestForm()
    context = {
        "innovation": innovation,
        "form": form,
        "refusal": refusal,
        "institutions": institutions(),
        "limits": limits,
    }
    return render(request, "replication/request_form.html", context, status=status)


def _rate_limit_message():
    return _(
        "Terlalu banyak permintaan dari alamat jaringan Anda: paling banyak %(n)d dalam "
        "%(minutes)d menit. Coba lagi nanti; tidak ada yang disimpan dari kiriman ini."
    ) % {"n": limits.REQUESTS_PER_WINDOW, "minutes": limits.WINDOW_SECONDS // 60}


def replication_map(request, page_id):
    """The province map of an innovation's public replications, as an SVG file."""
    province_map = figures.replication_map(_innovation(page_id))
    if province_map is None:
        raise Http404
    return render(request, "replication/replication_map.svg", {"map": province_map},
                  content_type="image/svg+xml")  # fmt: skip


def request_sent(request, page_id):
    innovation = _innovation(page_id)
    return render(request, "replication/request_sent.html", {"innovation": innovation})
