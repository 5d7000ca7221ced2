"""Schemathesis against the API's OpenAPI schema: every operation, anonymous and with an
editor's token, on a database holding real items; no answer is a 5xx, and every answer
conforms to the schema (documented status, content type, body and headers)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claims.models import Verdict
from factdb.wsgi import application
from tests.claims.api.editorial import ARTICLE_TEXT, claim_in, quote_in
from tests.factories import ArticleFactory, SpeakerFactory, UserFactory

# Loaded at import: schemathesis 4.32's pytest.from_fixture does not work with pytest 9. Making
# the schema reads no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Enough to reach every parameter and body shape once or twice, in a few minutes for all.
FUZZ = settings(
    max_examples=6,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def _connection_kept() -> Iterator[None]:
    """The WSGI app closes the database connection after each request, as a server should;
    here that connection holds the test's transaction, as Django's test client keeps it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def items(_connection_kept: None) -> dict[str, Any]:
    """Rows for the ids the fuzzer tries (1, 2, ... are likely: the sequences restart)."""
    speaker = SpeakerFactory(name="Jane Doe", aliases=["Minister Doe"])
    article = ArticleFactory(text=ARTICLE_TEXT, title="Jobs report", language="en")
    quote = quote_in(article, "Unemployment fell to 5 percent last year.", speaker=speaker)
    claim = claim_in(article, "3 percent", "3")
    author = UserFactory()
    Verdict.objects.create(
        quote=quote, rating=Verdict.Rating.FALSE, explanation="It rose.", author=author,
        status=Verdict.Status.PUBLISHED, published_at=timezone.now(),
    )  # fmt: skip
    return {"quote": quote, "claim": claim}


@pytest.fixture
def editor_token(items: dict[str, Any]) -> str:
    user = UserFactory()
    user.groups.add(*Group.objects.filter(name__in=["viewer", "editor", "verdict publisher"]))
    return Token.objects.create(user=user).key


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_anonymous_requests_conform(case: Case, items: dict[str, Any]) -> None:
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_an_editors_requests_conform(case: Case, editor_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Token {editor_token}"}, checks=CHECKS)
