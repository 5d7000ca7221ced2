"""Source endpoints: bulk ingest jobs and feeds. Articles are served by claims.api, with what
was found in them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from factdb.api.errors import api_error_field
from sources.models import Feed, IngestJob
from sources.serializers import (
    FeedSerializer,
    IngestJobCreateSerializer,
    IngestJobSerializer,
)
from sources.services.feeds import feed_poll_enqueue, feed_subscribe, feed_update
from sources.services.ingest_jobs import ingest_job_create


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
        with api_error_field("items"):
            job = ingest_job_create(
                kind=kind,
                items=items,
                source=given.validated_data.get("source", ""),
                created_by=request.user,
            )
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
        with api_error_field("url"):
            feed = feed_subscribe(
                url=data["url"],
                poll_interval=data.get("poll_interval", 900),
                publication=data.get("publication"),
            )
        feed_poll_enqueue(feed_id=feed.pk)
        return Response(FeedSerializer(feed).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer: BaseSerializer[Feed]) -> None:
        """Change a feed through the service, which vets a new URL as a subscription does."""
        assert isinstance(serializer.instance, Feed)
        with api_error_field("url"):
            serializer.instance = feed_update(
                feed=serializer.instance, changes=dict(serializer.validated_data)
            )

    @extend_schema(request=None, responses={202: FeedSerializer})
    @action(detail=True, methods=["post"])
    def poll(self, request: Request, pk: str | None = None) -> Response:
        """Poll the feed now instead of waiting for its next turn."""
        feed = self.get_object()
        feed_poll_enqueue(feed_id=feed.pk)
        return Response(FeedSerializer(feed).data, status=status.HTTP_202_ACCEPTED)
