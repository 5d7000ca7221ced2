"""What the claims app does when the sources app announces something."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.dispatch import receiver

from claims.services.extraction import extractions_schedule
from sources.models import Article
from sources.signals import articles_stored


@receiver(articles_stored, dispatch_uid="claims.extraction_schedule")
def extraction_schedule(sender: Any, *, articles: Sequence[Article], **kwargs: Any) -> None:
    """New articles are recorded for extraction and enqueued."""
    extractions_schedule(articles=articles)
