"""What is kept of public searches: never who searched.

No IP address, no user, no cookie, no user agent, and times only to the hour, so a row
cannot be matched to a web server's access log. Queries that look like personal data
(an email address, a phone or ID number) are stored with that part replaced
(insights.recording.normalise_query). Rows older than INSIGHTS_RETENTION_DAYS are
deleted by `manage.py purge_search_insights`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_STORED_QUERY = 200  # characters; longer queries are cut (they are rarely repeated)


class SearchEvent(models.Model):
    """One public search (its first page)."""

    PAGE, API = "page", "api"
    SOURCES = [(PAGE, _("halaman pencarian")), (API, _("API"))]

    hour = models.DateTimeField(_("waktu (jam)"), db_index=True)
    query = models.CharField(_("kueri"), max_length=MAX_STORED_QUERY, db_index=True)
    filters = models.JSONField(_("filter"), default=dict)  # facet name -> values
    language = models.CharField(_("bahasa"), max_length=8)
    source = models.CharField(_("sumber"), max_length=4, choices=SOURCES)
    result_count = models.PositiveIntegerField(_("jumlah hasil"))
    corrected = models.BooleanField(_("dikoreksi ejaan"), default=False)

    class Meta:
        verbose_name = _("pencarian")
        verbose_name_plural = _("pencarian")
        # Given to the national curators' group: every report, every hub.
        permissions = [("view_searchinsights", _("Dapat melihat semua wawasan pencarian"))]

    def __str__(self):
        return self.query or "-"


class SearchAppearance(models.Model):
    """A hub whose pages were among the results a search showed: "the queries that
    reached its pages". `best_position` is the hub's highest place on that page."""

    event = models.ForeignKey(SearchEvent, on_delete=models.CASCADE, related_name="appearances")
    hub = models.CharField(max_length=255, db_index=True)  # the hub page's slug
    best_position = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "hub"], name="insights_appearance_once")
        ]

    def __str__(self):
        return f"{self.hub} #{self.best_position}"


class ResultClick(models.Model):
    """A reader followed a result. Linked to the query, not to the search event, so that
    the page carries nothing that identifies one visit."""

    hour = models.DateTimeField(db_index=True)
    query = models.CharField(max_length=MAX_STORED_QUERY, db_index=True)
    position = models.PositiveIntegerField()
    page_id = models.IntegerField()
    hub = models.CharField(max_length=255, blank=True, db_index=True)

    class Meta:
        verbose_name = _("klik hasil")
        verbose_name_plural = _("klik hasil")

    def __str__(self):
        return f"{self.query} -> {self.page_id} (#{self.position})"
