"""The alert pages: subscribe (POST from the search page), confirm and unsubscribe (links in
the mails). Addresses are never shown back, not even to their owner."""

from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from replication.ratelimit import count_attempt, over_limit
from search.query import InvalidParameter

from . import subscriptions
from .forms import SubscribeForm

REQUESTS_PER_HOUR = 5  # subscriptions one network address may ask for per hour
TEMPLATE = "alerts/message.html"


def _page(request, status, title, text, **extra):
    return render(request, TEMPLATE, {"title": title, "text": text, **extra}, status=status)


@require_POST
def subscribe(request):
    if over_limit(request, "alerts", REQUESTS_PER_HOUR):
        return _page(request, 429, _("Terlalu banyak permintaan"), _(
            "Dari alamat jaringan ini sudah ada %(n)s permintaan peringatan dalam satu jam "
            "terakhir. Silakan coba lagi nanti.") % {"n": REQUESTS_PER_HOUR})  # fmt: skip
    count_attempt(request, "alerts", 3600)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        return _page(request, 400, _("Peringatan belum dibuat"), " ".join(errors),
                     back=request.POST.get("query", ""))  # fmt: skip
    sent = _(
        "Kami mengirim tautan konfirmasi ke alamat surel Anda. Peringatan aktif setelah Anda "
        "membuka tautan itu; tanpa konfirmasi, alamat dihapus setelah 7 hari."
    )
    if form.cleaned_data["website"]:  # a robot: say the same, send nothing
        return _page(request, 200, _("Periksa surel Anda"), sent)
    try:
        query = subscriptions.normalise_query(form.cleaned_data["query"])
        subscriptions.subscribe(form.cleaned_data["email"], query, translation.get_language())
    except InvalidParameter as error:
        return _page(request, 400, _("Peringatan belum dibuat"), error.message)
    except subscriptions.TooMany:
        return _page(request, 400, _("Peringatan belum dibuat"), _(
            "Satu alamat surel dapat mengikuti paling banyak %(n)s pencarian.")
            % {"n": subscriptions.MAX_PER_ADDRESS})  # fmt: skip
    return _page(request, 200, _("Periksa surel Anda"), sent)


@require_http_methods(["GET", "HEAD"])
def confirm(request, token):
    subscription = subscriptions.confirm(token)
    if subscription is None:
        return _page(request, 404, _("Tautan tidak berlaku"), _(
            "Tautan konfirmasi ini tidak dikenal atau langganannya sudah dihapus."))  # fmt: skip
    text = _(
        "Anda akan menerima surel berisi inovasi baru yang cocok dengan pencarian ini. Setiap "
        "surel memuat tautan untuk berhenti."
    )
    search = subscriptions.search_url(subscription)
    return _page(request, 200, _("Peringatan aktif"), text, search=search)


# One click from a mail, or the mail program's own unsubscribe (RFC 8058 POST, no cookie or
# CSRF token to send).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    if request.method == "HEAD":
        return _page(request, 200, "", "")
    removed = subscriptions.unsubscribe(token)
    if not removed:
        return _page(request, 404, _("Tautan tidak berlaku"), _(
            "Langganan ini sudah tidak ada; alamat surelnya tidak kami simpan."))  # fmt: skip
    return _page(request, 200, _("Anda berhenti berlangganan"), _(
        "Peringatan ini dihentikan dan alamat surel Anda telah dihapus."))  # fmt: skip
