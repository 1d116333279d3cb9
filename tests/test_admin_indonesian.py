"""The admin in Indonesian: every screen a coordinator, a moderator and a national curator
works in shows none of our own English.

"Our own English" is computed, not typed here, so that a new string is covered the day it
is written:
- the English translations of our messages (locale/en): in the Indonesian admin, any of
  them means a screen rendered in the wrong language or copied a translation by hand;
- labels, help texts, menu labels and headings written as plain strings in our code
  (not through gettext), which are English by habit and never translated;
- our models' field and model names that Django made up from English identifiers
  (a field without a verbose_name: "created at", "sort order").
Names that read the same in both languages (JIPP, XLSX) are left out.

Wagtail's and Django's own strings are checked apart: Wagtail's Indonesian catalogue
leaves a hundred of those these screens show in English ("Filter by", "Edited by", "Title
tag"...), and locale/id/LC_MESSAGES/django.po gives them Indonesian. WAGTAIL_ENGLISH names
what a reader meets of them on these screens, typed here so that losing the catalogue, or
an entry of it, fails the test; every other entry of locale/id is checked the same way.
"""

import ast
import glob
import html
import json
import re
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise

from innovations.models import ImportJob
from innovations.models.featured import FeaturedInnovation
from innovations.permissions import REFERENCE_MODELS
from tests import test_permissions as hub_world
from tests.insights.world import record_searches
from tests.replication.helpers import request_for
from tests.test_import_admin import row, upload, xlsx
from tests.test_permissions import body, login

# Two hubs, their pages and people (see tests/test_permissions.py), and a national curator.
world_ids, world, people = hub_world.world_ids, hub_world.world, hub_world.people

BASE = Path(settings.BASE_DIR)
OUR_APPS = ("innovations", "home", "insights", "search", "replication", "alerts", "stats",
            "seo", "shortlist", "pagecache", "backups", "jipp_site")  # fmt: skip
OUR_APP_LABELS = {"innovations", "home", "insights", "hubsearch", "replication", "alerts"}
LABEL_KEYWORDS = {"label", "verbose_name", "verbose_name_plural", "help_text", "menu_label",
                  "heading", "page_title", "empty_label", "placeholder", "title"}  # fmt: skip
PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>")
_WORDS = (
    "the and or of with for is are be can will it its as if a an this that these your you "
    "to in on by not no all add edit view name date page pages show new list from at "
    "updated created choose select search results hub hubs order sort none more other "
    "short group kind key number file files each per when which must may only"
)
ENGLISH_WORDS = set(_WORDS.split())


# Wagtail's (and Django's) English as these screens render it, without locale/id.
WAGTAIL_ENGLISH = [
    # every screen
    "Skip to main content", "JavaScript is required to use Wagtail", "Toggle breadcrumbs",
    "Search all pages", "Edit account avatar", "Toggle section", "More actions",
    "Actions (footer)",
    # dashboard
    "Pages created in", "editor guide",
    # listings
    "Show filters", "Filter by", "Date updated", "Edited by", "Has child pages", "Page type",
    "in ascending order", "Sort the order of child pages", "More options for",
    "Current page status", "Visit the live page", "Bulk actions", "Move selected pages",
    "Delete selected pages", "Publish selected pages", "Unpublish selected pages",
    "Select all snippets in listing", "Delete selected snippets", "Sort item order",
    # editing: status and checks panels, Wagtail's own fields
    "Autosave is paused", "Toggle side panel", "Side panel width", "View history",
    "No publishing schedule set", "Page visibility", "Visible to all",
    "Once live anyone can view", "Not visible to the public", "First published",
    "To be created by", "Preview in new tab", "Preview is out of date", "Content metrics",
    "Reading time", "Comment notifications", "Page title", "Add comment", "Title tag",
    "Meta description", "For search engines", "For site menus", "Multi-word tags with spaces",
    "Sort menu order",
]  # fmt: skip
ID_CATALOGUE = BASE / "locale" / "id" / "LC_MESSAGES" / "django.po"


def wagtail_english():
    """{phrase: where it comes from} for the English locale/id translates."""
    phrases = dict.fromkeys(WAGTAIL_ENGLISH, "Wagtail's English (locale/id)")
    if ID_CATALOGUE.exists():
        for entry in polib.pofile(str(ID_CATALOGUE)):
            for english in filter(None, [entry.msgid, entry.msgid_plural]):
                for fragment in _fragments(english):
                    phrases.setdefault(fragment, f"{entry.comment} msgid {entry.msgid!r}")
    return phrases


