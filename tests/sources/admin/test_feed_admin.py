"""The admin's feed pages refuse a URL the fetcher would refuse on every poll, as the API does."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sources.models import Feed
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.allow_hosts(["127.0.0.1", "::1"])]


@pytest.fixture
def staff_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def feed_form(url: str) -> dict[str, str]:
    return {"url": url, "title": "", "poll_interval": "900", "is_active": "on"}


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.0.0.1/rss", "refused: 10.0.0.1 is a private address"),
        ("http://127.0.0.1/rss", "refused: 127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/", "refused: 169.254.169.254"),
        ("http://[::1]/rss", "refused: ::1 is a loopback address"),
    ],
)
def test_adding_a_feed_the_fetcher_would_refuse_shows_its_reason(
    staff_client: Client, url: str, reason: str
) -> None:
    response = staff_client.post(reverse("admin:sources_feed_add"), feed_form(url))

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert Feed.objects.count() == 0


def test_changing_a_feed_to_such_a_url_is_refused(staff_client: Client) -> None:
    feed = Feed.objects.create(url="https://news.example/rss")

    response = staff_client.post(
        reverse("admin:sources_feed_change", args=[feed.pk]), feed_form("http://10.0.0.1/rss")
    )

    assert "refused: 10.0.0.1 is a private address" in response.content.decode()
    feed.refresh_from_db()
    assert feed.url == "https://news.example/rss"


def test_a_feed_added_in_the_admin_is_stored_in_its_canonical_spelling(
    staff_client: Client,
) -> None:
    response = staff_client.post(
        reverse("admin:sources_feed_add"), feed_form("https://News.Example/rss?utm_source=x")
    )

    assert response.status_code == 302
    assert Feed.objects.get().url == "https://news.example/rss"
