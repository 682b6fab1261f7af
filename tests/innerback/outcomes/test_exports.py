"""outcomes.csv for the trainee and, per current client, their coach; the answers in the
account data download; and gone with the account."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from innerback.outcomes.csv_export import COLUMNS
from innerback.outcomes.models import Activity, Answer
from tests.innerback.accounts.factories import PASSWORD, CoachFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.innerback.outcomes.factories import (
    ActivityAnswerFactory,
    ActivityFactory,
    PainAnswerFactory,
)

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)
OWN = reverse("outcomes:export")


def client_csv(client_id: int) -> str:
    return reverse("coach:client_outcomes_export", args=[client_id])


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response), newline="")))


def two_weeks(trainee) -> None:
    walk = ActivityFactory(trainee=trainee, name="Walking", position=1)
    sit = ActivityFactory(trainee=trainee, name="=SUM(A1)", position=2)
    for week, pain, walking, sitting in ((MONDAY, 6, 4, 3), (MONDAY + timedelta(weeks=1), 4, 6, 3)):
        # Written out of order: the file is ordered all the same.
        ActivityAnswerFactory(activity=sit, week=week, score=sitting)
        PainAnswerFactory(trainee=trainee, week=week, score=pain)
        ActivityAnswerFactory(activity=walk, week=week, score=walking)


def test_the_trainee_downloads_one_row_per_answered_item(client, trainee):
    two_weeks(trainee)
    client.force_login(trainee)

    response = client.get(OWN)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="innerback-tess-trainee-outcomes.csv"'
    )
    text = body(client.get(OWN))
    assert text.splitlines()[0] == ",".join(COLUMNS) == "date,trainee,kind,item,score"
    assert [tuple(row.values()) for row in rows(client.get(OWN))] == [
        ("2026-03-02", "Tess Trainee", "pain_week", "", "6"),
        ("2026-03-02", "Tess Trainee", "psfs", "Walking", "4"),
        ("2026-03-02", "Tess Trainee", "psfs", "'=SUM(A1)", "3"),
        ("2026-03-09", "Tess Trainee", "pain_week", "", "4"),
        ("2026-03-09", "Tess Trainee", "psfs", "Walking", "6"),
        ("2026-03-09", "Tess Trainee", "psfs", "'=SUM(A1)", "3"),
    ]


def test_a_renamed_activitys_old_scores_keep_their_old_name(client, trainee):
    old = ActivityFactory(trainee=trainee, name="Walking", retired_at=timezone.now())
    new = ActivityFactory(trainee=trainee, name="Walking the dog", position=1)
    ActivityAnswerFactory(activity=old, week=MONDAY, score=3)
    ActivityAnswerFactory(activity=new, week=MONDAY + timedelta(weeks=1), score=5)
    client.force_login(trainee)

    assert [(r["date"], r["item"], r["score"]) for r in rows(client.get(OWN))] == [
        ("2026-03-02", "Walking", "3"),
        ("2026-03-09", "Walking the dog", "5"),
    ]


def test_the_trainees_file_holds_nobody_elses_answers(client, trainee, other_trainee):
    two_weeks(other_trainee)
    client.force_login(trainee)

    assert body(client.get(OWN)) == "date,trainee,kind,item,score\r\n"


def test_the_file_reads_in_one_query_however_many_weeks(
    client, trainee, django_assert_max_num_queries
):
    activity = ActivityFactory(trainee=trainee)
    for n in range(60):
        PainAnswerFactory(trainee=trainee, week=MONDAY + timedelta(weeks=n))
        ActivityAnswerFactory(activity=activity, week=MONDAY + timedelta(weeks=n))
    client.force_login(trainee)

    # Session and user, then the answers.
    with django_assert_max_num_queries(3):
        assert len(rows(client.get(OWN))) == 120


def test_a_coach_downloads_a_current_clients_check_ins(client, coach, coached_trainee):
    two_weeks(coached_trainee)
    client.force_login(coach)

    response = client.get(client_csv(coached_trainee.pk))

    assert response.status_code == 200
    assert len(rows(response)) == 6


def test_another_coach_or_a_former_coach_gets_404(client, coached_trainee):
    former = CoachFactory()
    CoachingFactory(coach=former, client=coached_trainee, ended_at=timezone.now(), ended_by=former)
    stranger = CoachFactory()
    for someone in (former, stranger):
        client.force_login(someone)
        assert client.get(client_csv(coached_trainee.pk)).status_code == 404


def test_someone_who_does_not_coach_gets_403_and_a_coach_cannot_read_themselves(
    client, coach, trainee, other_trainee
):
    client.force_login(other_trainee)
    assert client.get(client_csv(trainee.pk)).status_code == 403
    client.force_login(coach)
    assert client.get(client_csv(coach.pk)).status_code == 404


def test_only_get_is_allowed(client, trainee):
    client.force_login(trainee)

    assert client.post(OWN).status_code == 405


def test_the_account_page_links_the_second_file_and_the_coach_client_page_links_theirs(
    client, coach, coached_trainee
):
    client.force_login(coached_trainee)
    assert OWN in client.get(reverse("account")).text
    client.force_login(coach)
    page = client.get(reverse("coach:client", args=[coached_trainee.pk]))
    assert client_csv(coached_trainee.pk) in page.text


def test_the_data_download_holds_the_activities_and_answers(client, trainee, other_trainee):
    two_weeks(trainee)
    two_weeks(other_trainee)
    client.force_login(trainee)

    data = json.loads(client.get(reverse("data_export")).content)

    assert [a["name"] for a in data["psfs_activities"]] == ["Walking", "=SUM(A1)"]
    assert [(a["week"], a["kind"], a["item"], a["score"]) for a in data["outcome_answers"]][:3] == [
        ("2026-03-02", "pain_week", "", 6),
        ("2026-03-02", "psfs", "Walking", 4),
        ("2026-03-02", "psfs", "=SUM(A1)", 3),
    ]
    assert len(data["outcome_answers"]) == 6


def test_deleting_the_account_deletes_the_answers_and_no_one_elses(client, trainee, other_trainee):
    two_weeks(trainee)
    two_weeks(other_trainee)
    client.force_login(trainee)

    client.post(reverse("delete_account"), {"password": PASSWORD})

    assert set(Answer.objects.values_list("trainee", flat=True)) == {other_trainee.pk}
    assert set(Activity.objects.values_list("trainee", flat=True)) == {other_trainee.pk}
