"""What the sources app announces to the apps built on it, which it does not know."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial

from django.db import transaction
from django.dispatch import Signal

from sources.models import Article

logger = logging.getLogger(__name__)

# Sent once the transaction that stored new articles has committed, with `articles`: the
# new Article rows (near-copies included: `duplicate_of` names their original).
articles_stored = Signal()


def articles_stored_announce(*, articles: Sequence[Article]) -> None:
    """Send `articles_stored` for these articles after the current transaction commits.

    A failing receiver is logged, not raised: the articles are stored and acknowledged, and
    a receiver that must not miss any (extraction) sweeps for what it missed.
    """
    if articles:
        transaction.on_commit(partial(_articles_stored_send, list(articles)))


def _articles_stored_send(articles: list[Article]) -> None:
    for receiver, outcome in articles_stored.send_robust(sender=Article, articles=articles):
        if isinstance(outcome, Exception):
            logger.error(
                "articles_stored receiver %r failed on %d article(s)",
                receiver,
                len(articles),
                exc_info=outcome,
            )
