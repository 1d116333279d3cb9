"""Public pages of the replication exchange (included before Wagtail's pages)."""

from django.urls import path

from . import views

urlpatterns = [
    path("replikasi/ajukan/<int:page_id>/", views.request_form, name="replication_request_form"),
    path("replikasi/terkirim/<int:page_id>/", views.request_sent, name="replication_request_sent"),
]
