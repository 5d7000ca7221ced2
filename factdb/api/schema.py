"""OpenAPI schema postprocessing: every operation documents the errors any request may get.

Views document the errors their own logic gives (a 409 for a stale version, say); the ones
that come from the plumbing around every view are added here, all in the one JSON error shape:
a bad parameter or body (400), no or a bad token (401), a role that does not allow it (403),
no such item (404), a format the client will not accept (406), a body too large (413) or of a
type not taken (415), too many requests (429).
"""

from __future__ import annotations

from typing import Any

_ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorResponse"}
_COMMON_ERRORS = {
    "400": "Invalid input: a parameter or the body (`field` names it).",
    "401": "Not authenticated: send `Authorization: Token <key>`.",
    "403": "Your roles do not allow this.",
    "404": "There is no such item.",
    "406": "None of the formats the request accepts can be given.",
    "413": "The request is too large.",
    "415": "The body's content type is not one this endpoint reads.",
    "429": "Too many requests: wait as long as `Retry-After` says.",
}
_HTTP_METHODS = {"get", "put", "post", "patch", "delete", "head", "options"}


def error_responses_everywhere(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in _HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in _COMMON_ERRORS.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": _ERROR_SCHEMA}},
                    },
                )
    return result
