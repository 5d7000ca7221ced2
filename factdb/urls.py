from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from claims import api as claims_api
from factdb.api import errors as api_errors
from sources import api as sources_api

router = DefaultRouter()
router.register("articles", claims_api.ArticleViewSet, basename="article")
router.register("ingest-jobs", sources_api.IngestJobViewSet, basename="ingestjob")
router.register("feeds", sources_api.FeedViewSet, basename="feed")
router.register("speakers", claims_api.SpeakerViewSet, basename="speaker")
router.register("quotes", claims_api.QuoteViewSet, basename="quote")
router.register("numeric-claims", claims_api.NumericClaimViewSet, basename="numericclaim")
router.register("verdicts", claims_api.VerdictViewSet, basename="verdict")
router.register("claimreviews", claims_api.ClaimReviewViewSet, basename="claimreview")

urlpatterns = [
    path("", RedirectView.as_view(url="/api/", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    # Last: any other /api/ path ending in a slash answers the JSON 404 with DEBUG on too, where
    # Django shows its debug page instead of handler404. Paths without the slash stay unmatched,
    # so APPEND_SLASH still redirects "/api/quotes" to "/api/quotes/".
    re_path(r"^api/.*/$", api_errors.api_endpoint_missing),
]

# Unknown URLs and unhandled errors under /api/ answer in the API's JSON error shape too.
handler404 = api_errors.api_page_not_found
handler500 = api_errors.api_server_error
