import pytest
from django.core import mail
from django.urls import reverse

from innerback.accounts.models import User
from tests.innerback.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

GOOD_SIGNUP = {
    "email": "New.Person@Example.com",
    "display_name": "New Person",
    "password1": "slow-eccentric-2025",
    "password2": "slow-eccentric-2025",
}


def test_signup_creates_a_trainee_and_logs_them_in(client):
    response = client.post(reverse("signup"), GOOD_SIGNUP)

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert user.display_name == "New Person"
    assert not user.is_coach
    assert client.get("/").context["user"] == user


def test_signup_can_make_a_coach(client):
    client.post(reverse("signup"), {**GOOD_SIGNUP, "is_coach": "on"})

    assert User.objects.get().is_coach


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "TESS@example.com"}, "email", "already exists"),
        ({"password1": "123", "password2": "123"}, "password1", "too short"),
        ({"password2": "something-else-entirely"}, "password2", "do not match"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"display_name": ""}, "display_name", "required"),
    ],
)
def test_bad_signup_explains_the_field_and_creates_nothing(
    client, trainee, changes, field, message
):
    response = client.post(reverse("signup"), {**GOOD_SIGNUP, **changes})

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert f'id="id_{field}_errors"' in response.text
    assert User.objects.count() == 1


def test_bad_signup_keeps_what_was_typed(client):
    response = client.post(reverse("signup"), {**GOOD_SIGNUP, "password2": "nope-nope-nope"})

    assert 'value="New Person"' in response.text


def test_login_with_email_reaches_the_dashboard(client, trainee):
    response = client.post(
        reverse("login"), {"username": "TESS@example.com", "password": PASSWORD}, follow=True
    )

    assert response.context["user"] == trainee
    assert "Hello, Tess Trainee" in response.text


def test_wrong_password_says_so(client, trainee):
    response = client.post(reverse("login"), {"username": trainee.email, "password": "wrong"})

    assert "do not match an account" in response.text
    assert not response.context["user"].is_authenticated


def test_logout_needs_post(client, trainee):
    client.force_login(trainee)

    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert not client.get("/").context["user"].is_authenticated


def test_anonymous_visitor_sees_the_landing_page(client):
    response = client.get("/")

    assert "Start training" in response.text
    assert reverse("signup") in response.text


def test_password_change_works(client, trainee):
    client.force_login(trainee)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "hold-the-bridge-10s",
            "new_password2": "hold-the-bridge-10s",
        },
    )

    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.check_password("hold-the-bridge-10s")


def test_password_reset_sends_a_link_and_does_not_reveal_accounts(client, trainee):
    known = client.post(reverse("password_reset"), {"email": trainee.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    # Each address gets one message (the same work either way); only the owner's has a link.
    link, note = mail.outbox
    assert (link.to, note.to) == ([trainee.email], ["nobody@example.com"])
    assert link.subject == note.subject
    assert "/accounts/password/reset/" in link.body
    assert "/accounts/password/reset/" not in note.body
    assert "no innerback account uses this address" in note.body


def test_account_settings_change_name_zone_unit_and_coach_flag(client, trainee):
    client.force_login(trainee)
    response = client.post(
        reverse("account"),
        {
            "email": trainee.email,
            "display_name": "Tess T.",
            "time_zone": "Europe/Berlin",
            "load_unit": "lb",
            "is_coach": "on",
            "mail-reminder_hour": "8",
        },
    )

    assert response.status_code == 302
    trainee.refresh_from_db()
    assert (trainee.display_name, trainee.time_zone, trainee.load_unit, trainee.is_coach) == (
        "Tess T.",
        "Europe/Berlin",
        "lb",
        True,
    )


def test_account_settings_reject_an_unknown_time_zone(client, trainee):
    client.force_login(trainee)
    response = client.post(
        reverse("account"),
        {"display_name": "Tess", "time_zone": "Mars/Olympus", "load_unit": "kg"},
    )

    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    trainee.refresh_from_db()
    assert trainee.time_zone == "UTC"


def test_account_settings_need_login(client):
    response = client.get(reverse("account"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_nav_shows_coach_only_to_coaches(client, trainee, coach):
    client.force_login(trainee)
    assert 'href="/coach/"' not in client.get("/").text
    client.force_login(coach)
    assert 'href="/coach/"' in client.get("/").text


def test_signup_and_login_pages_pass_next_along_to_each_other(client):
    assert (
        "/accounts/login/?next=/invite/ABC/"
        in client.get("/accounts/signup/?next=/invite/ABC/").text
    )
    assert (
        "/accounts/signup/?next=/invite/ABC/"
        in client.get("/accounts/login/?next=/invite/ABC/").text
    )
