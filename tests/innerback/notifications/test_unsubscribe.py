"""One-click unsubscribe: a signed link per person and kind; GET asks, POST does."""

import pytest
from django.urls import reverse

from innerback.notifications.mail import unsubscribe_token
from innerback.notifications.models import Kind, Preferences

pytestmark = pytest.mark.django_db


def link(user, kind: Kind) -> str:
    return reverse("unsubscribe", args=[unsubscribe_token(user, kind)])


def test_opening_the_link_asks_first_and_changes_nothing(client, trainee):
    response = client.get(link(trainee, Kind.REMINDER))

    assert response.status_code == 200
    assert "training-day reminder" in response.text
    assert '<form method="post"' in response.text
    assert not Preferences.objects.exists()


def test_confirming_stops_that_kind_only(client, trainee):
    response = client.post(link(trainee, Kind.REMINDER))

    assert response.status_code == 200
    assert "no more mail of this kind" in response.text
    preferences = Preferences.objects.get(user=trainee)
    assert (preferences.reminder, preferences.comment, preferences.digest) == (False, True, True)


def test_a_mail_programs_one_click_post_needs_no_csrf_token(trainee):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        link(trainee, Kind.COMMENT),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert Preferences.objects.get(user=trainee).comment is False


def test_unsubscribing_twice_is_the_same_as_once(client, trainee):
    client.post(link(trainee, Kind.COMMENT))
    response = client.post(link(trainee, Kind.COMMENT))

    assert response.status_code == 200
    assert Preferences.objects.get(user=trainee).comment is False


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_says_so_and_changes_nothing(client, trainee, other_trainee, method):
    token = unsubscribe_token(trainee, Kind.REMINDER)
    # Someone else's payload under this link's signature.
    other_payload = unsubscribe_token(other_trainee, Kind.REMINDER).rsplit(":", 1)[0]
    forged = other_payload + ":" + token.rsplit(":", 1)[1]

    for bad in [token[:-3] + "xyz", forged, "nonsense"]:
        response = getattr(client, method)(reverse("unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "not valid" in response.text

    assert not Preferences.objects.exists()


def test_a_link_for_a_deleted_account_says_it_is_not_valid(client, trainee):
    url = link(trainee, Kind.REMINDER)
    trainee.delete()

    assert client.post(url).status_code == 400
