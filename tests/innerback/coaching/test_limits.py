"""A coach writes at most so many comments and invitations an hour, counted from the stored
rows; past that the form says when the next one can go. Long texts are refused beside the
field."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from innerback.coaching import relations
from innerback.coaching.limits import COMMENTS_PER_HOUR, INVITATIONS_PER_HOUR
from innerback.coaching.models import Invitation
from programs.models import GateOverride, SessionComment
from tests.conftest import HTMX
from tests.innerback.accounts.factories import CoachFactory
from tests.innerback.coaching.coaching_support import enrol_on_starter, log_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(coached_trainee, coach):
    """A session the coached trainee logged, for the coach to comment on."""
    enrolment = enrol_on_starter(coached_trainee, weeks_ago=1, coach=coach)
    session = enrolment.sessions.order_by("scheduled_on").first()
    log_session(session)
    return session


def comments_written(coach, session, count: int, *, minutes_ago: int = 5) -> None:
    at = timezone.now() - timedelta(minutes=minutes_ago)
    SessionComment.objects.bulk_create(
        SessionComment(session=session, author=coach, body=f"Note {n}", created_at=at)
        for n in range(count)
    )


def invitations_sent(coach, count: int, *, minutes_ago: int = 5) -> None:
    at = timezone.now() - timedelta(minutes=minutes_ago)
    for _ in range(count):
        Invitation.objects.create(coach=coach, created_at=at)


def comment_url(session) -> str:
    return reverse("coach:comment", args=[session.trainee_id, session.pk])


def test_the_hourly_limits_are_sixty_comments_and_thirty_invitations():
    assert (COMMENTS_PER_HOUR, INVITATIONS_PER_HOUR) == (60, 30)


# --- comments --------------------------------------------------------------------------------


def test_a_coach_comments_up_to_the_hourly_limit(coach, session):
    comments_written(coach, session, COMMENTS_PER_HOUR - 1)

    relations.add_comment(coach=coach, session=session, body="The last one this hour.")

    with pytest.raises(relations.LimitReached, match="60 comments in the last hour"):
        relations.add_comment(coach=coach, session=session, body="One too many.")
    assert SessionComment.objects.filter(author=coach).count() == COMMENTS_PER_HOUR


def test_comments_older_than_an_hour_do_not_count(coach, session):
    comments_written(coach, session, COMMENTS_PER_HOUR, minutes_ago=61)

    relations.add_comment(coach=coach, session=session, body="A new hour.")

    assert SessionComment.objects.filter(author=coach).count() == COMMENTS_PER_HOUR + 1


def test_each_coach_has_their_own_comment_count(coach, session):
    comments_written(CoachFactory(), session, COMMENTS_PER_HOUR)

    relations.add_comment(coach=coach, session=session, body="Mine still goes.")


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_comment_past_the_limit_is_refused_beside_the_form_saying_when_to_retry(
    client, coach, session, headers
):
    # The oldest of this hour's comments leaves the hour in about 20 minutes.
    comments_written(coach, session, COMMENTS_PER_HOUR, minutes_ago=40)
    client.force_login(coach)

    response = client.post(comment_url(session), {"body": "Keep it slow."}, headers=headers)

    assert response.status_code == 200
    assert "You have sent 60 comments in the last hour" in response.text
    assert "the next one in 20 minutes" in response.text
    # Beside the session's comment form, which keeps what was typed.
    form = response.text.split(f'action="{comment_url(session)}"')[1].split("</form>")[0]
    assert 'role="alert"' in form and "60 comments" in form and "Keep it slow." in form
    assert not SessionComment.objects.filter(body="Keep it slow.").exists()


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_too_long_comment_is_refused_beside_the_field(client, coach, session, headers):
    client.force_login(coach)

    response = client.post(comment_url(session), {"body": "x" * 2001}, headers=headers)

    assert response.status_code == 200
    assert f'id="id_s{session.pk}_body_errors"' in response.text
    assert "at most 2000 characters" in response.text
    assert not SessionComment.objects.exists()


# --- invitations -----------------------------------------------------------------------------


def test_a_coach_invites_up_to_the_hourly_limit(coach):
    invitations_sent(coach, INVITATIONS_PER_HOUR - 1)

    relations.create_invitation(coach=coach)

    with pytest.raises(relations.LimitReached, match="30 invitations in the last hour"):
        relations.create_invitation(coach=coach)
    assert Invitation.objects.filter(coach=coach).count() == INVITATIONS_PER_HOUR


def test_withdrawn_invitations_still_count_towards_the_hour(coach):
    invitations_sent(coach, INVITATIONS_PER_HOUR)
    Invitation.objects.update(revoked_at=timezone.now())

    with pytest.raises(relations.LimitReached):
        relations.create_invitation(coach=coach)


def test_invitations_older_than_an_hour_do_not_count(coach):
    invitations_sent(coach, INVITATIONS_PER_HOUR, minutes_ago=61)

    relations.create_invitation(coach=coach)


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_an_invitation_past_the_limit_is_refused_beside_the_form(client, coach, headers):
    invitations_sent(coach, INVITATIONS_PER_HOUR, minutes_ago=59)
    client.force_login(coach)

    response = client.post(reverse("coach:invite_create"), {"note": "Sam"}, headers=headers)

    assert response.status_code == 200
    assert "You have sent 30 invitations in the last hour" in response.text
    assert "the next one in 1 minute." in response.text
    form = response.text.split(f'action="{reverse("coach:invite_create")}"')[1]
    assert "30 invitations" in form.split("</form>")[0]
    assert Invitation.objects.filter(coach=coach).count() == INVITATIONS_PER_HOUR


# --- override reasons ------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_too_long_override_reason_is_refused_beside_the_field(
    client, coach, coached_trainee, session, headers
):
    client.force_login(coach)
    page = client.get(reverse("coach:client", args=[coached_trainee.pk]))
    exercise = page.context["override_form"].fields["exercise"].choices[0][0]

    response = client.post(
        reverse("coach:override", args=[coached_trainee.pk]),
        {"exercise": exercise, "reason": "x" * 1001},
        headers=headers,
    )

    assert response.status_code == 200
    assert 'id="id_reason_errors"' in response.text
    assert "at most 1000 characters" in response.text
    assert not GateOverride.objects.exists()