def _wagtail_and_django_msgids():
    site = Path(apps.get_app_config("wagtailcore").path).parent
    found = set()
    for pattern in (
        "wagtail/**/locale/en/LC_MESSAGES/*.po",
        "django/**/locale/en/LC_MESSAGES/*.po",
    ):
        for path in glob.glob(str(site / pattern), recursive=True):
            for entry in polib.pofile(path):
                found.update({entry.msgid.strip().lower(), entry.msgid_plural.strip().lower()})
    return found


def _fragments(text):
    """The parts of a message between its placeholders and tags, worth looking for."""
    for part in PLACEHOLDER.split(text):
        part = " ".join(part.strip(" .,:;()…-").split())
        if len(part) >= 8 and len(part.split()) >= 2:
            yield part


def _looks_english(text):
    return bool(set(re.findall(r"[a-z]+", text.lower())) & ENGLISH_WORDS)


def _plain_labels():
    """Plain string literals given as labels in our code (not through gettext)."""
    for app in OUR_APPS:
        for path in (BASE / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.keyword) and node.arg in LABEL_KEYWORDS:
                    value = node.value
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        yield value.value


def _made_up_names():
    """Field and model names Django made from English identifiers."""
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APP_LABELS:
            continue
        names = [model._meta.verbose_name]
        names += [
            f.verbose_name
            for f in model._meta.get_fields()
            if hasattr(f, "verbose_name") and not f.auto_created and f.model is model
        ]
        yield from (str(n).strip() for n in names if not isinstance(n, Promise))


