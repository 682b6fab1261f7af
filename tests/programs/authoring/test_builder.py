"""The program builder: own programs, weeks, days, prescriptions, copies and permissions."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.authoring.starter_program import STARTER_PROGRAM
from programs.models import (
    Enrolment,
    Prescription,
    Program,
    ProgramDay,
    ProgramWeek,
    TrainingSession,
)
from programs.planning.calendar import enrol
from tests.exercises.factories import ExerciseFactory
from tests.programs.factories import (
    PrescriptionFactory,
    ProgramDayFactory,
    ProgramFactory,
    ProgramWeekFactory,
    SetLogFactory,
)

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


@pytest.fixture
def program(trainee):
    """The trainee's own program: one week with one day holding three exercises."""
    program = ProgramFactory(owner=trainee, name="My back plan")
    week = ProgramWeekFactory(program=program, number=1, focus="Control")
    day = ProgramDayFactory(week=week, position=1, title="Slow day")
    for position, name in enumerate(["Alpha", "Bravo", "Charlie"], start=1):
        PrescriptionFactory(
            day=day, position=position, exercise=ExerciseFactory(name=name, slug=name.lower())
        )
    return program


def day_of(program) -> ProgramDay:
    return ProgramDay.objects.get(week__program=program, week__number=1, position=1)


def names(day) -> list[str]:
    return [p.exercise.name for p in day.prescriptions.order_by("position")]


def url(name: str, pk: int) -> str:
    return reverse(f"programs:{name}", args=[pk])


def at_week(program, number: int, anchor: str = "") -> str:
    """The builder open at week `number`, where a change without JavaScript sends you back."""
    return f"{url('edit', program.pk)}?week={number}{anchor}"


def starter() -> Program:
    return Program.objects.get(slug=STARTER_PROGRAM["slug"])


