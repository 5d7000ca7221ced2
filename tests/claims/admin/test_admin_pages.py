"""Every model's admin pages render for an editor, and the article page marks its candidates."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import NumericClaim, Quote, Speaker, Verdict
from claims.services import extraction as services
from sources.models import Article, Feed, FeedItem, IngestJob, Publication
from sources.services.articles import article_ingest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model",
    [Publication, Feed, FeedItem, IngestJob, Article, Speaker, Quote, NumericClaim, Verdict],
)
def test_every_changelist_renders(admin_client_logged_in: Client, model: type) -> None:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    assert admin_client_logged_in.get(url).status_code == 200


def test_article_review_page_shows_its_text_with_quotes_marked(
    admin_client_logged_in: Client, sample_text: str
) -> None:
    article = article_ingest(text=sample_text).article
    services.article_extraction_run(article_id=article.pk)
    quote = Quote.objects.filter(article=article).first()
    assert quote is not None

    change = admin_client_logged_in.get(reverse("admin:sources_article_change", args=[article.pk]))
    review_url = reverse("admin:sources_article_review", args=[article.pk])
    assert review_url in change.content.decode()
    page = admin_client_logged_in.get(review_url)

    assert page.status_code == 200
    assert '<mark class="quote ' in page.content.decode()
    assert quote.text.split()[0] in page.content.decode()
    changelist = admin_client_logged_in.get(
        reverse("admin:claims_quote_changelist"), {"q": quote.text.split()[0]}
    )
    assert changelist.status_code == 200


def test_add_articles_page_queues_a_job_from_text_and_urls(admin_client_logged_in: Client) -> None:
    url = reverse("admin:sources_article_ingest")
    assert admin_client_logged_in.get(url).status_code == 200

    response = admin_client_logged_in.post(
        url, {"title": "T", "text": "Sebuah artikel.", "urls": "https://a.example/1\n"}
    )

    assert response.status_code == 302
    job = IngestJob.objects.get()
    assert job.total == 2
    assert admin_client_logged_in.get(response["Location"]).status_code == 200


def test_add_articles_page_explains_an_empty_submission(admin_client_logged_in: Client) -> None:
    response = admin_client_logged_in.post(reverse("admin:sources_article_ingest"), {})

    assert "Paste a text, list URLs or choose files." in response.content.decode()
    assert IngestJob.objects.count() == 0
