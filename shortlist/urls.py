"""The shortlist: the visitor's own list of case studies, kept in the browser (no account)."""

from django.urls import path

from . import views

urlpatterns = [
    path("pilihan/", views.shortlist_page, name="shortlist"),
    path("pilihan/csv/", views.shortlist_csv, name="shortlist_csv"),
]
