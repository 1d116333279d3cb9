"""Admin views for replication requests, scoped like pages (replication.scope): a request
outside the user's reach answers 404, as another hub's page does."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import scope
from .forms import StageChangeForm
from .models import Stage
from .workflow import DraftError, change_stage, create_draft

INDEX_CRUMB = {"url": reverse_lazy("replication_requests"), "label": gettext_lazy("Replikasi")}


def _require_any(user):
    if not scope.sees_any(user):
        raise PermissionDenied


class RequestIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "replication/admin/index.html"
    page_title = gettext_lazy("Permintaan replikasi")
    header_icon = "doc-full-inverse"
    per_page = 30

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        _require_any(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        requests = scope.visible_requests(self.request.user).select_related(
            "innovation", "regency", "province", "ministry"
        )
        stage = self.request.GET.get("tahap", "")
        if stage in Stage.values:
            requests = requests.filter(stage=stage)
        else:
            stage = ""
        paginator = Paginator(requests, self.per_page)
        context.update(
            page_obj=paginator.get_page(self.request.GET.get("p")),
            stages=Stage.choices,
            current_stage=stage,
        )
        return context


class RequestDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "replication/admin/detail.html"
    header_icon = "doc-full-inverse"

    def dispatch(self, request, pk):
        _require_any(request.user)
        self.object = get_object_or_404(
            scope.visible_requests(request.user).select_related(
                "innovation", "regency__province", "province", "ministry", "replica"
            ),
            pk=pk,
        )
        self.can_handle = scope.can_handle(request.user, self.object)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Permintaan dari %(place)s") % {"place": self.object.institution_name}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [INDEX_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            history=self.object.history.select_related("changed_by"),
            can_handle=self.can_handle,
            replica_editable=bool(
                self.object.replica
                and self.object.replica.permissions_for_user(self.request.user).can_edit()
            ),
            form=form or StageChangeForm(current_stage=self.object.stage),
        )
        return context

    def post(self, request, pk):
        if not self.can_handle:
            raise PermissionDenied
        if request.POST.get("action") == "draft":
            return self._create_draft(request)
        form = StageChangeForm(request.POST, current_stage=self.object.stage)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        change_stage(
            self.object, form.cleaned_data["stage"], form.cleaned_data["note"], request.user
        )
        messages.success(request, _("Tahap diubah; pemohon dikabari lewat surel."))
        return redirect("replication_request", pk=self.object.pk)

    def _create_draft(self, request):
        try:
            draft = create_draft(self.object, request.user)
        except DraftError as error:
            messages.error(request, str(error))
            return redirect("replication_request", pk=self.object.pk)
        messages.success(
            request,
            _("Draf inovasi “%(title)s” dibuat di simpul %(hub)s, dengan silsilah replikasinya.")
            % {"title": draft.title, "hub": draft.get_parent().title},
        )
        return redirect("replication_request", pk=self.object.pk)


def request_detail(request, pk):
    return RequestDetailView.as_view()(request, pk=pk)


def request_index(request):
    return RequestIndexView.as_view()(request)
