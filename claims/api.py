"""Endpoints for articles with what was found in them, speakers, quotes, numeric claims and
verdicts: reading them, and the editorial work on them (review, fix, merge, rate, publish),
each write one call of a service in claims.services, with its history at …/history/; and
published verdicts as schema.org ClaimReview.

Reads are open as FACTDB_ANONYMOUS_READ says, ClaimReviews (published by definition) to
anyone; writes need a token (401), and the services refuse what a person's roles do not allow
(403). Every write carries the version the editor saw: a stale one is a 409 whose
`details.current` is the item as stored now.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast

from django.db import transaction
from django.db.models import Model, QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from claims.claimreview import ClaimReviewSerializer
from claims.exports import candidates_export
from claims.filters import ArticleFilter, NumericClaimFilter, QuoteFilter, SpeakerFilter
from claims.models import NumericClaim, Quote, Speaker, Verdict
from claims.selectors import article_extraction_status, articles_with_extraction, history_of
from claims.serializers import (
    ArticleAcceptedSerializer,
    ArticleDetailSerializer,
    ArticleSerializer,
    BulkOutcomeSerializer,
    BulkReviewSerializer,
    BulkSpeakerSerializer,
    HistoryEntrySerializer,
    NumericClaimEditSerializer,
    NumericClaimSerializer,
    QuoteEditSerializer,
    QuoteSerializer,
    ReviewSerializer,
    SpeakerEditSerializer,
    SpeakerMergeSerializer,
    SpeakerSerializer,
    VerdictCorrectSerializer,
    VerdictCreateSerializer,
    VerdictEditSerializer,
    VerdictSerializer,
    VersionSerializer,
    history_context,
)
from claims.services.edits import Actor, ItemOutcome, VersionedId
from claims.services.reviews import (
    CandidateModel,
    candidate_correct,
    candidate_review,
    candidate_span_fix,
    candidate_speaker_reassign,
    candidates_review,
    candidates_speaker_reassign,
)
from claims.services.speakers import speaker_merge, speaker_update
from claims.services.verdicts import (
    verdict_correct,
    verdict_create,
    verdict_delete,
    verdict_publish,
    verdict_update,
)
from factdb.api.errors import api_error_field, conflict_current_as
from factdb.api.filtering import RANK, KnownQueryParameters
from factdb.api.pagination import IdCursorPagination
from factdb.api.serializers import ErrorResponseSerializer
from factdb.api.streaming import ExportableList, ExportRows, export_list_schema
from factdb.errors import NotFound
from sources.models import Article
from sources.reading.documents import document_from_mapping
from sources.serializers import ArticleIngestSerializer
from sources.services.articles import document_ingest


class ArticleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Article]):
    """Articles: post one to ingest it; read them with their extraction state, and one with
    its text, quotes and numeric claims."""

    queryset = Article.objects.all()
    filterset_class = ArticleFilter
    ordering_fields = (RANK,)

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


# The error answers each write may give, for the OpenAPI schema.
_ERROR_MEANINGS = {
    400: "Invalid input: `field` names it, `details` holds every field's messages.",
    401: "Not authenticated: writes need `Authorization: Token <key>`.",
    403: "Your roles do not allow this (or the four-eyes rule forbids it).",
    404: "There is no such item.",
    409: "Conflict: the item changed since you saw it (`details.current` is the item as "
    "stored now), or the change clashes with another item.",
}


def _errors(*statuses: int) -> dict[int, OpenApiResponse]:
    return {
        code: OpenApiResponse(ErrorResponseSerializer, description=_ERROR_MEANINGS[code])
        for code in statuses
    }


_WRITE_ERRORS = _errors(400, 401, 403, 404, 409)
_READ_ERRORS = _errors(401, 404)


def _actor(request: Request) -> Actor:
    return cast(Actor, request.user)


def _valid(serializer_class: type[BaseSerializer[Any]], data: Any) -> dict[str, Any]:
    given = serializer_class(data=data)
    given.is_valid(raise_exception=True)
    return dict(cast(Mapping[str, Any], given.validated_data))


def _outcomes(outcomes: list[ItemOutcome]) -> Response:
    changed = sum(1 for outcome in outcomes if outcome.outcome == "changed")
    return Response(BulkOutcomeSerializer({"results": outcomes, "changed": changed}).data)


def _versioned(items: list[dict[str, Any]]) -> list[VersionedId]:
    return [VersionedId(id=item["id"], version=item["version"]) for item in items]


def _history(model: type[Model], pk: int) -> Response:
    entries = history_of(model=model, pk=pk)
    # A deleted verdict keeps its history; an id that never was has none.
    if not entries and not model._default_manager.filter(pk=pk).exists():
        raise NotFound(f"There is no {model._meta.verbose_name} {pk}.")
    shown = HistoryEntrySerializer(cast(Any, entries), many=True, context=history_context(model))
    return Response(shown.data)


class _Editorial(viewsets.ReadOnlyModelViewSet[Any]):
    """What the editorial endpoints share: numeric ids, and a 409 showing the stored item."""

    lookup_value_regex = r"\d+"
    item_serializer: type[BaseSerializer[Any]]

    @contextmanager
    def _conflict_shows_current(self) -> Iterator[None]:
        with conflict_current_as(lambda row: dict(self.item_serializer(row).data)):
            yield


class _CandidateEndpoints(_Editorial):
    """Review, fix and history endpoints of quotes and numeric claims alike."""

    model: CandidateModel
    edit_serializer: type[BaseSerializer[Any]]

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Fix the item: its span (`start` and `end` together), its speaker (`speaker`: an id or
        null, or `speaker_name`), and what the engine read. All or nothing, with `version`."""
        data = _valid(self.edit_serializer, request.data)
        with self._conflict_shows_current(), transaction.atomic():
            row = self._edit(int(kwargs["pk"]), data, _actor(request))
        return Response(self.item_serializer(row).data)

    def _edit(self, pk: int, data: dict[str, Any], actor: Actor) -> Any:
        """One service per kind of change, each given the version the one before left."""
        version = data.pop("version")
        row = None
        if "start" in data:
            row = candidate_span_fix(
                model=self.model, pk=pk, start=data.pop("start"), end=data.pop("end"),
                version=version, actor=actor,
            )  # fmt: skip
            version = row.version
        if "speaker" in data or "speaker_name" in data:
            row = candidate_speaker_reassign(
                model=self.model, pk=pk, version=version, actor=actor,
                speaker_id=data.pop("speaker", None), speaker_name=data.pop("speaker_name", ""),
            )  # fmt: skip
            version = row.version
        if data or row is None:
            # Also for a bare `version`: the item as stored, if the editor saw it so.
            row = candidate_correct(
                model=self.model, pk=pk, version=version, actor=actor, changes=data
            )
        return row

    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        """Confirm, reject or reopen the item."""
        data = _valid(ReviewSerializer, request.data)
        with self._conflict_shows_current():
            row, _changed = candidate_review(
                model=self.model, pk=int(str(pk)), action=data["action"],
                version=data["version"], actor=_actor(request),
            )  # fmt: skip
        return Response(self.item_serializer(row).data)

    @action(detail=False, methods=["post"], url_path="review", url_name="bulk-review")
    def bulk_review(self, request: Request) -> Response:
        """One decision on many items, each with the version seen; reported item by item."""
        data = _valid(BulkReviewSerializer, request.data)
        return _outcomes(
            candidates_review(
                model=self.model,
                items=_versioned(data["items"]),
                action=data["action"],
                actor=_actor(request),
            )
        )

    @action(detail=False, methods=["post"], url_path="reassign-speaker", url_name="bulk-reassign")
    def bulk_reassign(self, request: Request) -> Response:
        """One speaker for many items (`speaker`: an id or null, or `speaker_name`)."""
        data = _valid(BulkSpeakerSerializer, request.data)
        outcomes = candidates_speaker_reassign(
            model=self.model, items=_versioned(data["items"]), actor=_actor(request),
            speaker_id=data.get("speaker"), speaker_name=data.get("speaker_name", ""),
        )  # fmt: skip
        return _outcomes(outcomes)

    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Every change to the item, oldest first: when, what (old → new), who, which action."""
        return _history(self.model, int(str(pk)))


def _candidate_schemas(
    prefix: str, item: type[BaseSerializer[Any]], edit: type[BaseSerializer[Any]]
) -> Callable[[Any], Any]:
    return extend_schema_view(
        partial_update=extend_schema(request=edit, responses={200: item, **_WRITE_ERRORS}),
        review=extend_schema(request=ReviewSerializer, responses={200: item, **_WRITE_ERRORS}),
        bulk_review=extend_schema(
            operation_id=f"{prefix}_bulk_review",
            request=BulkReviewSerializer,
            responses={200: BulkOutcomeSerializer, **_errors(400, 401, 403)},
        ),
        bulk_reassign=extend_schema(
            operation_id=f"{prefix}_bulk_reassign_speaker",
            request=BulkSpeakerSerializer,
            responses={200: BulkOutcomeSerializer, **_errors(400, 401, 403, 404)},
        ),
        history=extend_schema(responses={200: HistoryEntrySerializer(many=True), **_READ_ERRORS}),
        retrieve=extend_schema(responses={200: item, **_READ_ERRORS}),
        list=export_list_schema(item),
    )


class SpeakerViewSet(_Editorial):
    """Speakers: correct one (name, aliases, role, ...), merge a duplicate into another."""

    queryset = Speaker.objects.all()
    serializer_class = SpeakerSerializer
    item_serializer = SpeakerSerializer
    filterset_class = SpeakerFilter
    ordering_fields = (RANK, "name")

    @extend_schema(
        request=SpeakerEditSerializer, responses={200: SpeakerSerializer, **_WRITE_ERRORS}
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Correct the speaker's name, aliases, role, organisation, country or Wikidata id."""
        data = _valid(SpeakerEditSerializer, request.data)
        version = data.pop("version")
        with self._conflict_shows_current():
            speaker = speaker_update(
                pk=int(kwargs["pk"]), version=version, actor=_actor(request), changes=data
            )
        return Response(SpeakerSerializer(speaker).data)

    @extend_schema(
        request=SpeakerMergeSerializer, responses={200: SpeakerSerializer, **_WRITE_ERRORS}
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str | None = None) -> Response:
        """Merge this speaker (at `version`) into speaker `into`; answers the survivor, which
        now has this one's quotes, claims, name and aliases."""
        data = _valid(SpeakerMergeSerializer, request.data)
        with self._conflict_shows_current():
            survivor = speaker_merge(
                pk=int(str(pk)), into=data["into"], version=data["version"],
                actor=_actor(request),
            )  # fmt: skip
        return Response(SpeakerSerializer(survivor).data)

    @extend_schema(responses={200: HistoryEntrySerializer(many=True), **_READ_ERRORS})
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Every change to the speaker, oldest first."""
        return _history(Speaker, int(str(pk)))


class _CandidateExports(ExportableList):
    """`?format=csv|jsonl`: the filtered list as a file (claims.exports says what a row is)."""

    def export_rows(self, queryset: Any) -> ExportRows:
        return candidates_export(items=queryset)


@_candidate_schemas("quotes", QuoteSerializer, QuoteEditSerializer)
class QuoteViewSet(_CandidateExports, _CandidateEndpoints):
    queryset = Quote.objects.select_related("speaker")
    serializer_class = QuoteSerializer
    item_serializer = QuoteSerializer
    edit_serializer = QuoteEditSerializer
    model = Quote
    filterset_class = QuoteFilter
    export_name = "quotes"
    ordering_fields = (RANK, "confidence")


@_candidate_schemas("numeric_claims", NumericClaimSerializer, NumericClaimEditSerializer)
class NumericClaimViewSet(_CandidateExports, _CandidateEndpoints):
    queryset = NumericClaim.objects.select_related("speaker")
    serializer_class = NumericClaimSerializer
    item_serializer = NumericClaimSerializer
    edit_serializer = NumericClaimEditSerializer
    model = NumericClaim
    filterset_class = NumericClaimFilter
    export_name = "numeric-claims"
    ordering_fields = (RANK, "confidence", "value")


def _published_verdicts() -> QuerySet[Verdict]:
    """Published and corrected verdicts with what their ClaimReview reads, in one query."""
    return (
        Verdict.objects.exclude(status=Verdict.Status.DRAFT)
        .select_related(
            "quote__speaker",
            "quote__article__publication",
            "numeric_claim__speaker",
            "numeric_claim__article__publication",
        )
        .defer("quote__article__text", "numeric_claim__article__text")
    )


_VERSION_PARAMETER = OpenApiParameter(
    "version", int, description="the version you saw (or send it in the body)"
)


class VerdictViewSet(mixins.CreateModelMixin, _Editorial):
    """Verdicts: drafts written and edited by editors, published and corrected by verdict
    publishers; a published one is also served as ClaimReview."""

    queryset = Verdict.objects.select_related("author", "published_by")
    serializer_class = VerdictSerializer
    item_serializer = VerdictSerializer
    filterset_fields = ["status", "rating", "quote", "numeric_claim"]
    extra_query_parameters = ("version",)

    @extend_schema(
        request=VerdictCreateSerializer,
        responses={201: VerdictSerializer, **_errors(400, 401, 403)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Write a draft verdict on one `quote` or one `numeric_claim`; you are its author."""
        data = _valid(VerdictCreateSerializer, request.data)
        try:
            verdict = verdict_create(
                actor=_actor(request), rating=data["rating"], explanation=data["explanation"],
                evidence_links=data.get("evidence_links", []),
                quote_id=data.get("quote"), numeric_claim_id=data.get("numeric_claim"),
            )  # fmt: skip
        except NotFound as error:
            # The item is named in the body, not the URL: the input is at fault.
            field = "quote" if data.get("quote") is not None else "numeric_claim"
            raise ApiValidationError({field: [str(error)]}) from None
        return Response(VerdictSerializer(verdict).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=VerdictEditSerializer, responses={200: VerdictSerializer, **_WRITE_ERRORS}
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Edit a draft's rating, explanation or evidence links (a published one is corrected)."""
        data = _valid(VerdictEditSerializer, request.data)
        version = data.pop("version")
        with self._conflict_shows_current():
            verdict = verdict_update(
                pk=int(kwargs["pk"]), version=version, actor=_actor(request), changes=data
            )
        return Response(VerdictSerializer(verdict).data)

    @extend_schema(
        parameters=[_VERSION_PARAMETER],
        request=VersionSerializer,
        responses={204: None, **_WRITE_ERRORS},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Delete a draft, at `?version=` (or `version` in the body)."""
        given = request.query_params.get("version")
        if given is None and isinstance(request.data, Mapping):
            given = request.data.get("version")
        data = _valid(VersionSerializer, {} if given is None else {"version": given})
        with self._conflict_shows_current():
            verdict_delete(pk=int(kwargs["pk"]), version=data["version"], actor=_actor(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=VersionSerializer, responses={200: VerdictSerializer, **_WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Publish the draft (its item must be confirmed): from now on it is a ClaimReview."""
        data = _valid(VersionSerializer, request.data)
        with self._conflict_shows_current():
            verdict = verdict_publish(
                pk=int(str(pk)), version=data["version"], actor=_actor(request)
            )
        return Response(VerdictSerializer(verdict).data)

    @extend_schema(
        request=VerdictCorrectSerializer, responses={200: VerdictSerializer, **_WRITE_ERRORS}
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        """Correct a published verdict in the open: `note` says what changed and why."""
        data = _valid(VerdictCorrectSerializer, request.data)
        version, note = data.pop("version"), data.pop("note")
        with self._conflict_shows_current():
            verdict = verdict_correct(
                pk=int(str(pk)), version=version, actor=_actor(request), changes=data, note=note
            )
        return Response(VerdictSerializer(verdict).data)

    @extend_schema(
        responses={
            200: OpenApiResponse(ClaimReviewSerializer, description="schema.org JSON-LD"),
            **_errors(404),
        }
    )
    @action(detail=True, methods=["get"], permission_classes=[AllowAny])
    def claimreview(self, request: Request, pk: str | None = None) -> Response:
        """The published (or corrected) verdict as schema.org ClaimReview; a draft is a 404."""
        verdict = _published_verdicts().filter(pk=int(str(pk))).first()
        if verdict is None:
            raise NotFound(f"There is no published verdict {pk}.")
        return Response(ClaimReviewSerializer(verdict, context={"request": request}).data)

    @extend_schema(responses={200: HistoryEntrySerializer(many=True), **_READ_ERRORS})
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Every change to the verdict from its creation, oldest first (a deleted one's too)."""
        return _history(Verdict, int(str(pk)))


class PublishedCursorPagination(IdCursorPagination):
    ordering = "-published_at"


@extend_schema_view(list=extend_schema(responses={200: ClaimReviewSerializer(many=True)}))
class ClaimReviewViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Verdict]):
    """The feed of published verdicts as schema.org ClaimReview, latest published first."""

    queryset = _published_verdicts()
    serializer_class = ClaimReviewSerializer
    pagination_class = PublishedCursorPagination
    permission_classes = [AllowAny]
    filter_backends: list[Any] = [KnownQueryParameters]
