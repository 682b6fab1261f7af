"""Personal access tokens: made in account settings and shown once, stored hashed, scoped,
revoked, last use recorded at most once a minute, requests limited per token."""

import hashlib
from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from innerback.api.models import PersonalAccessToken
from tests.innerback.api.conftest import api_client

pytestmark = pytest.mark.django_db
PAGE = "/accounts/api-tokens/"


def test_a_new_token_is_shown_once_and_stored_only_as_a_digest(client, trainee):
    client.force_login(trainee)

    response = client.post(PAGE, {"name": "Sheets", "scope": "read"})

    secret = response.context["secret"]
    token = PersonalAccessToken.objects.get(user=trainee)
    assert secret.startswith("ib_") and len(secret) > 40
    assert secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(PersonalAccessToken.objects.values().get())
    assert token.shown == secret[:10]
    page = client.get(PAGE).content.decode()
    assert secret not in page
    assert token.shown in page


def test_a_token_opens_the_api_as_its_person(trainee):
    response = api_client(trainee, "read").get("/api/v1/sessions/")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "header", ["", "Bearer", "Bearer ib_wrong", "Bearer a b", "Token abc", "Bearer \xe9"]
)
def test_no_or_a_wrong_token_is_401(header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)

    assert client.get("/api/v1/exercises/").status_code == 401


def test_a_revoked_token_no_longer_opens_the_api(client, trainee):
    _, secret = PersonalAccessToken.objects.issue(user=trainee, name="Old", scope="read")
    token = PersonalAccessToken.objects.get(user=trainee)
    client.force_login(trainee)

    response = client.post(f"{PAGE}{token.pk}/revoke/")

    assert response.status_code == 302
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/exercises/").status_code == 401


def test_nobody_else_can_revoke_a_token(client, trainee, other_trainee):
    token, _ = PersonalAccessToken.objects.issue(user=trainee, name="Mine", scope="read")
    client.force_login(other_trainee)

    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_read_token_may_not_write(trainee):
    response = api_client(trainee, "read").post("/api/v1/sets/", {}, format="json")

    assert response.status_code == 403
    assert "may only read" in response.json()["detail"]


def test_last_use_is_recorded_at_most_once_a_minute(trainee):
    client = api_client(trainee, "read")
    token = PersonalAccessToken.objects.get(user=trainee)

    client.get("/api/v1/exercises/")
    token.refresh_from_db()
    first = token.last_used_at
    client.get("/api/v1/exercises/")
    token.refresh_from_db()

    assert first is not None
    assert token.last_used_at == first
    token.mark_used(at=first + timedelta(seconds=61))
    token.refresh_from_db()
    assert token.last_used_at == first + timedelta(seconds=61)


def test_requests_are_limited_per_token(trainee, settings):
    from rest_framework.settings import api_settings

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "2/minute"},
    }
    api_settings.reload()
    from innerback.api.authentication import TokenRateThrottle

    TokenRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        first, second = api_client(trainee, "read"), api_client(trainee, "read")
        answers = [first.get("/api/v1/exercises/").status_code for _ in range(3)]
        other = second.get("/api/v1/exercises/").status_code
    finally:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK}
        api_settings.reload()
        TokenRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES

    assert answers == [200, 200, 429]
    assert other == 200


def test_a_person_may_hold_at_most_twenty_tokens(client, trainee):
    for n in range(20):
        PersonalAccessToken.objects.issue(user=trainee, name=f"t{n}", scope="read")
    client.force_login(trainee)

    response = client.post(PAGE, {"name": "one more", "scope": "read"})

    assert "revoke one you no longer use" in response.content.decode()
    assert PersonalAccessToken.objects.filter(user=trainee).count() == 20


def test_a_token_of_a_deactivated_person_is_refused(trainee):
    client = api_client(trainee, "read")
    trainee.is_active = False
    trainee.save()

    assert client.get("/api/v1/exercises/").status_code == 401


def test_tokens_page_needs_login(client):
    assert client.get(PAGE).status_code == 302