def prescription_data(exercise, /, **overrides) -> dict:
    data = {
        "exercise": str(exercise.pk),
        "sets": "3",
        "reps_min": "8",
        "reps_max": "12",
        "hold_s": "",
        "tempo": "3-1-1-0",
        "start_load_kg": "",
        "rest_s": "60",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_my_programs_lists_own_programs_and_built_ins_to_copy(client, trainee, other_trainee):
    ProgramFactory(owner=trainee, name="Mine to edit")
    ProgramFactory(owner=other_trainee, name="Not mine")
    client.force_login(trainee)

    response = client.get(reverse("programs:mine"))

    assert "Mine to edit" in response.text
    assert "Not mine" not in response.text
    assert STARTER_PROGRAM["name"] in response.text
    assert url("duplicate", starter().pk) in response.text


def test_creating_a_program_makes_it_mine_and_opens_the_builder(client, trainee):
    client.force_login(trainee)

    response = client.post(
        reverse("programs:mine"), {"name": "Desk worker plan", "description": "Short days."}
    )

    program = Program.objects.get(name="Desk worker plan")
    assert program.owner == trainee
    assert response["Location"] == url("edit", program.pk)


def test_a_program_needs_a_name(client, trainee):
    client.force_login(trainee)
    response = client.post(reverse("programs:mine"), {"name": "", "description": "Kept text"})
    assert response.status_code == 200
    assert 'id="id_name_errors"' in response.text
    assert "Kept text" in response.text
    assert not Program.objects.filter(owner=trainee).exists()


def test_the_builder_shows_weeks_days_and_prescriptions(client, trainee, program):
    client.force_login(trainee)
    response = client.get(url("edit", program.pk))
    assert response.status_code == 200
    assert "Week 1: Control" in response.text
    assert "Day 1: Slow day" in response.text
    assert "3 × 8–12 reps · tempo 3-1-1-0" in response.text
    assert response.text.index("Alpha") < response.text.index("Bravo")


def test_renaming_a_program(client, trainee, program):
    client.force_login(trainee)
    client.post(url("edit", program.pk), {"name": "Renamed", "description": ""})
    program.refresh_from_db()
    assert program.name == "Renamed"


def test_adding_a_week_adds_it_after_the_last_with_a_first_day(client, trainee, program):
    client.force_login(trainee)

    response = client.post(url("add_week", program.pk), {"focus": "Load"})

    week = ProgramWeek.objects.get(program=program, number=2)
    assert week.focus == "Load"
    assert week.days.count() == 1
    assert response.status_code == 303
    assert response["Location"] == at_week(program, 2, f"#week-{week.pk}")


def test_a_week_added_to_a_followed_program_reaches_the_followers_calendar(
    client, trainee, program
):
    enrolment = enrol(
        trainee=trainee, program=program, start_date=trainee.local_today(), training_days=[0]
    )
    client.force_login(trainee)

    client.post(url("add_week", program.pk), {"focus": ""})
    client.post(url("duplicate_week", program.weeks.get(number=1).pk))

    assert enrolment.sessions.count() == 3
    dates = list(enrolment.sessions.order_by("scheduled_on").values_list("scheduled_on", flat=True))
    assert len(set(dates)) == 3 and {d.weekday() for d in dates} == {0}


def test_adding_a_week_with_htmx_returns_the_weeks(client, trainee, program):
    client.force_login(trainee)

    response = client.post(url("add_week", program.pk), {"focus": ""}, headers=HX)

    assert response.status_code == 200
    assert "Week 2" in response.text
    assert 'id="weeks"' in response.text
    assert "<html" not in response.text


def test_adding_a_day_to_a_week(client, trainee, program):
    week = program.weeks.get()
    client.force_login(trainee)

    client.post(url("add_day", week.pk), {"title": "Hinge day"})
    response = client.post(url("add_day", week.pk), {"title": ""}, headers=HX)

    assert list(week.days.order_by("position").values_list("position", "title")) == [
        (1, "Slow day"),
        (2, "Hinge day"),
        (3, ""),
    ]
    assert "Day 2: Hinge day" in response.text


def test_adding_a_prescription_puts_it_last(client, trainee, program):
    day = day_of(program)
    delta = ExerciseFactory(name="Delta", slug="delta")
    client.force_login(trainee)

    response = client.post(
        url("add_prescription", day.pk),
        prescription_data(delta, tempo="", start_load_kg="2.5", notes="Go slow"),
    )

    assert response["Location"] == at_week(program, 1, f"#day-{day.pk}")
    assert names(day) == ["Alpha", "Bravo", "Charlie", "Delta"]
    added = day.prescriptions.get(exercise=delta)
    assert added.position == 4
    assert added.tempo == delta.default_tempo  # empty tempo takes the exercise's own
    assert added.start_load_kg == Decimal("2.5")
    assert added.notes == "Go slow"


def test_adding_a_prescription_with_htmx_returns_the_day(client, trainee, program):
    day = day_of(program)
    delta = ExerciseFactory(name="Delta", slug="delta")
    client.force_login(trainee)

    response = client.post(url("add_prescription", day.pk), prescription_data(delta), headers=HX)

    assert response.status_code == 200
    assert f'id="day-{day.pk}"' in response.text
    assert "Delta" in response.text
    assert "<html" not in response.text
    assert names(day)[-1] == "Delta"


def test_a_hold_exercise_is_prescribed_in_seconds_and_its_reps_are_dropped(
    client, trainee, program
):
    day = day_of(program)
    hold = ExerciseFactory(name="Holder", slug="holder", hold=True)
    client.force_login(trainee)

    client.post(url("add_prescription", day.pk), prescription_data(hold, hold_s="12"))

    added = day.prescriptions.get(exercise=hold)
    assert (added.hold_s, added.reps_min, added.reps_max) == (12, None, None)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reps_min": "12", "reps_max": "8"}, "reps_min", "low end of the rep range is above"),
        ({"tempo": "slow"}, "tempo", "four numbers of seconds"),
        ({"sets": "11"}, "sets", "between 1 and 10 sets"),
        ({"sets": "0"}, "sets", "between 1 and 10 sets"),
        ({"exercise": ""}, "exercise", "Choose the exercise to add."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_prescriptions_are_refused_with_a_message_beside_the_field(
    client, trainee, program, overrides, field, message, htmx
):
    day = day_of(program)
    delta = ExerciseFactory(name="Delta", slug="delta")
    client.force_login(trainee)

    response = client.post(
        url("add_prescription", day.pk),
        prescription_data(delta, notes="Typed by hand", **overrides),
        headers=HX if htmx else {},
    )

    assert response.status_code == 200
    errors_id = f'id="id_day{day.pk}_{field}_errors"'
    assert errors_id in response.text
    after = response.text[response.text.index(errors_id) :]
    assert message in after[:300]
    assert "Typed by hand" in response.text  # nothing typed is lost
    assert ("<html" in response.text) is not htmx
    assert names(day) == ["Alpha", "Bravo", "Charlie"]


def test_a_hold_exercise_without_hold_seconds_is_refused(client, trainee, program):
    day = day_of(program)
    hold = ExerciseFactory(name="Holder", slug="holder", hold=True)
    client.force_login(trainee)

    response = client.post(url("add_prescription", day.pk), prescription_data(hold, hold_s=""))

    assert f'id="id_day{day.pk}_hold_s_errors"' in response.text
    assert "Holder is held: give the hold in seconds." in response.text
    assert not day.prescriptions.filter(exercise=hold).exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_moving_prescriptions_up_and_down(client, trainee, program, htmx):
    day = day_of(program)
    bravo = day.prescriptions.get(exercise__name="Bravo")
    client.force_login(trainee)
    headers = HX if htmx else {}

    response = client.post(url("move_prescription", bravo.pk), {"direction": "up"}, headers=headers)
    assert names(day) == ["Bravo", "Alpha", "Charlie"]
    client.post(url("move_prescription", bravo.pk), {"direction": "down"}, headers=headers)
    client.post(url("move_prescription", bravo.pk), {"direction": "down"}, headers=headers)
    assert names(day) == ["Alpha", "Charlie", "Bravo"]
    # At the end of the list it stays put.
    client.post(url("move_prescription", bravo.pk), {"direction": "down"}, headers=headers)
    assert names(day) == ["Alpha", "Charlie", "Bravo"]
    assert list(day.prescriptions.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
    ]
    if htmx:
        assert response.status_code == 200 and f'id="day-{day.pk}"' in response.text
    else:
        assert response["Location"].endswith(f"#day-{day.pk}")


@pytest.mark.parametrize("htmx", [False, True])
def test_removing_a_prescription(client, trainee, program, htmx):
    day = day_of(program)
    alpha = day.prescriptions.get(exercise__name="Alpha")
    client.force_login(trainee)

    response = client.post(url("remove_prescription", alpha.pk), headers=HX if htmx else {})

    assert names(day) == ["Bravo", "Charlie"]
    assert list(day.prescriptions.values_list("position", flat=True)) == [1, 2]
    assert response.status_code == (200 if htmx else 303)


@pytest.mark.parametrize("htmx", [False, True])
def test_duplicating_a_week_copies_its_days_and_prescriptions(client, trainee, program, htmx):
    week = program.weeks.get()
    ProgramDayFactory(week=week, position=2, title="Second")
    client.force_login(trainee)

    response = client.post(url("duplicate_week", week.pk), headers=HX if htmx else {})

    copy = ProgramWeek.objects.get(program=program, number=2)
    assert copy.focus == "Control"
    assert list(copy.days.values_list("position", "title")) == [(1, "Slow day"), (2, "Second")]
    assert names(copy.days.get(position=1)) == ["Alpha", "Bravo", "Charlie"]
    # A deep copy: the original's rows are untouched and not shared.
    assert Prescription.objects.filter(day__week=week).count() == 3
    assert Prescription.objects.filter(day__week=copy).count() == 3
    if htmx:
        assert "Week 2: Control" in response.text


def test_a_built_in_program_is_read_only_but_can_be_copied(client, trainee):
    builtin = starter()
    client.force_login(trainee)
    assert client.get(url("edit", builtin.pk)).status_code == 404

    response = client.post(url("duplicate", builtin.pk))

    copy = Program.objects.get(owner=trainee)
    assert response["Location"] == url("edit", copy.pk)
    assert copy.name == f"{builtin.name} (my copy)"
    assert copy.weeks.count() == 8
    original = Prescription.objects.filter(day__week__program=builtin)
    copied = Prescription.objects.filter(day__week__program=copy)
    assert copied.count() == original.count()
    assert list(
        copied.order_by("day__week__number", "day__position", "position").values_list(
            "exercise__slug", "sets", "tempo"
        )
    ) == list(
        original.order_by("day__week__number", "day__position", "position").values_list(
            "exercise__slug", "sets", "tempo"
        )
    )


def test_other_peoples_programs_are_404_everywhere(client, other_trainee, program):
    day = day_of(program)
    week = day.week
    item = day.prescriptions.first()
    exercise = item.exercise
    client.force_login(other_trainee)

    assert client.get(url("edit", program.pk)).status_code == 404
    assert client.get(url("edit_prescription", item.pk)).status_code == 404
    assert client.get(url("edit_prescription", item.pk), headers=HX).status_code == 404
    posts = [
        (url("edit", program.pk), {"name": "Hijacked"}),
        (url("add_week", program.pk), {}),
        (url("add_day", week.pk), {}),
        (url("duplicate_week", week.pk), {}),
        (url("add_prescription", day.pk), prescription_data(exercise)),
        (url("move_prescription", item.pk), {"direction": "down"}),
        (url("remove_prescription", item.pk), {}),
        (url("edit_prescription", item.pk), prescription_data(exercise, sets="1")),
        (url("rename_week", week.pk), {"focus": "Hijacked"}),
        (url("rename_day", day.pk), {"title": "Hijacked"}),
        (url("remove_day", day.pk), {}),
        (url("remove_week", week.pk), {}),
        (url("duplicate", program.pk), {}),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code == 404, path
        assert client.post(path, data, headers=HX).status_code == 404, path
    program.refresh_from_db()
    assert program.name == "My back plan"
    assert program.weeks.count() == 1
    assert names(day) == ["Alpha", "Bravo", "Charlie"]
    week.refresh_from_db()
    day.refresh_from_db()
    assert (week.focus, day.title) == ("Control", "Slow day")
    assert day.prescriptions.get(pk=item.pk).sets == item.sets


def test_builder_changes_need_a_post(client, trainee, program):
    client.force_login(trainee)
    item = day_of(program).prescriptions.first()
    assert client.get(url("remove_prescription", item.pk)).status_code == 405
    assert client.get(url("add_week", program.pk)).status_code == 405


def test_a_program_built_here_can_be_followed(client, trainee):
    client.force_login(trainee)
    client.post(reverse("programs:mine"), {"name": "Home plan", "description": ""})
    program = Program.objects.get(name="Home plan")
    client.post(url("add_week", program.pk), {"focus": ""})
    day = ProgramDay.objects.get(week__program=program)
    client.post(url("add_prescription", day.pk), prescription_data(ExerciseFactory()))

    assert program.pk in {p.pk for p in Program.objects.visible_to(trainee)}
    client.post(
        reverse("programs:enrol", args=[program.pk]),
        {"start_date": trainee.local_today().isoformat(), "training_days": ["0", "3"]},
    )

    enrolment = Enrolment.objects.current().get(trainee=trainee)
    assert enrolment.program == program
    assert enrolment.sessions.get().program_day == day


def test_the_builder_page_queries_do_not_grow_with_the_program(
    client, trainee, django_assert_max_num_queries
):
    client.force_login(trainee)
    client.post(url("duplicate", starter().pk))
    copy = Program.objects.get(owner=trainee)

    # Session, user, program, exercises for the menus, weeks, days, prescriptions.
    with django_assert_max_num_queries(7):
        response = client.get(url("edit", copy.pk))
    assert response.status_code == 200
    assert "Week 8" in response.text


def edit_data(**overrides) -> dict:
    data = prescription_data(ExerciseFactory.build(), **overrides)
    del data["exercise"]
    return data


@pytest.mark.parametrize("htmx", [False, True])
def test_opening_an_item_to_edit_shows_its_form_filled_in(client, trainee, program, htmx):
    bravo = day_of(program).prescriptions.get(exercise__name="Bravo")
    client.force_login(trainee)

    response = client.get(url("edit_prescription", bravo.pk), headers=HX if htmx else {})

    assert response.status_code == 200
    assert f'id="id_item{bravo.pk}_sets"' in response.text
    assert f'name="tempo" value="{bravo.tempo}"' in response.text
    # The exercise is not up for change here.
    assert f'id="id_item{bravo.pk}_exercise"' not in response.text
    assert ("<html" in response.text) is not htmx
    assert response["Vary"] and "HX-Request" in response["Vary"]


@pytest.mark.parametrize("htmx", [False, True])
def test_editing_an_item_changes_it_in_place(client, trainee, program, htmx):
    day = day_of(program)
    bravo = day.prescriptions.get(exercise__name="Bravo")
    client.force_login(trainee)

    response = client.post(
        url("edit_prescription", bravo.pk),
        edit_data(
            sets="4",
            reps_min="6",
            reps_max="10",
            tempo="",
            start_load_kg="12.5",
            rest_s="90",
            notes="Brace first.",
        ),
        headers=HX if htmx else {},
    )

    bravo.refresh_from_db()
    assert (bravo.sets, bravo.reps_min, bravo.reps_max) == (4, 6, 10)
    assert bravo.tempo == bravo.exercise.default_tempo
    assert (bravo.start_load_kg, bravo.rest_s, bravo.notes) == (Decimal("12.5"), 90, "Brace first.")
    # Same item, same exercise, same place.
    assert names(day) == ["Alpha", "Bravo", "Charlie"]
    if htmx:
        assert response.status_code == 200 and f'id="day-{day.pk}"' in response.text
        assert "4 × 6–10 reps" in response.text
    else:
        assert response["Location"] == at_week(program, 1, f"#day-{day.pk}")


@pytest.mark.parametrize("htmx", [False, True])
def test_a_bad_edit_is_refused_beside_the_field_and_keeps_what_was_typed(
    client, trainee, program, htmx
):
    bravo = day_of(program).prescriptions.get(exercise__name="Bravo")
    before = (bravo.sets, bravo.reps_min, bravo.notes)
    client.force_login(trainee)

    response = client.post(
        url("edit_prescription", bravo.pk),
        edit_data(sets="11", reps_min="12", reps_max="8", notes="Typed note"),
        headers=HX if htmx else {},
    )

    assert response.status_code == 200
    assert f'id="id_item{bravo.pk}_sets_errors"' in response.text
    assert "Prescribe between 1 and 10 sets." in response.text
    assert "Typed note" in response.text
    bravo.refresh_from_db()
    assert (bravo.sets, bravo.reps_min, bravo.notes) == before


def test_editing_a_held_item_needs_its_hold_seconds(client, trainee, program):
    hold = ExerciseFactory(name="Holder", slug="holder", hold=True)
    item = PrescriptionFactory(day=day_of(program), position=4, exercise=hold, hold_s=10)
    client.force_login(trainee)

    response = client.post(url("edit_prescription", item.pk), edit_data(hold_s=""), headers=HX)

    assert f'id="id_item{item.pk}_hold_s_errors"' in response.text
    assert "Holder is held: give the hold in seconds." in response.text
    item.refresh_from_db()
    assert item.hold_s == 10


@pytest.mark.parametrize("htmx", [False, True])
def test_renaming_a_week_and_a_day(client, trainee, program, htmx):
    day = day_of(program)
    week = day.week
    client.force_login(trainee)
    headers = HX if htmx else {}

    week_response = client.post(url("rename_week", week.pk), {"focus": "Strength"}, headers=headers)
    day_response = client.post(url("rename_day", day.pk), {"title": "Fast day"}, headers=headers)

    week.refresh_from_db()
    day.refresh_from_db()
    assert (week.focus, day.title) == ("Strength", "Fast day")
    if htmx:
        assert "Week 1: Strength" in week_response.text
        assert "Day 1: Fast day" in day_response.text and "<html" not in day_response.text
    else:
        assert week_response["Location"] == at_week(program, 1, f"#week-{week.pk}")
        assert day_response["Location"] == at_week(program, 1, f"#day-{day.pk}")


@pytest.mark.parametrize("htmx", [False, True])
def test_a_too_long_name_is_refused_beside_the_field(client, trainee, program, htmx):
    day = day_of(program)
    week = day.week
    client.force_login(trainee)
    headers = HX if htmx else {}
    long = "x" * 121

    week_response = client.post(url("rename_week", week.pk), {"focus": long}, headers=headers)
    day_response = client.post(url("rename_day", day.pk), {"title": long}, headers=headers)

    assert week_response.status_code == day_response.status_code == 200
    assert f'id="id_renameweek{week.pk}_focus_errors"' in week_response.text
    assert f'id="id_renameday{day.pk}_title_errors"' in day_response.text
    assert long in week_response.text and long in day_response.text
    # The heading keeps the saved name while the form keeps what was typed.
    assert "Week 1: Control" in week_response.text
    assert "Day 1: Slow day" in day_response.text
    week.refresh_from_db()
    day.refresh_from_db()
    assert (week.focus, day.title) == ("Control", "Slow day")


@pytest.mark.parametrize("htmx", [False, True])
def test_removing_a_day_moves_the_later_days_up(client, trainee, program, htmx):
    first = day_of(program)
    week = first.week
    ProgramDayFactory(week=week, position=2, title="Second")
    ProgramDayFactory(week=week, position=3, title="Third")
    client.force_login(trainee)

    response = client.post(url("remove_day", first.pk), headers=HX if htmx else {})

    assert list(week.days.order_by("position").values_list("position", "title")) == [
        (1, "Second"),
        (2, "Third"),
    ]
    assert not Prescription.objects.filter(day_id=first.pk).exists()
    if htmx:
        assert "Day 1: Second" in response.text and 'id="weeks"' in response.text
    else:
        assert response["Location"] == at_week(program, 1, f"#week-{week.pk}")


@pytest.mark.parametrize("htmx", [False, True])
def test_removing_a_week_moves_the_later_weeks_up(client, trainee, program, htmx):
    first = program.weeks.get()
    ProgramWeekFactory(program=program, number=2, focus="Load")
    client.force_login(trainee)

    response = client.post(url("remove_week", first.pk), headers=HX if htmx else {})

    assert list(program.weeks.values_list("number", "focus")) == [(1, "Load")]
    assert not ProgramDay.objects.filter(week_id=first.pk).exists()
    if htmx:
        assert "Week 1: Load" in response.text
    else:
        assert response.status_code == 303


def test_removing_a_followed_day_takes_it_off_the_calendar_and_closes_the_gap(
    client, trainee, program
):
    first = day_of(program)
    second = ProgramDayFactory(week=first.week, position=2)
    third = ProgramDayFactory(week=first.week, position=3)
    enrolment = enrol(
        trainee=trainee, program=program, start_date=trainee.local_today(), training_days=[0, 3]
    )
    laid = dict(enrolment.sessions.values_list("program_day_id", "scheduled_on"))
    client.force_login(trainee)

    client.post(url("remove_day", first.pk))

    now = dict(enrolment.sessions.values_list("program_day_id", "scheduled_on"))
    assert set(now) == {second.pk, third.pk}
    # The days after the removed one move up into its place.
    assert now[second.pk] == laid[first.pk]
    assert now[third.pk] == laid[second.pk]


@pytest.mark.parametrize("htmx", [False, True])
def test_a_day_someone_trained_cannot_be_removed(client, trainee, other_trainee, program, htmx):
    day = day_of(program)
    # Someone else following this program logged a set on it.
    enrolment = enrol(
        trainee=other_trainee,
        program=program,
        start_date=other_trainee.local_today(),
        training_days=[0],
    )
    SetLogFactory(session=enrolment.sessions.get(program_day=day))
    client.force_login(trainee)

    day_response = client.post(url("remove_day", day.pk), headers=HX if htmx else {})
    week_response = client.post(url("remove_week", day.week.pk), headers=HX if htmx else {})

    assert ProgramDay.objects.filter(pk=day.pk).exists()
    assert names(day) == ["Alpha", "Bravo", "Charlie"]
    assert TrainingSession.objects.filter(program_day=day).count() == 1
    if htmx:
        assert "Day 1 of week 1 stays: someone has already trained it" in day_response.text
        assert 'role="alert"' in day_response.text
        assert "Week 1 stays: someone has already trained it" in week_response.text
    else:
        page = client.get(day_response["Location"])
        assert "Day 1 of week 1 stays: someone has already trained it" in page.text
        assert week_response.status_code == 303


def test_a_completed_but_unlogged_day_cannot_be_removed(client, trainee, program):
    day = day_of(program)
    enrolment = enrol(
        trainee=trainee, program=program, start_date=trainee.local_today(), training_days=[0]
    )
    enrolment.sessions.update(completed_at=timezone.now())
    client.force_login(trainee)

    client.post(url("remove_day", day.pk))

    assert ProgramDay.objects.filter(pk=day.pk).exists()


def test_renames_and_removals_need_a_post(client, trainee, program):
    day = day_of(program)
    client.force_login(trainee)
    for name, pk in [
        ("rename_week", day.week.pk),
        ("remove_week", day.week.pk),
        ("rename_day", day.pk),
        ("remove_day", day.pk),
    ]:
        assert client.get(url(name, pk)).status_code == 405, name
