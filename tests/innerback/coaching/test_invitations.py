"""Inviting a client: create, share, accept, refuse, withdraw, and end a coaching."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from innerback.coaching import relations as coaching
from innerback.coaching.models import Coaching, Invitation
from programs.models import SetLog
from tests.conftest import HTMX
from tests.innerback.accounts.factories import PASSWORD, CoachFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.programs.factories import SetLogFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(coach):
    return Invitation.objects.create(coach=coach, note="For Tess")


def invite_url(invitation: Invitation) -> str:
    return reverse("invite", args=[invitation.code])


# --- creating and withdrawing ----------------------------------------------------------------


def test_a_coach_creates_an_invitation_and_returns_to_the_roster(client, coach):
    client.force_login(coach)

    response = client.post(reverse("coach:invite_create"), {"note": "Sam"})

    assert response.status_code == 302
    assert response.url == reverse("coach:home")
    invitation = Invitation.objects.get(coach=coach)
    assert invitation.note == "Sam"
    assert invitation.is_open()
    page = client.get(reverse("coach:home"))
    assert invitation.code in page.text
    assert f"http://testserver/invite/{invitation.code}/" in page.text


def test_creating_an_invitation_with_htmx_returns_the_invitations_part(client, coach):
    client.force_login(coach)

    response = client.post(reverse("coach:invite_create"), {"note": ""}, headers=HTMX)

    assert response.status_code == 200
    invitation = Invitation.objects.get(coach=coach)
    assert invitation.code in response.text
    assert "<html" not in response.text
    assert "Your clients" not in response.text


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_too_long_note_is_explained_beside_the_field_and_nothing_is_created(
    client, coach, headers
):
    client.force_login(coach)

    response = client.post(reverse("coach:invite_create"), {"note": "x" * 200}, headers=headers)

    assert response.status_code == 200
    assert 'id="id_note_errors"' in response.text
    assert "x" * 200 in response.text
    assert not Invitation.objects.exists()


def test_invitation_codes_are_unique_and_easy_to_type(coach):
    codes = {coaching.create_invitation(coach=coach).code for _ in range(20)}

    assert len(codes) == 20
    assert all(len(code) == 8 and code.isalnum() and code.isupper() for code in codes)
    assert not any(set(code) & set("01IO") for code in codes)


def test_a_trainee_cannot_create_invitations(trainee):
    with pytest.raises(coaching.CoachingError):
        coaching.create_invitation(coach=trainee)


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_coach_withdraws_an_open_invitation(client, coach, invitation, headers):
    client.force_login(coach)

    response = client.post(reverse("coach:invite_revoke", args=[invitation.pk]), headers=headers)

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    if headers:
        assert response.status_code == 200
        assert f"Withdraw {invitation.code}" not in response.text
    else:
        assert response.status_code == 302
    assert f"Withdraw {invitation.code}" not in client.get(reverse("coach:home")).text


def test_a_withdrawn_invitation_can_no_longer_be_accepted(client, invitation, trainee):
    coaching.revoke_invitation(invitation=invitation)
    client.force_login(trainee)

    page = client.get(invite_url(invitation))
    response = client.post(invite_url(invitation), follow=True)

    assert "withdrew this invitation" in page.text
    assert "withdrew this invitation" in response.text
    assert not Coaching.objects.exists()


def test_an_accepted_invitation_cannot_be_withdrawn(client, coach, invitation, trainee):
    coaching.accept_invitation(invitation=invitation, trainee=trainee)
    client.force_login(coach)

    response = client.post(reverse("coach:invite_revoke", args=[invitation.pk]), follow=True)

    assert "already accepted" in response.text
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert Coaching.objects.current().filter(client=trainee).exists()


def test_another_coach_cannot_withdraw_my_invitation(client, invitation):
    client.force_login(CoachFactory())

    response = client.post(reverse("coach:invite_revoke", args=[invitation.pk]))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_the_roster_lists_only_open_invitations(client, coach, trainee):
    open_one = Invitation.objects.create(coach=coach)
    expired = Invitation.objects.create(coach=coach, expires_at=timezone.now() - timedelta(days=1))
    withdrawn = Invitation.objects.create(coach=coach, revoked_at=timezone.now())
    used = Invitation.objects.create(coach=coach)
    coaching.accept_invitation(invitation=used, trainee=trainee)
    someone_elses = Invitation.objects.create(coach=CoachFactory())
    client.force_login(coach)

    page = client.get(reverse("coach:home")).text

    assert open_one.code in page
    for hidden in (expired, withdrawn, used, someone_elses):
        assert hidden.code not in page


# --- the invite page and accepting -----------------------------------------------------------


def test_an_anonymous_visitor_sees_who_invites_and_is_offered_sign_up_and_log_in(
    client, invitation
):
    response = client.get(invite_url(invitation))

    assert response.status_code == 200
    assert "Cora Coach invites you" in response.text
    assert f"/accounts/signup/?next={invite_url(invitation)}" in response.text
    assert f"/accounts/login/?next={invite_url(invitation)}" in response.text


def test_an_anonymous_accept_is_sent_to_log_in_and_back(client, invitation):
    response = client.post(invite_url(invitation))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={invite_url(invitation)}"
    assert not Coaching.objects.exists()


def test_signing_up_from_an_invitation_comes_back_to_it(client, invitation):
    response = client.post(
        f"{reverse('signup')}?next={invite_url(invitation)}",
        {
            "email": "new@example.com",
            "display_name": "Nia New",
            "password1": "steady-spine-2026",
            "password2": "steady-spine-2026",
        },
    )

    assert response.status_code == 302
    assert response.url == invite_url(invitation)
    page = client.get(response.url)
    assert "Accept Cora Coach as my coach" in page.text


def test_logging_in_from_an_invitation_comes_back_to_it(client, invitation, trainee):
    response = client.post(
        reverse("login"),
        {"username": trainee.email, "password": PASSWORD, "next": invite_url(invitation)},
    )

    assert response.status_code == 302
    assert response.url == invite_url(invitation)


def test_a_trainee_accepts_and_the_coach_becomes_their_coach(client, coach, invitation, trainee):
    client.force_login(trainee)

    response = client.post(invite_url(invitation), follow=True)

    assert "Cora Coach is now your coach" in response.text
    current = Coaching.objects.current().get(client=trainee)
    assert current.coach == coach
    invitation.refresh_from_db()
    assert invitation.accepted_by == trainee
    assert invitation.accepted_at is not None
    assert not invitation.is_open()


def test_an_invitation_works_only_once(client, invitation, trainee, other_trainee):
    coaching.accept_invitation(invitation=invitation, trainee=trainee)
    client.force_login(other_trainee)

    page = client.get(invite_url(invitation))
    response = client.post(invite_url(invitation), follow=True)

    assert "already been used" in page.text
    assert "already been used" in response.text
    assert not Coaching.objects.filter(client=other_trainee).exists()


def test_accepting_twice_makes_one_coaching(invitation, trainee):
    coaching.accept_invitation(invitation=invitation, trainee=trainee)

    with pytest.raises(coaching.CoachingError, match="already accepted"):
        coaching.accept_invitation(invitation=invitation, trainee=trainee)

    assert Coaching.objects.filter(client=trainee).count() == 1


def test_a_stale_copy_of_a_used_invitation_is_still_refused(invitation, trainee, other_trainee):
    stale = Invitation.objects.get(pk=invitation.pk)
    coaching.accept_invitation(invitation=invitation, trainee=trainee)

    with pytest.raises(coaching.CoachingError):
        coaching.accept_invitation(invitation=stale, trainee=other_trainee)

    assert not Coaching.objects.filter(client=other_trainee).exists()


def test_an_expired_invitation_is_refused(client, coach, trainee):
    invitation = Invitation.objects.create(
        coach=coach, expires_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(trainee)

    response = client.post(invite_url(invitation), follow=True)

    assert "expired" in response.text
    assert not Coaching.objects.exists()


def test_a_coach_cannot_accept_their_own_invitation(client, coach, invitation):
    client.force_login(coach)

    response = client.post(invite_url(invitation), follow=True)

    assert "your own invitation" in response.text
    assert not Coaching.objects.exists()


def test_a_coached_trainee_is_told_to_end_the_current_coaching_first(
    client, coached_trainee, coach
):
    new_coach = CoachFactory(display_name="Nico New")
    invitation = Invitation.objects.create(coach=new_coach)
    client.force_login(coached_trainee)

    page = client.get(invite_url(invitation))
    response = client.post(invite_url(invitation), follow=True)

    assert "You are coached by Cora Coach" in page.text
    assert "one coach at a time" in page.text
    assert "End coaching with Cora Coach" in page.text
    assert "one coach at a time" in response.text
    assert Coaching.objects.current().get(client=coached_trainee).coach == coach


def test_after_ending_the_current_coaching_the_new_invitation_can_be_accepted(
    client, coached_trainee, coach
):
    new_coach = CoachFactory(display_name="Nico New")
    invitation = Invitation.objects.create(coach=new_coach)
    client.force_login(coached_trainee)

    ended = client.post(reverse("coaching_end"), {"next": invite_url(invitation)})
    accepted = client.post(invite_url(invitation))

    assert ended.url == invite_url(invitation)
    assert accepted.status_code == 302
    assert Coaching.objects.current().get(client=coached_trainee).coach == new_coach
    old = Coaching.objects.get(coach=coach, client=coached_trainee)
    assert old.ended_by == coached_trainee


def test_accepting_an_invitation_from_the_current_coach_says_so(client, coached_trainee, coach):
    invitation = Invitation.objects.create(coach=coach)
    client.force_login(coached_trainee)

    response = client.get(invite_url(invitation))

    assert "Cora Coach is already your coach" in response.text
    assert "End coaching" not in response.text


def test_an_unknown_code_is_a_friendly_404(client):
    response = client.get(reverse("invite", args=["NOPE2345"]))

    assert response.status_code == 404
    assert "No invitation with this code" in response.text


# --- typing a code ---------------------------------------------------------------------------


def test_a_typed_code_is_forgiving_about_case_spaces_and_dashes(client, invitation, trainee):
    client.force_login(trainee)
    typed = f" {invitation.code[:4].lower()}-{invitation.code[4:]} "

    response = client.post(reverse("invite_enter"), {"code": typed})

    assert response.status_code == 302
    assert response.url == invite_url(invitation)


def test_a_typed_code_with_htmx_redirects_on_the_client(client, invitation, trainee):
    client.force_login(trainee)

    response = client.post(reverse("invite_enter"), {"code": invitation.code}, headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == invite_url(invitation)


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_an_unknown_typed_code_is_explained_beside_the_field(client, trainee, headers):
    client.force_login(trainee)

    response = client.post(reverse("invite_enter"), {"code": "ZZZZ9999"}, headers=headers)

    assert response.status_code == 200
    assert 'id="id_code_errors"' in response.text
    assert "No invitation has this code" in response.text
    assert 'value="ZZZZ9999"' in response.text
    assert ("<html" in response.text) is not bool(headers)


def test_the_code_page_shows_the_current_coach_and_the_one_coach_rule(client, coached_trainee):
    client.force_login(coached_trainee)

    response = client.get(reverse("invite_enter"))

    assert "Coached by Cora Coach" in response.text
    assert "one coach at a time" in response.text


def test_the_account_page_links_to_the_coach_section(client, coached_trainee):
    client.force_login(coached_trainee)

    response = client.get(reverse("account"))

    assert "Cora Coach" in response.text
    assert reverse("invite_enter") in response.text


# --- ending ----------------------------------------------------------------------------------


def test_a_trainee_ends_the_coaching_and_keeps_their_logs(client, coached_trainee, coach):
    session = TrainingSessionFactory(enrolment__trainee=coached_trainee)
    SetLogFactory.create_batch(3, session=session)
    client.force_login(coached_trainee)

    response = client.post(reverse("coaching_end"), follow=True)

    assert "no longer coaches you" in response.text
    ended = Coaching.objects.get(client=coached_trainee)
    assert ended.ended_at is not None
    assert ended.ended_by == coached_trainee
    assert SetLog.objects.filter(trainee=coached_trainee).count() == 3
    client.force_login(coach)
    assert client.get(reverse("coach:client", args=[coached_trainee.pk])).status_code == 404


def test_ending_with_an_outside_next_stays_on_site(client, coached_trainee):
    client.force_login(coached_trainee)

    response = client.post(reverse("coaching_end"), {"next": "https://evil.example/"})

    assert response.url == reverse("invite_enter")


def test_ending_with_htmx_redirects_on_the_client(client, coached_trainee):
    client.force_login(coached_trainee)

    response = client.post(reverse("coaching_end"), headers=HTMX)

    assert response["HX-Redirect"] == reverse("invite_enter")


def test_only_the_coach_or_client_can_end_a_coaching(coached_trainee, other_trainee):
    current = Coaching.objects.get(client=coached_trainee)

    with pytest.raises(coaching.CoachingError):
        coaching.end_coaching(coaching=current, by=other_trainee)

    current.refresh_from_db()
    assert current.ended_at is None


def test_ending_without_a_coach_changes_nothing(client, trainee):
    client.force_login(trainee)

    response = client.post(reverse("coaching_end"))

    assert response.status_code == 302
    assert not Coaching.objects.exists()


def test_a_former_client_can_be_invited_again(coach, trainee):
    CoachingFactory(coach=coach, client=trainee, ended_at=timezone.now(), ended_by=trainee)
    invitation = Invitation.objects.create(coach=coach)

    coaching.accept_invitation(invitation=invitation, trainee=trainee)

    assert Coaching.objects.filter(coach=coach, client=trainee).count() == 2
    assert Coaching.objects.current().get(client=trainee).coach == coach


def test_a_coach_can_be_coached_by_another_coach(coach):
    mentor = CoachFactory()
    invitation = Invitation.objects.create(coach=mentor)

    coaching.accept_invitation(invitation=invitation, trainee=coach)

    assert Coaching.objects.current().get(client=coach).coach == mentor
