"""Admin and serving hooks of the replication exchange."""

from wagtail import hooks

from .downloads import count_download


@hooks.register("before_serve_document")
def count_kit_download(document, request):
    # Counted before Wagtail serves the file (it checks the collection's privacy itself);
    # a GET only, so that a link checker's HEAD is not a download. Nothing about the
    # reader is stored.
    if request.method == "GET":
        count_download(document.pk)
