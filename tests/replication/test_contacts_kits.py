"""Contacts and replication kits on the public innovation page, and the demo kits."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from innovations.models import InnovationDocument, InnovationPage, KitDocumentKind
from replication.demo import DEMO_MARK, attach_demo_kit, load_demo_kits
from replication.models import DownloadCount
from tests.factories import create_innovation, hub_named
from tests.html_helpers import element, get_html, text_of

pytestmark = pytest.mark.django_db


def set_hub_contact(page, **fields):
    hub = page.get_parent().specific
    for name, value in fields.items():
        setattr(hub, f"contact_{name}", value)
    hub.save_revision().publish()
    return hub


def add_kit_document(page, kind, title, language="id", content=b"%PDF-1.4 kit"):
    document = get_document_model()(title=title)
    document.file.save(f"{kind}.pdf", ContentFile(content), save=False)
    document.save()
    page.documents.add(
        InnovationDocument(document=document, title=title, kind=kind, language=language)
    )
    page.save_revision().publish()
    return document


def test_the_hub_contact_is_shown_when_the_innovation_names_none(site_tree, client):
    page = create_innovation()
    set_hub_contact(page, name="Rina Wulandari", role="Sekretaris simpul",
                    email="rina@jabarprov.example", phone="+62 22 423 2448")  # fmt: skip
    contact = element(get_html(client, page.url), 'id="kontak"')
    assert "Rina Wulandari" in text_of(contact)
    assert "Sekretaris simpul" in text_of(contact)
    assert "Narahubung simpul" in text_of(contact)
    assert 'href="mailto:rina@jabarprov.example?subject=SIPANDU' in contact
    assert 'href="tel:+62224232448"' in contact
    assert "Hubungi" in text_of(contact)


def test_the_innovations_own_contact_wins_over_the_hubs(site_tree, client):
    page = create_innovation()
    set_hub_contact(page, name="Rina Wulandari", email="rina@jabarprov.example")
    page = InnovationPage.objects.get(pk=page.pk)
    page.contact_name = "Dedi Kurniawan"
    page.contact_role = "Kepala Bidang Perizinan"
    page.contact_email = "dedi@sumedangkab.example"
    page.save_revision().publish()
    contact = text_of(element(get_html(client, page.url), 'id="kontak"'))
    assert "Dedi Kurniawan" in contact and "Kepala Bidang Perizinan" in contact
    assert "Rina" not in contact
    assert "Narahubung simpul" not in contact


def test_no_contact_section_when_nobody_is_named(site_tree, client):
    page = create_innovation()
    assert 'id="kontak"' not in get_html(client, page.url)


def test_a_phone_number_must_be_dialable(site_tree):
    page = create_innovation()
    page.contact_phone = "telp kantor <b>"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "Nomor telepon hanya berisi angka" in str(error.value)


def test_the_kit_lists_documents_by_kind_and_counts_downloads(site_tree, client):
    page = create_innovation()
    sop = add_kit_document(page, KitDocumentKind.SOP, "SOP Layanan Perizinan")
    add_kit_document(page, KitDocumentKind.REGULATION, "Perbup Nomor 5", language="en")
    page = InnovationPage.objects.get(pk=page.pk)
    page.legal_basis = "Perbup Sumedang tentang PTSP\nSK Kepala Dinas"
    page.save_revision().publish()

    kit = element(get_html(client, page.url), 'id="kit-replikasi"')
    text = text_of(kit)
    assert text.index("SOP") < text.index("SOP Layanan Perizinan")
    assert "Regulasi (Perbup/Perwal/Pergub) Perbup Nomor 5" in text
    assert "bahasa Inggris" in text
    assert "Perbup Sumedang tentang PTSP" in text and "SK Kepala Dinas" in text
    assert text.count("diunduh 0 kali") == 2

    for _ in range(3):
        response = client.get(sop.url)
        assert response.status_code == 200
        b"".join(response.streaming_content) if response.streaming else response.content
    client.head(sop.url)  # a link checker's HEAD is no download
    assert DownloadCount.objects.get(document=sop).count == 3
    text = text_of(element(get_html(client, page.url), 'id="kit-replikasi"'))
    assert "SOP Layanan Perizinan (PDF" in text
    assert "diunduh 3 kali" in text and "diunduh 0 kali" in text


def test_each_page_lists_only_its_own_kit(site_tree, client):
    """The page is read with its lists in one query (InnovationPage.load_for_serving): one
    page's documents never show on another's, and a page without any shows no kit."""
    first = create_innovation(title="SIMPATI Sumedang")
    second = create_innovation(title="KLAMPID Sumedang")
    plain = create_innovation(title="Tanpa Kit Sumedang")
    add_kit_document(first, KitDocumentKind.SOP, "SOP SIMPATI")
    add_kit_document(second, KitDocumentKind.SOP, "SOP KLAMPID")
    assert "SOP KLAMPID" not in text_of(element(get_html(client, first.url), 'id="kit-replikasi"'))
    assert "SOP SIMPATI" not in text_of(element(get_html(client, second.url), 'id="kit-replikasi"'))
    assert 'id="kit-replikasi"' not in get_html(client, plain.url)


def test_a_download_count_holds_no_personal_data():
    # Only the document and a number: no address, agent, user or time.
    names = {field.name for field in DownloadCount._meta.get_fields()}
    assert names == {"document", "count"}


def test_demo_kits_are_generated_labelled_pdfs_and_load_once(site_tree, client):
    page = create_innovation(demo=True)
    assert attach_demo_kit(InnovationPage.objects.get(pk=page.pk)) is True
    assert attach_demo_kit(InnovationPage.objects.get(pk=page.pk)) is False
    page = InnovationPage.objects.get(pk=page.pk)
    items = list(page.documents.select_related("document"))
    assert {item.kind for item in items} == {"sop", "regulasi", "anggaran", "pelatihan"}
    assert all(item.title.endswith("(demonstrasi)") for item in items)
    with items[0].document.file.open("rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF-")
    # The demonstration mark is in the PDF's text (fpdf2 compresses page content; the
    # document title in its metadata is plain).
    assert b"demonstrasi" in pdf
    assert DEMO_MARK
    kit = text_of(element(get_html(client, page.url), 'id="kit-replikasi"'))
    assert "Contoh SOP layanan (demonstrasi)" in kit
    assert "Contoh (demonstrasi)" in kit  # the legal basis says it is an example


def test_load_demo_kits_gives_demo_hubs_a_fictitious_contact(site_tree):
    create_innovation(demo=True)
    load_demo_kits(slugs=())
    hub = hub_named("JIPP Provinsi Jawa Barat")
    assert hub.contact_name == "Sekretariat simpul (demonstrasi)"
    assert hub.contact_email.endswith("@jipp.example")
