"""Sign-ups of one new address sent at the same moment (double taps, two tabs) make one
account; every other answer is the ordinary "already exists" form, never a 500."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from innerback.accounts.models import User

# Autocommit as when serving: each request's transaction is its own, seen by the others.
pytestmark = pytest.mark.django_db(transaction=True)

SIGNUP = {
    "email": "racer@example.com",
    "display_name": "Racer",
    "password1": "slow-eccentric-2025",
    "password2": "slow-eccentric-2025",
}


def test_eight_simultaneous_sign_ups_of_one_address_make_one_account():
    start = threading.Barrier(8)
    statuses: list[int] = []
    errors: list[str] = []

    def sign_up() -> None:
        client = Client(raise_request_exception=False)
        try:
            start.wait()
            response = client.post(reverse("signup"), SIGNUP)
            statuses.append(response.status_code)
            if response.status_code == 200:
                errors.append(response.context["form"].errors.as_text())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200] * 7 + [302]
    assert all("already exists" in error for error in errors), errors
    assert User.objects.filter(email="racer@example.com").count() == 1
