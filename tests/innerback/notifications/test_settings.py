"""Mail preferences in the account settings: saved with the account, bad values refused
beside their field with nothing saved."""

import pytest
from django.urls import reverse

from innerback.notifications.models import Preferences

pytestmark = pytest.mark.django_db


def settings_form(user, **changes) -> dict:
    data = {
        "email": user.email,
        "display_name": user.display_name,
        "time_zone": user.time_zone,
        "load_unit": user.load_unit,
        "mail-digest": "on",
        "mail-digest_hour": "7",
        "mail-reminder": "on",
        "mail-reminder_hour": "8",
        "mail-comment": "on",
        "mail-quiet_start": "",
        "mail-quiet_end": "",
    }
    if user.is_coach:
        data["is_coach"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_reading_the_settings_page_writes_nothing(client, trainee, django_assert_num_queries):
    client.force_login(trainee)

    response = client.get(reverse("account"))

    assert response.status_code == 200
    assert "Training-day reminder" in response.text
    assert "Daily digest" not in response.text
    assert not Preferences.objects.exists()


def test_coaches_see_the_digest_settings(client, coach):
    client.force_login(coach)

    assert "Daily digest of new flags" in client.get(reverse("account")).text


def test_saving_stores_each_kind_its_hour_and_quiet_hours(client, coach):
    client.force_login(coach)

    response = client.post(
        reverse("account"),
        settings_form(
            coach,
            **{
                "mail-reminder": None,
                "mail-digest_hour": "6",
                "mail-quiet_start": "22:00",
                "mail-quiet_end": "07:00",
            },
        ),
    )

    assert response.status_code == 302
    saved = Preferences.objects.get(user=coach)
    assert (saved.digest, saved.digest_hour, saved.reminder, saved.comment) == (
        True,
        6,
        False,
        True,
    )
    assert (str(saved.quiet_start), str(saved.quiet_end)) == ("22:00:00", "07:00:00")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mail-reminder_hour", "24", "Choose an hour from 00:00 to 23:00."),
        ("mail-reminder_hour", "seven", "Choose an hour from 00:00 to 23:00."),
        ("mail-quiet_start", "25:99", "Write a time as hours and minutes"),
        ("mail-quiet_end", "", "Give both ends of your quiet hours, or neither."),
        ("time_zone", "Mars/Olympus", "Choose a time zone from the list"),
        ("email", "not-an-address", "Enter a valid email address."),
    ],
)
def test_a_bad_value_gets_a_message_beside_its_field_and_nothing_is_saved(
    client, trainee, field, value, message
):
    client.force_login(trainee)
    data = settings_form(trainee, **{"mail-quiet_start": "22:00", "mail-quiet_end": "07:00"})
    data[field] = value

    response = client.post(reverse("account"), data | {"display_name": "Changed"})

    assert response.status_code == 200
    field_id = "id_" + field
    assert f'id="{field_id}_error"' in response.text
    assert message in response.text
    trainee.refresh_from_db()
    assert trainee.display_name == "Tess Trainee"
    assert not Preferences.objects.exists()


def test_an_address_another_account_uses_is_refused_beside_the_field(client, trainee, coach):
    client.force_login(trainee)

    response = client.post(reverse("account"), settings_form(trainee, email=coach.email))

    assert response.status_code == 200
    assert "Another account uses this address already." in response.text
    trainee.refresh_from_db()
    assert trainee.email == "tess@example.com"


def test_a_new_address_is_stored_in_its_canonical_form(client, trainee):
    client.force_login(trainee)

    client.post(reverse("account"), settings_form(trainee, email="Tess.New@Example.com"))

    trainee.refresh_from_db()
    assert trainee.email == "tess.new@example.com"
