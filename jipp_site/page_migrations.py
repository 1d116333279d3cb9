"""What data migrations that fill page fields share."""


def set_on_page_and_revision(page, Revision, **values):
    """Write the values on the page and on its latest revision, so that the editor opens
    what the site shows. `Revision` is the historical model from `apps`."""
    for name, value in values.items():
        setattr(page, name, value)
    page.save(update_fields=list(values))
    if page.latest_revision_id:
        revision = Revision.objects.get(pk=page.latest_revision_id)
        revision.content.update(values)
        revision.save(update_fields=["content"])
