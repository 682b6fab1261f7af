"""Who may open which coaching URL: every actor against every coach URL and object URL.

Anonymous visitors are sent to log in; people who do not coach get the friendly 403 page
(before any object is looked up, so it reveals nothing); coaches who are not the client's
current coach get 404 for every object, exactly as if it did not exist.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise
from innerback.coaching.models import Coaching, Invitation
from innerback.coaching.relations import coaching_for
from programs.models import GateOverride, Prescription, PrescriptionAdjustment, SessionComment
from tests.innerback.accounts.factories import CoachFactory, UserFactory
from tests.innerback.coaching.coaching_support import enrol_on_starter, log_session
from tests.innerback.coaching.factories import CoachingFactory

pytestmark = pytest.mark.django_db

ACTORS = ["coach", "other_coach", "former_coach", "client", "other_trainee", "anonymous"]


@pytest.fixture
def world(coach, coached_trainee, other_trainee):
    """Cora coaches Tess; Fred coached Tess before; Olga coaches someone else."""
    former = CoachFactory(display_name="Fred Former")
    CoachingFactory(coach=former, client=coached_trainee, ended_at=timezone.now(), ended_by=former)
    other_coach = CoachFactory(display_name="Olga Other")
    CoachingFactory(coach=other_coach, client=UserFactory())
    enrolment = enrol_on_starter(coached_trainee, weeks_ago=1, coach=coach)
    session = enrolment.sessions.order_by("scheduled_on").first()
    log_session(session)
    prescription = Prescription.objects.filter(day=session.program_day).first()
    PrescriptionAdjustment.objects.create(enrolment=enrolment, prescription=prescription, sets=2)
    override = GateOverride.objects.create(
        trainee=coached_trainee,
        exercise=Exercise.objects.get(slug="romanian-deadlift"),
        granted_by=coach,
        reason="Physio cleared it.",
    )
    invitation = Invitation.objects.create(coach=coach)
    return {
        "actors": {
            "coach": coach,
            "other_coach": other_coach,
            "former_coach": former,
            "client": coached_trainee,
            "other_trainee": other_trainee,
            "anonymous": None,
        },
        "client": coached_trainee,
        "session": session,
        "prescription": prescription,
        "override": override,
        "invitation": invitation,
    }


def object_urls(world) -> list[tuple[str, str, dict]]:
    """(method, url, data) for every URL that names one client's or one coach's object."""
    client_id = world["client"].pk
    prescription = world["prescription"].pk
    single_leg_row = Exercise.objects.get(slug="single-leg-dumbbell-row").pk
    return [
        ("get", reverse("coach:client", args=[client_id]), {}),
        ("get", reverse("coach:client_plan", args=[client_id]), {}),
        ("get", reverse("coach:client_print", args=[client_id]), {}),
        ("get", reverse("coach:adjust", args=[client_id, prescription]), {}),
        ("post", reverse("coach:adjust", args=[client_id, prescription]), {"sets": "1"}),
        ("post", reverse("coach:adjust_reset", args=[client_id, prescription]), {}),
        (
            "post",
            reverse("coach:assign", args=[client_id]),
            {
                "program": world["prescription"].day.week.program_id,
                "start_date": world["client"].local_today().isoformat(),
                "training_days": ["1"],
            },
        ),
        (
            "post",
            reverse("coach:override", args=[client_id]),
            {"exercise": single_leg_row, "reason": "Seen it in person, all good."},
        ),
        ("post", reverse("coach:override_revoke", args=[client_id, world["override"].pk]), {}),
        (
            "post",
            reverse("coach:comment", args=[client_id, world["session"].pk]),
            {"body": "Hello there"},
        ),
        ("post", reverse("coach:invite_revoke", args=[world["invitation"].pk]), {}),
        ("post", reverse("coach:end", args=[client_id]), {}),
    ]


def snapshot(world) -> tuple:
    """Everything a request might change, to prove a refused request changed nothing."""
    client = world["client"]
    return (
        Coaching.objects.current().filter(client=client).values_list("coach_id").first(),
        list(PrescriptionAdjustment.objects.values_list("prescription_id", "sets")),
        list(GateOverride.objects.values_list("exercise_id", "revoked_at")),
        SessionComment.objects.count(),
        Invitation.objects.filter(revoked_at__isnull=True).count(),
        list(client.enrolments.values_list("program_id", "ended_at")),
    )


def as_actor(client, world, actor: str):
    person = world["actors"][actor]
    if person is not None:
        client.force_login(person)
    return client


def call(client, method: str, url: str, data: dict):
    return client.get(url) if method == "get" else client.post(url, data)


@pytest.mark.parametrize("actor", ["other_coach", "former_coach"])
def test_coaches_who_do_not_coach_the_client_get_404_everywhere_and_change_nothing(
    client, world, actor
):
    as_actor(client, world, actor)
    before = snapshot(world)

    for method, url, data in object_urls(world):
        response = call(client, method, url, data)
        assert response.status_code == 404, f"{actor} {method.upper()} {url}"

    assert snapshot(world) == before


@pytest.mark.parametrize("actor", ["client", "other_trainee"])
def test_people_who_do_not_coach_get_the_friendly_403_everywhere(client, world, actor):
    as_actor(client, world, actor)
    before = snapshot(world)

    urls = [("get", reverse("coach:home"), {}), ("post", reverse("coach:invite_create"), {})]
    for method, url, data in urls + object_urls(world):
        response = call(client, method, url, data)
        assert response.status_code == 403, f"{actor} {method.upper()} {url}"
        assert "turn on" in response.text and reverse("account") in response.text

    assert snapshot(world) == before


def test_anonymous_visitors_are_sent_to_log_in_everywhere(client, world):
    before = snapshot(world)

    urls = [("get", reverse("coach:home"), {}), ("post", reverse("coach:invite_create"), {})]
    for method, url, data in urls + object_urls(world):
        response = call(client, method, url, data)
        assert response.status_code == 302, f"anonymous {method.upper()} {url}"
        assert response.url.startswith(reverse("login") + "?next=")

    assert snapshot(world) == before


def test_the_current_coach_reaches_every_url(client, world):
    as_actor(client, world, "coach")

    for method, url, _data in object_urls(world):
        if method == "get":
            assert call(client, method, url, {}).status_code == 200, url
    for method, url, data in object_urls(world):
        if method == "post":
            response = call(client, method, url, data)
            assert response.status_code == 302, f"POST {url}: {response.status_code}"

    assert Coaching.objects.get(coach=world["actors"]["coach"]).ended_at is not None


def test_other_coaches_see_an_empty_roster_not_this_client(client, world):
    as_actor(client, world, "other_coach")

    response = client.get(reverse("coach:home"))

    assert response.status_code == 200
    assert "Tess Trainee" not in response.text
    assert world["invitation"].code not in response.text


def test_a_former_coach_no_longer_sees_the_client_on_the_roster(client, world):
    as_actor(client, world, "former_coach")

    response = client.get(reverse("coach:home"))

    assert response.context["rows"] == []


def test_a_client_who_turns_on_coaching_still_cannot_reach_their_coachs_pages(client, world):
    tess = world["client"]
    tess.is_coach = True
    tess.save()
    client.force_login(tess)

    for method, url, data in object_urls(world):
        assert call(client, method, url, data).status_code == 404, url


def test_a_trainee_sees_only_their_own_coach_comments(client, world, other_trainee):
    SessionComment.objects.create(
        session=world["session"], author=world["actors"]["coach"], body="Only for Tess."
    )
    client.force_login(other_trainee)

    assert "Only for Tess." not in client.get(reverse("home")).text
    assert "Only for Tess." not in client.get(reverse("invite_enter")).text
    assert SessionComment.objects.get().read_at is None


def test_coaching_for_reads_the_coaching_and_client_as_the_orm_does(coach, coached_trainee):
    """It reads both with hand-written SQL; every value arrives converted (datetimes, flags)."""
    coached_trainee.last_login = timezone.now()
    coached_trainee.save()
    expected = Coaching.objects.select_related("client").get(coach=coach, ended_at=None)

    found = coaching_for(coach, coached_trainee.pk)

    for model, got, want in [
        (Coaching, found, expected),
        (type(coach), found.client, expected.client),
    ]:
        values = [(f.attname, getattr(got, f.attname)) for f in model._meta.concrete_fields]
        assert values == [
            (f.attname, getattr(want, f.attname)) for f in model._meta.concrete_fields
        ]
    assert found.started_at.tzinfo is not None and found.client.is_coach is False