def our_english():
    """{phrase: where it comes from}."""
    catalogue = polib.pofile(str(BASE / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    indonesian = " ".join(e.msgid for e in catalogue).lower()
    theirs = _wagtail_and_django_msgids()
    phrases = {}
    for entry in catalogue:
        translations = [entry.msgstr, *entry.msgstr_plural.values()]
        for english in filter(None, translations):
            if english == entry.msgid:
                continue  # the same in both languages: a name, not English
            for fragment in _fragments(english):
                phrases.setdefault(fragment, f"English of {entry.msgid!r}")
    for label in _plain_labels():
        if _looks_english(label):
            for fragment in _fragments(label) if len(label.split()) > 1 else ():
                phrases.setdefault(fragment, "a plain label in our code")
    for name in _made_up_names():
        if len(name.split()) >= 2:
            phrases.setdefault(name, "a field or model name without verbose_name")
    return {
        phrase: source
        for phrase, source in phrases.items()
        if phrase.lower() not in theirs and phrase.lower() not in indonesian
    }


def visible_text(page):
    page = re.sub(r"<(script|style|svg|template)\b.*?</\1>", " ", page, flags=re.S)
    # What a reader meets besides text: titles, labels read aloud, placeholders.
    attributes = re.findall(r'(?:title|aria-label|placeholder|alt)="([^"]*)"', page)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(" ".join([page, *attributes])).split())


def shows(text, phrase):
    return bool(re.search(rf"(?<![\w]){re.escape(phrase.lower())}(?![\w])", text.lower()))


def english_in(text, phrases):
    return sorted(
        f"{phrase!r} ({source})" for phrase, source in phrases.items() if shows(text, phrase)
    )


@pytest.fixture
def screens(world, people, client):
    """Something on every screen to show: a replication request, searches, an import
    checked and one running, a featured innovation."""
    request = request_for(world.a_live)
    record_searches(world.hub_a.slug, world.hub_b.slug, {"a": world.a_live})
    jobs = {role: import_jobs(client, getattr(people, role), world.hub_a)
            for role in ("coordinator_a", "moderator_a")}  # fmt: skip
    FeaturedInnovation.objects.create(innovation=world.a_live, note="Praktik teruji")
    hub_people = [
        reverse("wagtailadmin_home"),
        reverse("innovations_import"),
        reverse("insights_admin:overview"),
        reverse("insights_admin:hub", args=[world.hub_a.slug]),
        reverse("replication_requests"),
        reverse("replication_request", args=[request.pk]),
        reverse("wagtailadmin_pages:edit", args=[world.hub_a.pk]),
        reverse("wagtailadmin_pages:add", args=["innovations", "innovationpage", world.hub_a.pk]),
        reverse("wagtailadmin_pages:edit", args=[world.a_live.pk]),
        reverse("wagtailadmin_explore", args=[world.hub_a.pk]),
        reverse("innovation_listing:index"),
        reverse("innovation_listing:index") + "?level=kabupaten&live=true",
    ]
    curator = [
        reverse("wagtailadmin_home"),
        reverse("insights_admin:overview"),
        *(
            reverse("insights_admin:report", args=[slug])
            for slug in ("teratas", "tanpa-hasil", "tanpa-klik")
        ),  # fmt: skip
        reverse("insights_admin:add_synonym") + "?q=uav",
        reverse("innovation_listing:index"),
        reverse("replication_requests"),
        *(f"/admin/snippets/innovations/{model}/" for model in REFERENCE_MODELS),  # fmt: skip
        "/admin/snippets/innovations/province/edit/32/",
        "/admin/snippets/innovations/ministryagency/add/",
        "/admin/sinonim/",
        "/admin/sinonim/add/",
        "/admin/inovasi-pilihan/",
        "/admin/inovasi-pilihan/add/",
    ]
    return {
        **{role: hub_people + [reverse("innovations_import_job", args=[job.pk]) for job in own]
           for role, own in jobs.items()},
        "curator": curator,
    }  # fmt: skip


def import_jobs(client, user, hub):
    """Their own imports (nobody else's are shown): one checked, one running."""
    login(client, user)
    response = upload(client, xlsx([row()]), hub=hub)
    checked = ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    running = ImportJob.objects.create(
        user=user, hub=hub, file_name="besar.xlsx", total=400, status=ImportJob.Status.RUNNING,
        phase=ImportJob.Phase.WRITE, processed=120, phase_total=400,
    )  # fmt: skip
    return checked, running


def test_the_check_finds_our_english_where_it_shows(client, people, screens):
    """The check itself works: the same screens, for someone who chose English in their
    account, are caught, with where each phrase came from."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(people.coordinator_a)
    profile.preferred_language = "en"
    profile.save()
    login(client, people.coordinator_a)
    phrases = our_english()

    page = body(client.get(reverse("innovations_import")))

    found = english_in(visible_text(page), phrases)
    assert len(found) >= 3, found


def test_the_check_finds_wagtails_english_where_it_shows(client, people, screens):
    """Each phrase of WAGTAIL_ENGLISH is English these screens really show: the same
    screens, in English, show every one of them."""
    from wagtail.users.models import UserProfile

    shown = set()
    for role in ("coordinator_a", "moderator_a", "curator"):
        user = getattr(people, role)
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
        login(client, user)
        for url in screens[role]:
            page = visible_text(body(client.get(url, follow=True)))
            shown.update(phrase for phrase in WAGTAIL_ENGLISH if shows(page, phrase))
    assert sorted(set(WAGTAIL_ENGLISH) - shown) == []


def test_the_indonesian_catalogue_is_compiled():
    """locale/id/LC_MESSAGES/django.mo is the .po compiled (`make messages`): each entry
    reads as written."""
    from django.utils import translation

    entries = polib.pofile(str(ID_CATALOGUE))
    assert len(entries) >= len(WAGTAIL_ENGLISH)
    with translation.override("id"):
        for entry in entries:
            if entry.msgid_plural:
                got = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
                assert got == entry.msgstr_plural[0], entry.msgid
            else:
                assert translation.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_wagtails_scripts_read_indonesian(client, people):
    """The sidebar, the editors and the comments are drawn by scripts that take their words
    from the admin's JavaScript catalogue: locale/id/LC_MESSAGES/djangojs.po fills what
    Wagtail's own Indonesian leaves in English ("Main menu", "Insert a block")."""
    login(client, people.coordinator_a)
    script = body(client.get(reverse("wagtailadmin_javascript_catalog")))
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\n  \});", script, re.S)[1])
    entries = polib.pofile(str(ID_CATALOGUE.with_name("djangojs.po")))
    assert {"Main menu", "Toggle sidebar", "Insert a block"} <= {e.msgid for e in entries}
    for entry in entries:
        expected = [entry.msgstr_plural[0]] if entry.msgid_plural else entry.msgstr
        assert catalogue[entry.msgid] == expected, entry.msgid


@pytest.mark.parametrize("role", ["coordinator_a", "moderator_a", "curator"])
def test_every_screen_is_in_indonesian(client, people, screens, role):
    phrases = {**wagtail_english(), **our_english()}
    login(client, getattr(people, role))
    found = {}
    for url in screens[role]:
        # An English browser changes nothing: the admin is Indonesian unless the person
        # chose English in their account.
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9", follow=True)
        assert response.status_code == 200, url
        page = body(response)
        assert '<html lang="id"' in page or 'lang="id"' in page[:500], url
        english = english_in(visible_text(page), phrases)
        if english:
            found[url] = english
    assert not found, found
