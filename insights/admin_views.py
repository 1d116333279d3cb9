"""The search insights screens in the admin: an overview with charts, the reports with
their CSV, and one-step synonyms from a query that found nothing."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from search.models import Synonym
from search.query import MAX_QUERY_LENGTH, SearchRequest
from search.service import EngineUnavailable, run_search

from . import charts, reports
from .access import is_national, visible_hubs
from .csv_export import csv_response


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    description: str
    rows: object  # (days, limit) -> [dict]
    columns: tuple
    chart_value: str


QUERY = Column("query", gettext_lazy("Kueri"))
SEARCHES = Column("searches", gettext_lazy("Pencarian"))
REPORTS = {
    report.slug: report
    for report in (
        Report(
            "teratas",
            gettext_lazy("Kueri teratas"),
            gettext_lazy("Kueri yang paling sering dicari, dengan hasil dan klik."),
            reports.top_queries,
            (
                QUERY,
                SEARCHES,
                Column("results", gettext_lazy("Rata-rata hasil")),
                Column("zero", gettext_lazy("Tanpa hasil")),
                Column("clicks", gettext_lazy("Klik")),
            ),
            "searches",
        ),
        Report(
            "tanpa-hasil",
            gettext_lazy("Kueri tanpa hasil"),
            gettext_lazy(
                "Kueri yang tidak menemukan apa pun. Tambahkan sinonim atau akronim agar "
                "kueri seperti ini menemukan inovasi yang ada."
            ),
            reports.zero_result_queries,
            (QUERY, SEARCHES, Column("last_seen", gettext_lazy("Terakhir dicari"))),
            "searches",
        ),
        Report(
            "tanpa-klik",
            gettext_lazy("Kueri tanpa klik"),
            gettext_lazy("Kueri yang menemukan hasil, tetapi tidak satu hasil pun dibuka."),
            reports.no_click_queries,
            (
                QUERY,
                SEARCHES,
                Column("results", gettext_lazy("Rata-rata hasil")),
                Column("last_seen", gettext_lazy("Terakhir dicari")),
            ),
            "searches",
        ),
    )
}
HUB_COLUMNS = (
    QUERY,
    Column("searches", gettext_lazy("Tampil di hasil")),
    Column("best_position", gettext_lazy("Posisi terbaik")),
    Column("clicks", gettext_lazy("Klik ke halaman simpul")),
)


def _cell(row, key):
    value = row.get(key)
    if key == "results" and value is not None:
        return round(value)
    if key == "last_seen" and value is not None:
        return date_format(value, "Y-m-d")
    return value


class InsightsView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        self.national = is_national(request.user)
        self.hubs = visible_hubs(request.user)
        if not (self.national or self.hubs):
            raise PermissionDenied
        self.days = self._period(request)
        if self.days is None:
            return HttpResponseBadRequest(
                _("Periode tidak dikenal. Pilih salah satu: %(periods)s hari.")
                % {"periods": ", ".join(map(str, reports.PERIODS))},
                content_type="text/plain; charset=utf-8",
            )
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def _period(request):
        raw = request.GET.get("hari", str(reports.DEFAULT_PERIOD))
        return int(raw) if raw in {str(p) for p in reports.PERIODS} else None

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("insights_admin:overview"), "label": _("Wawasan pencarian")}
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            days=self.days,
            periods=reports.PERIODS,
            national=self.national,
            hubs=self.hubs,
            reports=REPORTS.values(),
            shown_rows=reports.SHOWN_ROWS,
            export_rows=reports.EXPORT_ROWS,
        )
        return context

    def wants_csv(self):
        return self.request.GET.get("format") == "csv"


class OverviewView(InsightsView):
    template_name = "insights/overview.html"
    page_title = gettext_lazy("Wawasan pencarian")

    def get(self, request, *args, **kwargs):
        if not self.national and len(self.hubs) == 1:
            return redirect("insights_admin:hub", self.hubs[0][0])
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.national:
            top = reports.top_queries(self.days, 10)
            zero = reports.zero_result_queries(self.days, 10)
            context.update(
                totals=reports.totals(self.days),
                daily_chart=charts.columns(reports.daily(self.days)),
                top_chart=charts.bars(top, "query", "searches"),
                zero_chart=charts.bars(zero, "query", "searches"),
                zero_rows=zero,
            )
        return context


class ReportView(InsightsView):
    template_name = "insights/report.html"

    def dispatch(self, request, *args, slug, **kwargs):
        self.report = REPORTS.get(slug)
        if self.report is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not self.national:
            raise PermissionDenied
        if self.wants_csv():
            rows = self.report.rows(self.days, reports.EXPORT_ROWS)
            return csv_response(
                f"wawasan-{self.report.slug}-{self.days}-hari",
                [str(c.label) for c in self.report.columns],
                [[_cell(row, c.key) for c in self.report.columns] for row in rows],
            )
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return self.report.title

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": self.report.title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.report.rows(self.days, reports.SHOWN_ROWS)
        context.update(
            report=self.report,
            columns=self.report.columns,
            rows=[[_cell(row, c.key) for c in self.report.columns] for row in rows],
            queries=[row["query"] for row in rows],
            chart=charts.bars(rows[:15], "query", self.report.chart_value),
            offer_synonym=self.report.slug == "tanpa-hasil"
            and self.request.user.has_perm("hubsearch.add_synonym"),
        )
        return context


class HubReportView(InsightsView):
    template_name = "insights/report.html"

    def dispatch(self, request, *args, slug, **kwargs):
        self.hub_slug = slug
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def hub_title(self):
        titles = dict(self.hubs)
        if self.hub_slug not in titles:
            raise PermissionDenied
        return titles[self.hub_slug]

    def get(self, request, *args, **kwargs):
        self.hub_title  # noqa: B018 - refuses a hub the user may not see
        if self.wants_csv():
            rows = reports.hub_queries(self.hub_slug, self.days, reports.EXPORT_ROWS)
            return csv_response(
                f"wawasan-simpul-{self.hub_slug}-{self.days}-hari",
                [str(c.label) for c in HUB_COLUMNS],
                [[_cell(row, c.key) for c in HUB_COLUMNS] for row in rows],
            )
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Pencarian yang sampai ke %(hub)s") % {"hub": self.hub_title}

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": self.hub_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = reports.hub_queries(self.hub_slug, self.days, reports.SHOWN_ROWS)
        context.update(
            report={
                "title": self.get_page_title(),
                "description": _(
                    "Kueri yang hasilnya memuat halaman simpul ini: berapa kali tampil, posisi "
                    "terbaiknya, dan berapa kali pembaca membuka halaman simpul dari sana."
                ),
            },
            hub_slug=self.hub_slug,
            columns=HUB_COLUMNS,
            rows=[[_cell(row, c.key) for c in HUB_COLUMNS] for row in rows],
            chart=charts.bars(rows[:15], "query", "searches"),
        )
        return context


class SynonymForm(forms.ModelForm):
    class Meta:
        model = Synonym
        fields = ["terms", "note"]
        widgets = {"terms": forms.Textarea(attrs={"rows": 3})}


class AddSynonymView(WagtailAdminTemplateMixin, FormView):
    """From a query that found nothing to a dictionary entry, in one form: the query is
    already the first expression; the curator adds what it means."""

    template_name = "insights/add_synonym.html"
    form_class = SynonymForm
    header_icon = "search"
    page_title = gettext_lazy("Tambah sinonim dari pencarian")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("hubsearch.add_synonym"):
            raise PermissionDenied
        self.query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("insights_admin:overview"), "label": _("Wawasan pencarian")},
            {"url": "", "label": self.page_title},
        ]

    def get_initial(self):
        if not self.query:
            return {}
        return {
            "terms": f"{self.query}, ",
            "note": (_("Dari pencarian tanpa hasil: “%(q)s”") % {"q": self.query})[:255],
        }

    def get_form_kwargs(self):
        """When what the curator typed shares an expression with one existing entry, the
        new expressions join that entry (the query usually means something the dictionary
        already knows: "kuntet" is one more word for stunting)."""
        kwargs = super().get_form_kwargs()
        self.extended = None
        if "data" in kwargs:
            sharing = Synonym.entries_sharing(kwargs["data"].get("terms", ""))
            if len(sharing) == 1:
                self.extended = sharing[0]
                data = kwargs["data"].copy()
                data["terms"] = self.extended.with_terms(data.get("terms", ""))
                data["note"] = self.extended.note or data.get("note", "")
                kwargs.update(data=data, instance=self.extended)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)

    def form_valid(self, form):
        synonym = form.save()
        if self.extended:
            message = _("Istilah baru ditambahkan ke entri “%(entry)s”.") % {"entry": synonym.terms}
        else:
            message = _("Sinonim “%(entry)s” disimpan.") % {"entry": synonym.terms}
        if self.query:
            found = self._results_for(self.query)
            if found is None:
                messages.warning(self.request, message)
            elif found:
                messages.success(
                    self.request,
                    message
                    + " "
                    + _("Pencarian “%(q)s” kini menemukan %(n)s hasil.")
                    % {"q": self.query, "n": found},
                )
            else:
                messages.warning(
                    self.request,
                    message
                    + " "
                    + _(
                        "Pencarian “%(q)s” masih belum menemukan hasil: periksa apakah istilah "
                        "lain itu ada di inovasi yang terbit."
                    )
                    % {"q": self.query},
                )
        else:
            messages.success(self.request, message)
        return redirect(reverse("insights_admin:report", args=["tanpa-hasil"]))

    @staticmethod
    def _results_for(q):
        try:
            return run_search(SearchRequest(q=q, page_size=1)).total
        except EngineUnavailable:
            return None
