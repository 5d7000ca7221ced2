"""Source endpoints: articles (read, ingest text or HTML), bulk ingest jobs, and feeds."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from sources.document_reading import document_from_mapping
from sources.feed_polling import feed_poll_enqueue, feed_subscribe
from sources.ingest_jobs import ingest_job_create
from sources.models import Article, Feed, IngestJob
from sources.rejections import InputRejected
from sources.serializers import (
    ArticleAcceptedSerializer,
    ArticleDetailSerializer,
    ArticleIngestSerializer,
    ArticleSerializer,
    FeedSerializer,
    IngestJobCreateSerializer,
    IngestJobSerializer,
)
from sources.services import document_ingest


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
        try:
            document = document_from_mapping("request", dict(given.validated_data))
            outcome = document_ingest(document=document)
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


class IngestJobViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[IngestJob]):
    """Bulk ingestion: post items (URLs, texts, pages), then follow the job's counts."""

    queryset = IngestJob.objects.defer("payload")
    serializer_class = IngestJobSerializer
    filterset_fields = ["kind", "status"]

    @extend_schema(request=IngestJobCreateSerializer, responses={202: IngestJobSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Queue a bulk job; a worker fetches and ingests its items. Answers 202 with the job."""
        given = IngestJobCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        items = given.validated_data["items"]
        kind = IngestJob.Kind.URLS if all(set(i) == {"url"} for i in items) else IngestJob.Kind.API
        try:
            job = ingest_job_create(
                kind=kind,
                items=items,
                source=given.validated_data.get("source", ""),
                created_by=request.user,
            )
        except InputRejected as error:
            raise ValidationError({"items": [str(error)]}) from error
        return Response(IngestJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class FeedViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Feed]
):
    """RSS/Atom subscriptions, polled by the workers at their interval."""

    queryset = Feed.objects.all()
    serializer_class = FeedSerializer
    filterset_fields = ["is_active", "publication"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Subscribe to a feed; its first poll is queued at once."""
        given = FeedSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            feed = feed_subscribe(
                url=data["url"],
                poll_interval=data.get("poll_interval", 900),
                publication=data.get("publication"),
            )
        except InputRejected as error:
            raise ValidationError({"url": [str(error)]}) from error
        feed_poll_enqueue(feed_id=feed.pk)
        return Response(FeedSerializer(feed).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={202: FeedSerializer})
    @action(detail=True, methods=["post"])
    def poll(self, request: Request, pk: str | None = None) -> Response:
        """Poll the feed now instead of waiting for its next turn."""
        feed = self.get_object()
        feed_poll_enqueue(feed_id=feed.pk)
        return Response(FeedSerializer(feed).data, status=status.HTTP_202_ACCEPTED)
