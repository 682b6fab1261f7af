"""The builder opens one week at a time, lists the others, and sends every change back to
the week it changed; every form on it carries its CSRF token, so it works without JavaScript;
and the page stays small and its queries few however long the program is."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from programs.limits import MAX_ITEMS_PER_PROGRAM, MAX_WEEKS_PER_PROGRAM
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
FORM = re.compile(r"<form\b.*?</form>", re.DOTALL)


def url(name: str, pk: int) -> str:
    return reverse(f"programs:{name}", args=[pk])


def at_week(program, number: int, anchor: str = "") -> str:
    return f"{url('edit', program.pk)}?week={number}{anchor}"


@pytest.fixture
def three_weeks(trainee):
    """The trainee's program of three weeks, each with a day of its own exercise."""
    program = ProgramFactory(owner=trainee, name="Three weeks")
    for number, (focus, name) in enumerate(
        [("Control", "Alpha"), ("Load", "Bravo"), ("Hinge", "Charlie")], start=1
    ):
        day = ProgramDayFactory(
            week=ProgramWeekFactory(program=program, number=number, focus=focus),
            position=1,
            title=f"{focus} day",
        )
        PrescriptionFactory(
            day=day, position=1, exercise=ExerciseFactory(name=name, slug=name.lower())
        )
    return program


def a_year_of_training(owner) -> object:
    """A program at the caps: every week a program may have, with as many exercises as the
    program may hold spread over three days a week."""
    program = ProgramFactory(owner=owner, name="A year")
    exercises = [ExerciseFactory(name=f"Exercise {n}", slug=f"exercise-{n}") for n in range(4)]
    weeks = ProgramWeek.objects.bulk_create(
        ProgramWeek(program=program, number=n, focus=f"Block {n}")
        for n in range(1, MAX_WEEKS_PER_PROGRAM + 1)
    )
    days = ProgramDay.objects.bulk_create(
        ProgramDay(week=week, position=p, title=f"Day {p}") for week in weeks for p in (1, 2, 3)
    )
    per_day = MAX_ITEMS_PER_PROGRAM // len(days)
    Prescription.objects.bulk_create(
        Prescription(
            day=day,
            position=p,
            exercise=exercises[p % len(exercises)],
            sets=3,
            reps_min=8,
            reps_max=12,
            tempo="3-1-1-0",
            rest_s=60,
        )
        for day in days
        for p in range(1, per_day + 1)
    )
    return program


def test_the_builder_opens_the_first_week_and_lists_the_others(client, trainee, three_weeks):
    client.force_login(trainee)

    response = client.get(url("edit", three_weeks.pk))

    assert "Day 1: Control day" in response.text and "<strong>Alpha</strong>" in response.text
    # The other weeks are a line each, with what they hold; their days are not on the page.
    assert "<strong>Bravo</strong>" not in response.text and "Load day" not in response.text
    assert f'href="{at_week(three_weeks, 2)}">Week 2: Load</a>' in response.text
    assert "1 day, 1 exercise" in response.text
    assert 'aria-current="page">Week 1: Control</a>' in response.text


def test_the_builder_opens_the_week_asked_for_with_steps_to_its_neighbours(
    client, trainee, three_weeks
):
    client.force_login(trainee)

    response = client.get(at_week(three_weeks, 2))

    assert "Day 1: Load day" in response.text and "<strong>Bravo</strong>" in response.text
    assert "Day 1: Control day" not in response.text
    assert "<strong>Charlie</strong>" not in response.text
    steps = response.text.split('aria-label="Previous and next week"')[1].split("</nav>")[0]
    assert at_week(three_weeks, 1) in steps and at_week(three_weeks, 3) in steps


@pytest.mark.parametrize(("asked", "shown"), [("0", "Control"), ("99", "Hinge"), ("x", "Control")])
def test_a_week_that_is_not_there_opens_the_nearest_one(client, trainee, three_weeks, asked, shown):
    client.force_login(trainee)

    response = client.get(url("edit", three_weeks.pk) + f"?week={asked}")

    assert response.status_code == 200
    assert f"{shown} day" in response.text


def test_a_program_without_weeks_offers_to_add_the_first(client, trainee):
    program = ProgramFactory(owner=trainee)
    client.force_login(trainee)

    response = client.get(url("edit", program.pk) + "?week=3")

    assert "This program has no weeks yet" in response.text
    assert 'id="add-week-heading"' in response.text


