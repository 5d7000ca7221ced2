"""FactDB's own start-up checks: `manage.py check`, runserver and migrate run them as system
checks; the WSGI application, workers and beat call `serving_secret_key_require()`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from factdb.secret_key import secret_key_problem, secret_key_require


def secret_key_check(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    problem = secret_key_problem(_configured_secret_key(), debug=settings.DEBUG)
    return [checks.Error(problem, id="factdb.E001")] if problem else []


def serving_secret_key_require() -> None:
    """Refuse to serve in production without a real SECRET_KEY."""
    secret_key_require(_configured_secret_key(), debug=settings.DEBUG)


def _configured_secret_key() -> str:
    try:
        return str(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        return ""
