"""Read endpoints for speakers, quotes and numeric claims."""

from __future__ import annotations

from rest_framework import viewsets

from claims.models import NumericClaim, Quote, Speaker
from claims.serializers import NumericClaimSerializer, QuoteSerializer, SpeakerSerializer


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
