"""API tokens: the service, `manage.py api_token`, and the admin's rotate action."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from factdb.api import tokens
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def status_with(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/quotes/").status_code


def api_token(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_create_prints_a_key_that_authenticates_and_refuses_a_second_token() -> None:
    user = UserFactory()
    key = api_token("create", user.username)
    assert Token.objects.get(user=user).key == key
    assert status_with(key) == 200
    with pytest.raises(CommandError, match="already has a token"):
        api_token("create", user.username)


def test_rotate_replaces_the_key_and_the_old_one_stops_working() -> None:
    user = UserFactory()
    old = tokens.token_create(username=user.username).key
    new = api_token("rotate", user.username)
    assert new != old
    assert status_with(old) == 401
    assert status_with(new) == 200


def test_revoke_deletes_the_token_and_list_shows_who_has_one() -> None:
    alice, bob = UserFactory(username="alice-t"), UserFactory(username="bob-t")
    key = tokens.token_create(username=alice.username).key
    tokens.token_create(username=bob.username)
    listed = [line.split("\t")[0] for line in api_token("list").splitlines()]
    assert [name for name in listed if name in ("alice-t", "bob-t")] == ["alice-t", "bob-t"]
    api_token("revoke", "alice-t")
    assert status_with(key) == 401
    assert api_token("list", "alice-t") == ""
    with pytest.raises(CommandError, match="has no token"):
        api_token("revoke", "alice-t")


@pytest.mark.parametrize("action", ["create", "rotate", "revoke", "list"])
def test_an_unknown_user_is_a_clear_error_with_a_non_zero_exit(action: str) -> None:
    with pytest.raises(CommandError, match="There is no user 'nobody-here'"):
        api_token(action, "nobody-here")


def test_a_username_is_required_except_to_list() -> None:
    with pytest.raises(CommandError, match="needs a USERNAME"):
        api_token("create")


def test_admin_lists_searches_and_rotates_tokens() -> None:
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    user = UserFactory(username="carol-t")
    old = tokens.token_create(username=user.username).key
    client = Client()
    client.force_login(admin_user)
    page = client.get("/admin/authtoken/tokenproxy/", {"q": "carol-t"})
    assert page.status_code == 200
    assert "carol-t" in page.content.decode()
    response = client.post(
        "/admin/authtoken/tokenproxy/",
        {"action": "tokens_rotate", "_selected_action": [old]},
        follow=True,
    )
    new = Token.objects.get(user=user).key
    assert new != old
    assert f"New key for carol-t: {new}" in response.content.decode()
    assert status_with(old) == 401


def test_admin_creates_a_token_for_a_user_and_revokes_it() -> None:
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    user = UserFactory()
    client = Client()
    client.force_login(admin_user)
    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": user.pk})
    assert response.status_code == 302
    key = Token.objects.get(user=user).key
    response = client.post(
        "/admin/authtoken/tokenproxy/",
        {"action": "delete_selected", "_selected_action": [key], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()
