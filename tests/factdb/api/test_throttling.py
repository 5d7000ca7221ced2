"""API throttles on the real Redis cache: reads and writes apart, per user or per IP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOW_RATES = {"anon_read": "2/minute", "read": "4/minute", "write": "1/minute"}


def throttle_counters_clear() -> None:
    # Only the throttle's keys: the cache shares its Redis database with the test queue.
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=cache.make_key("throttle_*")):
        client.delete(key)


@pytest.fixture(autouse=True)
def _low_rates_on_a_clean_cache() -> Iterator[None]:
    # The counters are the real ones, in Redis: start and leave them empty.
    throttle_counters_clear()
    with override_settings(FACTDB_THROTTLE_RATES=LOW_RATES, FACTDB_ANONYMOUS_READ=True):
        yield
    throttle_counters_clear()


def test_anonymous_reads_are_limited_per_ip_with_a_json_429_and_retry_after() -> None:
    client = APIClient(REMOTE_ADDR="127.0.0.7")
    assert [client.get("/api/quotes/").status_code for _ in range(2)] == [200, 200]
    response = client.get("/api/quotes/")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
    # Another address has its own count.
    assert APIClient(REMOTE_ADDR="127.0.0.8").get("/api/quotes/").status_code == 200


def test_a_user_reads_more_than_anonymous_and_is_counted_apart_from_others() -> None:
    client = APIClient(REMOTE_ADDR="127.0.0.9")
    client.force_authenticate(UserFactory())
    assert [client.get("/api/quotes/").status_code for _ in range(5)] == [200] * 4 + [429]
    other = APIClient(REMOTE_ADDR="127.0.0.9")
    other.force_authenticate(UserFactory())
    assert other.get("/api/quotes/").status_code == 200


def test_writes_have_their_own_lower_limit_and_do_not_use_up_reads() -> None:
    client = APIClient()
    client.force_authenticate(UserFactory())
    first = client.post("/api/quotes/", {}, format="json")
    assert first.status_code != 429
    second = client.post("/api/quotes/", {}, format="json")
    assert second.status_code == 429
    assert second.json()["error"]["code"] == "throttled"
    assert client.get("/api/quotes/").status_code == 200


def test_the_throttle_can_be_turned_off() -> None:
    client = APIClient(REMOTE_ADDR="127.0.0.10")
    with override_settings(FACTDB_THROTTLE=False):
        assert {client.get("/api/quotes/").status_code for _ in range(4)} == {200}
