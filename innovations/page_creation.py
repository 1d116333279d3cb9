"""One create form makes at most one page.

Wagtail's editor autosaves a new page in the background: the first autosave creates the
page and points the form at its edit view. A submit that leaves before that answer comes
back (the coordinator presses "Simpan draf" or "Kirim untuk ditinjau" while an autosave is
on its way, or the autosave is retried after a slow answer) went to the create view again
and made a second page with the same slug: the first stayed behind as an orphan draft, the
second was refused with Wagtail's English slug error on the hidden "Promosi" tab, and the
listing ended up with two entries of the same title.

Each create form now carries a token (a hidden field, innovations.page_forms). The first
request that creates a page records it; any later request from the same form is handed
to that page's edit view, so it saves, submits or publishes the page already made.
"""

from django.db import IntegrityError, transaction

from .creation_token import posted_token
from .models import PageCreation


def page_made_by_this_form(request, parent_page):
    """The page an earlier request of this create form made under `parent_page`, or None."""
    token = posted_token(request)
    if token is None:
        return None
    record = (
        PageCreation.objects.filter(token=token, user=request.user).select_related("page").first()
    )
    if record is None or record.page.get_parent().pk != parent_page.pk:
        return None
    return record.page


def remember_page(request, page):
    token = posted_token(request)
    if token is None:
        return
    try:
        with transaction.atomic():
            PageCreation.objects.create(token=token, user=request.user, page=page)
    except IntegrityError:  # recorded already: the same form cannot make two pages
        pass
