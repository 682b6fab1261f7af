"""Imported sets carry no form checks of this app: whatever they say, they never qualify a
session toward a gate, never raise (or lower) a load, and never change what the engine
keeps of the log."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercises.models import Exercise
from programs import engine
from programs.imports import importing
from programs.imports.models import Import
from programs.models import ExerciseProgress
from tests.programs.factories import EnrolmentFactory, TrainingSessionFactory, log_holds

pytestmark = pytest.mark.django_db

CATALOG = [
    "bird-dog",
    "prone-back-extension",
    "pelvic-tilt",
    "segmental-bridge",
    "standing-dumbbell-row",
    "single-leg-dumbbell-row",
    "back-extension-45",
    "romanian-deadlift",
]

imported_set = st.tuples(
    st.sampled_from(CATALOG),
    st.integers(min_value=0, max_value=20),  # days before today
    st.integers(min_value=1, max_value=5),  # set order
    st.integers(min_value=0, max_value=200),  # weight
    st.integers(min_value=0, max_value=30),  # reps
    st.integers(min_value=0, max_value=120),  # seconds
)


def decisions(trainee) -> dict:
    """Every decision the engine makes for the trainee today, from stored progress and
    from the log itself."""
    today = trainee.local_today()
    stored = engine.trainee_state(trainee, today)
    replayed = engine.history_state(trainee, today)
    return {
        slug: (stored.decision(slug), replayed.decision(slug), stored.is_unlocked(slug))
        for slug in CATALOG
    }


def strong_file(rows, today: datetime.date) -> bytes:
    names = {e.slug: e.name for e in Exercise.objects.filter(slug__in=CATALOG)}
    lines = ["Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Seconds"]
    for slug, days_ago, order, weight, reps, seconds in rows:
        day = today - datetime.timedelta(days=days_ago)
        lines.append(f'{day} 08:00:00,W,"{names[slug]}",{order},{weight},{reps},{seconds}')
    return "\n".join(lines).encode()


@pytest.fixture
def two_clean_bird_dog_sessions(trainee):
    """Bird-dog qualified twice: one more qualifying session would open the standing row."""
    today = trainee.local_today()
    bird_dog = Exercise.objects.get(slug="bird-dog")
    enrolment = EnrolmentFactory(trainee=trainee)
    for days_ago in (4, 2):
        session = TrainingSessionFactory(
            enrolment=enrolment, scheduled_on=today - datetime.timedelta(days=days_ago)
        )
        log_holds(session, bird_dog, target=10, held=30)
    return trainee


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(imported_set, min_size=1, max_size=30))
def test_imported_sets_never_qualify_a_session_or_change_a_load(two_clean_bird_dog_sessions, rows):
    trainee = two_clean_bird_dog_sessions
    before = decisions(trainee)
    stored_before = sorted(p.stored_values() for p in ExerciseProgress.objects.all())

    waiting = importing.upload(
        trainee=trainee, file_name="strong.csv", data=strong_file(rows, trainee.local_today())
    )
    preview = importing.preview(waiting, trainee)
    assert all(e.exercise is not None for e in preview.exercises)  # mapped to the catalog
    importing.confirm(waiting, trainee, {e.name: e.exercise for e in preview.exercises})
    try:
        assert decisions(trainee) == before
        assert sorted(p.stored_values() for p in ExerciseProgress.objects.all()) == stored_before
        assert not before["standing-dumbbell-row"][2]  # still locked
        out = StringIO()
        call_command("rebuild_progress", "--check", stdout=out)
    finally:
        Import.objects.all().delete()
