"""Demonstration replication kits: a few demo innovations get small generated PDFs, each
marked on every page as a demonstration document, and their hubs a demonstration contact.

Nothing here pretends to be an official document: the PDFs say what they are, the titles
end in "(demonstrasi)", and the legal basis names no real regulation number.
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from fpdf import FPDF
from wagtail.documents import get_document_model

from innovations.models import InnovationDocument, InnovationPage, KitDocumentKind

DEMO_MARK = "DOKUMEN DEMONSTRASI - bukan dokumen resmi"


@dataclass(frozen=True)
class DemoDocument:
    kind: str
    title: str
    lines: tuple
    language: str = "id"


COMMON_KIT = (
    DemoDocument(
        KitDocumentKind.SOP,
        "Contoh SOP layanan",
        (
            "1. Warga atau petugas mencatat permohonan.",
            "2. Petugas memeriksa kelengkapan dalam 1 hari kerja.",
            "3. Layanan diberikan dan hasilnya dicatat.",
            "4. Kepala unit meninjau capaian setiap bulan.",
        ),
    ),
    DemoDocument(
        KitDocumentKind.REGULATION,
        "Contoh rancangan peraturan kepala daerah",
        (
            "Pasal 1: Ketentuan umum.",
            "Pasal 2: Maksud dan tujuan inovasi.",
            "Pasal 3: Pelaksana, tugas dan koordinasi antar perangkat daerah.",
            "Pasal 4: Pendanaan dari APBD dan sumber lain yang sah.",
        ),
    ),
    DemoDocument(
        KitDocumentKind.BUDGET,
        "Contoh templat anggaran tahun pertama",
        (
            "Honor petugas pelaksana: ... orang x ... bulan.",
            "Pelatihan petugas: ... angkatan.",
            "Perangkat dan aplikasi: ... unit.",
            "Sosialisasi kepada warga: ... kegiatan.",
        ),
    ),
    DemoDocument(
        KitDocumentKind.TRAINING,
        "Sample training outline",
        (
            "Session 1: why the innovation was needed.",
            "Session 2: the service flow step by step.",
            "Session 3: recording and reporting results.",
        ),
        language="en",
    ),
)
DEMO_LEGAL_BASIS = (
    "Contoh (demonstrasi): Peraturan kepala daerah tentang penyelenggaraan inovasi ini\n"
    "Contoh (demonstrasi): Keputusan kepala perangkat daerah tentang tim pelaksana"
)
# Demo records that get a kit: the stunting practices the browser scenario looks for, and
# a few replicated ones.
DEMO_KIT_PAGES = (
    "simpati-stunting-sumedang",
    "dapur-lawan-stunting-kota-bima",
    "si-tepat-tengkes-timor-tengah-selatan",
    "layad-rawat-kota-bandung",
    "toss-klungkung-olah-sampah-setempat",
    "akuwaras-adminduk-daring-denpasar",
)


def demo_pdf(title, innovation_title, lines):
    """A one-page PDF with the demonstration mark at its top and bottom."""
    pdf = FPDF(format="A4")
    pdf.set_title(f"{title} (demonstrasi)")
    pdf.set_creator("JIPP Knowledge Hub - data demonstrasi")
    pdf.add_page()
    pdf.set_font("helvetica", "B", 11)
    pdf.set_text_color(180, 0, 0)
    pdf.cell(0, 8, DEMO_MARK, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("helvetica", "B", 16)
    pdf.multi_cell(0, 9, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 12)
    pdf.multi_cell(0, 7, _latin1(f"Inovasi: {innovation_title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for line in lines:
        pdf.multi_cell(0, 7, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("helvetica", "I", 10)
    pdf.multi_cell(0, 6, _latin1(
        "Dokumen ini dibuat otomatis sebagai contoh untuk memperagakan kit replikasi. "
        "Isinya bukan dokumen resmi instansi mana pun."
    ), new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    return bytes(pdf.output())


def _latin1(text):
    # The PDF core fonts cover Latin-1; demo texts are plain, this only guards dashes.
    return text.replace("—", "-").replace("–", "-").encode("latin-1", "replace").decode("latin-1")


@transaction.atomic
def attach_demo_kit(page):
    """Give one demo page its kit and legal basis, as a published revision. Returns False
    when the page already has a kit (running the demo load again changes nothing)."""
    if page.documents.exists():
        return False
    hub = page.get_parent().specific
    Document = get_document_model()
    items = []
    for spec in COMMON_KIT:
        title = f"{spec.title} (demonstrasi)"
        document = Document(title=f"{title}: {page.title}"[:255], collection=hub.collection)
        slug = page.slug[:60]
        document.file.save(
            f"kit-demo-{slug}-{spec.kind}.pdf",
            ContentFile(demo_pdf(spec.title, page.title, spec.lines)),
            save=False,
        )
        document.save()
        items.append(
            InnovationDocument(
                document=document, title=title, kind=spec.kind, language=spec.language
            )
        )
    page.documents = items
    page.legal_basis = DEMO_LEGAL_BASIS
    page.save_revision().publish()
    return True


def attach_demo_contact(hub):
    """A clearly fictitious contact on a demo hub (the .example domain cannot be mailed)."""
    if hub.contact_name or hub.contact_email:
        return False
    key = hub.slug[:40]
    type(hub).objects.filter(pk=hub.pk).update(
        contact_name="Sekretariat simpul (demonstrasi)",
        contact_role="Koordinator simpul",
        contact_email=f"{key}@jipp.example",
        contact_phone="+62 21 0000 0000",
    )
    return True


def load_demo_kits(slugs=DEMO_KIT_PAGES):
    pages = InnovationPage.objects.filter(slug__in=slugs, is_demo=True).specific()
    attached = sum(attach_demo_kit(page) for page in pages)
    hubs = {page.get_parent().specific for page in InnovationPage.objects.filter(is_demo=True)}
    contacts = sum(attach_demo_contact(hub) for hub in hubs)
    return attached, contacts
