"""The write of a logged set outside any transaction, as a request makes it (on PostgreSQL
one statement inserts the set and moves the trainee's stamp): all of it or nothing."""

import uuid

import pytest

from innerback.models import User
from programs import logging
from programs.models import SetLog
from tests.exercises.factories import ExerciseFactory
from tests.programs.factories import SetLogFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def session(trainee):
    return TrainingSessionFactory(trainee=trainee, enrolment__trainee=trainee)


@pytest.fixture
def exercise():
    return ExerciseFactory()


def new_set(session, trainee, exercise, *, token=None, **fields) -> SetLog:
    """An unsaved set 1 made by the request's own trainee object, as the view makes it."""
    first = SetLogFactory.build(session=session, exercise=exercise, set_number=1, **fields)
    first.trainee = trainee
    first.client_token = token or uuid.uuid4()
    return first


def stamp_of(person) -> int:
    return User.objects.get(pk=person.pk).training_stamp


def test_a_logged_set_is_saved_with_its_form_verdict_and_moves_the_stamp_once(
    session, trainee, exercise
):
    trainee.refresh_from_db()
    before = trainee.training_stamp
    set_log = new_set(session, trainee, exercise, failed_checks=["Hips stayed level"])

    saved, created = logging.log_set(set_log=set_log)

    stored = SetLog.objects.get(pk=saved.pk)
    assert created and saved is set_log
    assert (stored.failed_checks, stored.form_ok) == (["Hips stayed level"], False)
    assert stored.client_token == set_log.client_token
    assert stamp_of(trainee) == before + 1
    assert trainee.training_stamp == before + 1  # the request's trainee follows its write


def test_a_request_that_read_an_older_stamp_forgets_it_after_writing(session, trainee, exercise):
    trainee.refresh_from_db()
    User.objects.filter(pk=trainee.pk).update(training_stamp=trainee.training_stamp + 5)

    logging.log_set(set_log=new_set(session, trainee, exercise))

    assert trainee.training_stamp is None


def test_the_same_form_again_gives_the_set_already_logged_and_moves_nothing(
    session, trainee, exercise
):
    token = uuid.uuid4()
    first, _ = logging.log_set(set_log=new_set(session, trainee, exercise, token=token))
    before = stamp_of(trainee)

    again, created = logging.log_set(set_log=new_set(session, trainee, exercise, token=token))

    assert (again.pk, created) == (first.pk, False)
    assert stamp_of(trainee) == before
    assert SetLog.objects.filter(session=session).count() == 1


def test_a_set_number_already_logged_saves_nothing_and_moves_nothing(session, trainee, exercise):
    logging.log_set(set_log=new_set(session, trainee, exercise))
    before = stamp_of(trainee)

    with pytest.raises(logging.SetNumberTaken):
        logging.log_set(set_log=new_set(session, trainee, exercise))

    assert stamp_of(trainee) == before
    assert SetLog.objects.filter(session=session).count() == 1
