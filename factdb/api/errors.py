"""One JSON shape for every error the REST API answers, and which error gets which status.

    {"error": {"code": "input_rejected", "message": "the text is empty", "field": "text"}}

`code` is stable and meant for programs, `message` for people, `field` names the input at
fault or is null; a validation error also carries `details`, every field's messages. The DRF
exception handler (`api_exception_handler`) maps:

- DRF's own errors (validation, parse, authentication, permission, not found, method, media
  type, throttling) and Django's Http404 and PermissionDenied: their status, DRF's code;
- `factdb.errors.Conflict`: 409 "conflict", with `details.current` when a view put the stored
  state there as data (`conflict_current_as`);
- `factdb.errors.NotFound`: 404 "not_found";
- `django.db.IntegrityError`: 409 "conflict" for a unique (or exclusion) violation, otherwise
  400 "constraint_violated", with a message naming the rule: never a 500;
- a body over DATA_UPLOAD_MAX_MEMORY_SIZE: 413 "request_too_large"; more fields or files than
  DATA_UPLOAD_MAX_NUMBER_FIELDS / _FILES: 400 "too_many_fields" / "too_many_files";
- the apps' domain errors, registered with `api_error_register` in their AppConfig.ready(),
  since this package knows no app.

Anything else is a bug and stays a 500 (JSON too, through `api_server_error`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from factdb.api.constraints import integrity_error_describe
from factdb.errors import Conflict, NotFound

logger = logging.getLogger(__name__)

API_PATH_PREFIX = "/api/"
_INVALID = "The input is invalid."


@dataclass(frozen=True, slots=True)
class ApiError:
    """An error as the API answers it: the HTTP status and the body's fields."""

    status: int
    code: str
    message: str
    field: str | None = None
    details: Any = None

    def body(self) -> dict[str, Any]:
        """`{"error": {"code", "message", "field"[, "details"]}}`."""
        error: dict[str, Any] = {"code": self.code, "message": self.message, "field": self.field}
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}


@dataclass(frozen=True, slots=True)
class _Registration:
    status: int
    code: str


_registered: dict[type[BaseException], _Registration] = {}


def api_error_register(error_type: type[Exception], *, status: int, code: str) -> None:
    """Answer `error_type` and its subclasses with `status` and `code`.

    The message is `str(error)`, written for the person who sent the request; the field is the
    error's `field` attribute when it has one. Registering a type again replaces its mapping.
    """
    _registered[error_type] = _Registration(status=status, code=code)


@contextmanager
def api_error_field(field: str) -> Iterator[None]:
    """Errors raised inside that have a `field` attribute left empty get `field` as theirs.

    For a view that knows which of its inputs a service refused (a job's `items`) when the
    service does not say; a field the service named is kept.
    """
    try:
        yield
    except Exception as error:
        if hasattr(error, "field") and error.field is None:
            setattr(error, "field", field)  # noqa: B010  (any error type with a `field`)
        raise


@contextmanager
def conflict_current_as(represent: Callable[[Any], dict[str, Any]]) -> Iterator[None]:
    """A Conflict raised inside carries its stored record as `represent(record)`, the data a
    409's `details.current` shows, so the client can redo its change on what is there now."""
    try:
        yield
    except Conflict as error:
        if error.current is not None and not isinstance(error.current, dict):
            error.current = represent(error.current)
        raise


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every known error as an `ApiError` body.

    Returns None, which DRF re-raises as a 500, for an error that is a bug.
    """
    exc = _django_as_drf(exc)
    # DRF's handler gives its errors their status and headers (WWW-Authenticate on a 401,
    # Retry-After when throttled) and rolls back an ATOMIC_REQUESTS transaction.
    response = drf_exception_handler(exc, context)
    error = api_error_describe(exc)
    if error is None:
        return None
    if response is None:
        # An IntegrityError leaves the request's transaction unusable: with ATOMIC_REQUESTS,
        # mark it for rollback so the 4xx is answered cleanly and nothing is committed.
        set_rollback()
        response = Response(status=error.status)
    response.data = error.body()
    return response


def api_error_describe(error: Exception) -> ApiError | None:
    """The API error an exception is answered with, or None when it is a bug."""
    if isinstance(error, exceptions.ValidationError):
        return _validation_describe(error)
    if isinstance(error, exceptions.APIException):
        return _api_exception_describe(error)
    if isinstance(error, DjangoValidationError):
        return _validation_describe(exceptions.ValidationError(get_error_detail(error)))
    if isinstance(error, Conflict):
        details = {"current": error.current} if isinstance(error.current, dict) else None
        return ApiError(409, "conflict", str(error), error.field, details)
    if isinstance(error, NotFound):
        return ApiError(404, "not_found", str(error))
    if isinstance(error, IntegrityError):
        return _integrity_describe(error)
    if isinstance(error, SuspiciousOperation):
        return _suspicious_describe(error)
    registration = _registration_find(type(error))
    if registration is None:
        return None
    field = getattr(error, "field", None)
    message = str(error) or "The input was refused."
    return ApiError(
        registration.status, registration.code, message, field if isinstance(field, str) else None
    )


def api_page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: JSON under /api/, Django's page elsewhere."""
    if not request.path_info.startswith(API_PATH_PREFIX):
        return defaults.page_not_found(request, exception)
    error = ApiError(404, "not_found", f"There is no API endpoint at {request.path}.")
    return JsonResponse(error.body(), status=error.status)


