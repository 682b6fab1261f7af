"""A program grows only up to its caps: weeks per program, days per week, items per day.

Past a cap the builder refuses with a message where the person clicked (beside the form or
button, in the htmx fragment and on the whole page without JavaScript), and nothing is added.
"""

import pytest
from django.urls import reverse

from programs.authoring import builder
from programs.authoring.starter_program import STARTER_PROGRAM
from programs.limits import (
    MAX_DAYS_PER_WEEK,
    MAX_ITEMS_PER_DAY,
    MAX_ITEMS_PER_PROGRAM,
    MAX_WEEKS_PER_PROGRAM,
)
from programs.models import Prescription, ProgramDay, ProgramWeek
from tests.exercises.factories import ExerciseFactory
from tests.programs.factories import (
    PrescriptionFactory,
    ProgramDayFactory,
    ProgramFactory,
    ProgramWeekFactory,
)

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def url(name: str, pk: int) -> str:
    return reverse(f"programs:{name}", args=[pk])


@pytest.fixture
def full_program(trainee):
    """The trainee's program with every week it may have, one day in each."""
    program = ProgramFactory(owner=trainee, name="A long year")
    weeks = ProgramWeek.objects.bulk_create(
        ProgramWeek(program=program, number=n) for n in range(1, MAX_WEEKS_PER_PROGRAM + 1)
    )
    ProgramDay.objects.bulk_create(ProgramDay(week=week, position=1) for week in weeks)
    return program


@pytest.fixture
def full_week(trainee):
    """A week of the trainee's program with every day a week may have."""
    week = ProgramWeekFactory(program=ProgramFactory(owner=trainee), number=1)
    for position in range(1, MAX_DAYS_PER_WEEK + 1):
        ProgramDayFactory(week=week, position=position)
    return week


@pytest.fixture
def full_day(trainee):
    """A day of the trainee's program with every item a day may hold."""
    day = ProgramDayFactory(week=ProgramWeekFactory(program=ProgramFactory(owner=trainee)))
    exercise = ExerciseFactory()
    for position in range(1, MAX_ITEMS_PER_DAY + 1):
        PrescriptionFactory(day=day, position=position, exercise=exercise)
    return day


@pytest.fixture
def crowded_program(trainee):
    """The trainee's program holding every item a program may have: weeks of one day with
    as many items as a day takes, the last week's day with the rest."""
    program = ProgramFactory(owner=trainee)
    exercise = ExerciseFactory()
    weeks, rest = divmod(MAX_ITEMS_PER_PROGRAM, MAX_ITEMS_PER_DAY)
    sizes = [MAX_ITEMS_PER_DAY] * weeks + ([rest] if rest else [])
    items = []
    for number, size in enumerate(sizes, start=1):
        day = ProgramDayFactory(week=ProgramWeekFactory(program=program, number=number), position=1)
        items += [
            Prescription(day=day, position=p, exercise=exercise, reps_min=8, reps_max=12)
            for p in range(1, size + 1)
        ]
    Prescription.objects.bulk_create(items)
    return program


def items_of(program) -> int:
    return Prescription.objects.filter(day__week__program=program).count()


def test_the_caps_are_a_year_of_weeks_seven_days_twelve_items_and_500_in_all():
    assert (MAX_WEEKS_PER_PROGRAM, MAX_DAYS_PER_WEEK, MAX_ITEMS_PER_DAY) == (52, 7, 12)
    assert MAX_ITEMS_PER_PROGRAM == 500


# --- the writes ------------------------------------------------------------------------------


def test_weeks_are_added_up_to_the_cap_and_no_further(trainee):
    program = ProgramFactory(owner=trainee)
    for _ in range(MAX_WEEKS_PER_PROGRAM):
        builder.add_week(program=program)

    with pytest.raises(builder.ProgramFull, match="at most 52 weeks"):
        builder.add_week(program=program)

    assert program.weeks.count() == MAX_WEEKS_PER_PROGRAM


def test_days_are_added_up_to_the_cap_and_no_further(trainee):
    week = ProgramWeekFactory(program=ProgramFactory(owner=trainee))
    for _ in range(MAX_DAYS_PER_WEEK):
        builder.add_day(week=week)

    with pytest.raises(builder.ProgramFull, match="at most 7 training days"):
        builder.add_day(week=week)

    assert week.days.count() == MAX_DAYS_PER_WEEK


def test_items_are_added_up_to_the_cap_and_no_further(full_day):
    extra = Prescription(day=full_day, exercise=ExerciseFactory(), tempo="3-1-1-0")

    with pytest.raises(builder.ProgramFull, match="at most 12 exercises"):
        builder.append_prescription(extra)

    assert extra.pk is None
    assert full_day.prescriptions.count() == MAX_ITEMS_PER_DAY


def test_duplicating_a_week_at_the_cap_adds_nothing(full_program):
    week = full_program.weeks.get(number=1)

    with pytest.raises(builder.ProgramFull):
        builder.duplicate_week(week=week)

    assert full_program.weeks.count() == MAX_WEEKS_PER_PROGRAM
    assert ProgramDay.objects.filter(week__program=full_program).count() == MAX_WEEKS_PER_PROGRAM


