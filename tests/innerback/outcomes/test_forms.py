"""The check-in and activity forms: 0–10 whole numbers only, up to three activities, blank
activity names allowed, every message beside its field."""

import pytest

from innerback.outcomes.forms import SCORE_MESSAGE, ActivitiesForm, WeeklyForm
from tests.innerback.outcomes.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pain", ["-1", "11", "2.5", "lots", ""])
def test_pain_must_be_a_whole_number_from_0_to_10(pain):
    form = WeeklyForm([], {"pain": pain})

    assert form.errors == {"pain": [SCORE_MESSAGE]}


@pytest.mark.parametrize("pain", ["0", "10"])
def test_both_ends_of_the_scale_are_answers(pain):
    form = WeeklyForm([], {"pain": pain})

    assert form.is_valid(), form.errors


def test_each_activity_is_rated_and_the_message_names_its_field(trainee):
    walk = ActivityFactory(trainee=trainee, name="Walking")
    sit = ActivityFactory(trainee=trainee, name="Sitting", position=2)

    form = WeeklyForm([walk, sit], {"pain": "3", f"activity_{walk.pk}": "12"})

    assert form.errors == {
        f"activity_{walk.pk}": [SCORE_MESSAGE],
        f"activity_{sit.pk}": [SCORE_MESSAGE],
    }
    assert form.fields[f"activity_{walk.pk}"].label == "Walking"


def test_scores_come_back_by_activity(trainee):
    walk = ActivityFactory(trainee=trainee)

    form = WeeklyForm([walk], {"pain": "3", f"activity_{walk.pk}": "7"})

    assert form.is_valid()
    assert form.scores() == {walk.pk: 7}


def test_activities_may_be_left_blank():
    form = ActivitiesForm({"activity_1": "  Walking  ", "activity_2": "", "activity_3": "   "})

    assert form.is_valid(), form.errors
    assert form.names() == ["Walking", "", ""]


def test_there_are_three_places_for_activities_and_no_fourth():
    form = ActivitiesForm(
        {"activity_1": "a", "activity_2": "b", "activity_3": "c", "activity_4": "d"}
    )

    assert form.is_valid()
    assert form.names() == ["a", "b", "c"]


def test_the_same_activity_twice_is_refused_beside_the_second():
    form = ActivitiesForm({"activity_1": "Walking", "activity_2": "walking"})

    assert form.errors == {"activity_2": ["You named this activity already; name a different one."]}


def test_a_too_long_name_is_refused_beside_its_field():
    form = ActivitiesForm({"activity_3": "é" * 81})

    assert form.errors == {"activity_3": ["Keep it to 80 characters or fewer."]}
