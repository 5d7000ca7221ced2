"""Per-user API tokens (DRF's TokenAuthentication): one token a user, created, rotated, revoked.

The key is the token's primary key, so a rotation is a delete and a create in one transaction:
the old key stops working the moment the new one exists, and a user is never left without one.
Used by the admin (factdb/admin.py) and by `manage.py api_token`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from rest_framework.authtoken.models import Token

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class TokenError(Exception):
    """A token operation that cannot be done: an unknown user, a token missing or already there."""


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token as listed: whose it is and since when; the key is shown only when made."""

    username: str
    created: datetime


def token_create(*, username: str) -> Token:
    """A new token for the user; a user who has one already is refused (rotate it instead)."""
    user = _user_get(username)
    with transaction.atomic():
        if Token.objects.filter(user=user).exists():
            raise TokenError(f"User {username!r} already has a token; rotate it for a new key.")
        return Token.objects.create(user=user)


def token_rotate(*, username: str) -> Token:
    """The user's token replaced by one with a new key (created if the user had none)."""
    return token_rotate_for(user=_user_get(username))


def token_rotate_for(*, user: User) -> Token:
    """As `token_rotate`, for a user already in hand (the admin's action)."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def token_revoke(*, username: str) -> None:
    """Delete the user's token: requests with its key are refused from now on."""
    deleted, _ = Token.objects.filter(user=_user_get(username)).delete()
    if not deleted:
        raise TokenError(f"User {username!r} has no token.")


def tokens_list(*, username: str | None = None) -> list[TokenInfo]:
    """Every token (or the one user's), by username."""
    field = get_user_model().USERNAME_FIELD
    tokens = Token.objects.select_related("user").order_by(f"user__{field}")
    if username is not None:
        tokens = tokens.filter(user=_user_get(username))
    return [TokenInfo(username=t.user.get_username(), created=t.created) for t in tokens]


def _user_get(username: str) -> User:
    model = get_user_model()
    try:
        return model.objects.get(**{model.USERNAME_FIELD: username})
    except model.DoesNotExist:
        raise TokenError(f"There is no user {username!r}.") from None
