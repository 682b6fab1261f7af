"""Standing actors for every test: a trainee, another trainee, and a coach."""

import pytest

from tests.innerback.accounts.factories import CoachFactory, UserFactory
from tests.innerback.coaching.factories import CoachingFactory

# The header htmx sends with every request it makes: a test passes it as `headers=HTMX`.
HTMX = {"HX-Request": "true"}


@pytest.fixture
def trainee(db):
    return UserFactory(display_name="Tess Trainee", email="tess@example.com")


@pytest.fixture
def other_trainee(db):
    return UserFactory(display_name="Otto Other", email="otto@example.com")


@pytest.fixture
def coach(db):
    return CoachFactory(display_name="Cora Coach", email="cora@example.com")


@pytest.fixture
def coached_trainee(coach, trainee):
    """The trainee as a current client of the coach."""
    CoachingFactory(coach=coach, client=trainee)
    return trainee


@pytest.fixture(scope="session", autouse=True)
def test_environment(tmp_path_factory):
    """Tests run with DEBUG off, so pages use the hashed-name manifest; build it once."""
    from django.conf import settings
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    # Real password hashing costs seconds per test; tests only need passwords to match.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("collectstatic", interactive=False, verbosity=0)