def test_changes_without_javascript_go_back_to_the_week_they_changed(client, trainee, three_weeks):
    week = three_weeks.weeks.get(number=2)
    day = week.days.get()
    item = day.prescriptions.get()
    client.force_login(trainee)

    moved = client.post(url("move_prescription", item.pk), {"direction": "up"})
    renamed = client.post(url("rename_week", week.pk), {"focus": "Heavier"})
    copied = client.post(url("duplicate_week", week.pk))
    saved = client.post(at_week(three_weeks, 2), {"name": "Renamed", "description": ""})

    assert moved.status_code == renamed.status_code == copied.status_code == 303
    assert moved["Location"] == at_week(three_weeks, 2, f"#day-{day.pk}")
    assert renamed["Location"] == at_week(three_weeks, 2, f"#week-{week.pk}")
    copy = three_weeks.weeks.get(number=4)
    assert copied["Location"] == at_week(three_weeks, 4, f"#week-{copy.pk}")
    assert saved["Location"] == at_week(three_weeks, 2)


@pytest.mark.parametrize("htmx", [False, True])
def test_removing_a_week_opens_the_week_that_took_its_place(client, trainee, three_weeks, htmx):
    client.force_login(trainee)

    response = client.post(
        url("remove_week", three_weeks.weeks.get(number=2).pk), headers=HX if htmx else {}
    )

    if htmx:
        assert response["HX-Push-Url"] == at_week(three_weeks, 2)
        assert "Hinge day" in response.text and "Charlie" in response.text
    else:
        assert response["Location"] == at_week(three_weeks, 2, "#weeks")
        assert "Hinge day" in client.get(response["Location"]).text


def test_removing_the_last_week_opens_the_one_before(client, trainee, three_weeks):
    client.force_login(trainee)

    response = client.post(url("remove_week", three_weeks.weeks.get(number=3).pk), headers=HX)

    assert response["HX-Push-Url"] == at_week(three_weeks, 2)
    assert "Load day" in response.text


def test_a_week_added_with_htmx_is_opened_and_its_address_shown(client, trainee, three_weeks):
    client.force_login(trainee)

    response = client.post(
        url("add_week", three_weeks.pk) + "?week=2", {"focus": "Fourth"}, headers=HX
    )

    assert response["HX-Push-Url"] == at_week(three_weeks, 4)
    assert "Week 4: Fourth" in response.text
    assert "<html" not in response.text


def test_a_refused_week_keeps_the_week_the_person_was_on(client, trainee, three_weeks):
    client.force_login(trainee)

    response = client.post(url("add_week", three_weeks.pk) + "?week=2", {"focus": "x" * 121})

    assert response.status_code == 200
    assert 'id="id_newweek_focus_errors"' in response.text
    assert "Load day" in response.text


def test_every_builder_form_carries_its_csrf_token(client, trainee, three_weeks):
    """Without JavaScript nothing adds the htmx header: each form needs the hidden token."""
    item = three_weeks.weeks.get(number=1).days.get().prescriptions.get()
    client.force_login(trainee)

    for response, at_least in (
        (client.get(url("edit", three_weeks.pk)), 9),
        (client.get(url("edit_prescription", item.pk)), 9),
        (client.get(url("edit_prescription", item.pk), headers=HX), 4),
    ):
        forms = FORM.findall(response.text)
        assert len(forms) >= at_least
        missing = [form[:120] for form in forms if 'name="csrfmiddlewaretoken"' not in form]
        assert missing == []


def test_a_form_posted_with_csrf_checks_on_is_saved(trainee, three_weeks):
    """The real check, as a browser without JavaScript meets it: the token from the page."""
    day = three_weeks.weeks.get(number=1).days.get()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(trainee)
    page = browser.get(url("edit", three_weeks.pk)).text
    form = page.split(f'action="{url("rename_day", day.pk)}"')[1].split("</form>")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]

    refused = browser.post(url("rename_day", day.pk), {"title": "No token"})
    saved = browser.post(url("rename_day", day.pk), {"title": "Kept", "csrfmiddlewaretoken": token})

    assert refused.status_code == 403
    assert saved.status_code == 303
    day.refresh_from_db()
    assert day.title == "Kept"


def test_the_builder_of_a_year_long_program_stays_small_and_its_queries_few(
    client, trainee, django_assert_max_num_queries
):
    program = a_year_of_training(trainee)
    client.force_login(trainee)

    # Session, user, program, the weeks with their counts, the open week's days, their
    # prescriptions, the exercises for the menus.
    with django_assert_max_num_queries(7):
        response = client.get(at_week(program, 30))

    assert response.status_code == 200
    assert "Week 52: Block 52" in response.text
    assert response.text.count('class="builder-day"') == 3
    # One week in full and 52 lines: about a tenth of the whole program's 1 MB.
    assert len(response.content) < 60_000
