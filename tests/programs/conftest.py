"""Fixtures shared by the logging tests: the trainee's today, a session laid on it, and the
trainee signed in."""

import pytest

from tests.programs.training.logging_setup import make_day


@pytest.fixture
def today(trainee):
    return trainee.local_today()


@pytest.fixture
def day(trainee, today):
    return make_day(trainee, today)


@pytest.fixture
def signed_in(client, trainee):
    client.force_login(trainee)
    return client
