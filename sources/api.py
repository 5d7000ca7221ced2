"""Article endpoints: read, and ingest text (202, extraction runs in the background)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from sources.models import Article
from sources.rejections import InputRejected
from sources.serializers import (
    ArticleAcceptedSerializer,
    ArticleDetailSerializer,
    ArticleIngestSerializer,
    ArticleSerializer,
)
from sources.services import article_ingest


class ArticleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Article]):
    queryset = Article.objects.all()
    filterset_fields = ["status", "language", "publication", "feed"]

    def get_queryset(self) -> Any:
        if self.action == "retrieve":
            return Article.objects.prefetch_related("quotes__speaker", "numeric_claims__speaker")
        return Article.objects.defer("text")

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
        data = given.validated_data
        try:
            outcome = article_ingest(
                text=data["text"],
                title=data.get("title", ""),
                url=data.get("url") or None,
                original_url=data.get("original_url", ""),
                byline=data.get("byline", ""),
                published_at=data.get("published_at"),
                language=data.get("language", ""),
            )
        except InputRejected as error:
            raise ValidationError({"text": [str(error)]}) from error
        body = {
            "id": outcome.article.pk,
            "status": outcome.article.status,
            "created": outcome.created,
        }
        return Response(
            body, status=status.HTTP_202_ACCEPTED if outcome.created else status.HTTP_200_OK
        )
