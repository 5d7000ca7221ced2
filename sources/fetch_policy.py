"""The fetcher's limits as the settings give them."""

from __future__ import annotations

from django.conf import settings

from sources.reading.fetching import FetchPolicy


def fetch_policy() -> FetchPolicy:
    return FetchPolicy(
        allow_loopback=settings.FACTDB_FETCH_ALLOW_LOOPBACK,
        max_redirects=settings.FACTDB_FETCH_MAX_REDIRECTS,
        total_timeout=settings.FACTDB_FETCH_TIMEOUT_SECONDS,
        max_bytes=settings.FACTDB_FETCH_MAX_BYTES,
    )
