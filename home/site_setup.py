"""Creates the page tree a new hub site needs: home, hub index and about page."""

from django.db import transaction
from wagtail.models import Page, Site

from innovations.models import HubIndexPage

from .models import HomePage, StandardPage

HOME_INTRO = (
    "<p>Jaringan Inovasi Pelayanan Publik (JIPP) menghimpun inovasi pelayanan publik dari "
    "kementerian, lembaga dan pemerintah daerah agar dapat direplikasi di daerah lain.</p>"
)
ABOUT_BODY = (
    "<p>JIPP adalah jaringan simpul pengetahuan inovasi pelayanan publik: 36 simpul pemerintah "
    "daerah dan 18 simpul kementerian/lembaga (akhir 2024). Setiap simpul mengumpulkan dan "
    "menerbitkan studi kasus inovasi di wilayah atau sektornya, sehingga daerah lain dapat "
    "mempelajari dan mereplikasinya (replikasi inovasi).</p>"
)


@transaction.atomic
def ensure_site_tree(hostname="localhost", port=80):
    """Idempotent: returns the HomePage, creating what is missing."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial migration leaves a placeholder "Welcome" page; it has no use here.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(title="JIPP Knowledge Hub", slug="beranda", intro=HOME_INTRO)
        )
        home.save_revision().publish()
    if not Site.objects.filter(is_default_site=True, root_page=home).exists():
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
    if not HubIndexPage.objects.exists():
        index = home.add_child(
            instance=HubIndexPage(
                title="Simpul JIPP",
                slug="simpul",
                intro="<p>Simpul kementerian, lembaga dan daerah yang menerbitkan inovasi.</p>",
            )
        )
        index.save_revision().publish()
    if not StandardPage.objects.filter(slug="tentang").exists():
        about = home.add_child(
            instance=StandardPage(title="Tentang JIPP", slug="tentang", body=ABOUT_BODY)
        )
        about.save_revision().publish()
    return home
