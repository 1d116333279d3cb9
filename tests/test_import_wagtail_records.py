"""The bulk import writes the records Wagtail keeps beside each page (tree, revisions, log,
admin search index, reference index) as saving the pages one by one would have."""

import pytest
from django.db import connection
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, ReferenceIndex
from wagtail.search.backends import get_search_backend

from innovations.models import HubIndexPage, HubPage, InnovationPage, Province
from tests.factories import valid_record, write_jsonl
from tests.test_import import demo_records, run


@pytest.fixture
def imported(site_tree, tmp_path):
    """The 150 demo records (65 hubs created, 17 replications, tags, awards, metrics)."""
    run(write_jsonl(tmp_path / "demo.jsonl", demo_records()))
    pages = list(InnovationPage.objects.all()) + list(HubPage.objects.all())
    assert len(pages) > 150
    return pages


def references(pages):
    return set(
        ReferenceIndex.objects.filter(object_id__in=[str(p.pk) for p in pages]).values_list(
            "content_type_id",
            "base_content_type_id",
            "object_id",
            "to_content_type_id",
            "to_object_id",
            "model_path",
            "content_path",
            "content_path_hash",
        )
    )


def test_imported_pages_have_the_references_wagtail_would_record(imported):
    # Snippet usage in the admin ("used by 12 pages") reads the reference index.
    written = references(imported)
    for page in imported:
        # Wagtail's own indexing adds what is missing and deletes what should not be there.
        ReferenceIndex.create_or_update_for_object(type(page).objects.get(pk=page.pk))
    assert references(imported) == written
    paths = {row[5] for row in written}
    assert {"province", "sector", "stage", "status", "tagged_items.item.tag"} <= paths
    assert "replicated_from" in paths


def test_a_province_counts_every_imported_page_that_names_it(imported):
    jabar = Province.objects.get(code="32")
    users = {
        (ref.base_content_type_id, int(ref.object_id))
        for ref in ReferenceIndex.get_references_to(jabar)
    }
    naming = InnovationPage.objects.filter(province=jabar).count()
    naming += HubPage.objects.filter(province=jabar).count()
    assert naming > 2
    assert len(users) == naming


def admin_entries():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT content_type_id, object_id, title::text, autocomplete::text, "
                "body::text, title_text, body_text FROM wagtailsearch_indexentry"
            )
        else:
            cursor.execute(
                "SELECT content_type_id, object_id, title, autocomplete, body "
                "FROM wagtailsearch_indexentry"
            )
        return {(row[0], row[1]): row[2:] for row in cursor.fetchall()}


def test_imported_pages_are_in_the_admin_search_as_wagtail_would_index_them(imported):
    written = admin_entries()
    assert len(written) >= len(imported)
    backend = get_search_backend()
    for model in (InnovationPage, HubPage):
        backend.add_bulk(model, list(model.objects.all()))
    assert admin_entries() == written


def test_the_admin_search_finds_an_imported_page_by_its_summary(imported):
    page = InnovationPage.objects.get(slug="aklamasi-dansa-registrar-gampong-aceh-barat")
    assert "registrar di tingkat gampong" in page.summary
    found = InnovationPage.objects.search("registrar gampong")
    assert page.pk in {p.pk for p in found}


def test_hubs_written_in_bulk_are_whole_pages(imported):
    hub_index = HubIndexPage.objects.get()
    problems = Page.find_problems()
    assert all(not found for found in problems), problems
    assert hub_index.numchild == hub_index.get_children().count() == HubPage.objects.count()
    hub = HubPage.objects.get(title="JIPP Provinsi Jawa Barat")
    assert hub.url_path == f"{hub_index.url_path}{hub.slug}/"
    assert hub.live_revision_id == hub.latest_revision_id is not None
    assert hub.live_revision.as_object().title == hub.title
    actions = set(PageLogEntry.objects.filter(page=hub).values_list("action", flat=True))
    assert actions == {"wagtail.create", "wagtail.publish"}
    # Wagtail takes it from there: a new revision, published, keeps the hub's access set-up.
    hub.description = "<p>Simpul provinsi.</p>"
    hub.save_revision().publish()
    hub.refresh_from_db()
    assert hub.description == "<p>Simpul provinsi.</p>"
    assert hub.coordinators.name == "Koordinator JIPP Provinsi Jawa Barat"
    assert hub.collection.name == hub.title


def test_new_tags_get_unique_slugs_as_taggit_gives_them(site_tree, tmp_path):
    # Tag pages and the tag facet are addressed by slug: names that slugify alike must not
    # share one. An existing tag already holds the plain slug.
    Tag.objects.create(name="LAYANAN PUBLIK")
    names = ["Layanan Publik", "layanan publik", "Layanan-Publik", "perizinan"]
    records = [
        valid_record(id="satu", tags=names[:2]),
        valid_record(id="dua", tags=names[1:]),
    ]
    run(write_jsonl(tmp_path / "tags.jsonl", records))

    slugs = dict(Tag.objects.values_list("name", "slug"))
    assert slugs == {
        "LAYANAN PUBLIK": "layanan-publik",
        # New ones in name order, each taking the first free numbered slug, as Tag.save().
        "Layanan Publik": "layanan-publik_1",
        "Layanan-Publik": "layanan-publik_2",
        "layanan publik": "layanan-publik_3",
        "perizinan": "perizinan",
    }
    assert sorted(InnovationPage.objects.get(slug="dua").tags.names()) == sorted(names[1:])
