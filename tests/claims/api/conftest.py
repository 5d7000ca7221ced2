"""Fixtures of the editorial API tests: people in each role, and an article with items."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from claims.models import NumericClaim, Quote
from sources.models import Article
from tests.claims.api.editorial import ARTICLE_TEXT, claim_in, client_as, quote_in, user_in
from tests.factories import ArticleFactory


@pytest.fixture
def article() -> Article:
    return ArticleFactory(text=ARTICLE_TEXT, title="Jobs report")


@pytest.fixture
def quote(article: Article) -> Quote:
    return quote_in(article, "Unemployment fell to 5 percent last year.")


@pytest.fixture
def claim(article: Article) -> NumericClaim:
    return claim_in(article, "3 percent", "3")


@pytest.fixture
def editor() -> Any:
    return user_in("editor")


@pytest.fixture
def as_editor(editor: Any) -> APIClient:
    return client_as(editor)


@pytest.fixture
def as_viewer() -> APIClient:
    return client_as(user_in("viewer"))


@pytest.fixture
def publisher() -> Any:
    return user_in("verdict publisher")


@pytest.fixture
def as_publisher(publisher: Any) -> APIClient:
    return client_as(publisher)


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()
