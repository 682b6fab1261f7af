"""The write of a logged set outside any transaction, as a request makes it: the set and its
exercise's stored progress together, or nothing."""

import uuid

import pytest

from programs.models import ExerciseProgress, SetLog
from programs.training import logging
from tests.exercises.factories import ExerciseFactory
from tests.programs.factories import SetLogFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def session(trainee):
    return TrainingSessionFactory(trainee=trainee, enrolment__trainee=trainee)


@pytest.fixture
def exercise():
    return ExerciseFactory()


def new_set(session, trainee, exercise, *, token=None, set_number=1, **fields) -> SetLog:
    """An unsaved set made by the request's own trainee object, as the view makes it."""
    first = SetLogFactory.build(session=session, exercise=exercise, set_number=set_number, **fields)
    first.trainee = trainee
    first.client_token = token or uuid.uuid4()
    return first


def kept_set_numbers(trainee, exercise) -> list[int]:
    progress = ExerciseProgress.objects.get(trainee=trainee, exercise=exercise)
    return [row["set_number"] for row in progress.kept_sets]


def test_a_logged_set_is_saved_with_its_form_verdict_and_its_progress(session, trainee, exercise):
    set_log = new_set(session, trainee, exercise, failed_checks=["Hips stayed level"])

    saved, created = logging.log_set(set_log=set_log)

    stored = SetLog.objects.get(pk=saved.pk)
    assert created and saved is set_log
    assert (stored.failed_checks, stored.form_ok) == (["Hips stayed level"], False)
    assert stored.client_token == set_log.client_token
    assert kept_set_numbers(trainee, exercise) == [1]


def test_the_same_form_again_gives_the_set_already_logged_and_changes_nothing(
    session, trainee, exercise
):
    token = uuid.uuid4()
    first, _ = logging.log_set(set_log=new_set(session, trainee, exercise, token=token))

    again, created = logging.log_set(set_log=new_set(session, trainee, exercise, token=token))

    assert (again.pk, created) == (first.pk, False)
    assert SetLog.objects.filter(session=session).count() == 1
    assert kept_set_numbers(trainee, exercise) == [1]


def test_a_set_number_already_logged_saves_nothing(session, trainee, exercise):
    logging.log_set(set_log=new_set(session, trainee, exercise))

    with pytest.raises(logging.SetNumberTaken):
        logging.log_set(set_log=new_set(session, trainee, exercise))

    assert SetLog.objects.filter(session=session).count() == 1
    assert kept_set_numbers(trainee, exercise) == [1]


def test_deleting_and_restoring_a_set_moves_its_progress_with_it(session, trainee, exercise):
    first, _ = logging.log_set(set_log=new_set(session, trainee, exercise))
    second, _ = logging.log_set(set_log=new_set(session, trainee, exercise, set_number=2))

    logging.delete_set(second)
    assert kept_set_numbers(trainee, exercise) == [1]

    logging.restore_set(second)
    assert kept_set_numbers(trainee, exercise) == [1, 2]

    logging.delete_set(first)
    logging.delete_set(second)
    assert not ExerciseProgress.objects.filter(trainee=trainee).exists()
