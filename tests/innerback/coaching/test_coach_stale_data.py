"""What the coaching pages say after a person changes: never what a page showed before.

Each test looks first (so anything a process might keep is there), changes something, and
looks again.
"""

from datetime import datetime, time

import pytest
from django.urls import reverse

from exercises.models import Exercise
from innerback.privacy.personal_data import delete_account
from programs.models import GateOverride
from programs.templatetags.dates import day as shown_day
from tests.innerback.accounts.factories import CoachFactory
from tests.innerback.coaching.coaching_support import enrol_on_starter
from tests.innerback.coaching.factories import CoachingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unlocked(coach, coached_trainee):
    """Tess on the starter program, the Romanian deadlift unlocked by Cora."""
    enrol_on_starter(coached_trainee, weeks_ago=0, coach=coach)
    return GateOverride.objects.create(
        trainee=coached_trainee,
        exercise=Exercise.objects.get(slug="romanian-deadlift"),
        granted_by=coach,
        reason="Seen her hinge in person.",
    )


def client_page(client, coach, trainee) -> str:
    client.force_login(coach)
    return client.get(reverse("coach:client", args=[trainee.pk])).text


def test_a_deleted_coachs_unlock_history_names_a_former_coach(
    client, coach, coached_trainee, unlocked
):
    assert "unlocked by Cora Coach" in client_page(client, coach, coached_trainee)

    delete_account(user=coach)
    successor = CoachFactory(display_name="Nell Next")
    CoachingFactory(coach=successor, client=coached_trainee)

    html = client_page(client, successor, coached_trainee)
    assert "unlocked by a former coach" in html


def test_a_deleted_coachs_name_is_gone_from_the_client_page(
    client, coach, coached_trainee, unlocked
):
    assert "Unlocked by Cora Coach" in client_page(client, coach, coached_trainee)

    delete_account(user=coach)
    successor = CoachFactory(display_name="Nell Next")
    CoachingFactory(coach=successor, client=coached_trainee)

    html = client_page(client, successor, coached_trainee)
    assert "Cora Coach" not in html
    assert "Unlocked by a former coach" in html


def test_a_renamed_coachs_new_name_is_on_the_gate_reasons(client, coach, coached_trainee, unlocked):
    assert "Unlocked by Cora Coach" in client_page(client, coach, coached_trainee)

    coach.display_name = "Cora Renamed"
    coach.save()

    html = client_page(client, coach, coached_trainee)
    assert "Cora Coach" not in html
    assert "Unlocked by Cora Renamed" in html


def test_a_renamed_coachs_new_name_is_on_the_unlock_history(
    client, coach, coached_trainee, unlocked
):
    assert "unlocked by Cora Coach" in client_page(client, coach, coached_trainee)

    coach.display_name = "Cora Renamed"
    coach.save()

    assert "unlocked by Cora Renamed" in client_page(client, coach, coached_trainee)


def test_an_evening_unlock_west_of_utc_counts_on_the_clients_day_on_every_page(
    client, coach, coached_trainee
):
    """Late evening in Los Angeles is already tomorrow in UTC: the unlock is dated by the
    client's calendar on the roster, the client page and /progress/ alike."""
    coached_trainee.time_zone = "America/Los_Angeles"
    coached_trainee.save()
    enrol_on_starter(coached_trainee, weeks_ago=0, coach=coach)
    today = coached_trainee.local_today()
    evening = datetime.combine(today, time(23, 30), tzinfo=coached_trainee.zone)
    GateOverride.objects.create(
        trainee=coached_trainee,
        exercise=Exercise.objects.get(slug="romanian-deadlift"),
        granted_by=coach,
        reason="Cleared by her physio tonight.",
        created_at=evening,
    )
    client.force_login(coach)

    roster = client.get(reverse("coach:home"))
    page = client.get(reverse("coach:client", args=[coached_trainee.pk]))

    [row] = roster.context["rows"]
    assert row.unlocked == 1
    [gate] = [g for g in page.context["gates"] if g["exercise"].slug == "romanian-deadlift"]
    assert gate["gate"].unlocked
    [override] = page.context["overrides"]
    assert override.granted_on == today
    assert f"on {shown_day(today)}" in page.text
    client.force_login(coached_trainee)
    progress = client.get(reverse("programs:progress"))
    [milestone] = [
        g for g in progress.context["progress"].gates if g.exercise.slug == "romanian-deadlift"
    ]
    assert [o.on for o in milestone.overrides] == [today]
