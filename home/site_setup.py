"""Creates the page tree a new hub site needs: home, hub index and about page."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from innovations import texts
from innovations.models import HubIndexPage
from jipp_site.public_url import host_and_port

from .content import ABOUT_BODY, ABOUT_BODY_EN, ABOUT_TITLE_EN, HOME_INTRO, HOME_INTRO_EN
from .models import HomePage, StandardPage


@transaction.atomic
def ensure_site_tree(hostname=None, port=None):
    """Idempotent: returns the HomePage, creating what is missing. The default Site answers
    at `hostname`:`port`, by default those of settings.PUBLIC_URL (JIPP_PUBLIC_URL), so that
    the absolute URLs Wagtail builds for pages name the public address."""
    public_host, public_port = host_and_port(settings.PUBLIC_URL)
    hostname = hostname or public_host
    port = port or public_port
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial migration leaves a placeholder "Welcome" page; it has no use here.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="JIPP Knowledge Hub", slug="beranda", intro=HOME_INTRO, intro_en=HOME_INTRO_EN
            )
        )
        home.save_revision().publish()
    _ensure_default_site(home, hostname, port)
    if not HubIndexPage.objects.exists():
        index = home.add_child(
            instance=HubIndexPage(
                title=texts.HUB_INDEX_TITLE,
                title_en=texts.HUB_INDEX_TITLE_EN,
                slug="simpul",
                intro=texts.HUB_INDEX_INTRO,
                intro_en=texts.HUB_INDEX_INTRO_EN,
            )
        )
        index.save_revision().publish()
    if not StandardPage.objects.filter(slug="tentang").exists():
        about = home.add_child(
            instance=StandardPage(
                title="Tentang JIPP",
                title_en=ABOUT_TITLE_EN,
                slug="tentang",
                body=ABOUT_BODY,
                body_en=ABOUT_BODY_EN,
            )
        )
        about.save_revision().publish()
    return home


def _ensure_default_site(home, hostname, port):
    """The default Site serves `home` at hostname:port; a changed address updates it."""
    site = Site.objects.filter(is_default_site=True, root_page=home).first()
    if site is None:
        Site.objects.filter(is_default_site=True).delete()
        Site.objects.update_or_create(
            hostname=hostname,
            port=port,
            defaults={
                "root_page": home,
                "is_default_site": True,
                "site_name": "JIPP Knowledge Hub",
            },
        )
    elif (site.hostname, site.port) != (hostname, port):
        if Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
            raise RuntimeError(
                f"Another Wagtail site already answers at {hostname}:{port}; remove it in the "
                "admin (Settings > Sites) before pointing the default site there."
            )
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
