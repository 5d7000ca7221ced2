"""People in each editorial role, for the editorial service tests."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission

from tests.factories import UserFactory

# The roles as the migration defines them; a transactional test's flush empties auth_group.
ROLES: dict[str, list[str]] = importlib.import_module(
    "claims.migrations.0007_editorial_roles"
).ROLES


@pytest.fixture
def roles_exist(db: None) -> None:
    for name, dotted_names in ROLES.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            for dotted in dotted_names:
                app_label, codename = dotted.split(".")
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )


@pytest.fixture
def person(roles_exist: None) -> Callable[..., Any]:
    """A user holding the given roles ("viewer", "editor", "verdict publisher")."""

    def make(*roles: str, **fields: Any) -> Any:
        user = UserFactory(**fields)
        user.groups.add(*Group.objects.filter(name__in=roles))
        return user

    return make


@pytest.fixture
def editor(person: Callable[..., Any]) -> Any:
    return person("editor", username="maria")


@pytest.fixture
def publisher(person: Callable[..., Any]) -> Any:
    return person("verdict publisher", username="pablo")


@pytest.fixture
def viewer(person: Callable[..., Any]) -> Any:
    return person("viewer", username="vera")