def test_duplicating_the_week_before_the_cap_fills_it(full_program):
    full_program.weeks.get(number=MAX_WEEKS_PER_PROGRAM).delete()

    copy = builder.duplicate_week(week=full_program.weeks.get(number=1))

    assert copy.number == MAX_WEEKS_PER_PROGRAM
    assert full_program.weeks.count() == MAX_WEEKS_PER_PROGRAM


def test_an_item_past_the_programs_total_is_refused_even_on_an_empty_day(crowded_program):
    day = builder.add_day(week=crowded_program.weeks.get(number=1))
    extra = Prescription(day=day, exercise=ExerciseFactory(), tempo="3-1-1-0")

    with pytest.raises(builder.ProgramFull, match="at most 500 exercises in all its days"):
        builder.append_prescription(extra)

    assert items_of(crowded_program) == MAX_ITEMS_PER_PROGRAM


def test_duplicating_a_week_whose_items_would_pass_the_programs_total_adds_nothing(
    crowded_program,
):
    weeks = crowded_program.weeks.count()

    with pytest.raises(builder.ProgramFull, match="this would make 512"):
        builder.duplicate_week(week=crowded_program.weeks.get(number=1))

    assert crowded_program.weeks.count() == weeks
    assert items_of(crowded_program) == MAX_ITEMS_PER_PROGRAM


def test_the_shipped_starter_program_fits_the_caps():
    weeks = STARTER_PROGRAM["weeks"]
    assert len(weeks) <= MAX_WEEKS_PER_PROGRAM
    assert all(len(week["days"]) <= MAX_DAYS_PER_WEEK for week in weeks)
    assert all(len(day["items"]) <= MAX_ITEMS_PER_DAY for week in weeks for day in week["days"])
    items = sum(len(day["items"]) for week in weeks for day in week["days"])
    assert items <= MAX_ITEMS_PER_PROGRAM


# --- the builder's answers -------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_adding_a_week_past_the_cap_is_refused_beside_the_add_week_form(
    client, trainee, full_program, htmx
):
    client.force_login(trainee)

    response = client.post(
        url("add_week", full_program.pk), {"focus": "One more"}, headers=HX if htmx else {}
    )

    assert response.status_code == 200
    assert full_program.weeks.count() == MAX_WEEKS_PER_PROGRAM
    assert builder.WEEKS_FULL in response.text
    assert 'role="alert"' in response.text
    # The refusal sits in the add-week form, which keeps what was typed.
    form = response.text.split('id="add-week-heading"')[1]
    assert builder.WEEKS_FULL in form and 'value="One more"' in form
    assert ("<html" in response.text) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_duplicating_a_week_at_the_cap_is_refused_beside_its_button(
    client, trainee, full_program, htmx
):
    week = full_program.weeks.get(number=3)
    client.force_login(trainee)

    response = client.post(url("duplicate_week", week.pk), headers=HX if htmx else {})

    assert response.status_code == 200
    assert full_program.weeks.count() == MAX_WEEKS_PER_PROGRAM
    section = response.text.split(f'id="week-{week.pk}"')[1].split('class="card builder-week"')[0]
    assert builder.WEEKS_FULL in section
    assert response.text.count(builder.WEEKS_FULL) == 1
    assert ("<html" in response.text) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_adding_a_day_past_the_cap_is_refused_beside_the_add_day_form(
    client, trainee, full_week, htmx
):
    client.force_login(trainee)

    response = client.post(
        url("add_day", full_week.pk), {"title": "Eighth"}, headers=HX if htmx else {}
    )

    assert response.status_code == 200
    assert full_week.days.count() == MAX_DAYS_PER_WEEK
    assert builder.DAYS_FULL in response.text
    form = response.text.split(f'action="{url("add_day", full_week.pk)}"')[1].split("</form>")[0]
    assert builder.DAYS_FULL in form and 'value="Eighth"' in form
    assert ("<html" in response.text) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_adding_an_item_past_the_cap_is_refused_beside_the_add_item_form(
    client, trainee, full_day, htmx
):
    exercise = ExerciseFactory(name="Thirteenth", slug="thirteenth")
    client.force_login(trainee)
    data = {
        "exercise": str(exercise.pk),
        "sets": "3",
        "reps_min": "8",
        "reps_max": "12",
        "tempo": "3-1-1-0",
        "rest_s": "60",
    }

    response = client.post(url("add_prescription", full_day.pk), data, headers=HX if htmx else {})

    assert response.status_code == 200
    assert full_day.prescriptions.count() == MAX_ITEMS_PER_DAY
    form = response.text.split(f'action="{url("add_prescription", full_day.pk)}"')[1]
    assert builder.ITEMS_FULL in form.split("</form>")[0]
    assert ("<html" in response.text) is not htmx


@pytest.mark.parametrize("htmx", [False, True])
def test_duplicating_a_week_past_the_programs_total_is_refused_beside_its_button(
    client, trainee, crowded_program, htmx
):
    week = crowded_program.weeks.get(number=2)
    client.force_login(trainee)

    response = client.post(url("duplicate_week", week.pk), headers=HX if htmx else {})

    assert response.status_code == 200
    assert items_of(crowded_program) == MAX_ITEMS_PER_PROGRAM
    section = response.text.split(f'id="week-{week.pk}"')[1].split('class="card builder-week"')[0]
    assert "at most 500 exercises in all its days, and this would make 512" in section
