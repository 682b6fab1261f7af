"""Edits of logged sets are kept (who, when, what changed), shown beside the set to the
trainee and their coach, and an edit made more than 48 h after the set was logged changes no
training decision."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs import engine
from programs.models import SetEdit, SetLog
from tests.programs.factories import SetLogFactory
from tests.programs.training.logging_setup import another_session, make_day, qualify_bird_dog

pytestmark = pytest.mark.django_db

ALL_CHECKS = ["Torso stayed still", "Hips stayed level", "Neck stayed long"]


def _failed_bird_dog_session(day, on, *, logged_at):
    """A bird-dog session whose second set broke form (one check missed)."""
    session = another_session(day, on)
    for number in (1, 2, 3):
        SetLogFactory(
            session=session,
            exercise=day.bird_dog,
            set_number=number,
            target_sets=3,
            target_reps_min=None,
            target_reps_max=None,
            target_hold_s=10,
            target_tempo="2-1-2-0",
            reps=None,
            hold_s=10,
            eccentric_s=2,
            checks_total=3,
            failed_checks=["Hips stayed level"] if number == 2 else [],
            created_at=logged_at,
        )
    return session


def _tick_every_check(client, set_log):
    data = {"hold_s": "10", "eccentric_s": "2", "checks": ALL_CHECKS, "note": ""}
    return client.post(reverse("programs:edit_set", args=[set_log.pk]), data)


def test_ticking_the_checks_on_a_week_old_failed_set_does_not_unlock_the_gate(
    signed_in, trainee, day, today
):
    for days_ago in (2, 4):
        qualify_bird_dog(day, today - datetime.timedelta(days=days_ago))
    week_ago = today - datetime.timedelta(days=7)
    failed = _failed_bird_dog_session(
        day, week_ago, logged_at=timezone.now() - datetime.timedelta(days=7)
    )
    set_log = SetLog.objects.get(session=failed, set_number=2)

    _tick_every_check(signed_in, set_log)

    set_log.refresh_from_db()
    assert set_log.failed_checks == []
    assert not engine.trainee_state(trainee, today).is_unlocked(day.row_exercise)
    [edit] = SetEdit.objects.filter(set_log=set_log)
    assert (edit.edited_by, edit.late) == (trainee, True)
    assert edit.changes == {"failed_checks": [["Hips stayed level"], []]}
    page = signed_in.get(reverse("programs:session", args=[failed.pk])).content.decode()
    assert "Edited by Tess Trainee on" in page
    assert "form checks missed: Hips stayed level → none." in page
    assert "Made more than 48 h after the set was logged, so it does not count" in page


def test_fixing_a_set_within_48_hours_counts(signed_in, trainee, day, today):
    for days_ago in (2, 4):
        qualify_bird_dog(day, today - datetime.timedelta(days=days_ago))
    failed = _failed_bird_dog_session(day, today, logged_at=timezone.now())
    set_log = SetLog.objects.get(session=failed, set_number=2)

    _tick_every_check(signed_in, set_log)

    assert engine.trainee_state(trainee, today).is_unlocked(day.row_exercise)
    assert SetEdit.objects.get(set_log=set_log).late is False


def test_the_coach_sees_the_edit_beside_the_set(client, coach, coached_trainee):
    day = make_day(coached_trainee, coached_trainee.local_today())
    set_log = SetLogFactory(session=day.session, exercise=day.bird_dog, hold_s=8, reps=None)
    set_log.edit({"hold_s": 10}, by=coached_trainee)
    client.force_login(coach)

    page = client.get(reverse("coach:client", args=[coached_trainee.pk])).content.decode()

    assert "held 8 s → 10 s." in page


def test_an_edit_that_changes_nothing_is_not_recorded(trainee, day):
    set_log = SetLogFactory(session=day.session, exercise=day.bird_dog, hold_s=8, reps=None)

    assert set_log.edit({"hold_s": 8}, by=trainee) is None
    assert not SetEdit.objects.exists()


def _decisions(trainee, on):
    state = engine.trainee_state(trainee, on)
    return {slug: state.decision(slug) for slug in state.exercises}


LATE_CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "failed_checks": st.sampled_from([[], ["Hips stayed level"], ALL_CHECKS]),
        "hold_s": st.integers(min_value=1, max_value=60),
        "eccentric_s": st.sampled_from([None, 0, 2, 5]),
    },
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sessions=st.lists(
        st.tuples(st.integers(min_value=0, max_value=13), st.booleans()), min_size=1, max_size=5
    ),
    edits=st.lists(st.tuples(st.integers(min_value=0), LATE_CHANGES), min_size=1, max_size=4),
    hours_late=st.integers(min_value=49, max_value=24 * 30),
)
def test_no_edit_older_than_48_hours_changes_a_decision(
    trainee, day, today, sessions, edits, hours_late
):
    with transaction.atomic():
        for days_ago, failed in sessions:
            on = today - datetime.timedelta(days=days_ago)
            if failed:
                _failed_bird_dog_session(day, on, logged_at=timezone.now())
            else:
                qualify_bird_dog(day, on)
        before = _decisions(trainee, today)
        logged = list(SetLog.objects.filter(trainee=trainee).order_by("pk"))
        for pick, changes in edits:
            set_log = logged[pick % len(logged)]
            late = set_log.created_at + datetime.timedelta(hours=hours_late)
            set_log.edit(changes, by=trainee, at=late)

        assert _decisions(trainee, today) == before
        transaction.set_rollback(True)
