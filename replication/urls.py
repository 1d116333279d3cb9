"""Public pages of the replication exchange (included before Wagtail's pages)."""

from django.urls import path

from . import compare_views, region_views, views

urlpatterns = [
    path("replikasi/ajukan/<int:page_id>/", views.request_form, name="replication_request_form"),
    path("replikasi/terkirim/<int:page_id>/", views.request_sent, name="replication_request_sent"),
    path("daerah-saya/", region_views.my_region, name="my_region"),
    path("replikasi/peta/<int:page_id>.svg", views.replication_map, name="replication_map"),
    path("bandingkan/", compare_views.compare_page, name="compare"),
    path("bandingkan/pilih/", compare_views.choose, name="compare_choose"),
]
