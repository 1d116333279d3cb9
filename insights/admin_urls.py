from django.urls import path

from . import admin_views

app_name = "insights_admin"
urlpatterns = [
    path("", admin_views.OverviewView.as_view(), name="overview"),
    path("laporan/<slug:slug>/", admin_views.ReportView.as_view(), name="report"),
    path("simpul/<slug:slug>/", admin_views.HubReportView.as_view(), name="hub"),
    path("sinonim/baru/", admin_views.AddSynonymView.as_view(), name="add_synonym"),
]
