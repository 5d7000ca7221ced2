from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture
def editor_client() -> APIClient:
    """An API client authenticated as an ordinary (non-staff) user."""
    client = APIClient()
    client.force_authenticate(UserFactory())
    return client
