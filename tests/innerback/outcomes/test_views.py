"""The weekly check-in pages: with and without JavaScript, only ever the signed-in person's
own answers, and the dashboard asking once a week."""

import pytest
from django.urls import reverse

from innerback.outcomes.forms import SCORE_MESSAGE
from innerback.outcomes.models import Activity, Answer, answer_week, name_activities
from tests.conftest import HTMX
from tests.innerback.outcomes.factories import ActivityFactory
from tests.programs.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

WEEK = reverse("outcomes:week")
ACTIVITIES = reverse("outcomes:activities")
CLINICIAN = "innerback does not diagnose anything"


def scores(trainee) -> dict:
    return dict(Answer.objects.filter(trainee=trainee).values_list("activity__name", "score"))


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in (WEEK, ACTIVITIES, reverse("outcomes:export")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_check_in_posts_without_javascript_and_comes_back_saved(client, trainee):
    (walk,) = name_activities(trainee=trainee, names=["Walking"])
    client.force_login(trainee)

    response = client.post(WEEK, {"pain": "4", f"activity_{walk.pk}": "6"}, follow=True)

    assert response.redirect_chain == [(WEEK, 302)]
    assert scores(trainee) == {None: 4, "Walking": 6}
    assert "You can change these answers until Sunday" in response.text
    assert response.context["form"]["pain"].value() == 4


def test_with_htmx_the_saved_card_comes_back_in_place(client, trainee):
    client.force_login(trainee)

    response = client.post(WEEK, {"pain": "2"}, headers=HTMX)

    assert response.status_code == 200
    assert response.templates[0].name == "outcomes/_weekly_card.html"
    assert "<html" not in response.text
    assert "Back pain on average: <strong>2 of 10</strong>" in response.text
    assert "Change this week's answers" in response.text


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["no-js", "htmx"])
def test_a_bad_answer_comes_back_with_its_message_and_saves_nothing(client, trainee, headers):
    (walk,) = name_activities(trainee=trainee, names=["Walking"])
    client.force_login(trainee)

    response = client.post(WEEK, {"pain": "3", f"activity_{walk.pk}": "11"}, headers=headers)

    assert response.status_code == 200
    assert response.context["form"].errors == {f"activity_{walk.pk}": [SCORE_MESSAGE]}
    assert f'id="id_activity_{walk.pk}_error"' in response.text
    assert not Answer.objects.exists()


def test_htmx_asks_for_the_form_to_change_this_weeks_answers(client, trainee):
    answer_week(trainee=trainee, pain=5, scores={})
    client.force_login(trainee)

    response = client.get(WEEK, headers=HTMX)

    assert response.templates[0].name == "outcomes/_weekly_card.html"
    assert 'value="5"' in response.text and "Save changes" in response.text
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_the_page_says_it_does_not_diagnose_and_when_to_see_a_clinician(client, trainee):
    client.force_login(trainee)

    response = client.get(WEEK)

    assert CLINICIAN in response.text and "see a clinician" in response.text


def test_the_dashboard_asks_until_this_week_is_answered(client, trainee):
    EnrolmentFactory(trainee=trainee)
    client.force_login(trainee)

    asking = client.get("/")
    answer_week(trainee=trainee, pain=3, scores={})
    answered = client.get("/")

    assert "Save this week's answers" in asking.text and CLINICIAN in asking.text
    assert "Save this week's answers" not in answered.text
    assert "Back pain on average: <strong>3 of 10</strong>" in answered.text


def test_naming_activities_without_javascript(client, trainee):
    client.force_login(trainee)

    response = client.post(
        ACTIVITIES, {"activity_1": "Walking", "activity_2": "", "activity_3": "Sitting"}
    )

    assert response.status_code == 302 and response.url == WEEK
    assert list(
        Activity.objects.filter(trainee=trainee).current().values_list("name", "position")
    ) == [
        ("Walking", 1),
        ("Sitting", 3),
    ]


def test_a_repeated_activity_name_comes_back_beside_the_field_and_nothing_is_saved(client, trainee):
    client.force_login(trainee)

    response = client.post(ACTIVITIES, {"activity_1": "Walking", "activity_2": "Walking"})

    assert response.status_code == 200
    assert "You named this activity already" in response.text
    assert not Activity.objects.exists()


def test_the_check_in_reads_and_writes_only_the_signed_in_persons_activities(
    client, trainee, other_trainee
):
    theirs = ActivityFactory(trainee=other_trainee, name="Their secret activity")
    client.force_login(trainee)

    page = client.get(WEEK)
    client.post(WEEK, {"pain": "4", f"activity_{theirs.pk}": "9"})

    assert "Their secret activity" not in page.text
    assert not Answer.objects.filter(activity=theirs).exists()
    assert not Answer.objects.filter(trainee=other_trainee).exists()


def test_a_double_tapped_save_stores_the_answers_once(client, trainee):
    client.force_login(trainee)

    for _ in range(2):
        client.post(WEEK, {"pain": "4"})

    assert Answer.objects.filter(trainee=trainee).count() == 1
