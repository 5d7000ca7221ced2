"""The OpenAPI schema documents every editorial endpoint, its body and its error answers, and
generates with no warning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

WRITES = {
    ("/api/quotes/{id}/review/", "post"),
    ("/api/quotes/review/", "post"),
    ("/api/quotes/reassign-speaker/", "post"),
    ("/api/quotes/{id}/", "patch"),
    ("/api/numeric-claims/{id}/review/", "post"),
    ("/api/numeric-claims/review/", "post"),
    ("/api/numeric-claims/reassign-speaker/", "post"),
    ("/api/numeric-claims/{id}/", "patch"),
    ("/api/speakers/{id}/", "patch"),
    ("/api/speakers/{id}/merge/", "post"),
    ("/api/verdicts/", "post"),
    ("/api/verdicts/{id}/", "patch"),
    ("/api/verdicts/{id}/", "delete"),
    ("/api/verdicts/{id}/publish/", "post"),
    ("/api/verdicts/{id}/correct/", "post"),
}
READS = {
    "/api/quotes/{id}/history/",
    "/api/numeric-claims/{id}/history/",
    "/api/speakers/{id}/history/",
    "/api/verdicts/{id}/history/",
    "/api/verdicts/{id}/claimreview/",
    "/api/claimreviews/",
}
ERROR_SHAPE = "#/components/schemas/ErrorResponse"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return dict(SchemaGenerator().get_schema(request=None, public=True))


def test_the_schema_generates_without_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    assert "/api/verdicts/{id}/publish/" in yaml.safe_load(out.read_text())["paths"]


@pytest.mark.parametrize(("path", "method"), sorted(WRITES))
def test_every_write_documents_its_body_and_its_errors(
    path: str, method: str, schema: dict[str, Any]
) -> None:
    operation = schema["paths"][path][method]

    if method == "delete":  # OpenAPI gives a DELETE no body: the version is a parameter
        assert "version" in {parameter["name"] for parameter in operation["parameters"]}
    else:
        assert "requestBody" in operation
    errors = {code for code in operation["responses"] if code.startswith("4")}
    assert {"400", "401", "403"} <= errors
    for code in errors:
        body = operation["responses"][code]["content"]["application/json"]["schema"]
        assert body == {"$ref": ERROR_SHAPE}


@pytest.mark.parametrize("path", sorted(READS))
def test_every_new_read_is_documented(path: str, schema: dict[str, Any]) -> None:
    assert "200" in schema["paths"][path]["get"]["responses"]


def test_the_claimreview_shape_names_its_json_ld_properties(schema: dict[str, Any]) -> None:
    review = schema["components"]["schemas"]["ClaimReview"]["properties"]

    assert {"@context", "@type", "claimReviewed", "reviewRating", "itemReviewed", "url",
            "author", "datePublished"} <= set(review)  # fmt: skip
    rating = schema["components"]["schemas"]["RatingSchema"]["properties"]
    assert "alternateName" in rating


def test_a_conflict_documents_the_current_item(schema: dict[str, Any]) -> None:
    error = schema["components"]["schemas"]["Error"]["properties"]

    assert "current" in error["details"]["description"]
