"""API access rule: reads are open when FACTDB_ANONYMOUS_READ is on; writes need a token."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request


class ReadAnonymousIfAllowed(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if request.user and request.user.is_authenticated:
            return True
        return request.method in SAFE_METHODS and settings.FACTDB_ANONYMOUS_READ
