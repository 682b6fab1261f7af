"""Standing actors for every test: a trainee, another trainee, and a coach."""

import pytest

from tests.innerback.factories import CoachFactory, CoachingFactory, UserFactory


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


@pytest.fixture(autouse=True)
def fresh_process_memos():
    """Each test's database rolls back, so nothing memoised in the process may outlive it."""
    from exercises import snapshot
    from innerback import roster

    def clear():
        snapshot.clear()
        roster.clear_memos()

    clear()
    yield
    clear()
