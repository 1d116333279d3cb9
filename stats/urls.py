"""The public statistics page. The site's urlconf includes this before Wagtail's pages:
path("", include("stats.urls"))."""

from django.urls import path

from . import views

urlpatterns = [
    path("statistik/", views.statistics_page, name="statistics"),
]
