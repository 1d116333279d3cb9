"""Admin: "Impor spreadsheet". Upload, check, preview, confirm; the template; exports.

Scoped to the hubs the user may add pages under (innovations.importing.jobs.hubs_for_import):
a coordinator imports into their own hub only, and sees only their own import jobs.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .importing import jobs
from .importing.export import export_file, hub_records
from .importing.spreadsheet import XLSX_CONTENT_TYPE, SpreadsheetError, read_spreadsheet
from .importing.template import limits_text, template_xlsx
from .models import ImportJob


def may_import(user):
    return user.is_active and (user.is_superuser or jobs.hubs_for_import(user).exists())


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas spreadsheet (.xlsx atau .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    hub = forms.ModelChoiceField(
        label=gettext_lazy("Simpul tujuan"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Sesuai kolom “Simpul” di berkas"),
        help_text=gettext_lazy("Dipakai untuk baris yang kolom “Simpul”-nya kosong."),
    )
    allow_move = forms.BooleanField(
        label=gettext_lazy("Pindahkan antarsimpul"),
        required=False,
        help_text=gettext_lazy(
            "Izinkan baris yang menyebut simpul lain untuk memindahkan inovasi yang sudah ada "
            "ke simpul itu. Hanya untuk simpul yang dua-duanya Anda kelola."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        hubs = jobs.hubs_for_import(user)
        self.fields["hub"].queryset = hubs
        if not user.is_superuser and hubs.count() == 1:
            # One hub: it is the only place rows can go.
            self.fields["hub"].initial = hubs.first().pk
            self.fields["hub"].empty_label = None


class ImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "innovations/import/index.html"
    page_title = gettext_lazy("Impor spreadsheet")
    header_icon = "upload"
    form_class = ImportForm

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jobs"] = ImportJob.objects.filter(user=self.request.user)[:20]
        context["limits"] = limits_text()
        context["hubs"] = jobs.hubs_for_import(self.request.user)
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            sheet = read_spreadsheet(upload.name, upload.read())
            job = jobs.start(
                self.request.user,
                form.cleaned_data["hub"],
                upload.name,
                sheet,
                allow_move=form.cleaned_data["allow_move"],
            )
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        return redirect("innovations_import_job", job.pk)


def _own_job(request, pk):
    if not may_import(request.user):
        raise PermissionDenied
    job = get_object_or_404(ImportJob, pk=pk)
    if job.user_id != request.user.pk and not request.user.is_superuser:
        raise Http404  # another person's import: not even its existence is shown
    return job


class ImportJobView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "innovations/import/job.html"
    page_title = gettext_lazy("Impor spreadsheet")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("innovations_import"), "label": self.page_title},
            {"url": "", "label": self.job.file_name},
        ]

    def dispatch(self, request, pk):
        self.job = _own_job(request, pk)
        return super().dispatch(request, pk)

    def post(self, request, pk):
        if "confirm" in request.POST:
            jobs.confirm(self.job)
            self.job.refresh_from_db()  # a small file was written in this request
            if self.job.status == ImportJob.Status.DONE:
                messages.success(request, _("Impor selesai."))
                held = (self.job.report or {}).get("held_for_review")
                if held:
                    messages.info(
                        request,
                        _(
                            "%(count)s inovasi dikirim untuk ditinjau moderator simpul; "
                            "terbit setelah disetujui."
                        )
                        % {"count": held},
                    )
        elif "cancel" in request.POST:
            jobs.cancel(self.job)
            messages.success(request, _("Impor dibatalkan; tidak ada yang diubah."))
        return redirect("innovations_import_job", self.job.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        label, done, total, percent = jobs.progress_of(job)
        report = job.report or {}
        context.update(
            job=job,
            report=report,
            phase_label=label,
            done=done,
            total=total,
            percent=percent,
            progress_url=reverse("innovations_import_progress", args=[job.pk]),
            problems=report.get("problems", []),
            per_hub=report.get("per_hub", {}),
        )
        return context


def job_progress(request, pk):
    """The job page's bar, as JSON, for its script to poll (the page without the script
    refreshes itself instead)."""
    job = _own_job(request, pk)
    label, done, total, percent = jobs.progress_of(job)
    response = JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "in_progress": job.in_progress,
            "phase": label,
            "done": done,
            "total": total,
            "percent": percent,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def template_download(request):
    if not may_import(request.user):
        raise PermissionDenied
    response = HttpResponse(template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-inovasi.xlsx"'
    return response


def export(request):
    """A hub's innovations as XLSX or CSV, in the template's columns (hubs the user may
    import into; another hub's drafts never leave through here)."""
    if not may_import(request.user):
        raise PermissionDenied
    hub = jobs.hubs_for_import(request.user).filter(pk=request.GET.get("hub") or 0).first()
    if hub is None:
        raise Http404
    file_format = "csv" if request.GET.get("format") == "csv" else "xlsx"
    content, content_type, extension = export_file(list(hub_records(hub)), file_format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="inovasi-{hub.slug}.{extension}"'
    return response
