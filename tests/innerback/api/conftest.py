import pytest
from rest_framework.test import APIClient

from innerback.api.models import PersonalAccessToken


def api_client(user, scope: str = "write") -> APIClient:
    """An API client holding a fresh token of `user` with `scope`."""
    _, secret = PersonalAccessToken.objects.issue(user=user, name="test", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture(autouse=True)
def clear_throttle_counts():
    """Request counts live in the shared database cache; each test starts from none."""
    from django.core.cache import caches

    caches["api"].clear()
