"""Helpers of the editorial API tests: people in roles, clients acting as them, items to
work on, and the error shape."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from claims.models import NumericClaim, Quote
from sources.models import Article
from tests.factories import UserFactory

ARTICLE_TEXT = (
    'Minister Jane Doe said: "Unemployment fell to 5 percent last year." '
    "Growth was 3 percent in 2023, the ministry said. "
    '"We will build 300 schools," added John Roe.'
)


def user_in(*roles: str) -> Any:
    """A user holding the given roles (groups created by migration claims 0007)."""
    user = UserFactory()
    user.groups.add(*(Group.objects.get(name=role) for role in roles))
    return user


def client_as(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def quote_in(article: Article, words: str, **fields: Any) -> Quote:
    start = article.text.index(words)
    values = {"confidence": 0.9, "language": "en", **fields}
    return Quote.objects.create(
        article=article, start=start, end=start + len(words), text=words, **values
    )


def claim_in(article: Article, words: str, value: str, **fields: Any) -> NumericClaim:
    start = article.text.index(words)
    values = {"confidence": 0.8, "unit": "percent", "language": "en", **fields}
    return NumericClaim.objects.create(
        article=article, start=start, end=start + len(words), surface=words,
        value=Decimal(value), **values,
    )  # fmt: skip


def error_of(response: Any, status: int) -> dict[str, Any]:
    """The `error` object of an error response with `status`, checking its shape."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message", "field"} <= set(body["error"]), body
    assert body["error"]["message"], body
    return dict(body["error"])
