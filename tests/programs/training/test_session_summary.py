"""Finishing a session: sets done, form pass rate, time under tension, and the gates."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from programs.models import SetLog, TrainingSession
from programs.training.logging import duration_text, set_time_under_tension, time_under_tension
from tests.conftest import HTMX
from tests.programs.factories import SetLogFactory
from tests.programs.training.logging_setup import (
    hold_post,
    log_url,
    qualify_bird_dog,
    reps_post,
    year_of_history,
)

pytestmark = pytest.mark.django_db


def finish_url(session: TrainingSession) -> str:
    return reverse("programs:finish_session", args=[session.pk])


def _log_bird_dog(client, day, *, failing_set: int | None = None) -> None:
    """Three bird-dog holds of 20 s, longer than any hold the engine prescribes here."""
    for number in (1, 2, 3):
        checks = ["Torso stayed still", "Hips stayed level", "Neck stayed long"]
        if number == failing_set:
            checks = checks[:2]
        client.post(
            log_url(day.session, day.hold),
            hold_post(set_number=number, checks=checks, hold_s="20"),
        )


def test_finishing_with_htmx_marks_the_session_done_and_swaps_in_the_summary(signed_in, day):
    _log_bird_dog(signed_in, day)

    response = signed_in.post(finish_url(day.session), headers=HTMX)

    day.session.refresh_from_db()
    assert day.session.completed_at is not None
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card session-status" id="session-status"')
    assert "Session summary" in html
    assert "<html" not in html


def test_finishing_without_javascript_redirects_to_the_summary(signed_in, day):
    _log_bird_dog(signed_in, day)

    response = signed_in.post(finish_url(day.session))

    assert response.status_code == 302
    assert response.url == reverse("programs:session", args=[day.session.pk]) + "#session-status"
    assert "Session summary" in signed_in.get(response.url).content.decode()


def test_finishing_twice_keeps_the_first_finish_time(signed_in, day):
    signed_in.post(finish_url(day.session))
    day.session.refresh_from_db()
    first = day.session.completed_at

    signed_in.post(finish_url(day.session))

    day.session.refresh_from_db()
    assert day.session.completed_at == first


def test_the_summary_counts_sets_form_pass_rate_and_time_under_tension(signed_in, day):
    _log_bird_dog(signed_in, day)  # 3 × 20 s held, 9 checks ticked
    signed_in.post(log_url(day.session, day.reps), reps_post(set_number=1))
    signed_in.post(
        log_url(day.session, day.reps),
        reps_post(set_number=2, checks=["Torso stayed still", "Spine stayed neutral"]),
    )

    html = signed_in.post(finish_url(day.session), headers=HTMX).content.decode()

    # The locked row is not prescribed to this trainee today: 3 + 3 sets.
    assert "<dd>5 of 6</dd>" in html
    assert "93 % — 14 of 15 form checks ticked, 4 clean sets" in html
    # 3 holds of 20 s, and 2 sets of 10 reps at 3-1-1-0 with a 3 s lowering: 60 + 2 × 50.
    assert "<dd>2 min 40 s</dd>" in html
    assert "Test pelvic tilt: not qualifying — 2 of 3 sets logged" in html


def test_time_under_tension_counts_the_logged_lowering_and_the_rest_of_the_tempo():
    reps = SetLogFactory.build(reps=8, hold_s=None, eccentric_s=5, target_tempo="3-1-2-0")
    unlogged_lowering = SetLogFactory.build(
        reps=8, hold_s=None, eccentric_s=None, target_tempo="3-1-2-0"
    )
    hold = SetLogFactory.build(reps=None, hold_s=20, eccentric_s=2, target_tempo="2-1-2-0")

    assert set_time_under_tension(reps) == 8 * (5 + 1 + 2 + 0)
    assert set_time_under_tension(unlogged_lowering) == 8 * (3 + 1 + 2 + 0)
    assert set_time_under_tension(hold) == 20
    assert (duration_text(45), duration_text(120), duration_text(130)) == (
        "45 s",
        "2 min",
        "2 min 10 s",
    )


def test_time_under_tension_of_sets_added_up_is_the_sum_of_each_set():
    # /progress/ applies the rule to sets grouped by tempo and logged lowering.
    one = time_under_tension("3-1-2-0", reps=8, lowering_s=5)
    other = time_under_tension("3-1-2-0", reps=9, lowering_s=5)
    held = time_under_tension("3-1-2-0", held_s=20)
    assert time_under_tension("3-1-2-0", reps=17, lowering_s=5, held_s=20) == one + other + held


def test_reps_at_a_tempo_that_cannot_be_read_count_no_time_but_holds_do():
    assert time_under_tension("fast", reps=10, lowering_s=3) == 0
    assert time_under_tension("", reps=10, held_s=15) == 15


def test_the_session_summary_and_progress_show_the_same_time_under_tension(signed_in, day):
    # Lowering logged slower than the prescribed 3-1-1-0, then left empty, and a 20 s hold:
    # 10 × (5 + 1 + 1 + 0) + 10 × (3 + 1 + 1 + 0) + 20 = 140 s.
    signed_in.post(log_url(day.session, day.reps), reps_post(set_number=1, eccentric_s="5"))
    signed_in.post(log_url(day.session, day.reps), reps_post(set_number=2, eccentric_s=""))
    signed_in.post(log_url(day.session, day.hold), hold_post(set_number=1, hold_s="20"))

    summary = signed_in.post(finish_url(day.session), headers=HTMX).content.decode()
    progress = signed_in.get("/progress/").content.decode()

    assert "<dd>2 min 20 s</dd>" in summary
    section = progress.split("<summary>Data: time under tension per session</summary>", 1)[1]
    assert re.search(r"<td>140</td>", section.split("</details>", 1)[0])


def test_the_summary_says_how_far_the_gate_is_and_what_unlocks_next(signed_in, day, today):
    qualify_bird_dog(day, today - datetime.timedelta(days=3))
    _log_bird_dog(signed_in, day)

    html = signed_in.post(finish_url(day.session), headers=HTMX).content.decode()

    assert "Test bird-dog: a qualifying session" in html
    assert "2 of 3 — one more qualifying test bird-dog session unlocks Test standing row." in html


def test_the_session_that_completes_a_gate_announces_the_unlock(signed_in, day, today):
    for days_ago in (2, 5):
        qualify_bird_dog(day, today - datetime.timedelta(days=days_ago))
    _log_bird_dog(signed_in, day)

    html = signed_in.post(finish_url(day.session), headers=HTMX).content.decode()

    assert "Unlocked: Test standing row — this session earned it." in html
    assert 'class="reason increase just-unlocked"' in html


def test_a_gate_already_open_is_not_announced_as_new(signed_in, day, today):
    for days_ago in (2, 4, 6):
        qualify_bird_dog(day, today - datetime.timedelta(days=days_ago))
    _log_bird_dog(signed_in, day)

    html = signed_in.post(finish_url(day.session), headers=HTMX).content.decode()

    assert "Test standing row is unlocked." in html
    assert "this session earned it" not in html


def test_a_form_check_missed_keeps_the_session_from_qualifying_and_says_so(signed_in, day):
    _log_bird_dog(signed_in, day, failing_set=2)

    html = signed_in.post(finish_url(day.session), headers=HTMX).content.decode()

    assert "Test bird-dog: not qualifying — form check missed on set 2." in html
    assert "0 of 3 — three more qualifying test bird-dog sessions unlock Test standing row." in html


def test_deleted_sets_are_left_out_of_the_summary(signed_in, day):
    _log_bird_dog(signed_in, day)
    third = SetLog.objects.get(session=day.session, exercise=day.bird_dog, set_number=3)
    signed_in.post(reverse("programs:delete_set", args=[third.pk]))

    html = signed_in.post(finish_url(day.session), headers=HTMX).content.decode()

    assert "<dd>2 of 6</dd>" in html
    assert "<dd>40 s</dd>" in html
    assert "Test bird-dog: not qualifying — 2 of 3 sets logged." in html


def test_the_status_refreshes_itself_after_each_set_and_only_answers_htmx(signed_in, day):
    url = reverse("programs:session_status", args=[day.session.pk])
    page = signed_in.get(reverse("programs:session", args=[day.session.pk])).content.decode()
    assert f'hx-get="{url}" hx-trigger="setLogged from:body"' in page

    signed_in.post(log_url(day.session, day.hold), hold_post())
    fragment = signed_in.get(url, headers=HTMX)
    plain = signed_in.get(url)

    assert "1 of 6 sets logged." in fragment.content.decode()
    assert "HX-Request" in fragment.headers["Vary"]
    assert plain.status_code == 302
    assert plain.url.endswith("#session-status")


def test_a_finished_session_page_needs_a_bounded_number_of_queries(
    signed_in, day, today, django_assert_max_num_queries
):
    year_of_history(day, today)
    SetLogFactory(
        session=day.session,
        exercise=day.row_exercise,
        set_number=1,
        load=Decimal("8"),
        performed_on=today,
    )
    signed_in.post(finish_url(day.session))

    with django_assert_max_num_queries(15):
        response = signed_in.get(reverse("programs:session", args=[day.session.pk]))

    assert "Session summary" in response.content.decode()


def test_a_gate_with_several_open_prerequisites_lists_each_one(signed_in, day, today):
    from tests.exercises.factories import ExerciseFactory, PrerequisiteFactory

    bridge = ExerciseFactory(slug="log-bridge", name="Test bridge", hold=True)
    extension = ExerciseFactory(slug="log-extension", name="Test extension", resistance=True)
    PrerequisiteFactory(exercise=extension, required=day.bird_dog)
    PrerequisiteFactory(exercise=extension, required=bridge)
    qualify_bird_dog(day, today - datetime.timedelta(days=2))
    _log_bird_dog(signed_in, day)

    html = signed_in.post(finish_url(day.session), headers=HTMX).content.decode()

    assert "Test extension still needs:" in html
    assert "<li>Test bird-dog: 2 of 3 qualifying sessions in the last 14 days</li>" in html
    assert "<li>Test bridge: 0 of 3 qualifying sessions in the last 14 days</li>" in html
    # The nearest unlock comes first.
    assert html.index("unlocks Test standing row") < html.index("Test extension still needs")


def test_the_status_reads_no_last_time_and_works_out_no_next_loads(
    signed_in, day, today, django_assert_num_queries
):
    """The status only counts sets and (once finished) sums the session up: it needs the
    plan and the sets, not what the exercise blocks show."""
    year_of_history(day, today)
    url = reverse("programs:session_status", args=[day.session.pk])

    # Session and user; the session, its sets, the plan's prescriptions and adjustments; the
    # catalog, gate rules, stored progress and overrides.
    with django_assert_num_queries(10):
        fragment = signed_in.get(url, headers=HTMX)

    assert re.search(r"0 of \d+ sets logged\.", fragment.content.decode())
