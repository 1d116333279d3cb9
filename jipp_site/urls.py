from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from insights import views as insights_views
from jipp_site.health import healthz
from search import api as search_api
from search.views import search_export, search_page
from seo import feeds as seo_feeds
from seo import views as seo_views

# Django's own admin is not served: everything is edited in Wagtail's, which checks the
# per-hub rights. Language-neutral: the admin, documents, the API (for programs),
# robots.txt and the sitemap (which lists both languages itself).
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/search/", search_api.search_api, name="search_api"),
    path("api/v1/openapi.json", search_api.openapi_json, name="search_openapi"),
    path("insights/klik/", insights_views.click, name="insights_click"),
    path("robots.txt", seo_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", seo_views.sitemap, name="sitemap"),
    path("bagikan/<int:page_id>-<slug:digest>.png", seo_views.share_image, name="share_image"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What readers see: Indonesian at /, English under /en/ (e.g. /en/cari/, /en/simpul/...).
public_patterns = [
    path("cari/", search_page, name="search"),
    path("cari/ekspor/", search_export, name="search_export"),
    path("search/", search_page, name="search_en"),
    path("feeds/terbaru/", seo_feeds.newest_feed, name="feed_newest"),
    path("feeds/cari/", seo_feeds.search_feed, name="feed_search"),
]
if apps.is_installed("replication"):
    public_patterns.append(path("", include("replication.urls")))
if apps.is_installed("stats"):
    public_patterns.append(path("", include("stats.urls")))
public_patterns.append(path("", include("shortlist.urls")))
public_patterns.append(path("", include("alerts.urls")))
# Wagtail serves every page not matched above; it must come last.
public_patterns.append(path("", include(wagtail_urls)))

urlpatterns += i18n_patterns(*public_patterns, prefix_default_language=False)
