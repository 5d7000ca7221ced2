"""Endpoints for articles with what was found in them, speakers, quotes and numeric claims."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from claims.models import ArticleExtraction, NumericClaim, Quote, Speaker
from claims.selectors import article_extraction_status, articles_with_extraction
from claims.serializers import (
    ArticleAcceptedSerializer,
    ArticleDetailSerializer,
    ArticleSerializer,
    NumericClaimSerializer,
    QuoteSerializer,
    SpeakerSerializer,
)
from factdb.api.errors import api_error_field
from sources.models import Article
from sources.reading.documents import document_from_mapping
from sources.serializers import ArticleIngestSerializer
from sources.services.articles import document_ingest


class ArticleFilter(django_filters.FilterSet):  # type: ignore[misc]  # untyped package
    status = django_filters.ChoiceFilter(
        field_name="extraction_status", choices=ArticleExtraction.Status.choices
    )

    class Meta:
        model = Article
        fields = ["status", "language", "publication", "feed"]


class ArticleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Article]):
    """Articles: post one to ingest it; read them with their extraction state, and one with
    its text, quotes and numeric claims."""

    queryset = Article.objects.all()
    filterset_class = ArticleFilter

    def get_queryset(self) -> Any:
        articles = articles_with_extraction()
        if self.action == "retrieve":
            return articles.prefetch_related("quotes__speaker", "numeric_claims__speaker")
        return articles.defer("text")

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action == "create":
            return ArticleIngestSerializer
        if self.action == "retrieve":
            return ArticleDetailSerializer
        return ArticleSerializer

    @extend_schema(
        request=ArticleIngestSerializer,
        responses={202: ArticleAcceptedSerializer, 200: ArticleAcceptedSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Ingest an article's text: 202 when stored now, 200 when it was already stored."""
        given = ArticleIngestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        # What the service refuses is the body sent: the text, or the page it was read from.
        with api_error_field("html" if "html" in data else "text"):
            outcome = document_ingest(document=document_from_mapping("request", data))
        body = {
            "id": outcome.article.pk,
            "status": article_extraction_status(article=outcome.article),
            "created": outcome.created,
        }
        return Response(
            body, status=status.HTTP_202_ACCEPTED if outcome.created else status.HTTP_200_OK
        )


class SpeakerViewSet(viewsets.ReadOnlyModelViewSet[Speaker]):
    queryset = Speaker.objects.all()
    serializer_class = SpeakerSerializer
    filterset_fields = ["country", "wikidata_id", "merged_into"]


class QuoteViewSet(viewsets.ReadOnlyModelViewSet[Quote]):
    queryset = Quote.objects.select_related("speaker")
    serializer_class = QuoteSerializer
    filterset_fields = ["article", "speaker", "status", "kind", "language"]


class NumericClaimViewSet(viewsets.ReadOnlyModelViewSet[NumericClaim]):
    queryset = NumericClaim.objects.select_related("speaker")
    serializer_class = NumericClaimSerializer
    filterset_fields = ["article", "speaker", "status", "unit", "qualifier", "kind", "language"]
