from wagtail import hooks

from .middleware import MARK


@hooks.register("on_serve_page")
def mark_wagtail_pages(serve):
    """Only pages Wagtail serves are stored (not search results, feeds or other views)."""

    def inner(page, request, serve_args, serve_kwargs):
        setattr(request, MARK, True)
        return serve(page, request, serve_args, serve_kwargs)

    return inner
