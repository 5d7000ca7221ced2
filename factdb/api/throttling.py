"""API throttles: reads and writes counted apart, per token's user or per IP when anonymous.

Rates come from settings.FACTDB_THROTTLE_RATES, read on each request rather than, as DRF's
own classes do, once at import, so a test (override_settings) or an operator's setting is seen;
FACTDB_THROTTLE off lets everything through. The counters live in the default cache (Redis, so
every worker shares them). A refused request is a 429 `throttled` with Retry-After
(factdb/api/errors.py). A cache that cannot be reached lets the request through: losing the
throttle for a while is better than losing the API.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class _MethodThrottle(SimpleRateThrottle):
    """One scope for the safe methods or for the others; `anonymous_scope` for anonymous ones."""

    safe: bool
    user_scope: str
    anonymous_scope: str

    def __init__(self) -> None:
        # DRF's __init__ reads a rate for a class-level scope; ours depends on the request.
        self.rate: str | None = None
        self.num_requests: int | None = None
        self.duration: int | None = None

    def get_rate(self) -> str | None:
        rates: dict[str, str] = getattr(settings, "FACTDB_THROTTLE_RATES", {})
        return rates.get(self.scope or "")

    def allow_request(self, request: Request, view: Any) -> bool:
        if not settings.FACTDB_THROTTLE or (request.method in SAFE_METHODS) != self.safe:
            return True
        authenticated = bool(request.user and request.user.is_authenticated)
        self.scope = self.user_scope if authenticated else self.anonymous_scope
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except RedisError as error:
            logger.warning("API throttle skipped, the cache cannot be reached: %s", error)
            return True

    def get_cache_key(self, request: Request, view: Any) -> str:
        user = request.user
        ident = f"user-{user.pk}" if user and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ReadThrottle(_MethodThrottle):
    """GET, HEAD, OPTIONS: FACTDB_THROTTLE_READ per user, FACTDB_THROTTLE_ANON per IP."""

    safe = True
    user_scope = "read"
    anonymous_scope = "anon_read"


class WriteThrottle(_MethodThrottle):
    """POST, PUT, PATCH, DELETE: FACTDB_THROTTLE_WRITE, per user (or per IP)."""

    safe = False
    user_scope = "write"
    anonymous_scope = "write"
