"""Subscribing to a feed: a URL the fetcher would refuse on every poll is refused at once.

Every test here runs with pytest-socket allowing loopback only, so a broken guard fails the
test instead of sending a packet; names resolve only through the stub resolvers given.
"""

from __future__ import annotations

import socket

import pytest
import pytest_socket
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from sources.models import Feed
from sources.reading.rejections import InputRejected
from sources.services.feeds import feed_subscribe
from tests.sources.conftest import LoopbackServer

pytestmark = [pytest.mark.django_db, pytest.mark.allow_hosts(["127.0.0.1", "::1"])]

HOSTILE_FEEDS = [
    ("http://10.0.0.1/rss", "refused: 10.0.0.1 is a private address"),
    ("http://127.0.0.1:9/rss", "refused: 127.0.0.1 is a loopback address"),
    ("http://[::1]/rss", "refused: ::1 is a loopback address"),
    ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254"),
    ("http://2130706433/rss", "refused: 2130706433 (127.0.0.1) is a loopback address"),
    ("http://editor:secret@news.example/rss", "refused: the URL contains a user name"),
    ("file:///etc/passwd", "is not a web address"),
    ("gopher://127.0.0.1:70/", "is not a web address"),
]


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_these_tests_cannot_reach_beyond_loopback() -> None:
    with pytest.raises(pytest_socket.SocketConnectBlockedError):
        socket.create_connection(("10.0.0.1", 80), timeout=0.5)


@pytest.mark.parametrize(("url", "reason"), HOSTILE_FEEDS)
def test_a_feed_the_fetcher_would_always_refuse_is_refused_with_its_reason(
    url: str, reason: str
) -> None:
    with pytest.raises(InputRejected, match=r"refused|not a web address") as refusal:
        feed_subscribe(url=url)

    assert reason in str(refusal.value)
    assert refusal.value.field == "url"
    assert Feed.objects.count() == 0


def test_a_feed_host_resolving_to_a_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        "sources.services.feeds.system_resolve", lambda host, port: ("93.184.215.14", "10.1.2.3")
    )

    with pytest.raises(InputRejected, match=r"refused: intranet\.example .*10\.1\.2\.3"):
        feed_subscribe(url="https://intranet.example/rss")

    assert Feed.objects.count() == 0


def test_a_feed_host_that_does_not_resolve_now_is_subscribed_for_a_later_poll(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_answer(host: str, port: int) -> tuple[str, ...]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr("sources.services.feeds.system_resolve", no_answer)

    feed = feed_subscribe(url="https://news.example/rss?utm_source=x")

    assert feed.url == "https://news.example/rss"


def test_a_loopback_feed_is_subscribed_where_tests_allow_loopback(
    settings, http_server: LoopbackServer
) -> None:  # type: ignore[no-untyped-def]
    settings.FACTDB_FETCH_ALLOW_LOOPBACK = True

    assert feed_subscribe(url=http_server.url("/rss")).url == http_server.url("/rss")


@pytest.mark.parametrize(("url", "reason"), HOSTILE_FEEDS[:2])
def test_the_api_refuses_such_a_feed_with_a_400_and_the_reason(
    editor_client: APIClient, url: str, reason: str
) -> None:
    response = editor_client.post("/api/feeds/", {"url": url}, format="json")

    assert response.status_code == 400
    assert reason in response.content.decode()
    assert Feed.objects.count() == 0


def test_the_command_refuses_such_a_feed_without_subscribing_it() -> None:
    with pytest.raises(CommandError, match=r"refused: 10\.0\.0\.1 is a private address"):
        call_command("ingest", feed="http://10.0.0.1/rss")

    assert Feed.objects.count() == 0


def test_a_feed_cannot_be_moved_to_an_address_the_fetcher_would_refuse(
    editor_client: APIClient,
) -> None:
    feed = Feed.objects.create(url="http://93.184.216.34/rss")

    response = editor_client.patch(
        f"/api/feeds/{feed.pk}/", {"url": "http://10.0.0.1/rss"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["field"] == "url"
    assert "private address" in response.json()["error"]["message"]
    feed.refresh_from_db()
    assert feed.url == "http://93.184.216.34/rss"


def test_a_feed_patched_to_a_public_address_is_stored_in_its_canonical_spelling(
    editor_client: APIClient,
) -> None:
    feed = Feed.objects.create(url="http://93.184.216.34/rss")

    response = editor_client.patch(
        f"/api/feeds/{feed.pk}/", {"url": "HTTP://93.184.216.35:80/rss", "poll_interval": 600},
        format="json",
    )  # fmt: skip

    assert response.status_code == 200, response.content
    feed.refresh_from_db()
    assert (feed.url, feed.poll_interval) == ("http://93.184.216.35/rss", 600)