@csrf_exempt  # it writes nothing; a POST to a wrong URL is a 404 too, not a CSRF 403 page
def api_endpoint_missing(request: HttpRequest) -> HttpResponse:
    """The catch-all route under /api/: the JSON 404, whatever DEBUG says."""
    return api_page_not_found(request, Http404())


def api_server_error(request: HttpRequest) -> HttpResponse:
    """handler500: JSON under /api/, Django's page elsewhere. The error itself is logged."""
    if not request.path_info.startswith(API_PATH_PREFIX):
        return defaults.server_error(request)
    error = ApiError(500, "server_error", "Internal error: it has been logged; please try later.")
    return JsonResponse(error.body(), status=error.status)


def _django_as_drf(exc: Exception) -> Exception:
    # As DRF's own handler does, so the code and message below see one kind of error.
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    return exc


def _validation_describe(error: exceptions.ValidationError) -> ApiError:
    detail = error.detail
    if isinstance(detail, dict) and detail:
        key, messages = next(iter(detail.items()))
        field = None if key in (api_settings.NON_FIELD_ERRORS_KEY, NON_FIELD_ERRORS) else str(key)
        message = _first_message(messages) or _INVALID
        return ApiError(error.status_code, "invalid", message, field, detail)
    return ApiError(error.status_code, "invalid", _first_message(detail) or _INVALID)


def _api_exception_describe(error: exceptions.APIException) -> ApiError:
    codes = error.get_codes()
    code = codes if isinstance(codes, str) else str(error.default_code)
    return ApiError(error.status_code, code, _first_message(error.detail))


def _integrity_describe(error: IntegrityError) -> ApiError:
    # Reaching here means validation missed a rule, or another request won a race: worth a
    # line in the log, not a 500.
    logger.warning("the database refused a request's write: %s", error)
    violation = integrity_error_describe(error)
    if violation.kind == "unique":
        return ApiError(409, "conflict", violation.message, violation.field)
    return ApiError(400, "constraint_violated", violation.message, violation.field)


def _suspicious_describe(error: SuspiciousOperation) -> ApiError:
    # Django logs these to django.security.<name> when it handles them; so do we.
    logging.getLogger(f"django.security.{type(error).__name__}").warning("%s", error)
    if isinstance(error, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        message = f"The request body is larger than the limit of {_megabytes(limit)}."
        return ApiError(413, "request_too_large", message)
    if isinstance(error, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return ApiError(400, "too_many_fields", f"The request has more than {limit} fields.")
    if isinstance(error, TooManyFilesSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return ApiError(400, "too_many_files", f"The request has more than {limit} files.")
    return ApiError(400, "bad_request", "The request was refused as malformed.")


def _registration_find(error_type: type[BaseException]) -> _Registration | None:
    for cls in error_type.__mro__:
        if cls in _registered:
            return _registered[cls]
    return None


def _first_message(detail: Any) -> str:
    """The first message in DRF's nested detail (a string, a list or a dict of them)."""
    if isinstance(detail, dict):
        detail = list(detail.values())
    if isinstance(detail, list):
        messages = (_first_message(item) for item in detail)
        return next((message for message in messages if message), "")
    return str(detail)


def _megabytes(size_in_bytes: int) -> str:
    return f"{size_in_bytes / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
