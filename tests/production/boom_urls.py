"""A URL that fails, for the logging tests: the site's own URLs never raise on purpose."""

from django.urls import path

from jipp_site.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("Key (email)=(budi.santoso@example.go.id) conflicts; call 081234567890")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
