import datetime
import json

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from innerback.accounts.models import User
from innerback.coaching.models import Coaching, Invitation
from programs.models import (
    Enrolment,
    GateOverride,
    Prescription,
    PrescriptionAdjustment,
    Program,
    ProgramDay,
    SessionComment,
    SetLog,
    TrainingSession,
)
from tests.innerback.accounts.factories import PASSWORD, UserFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.innerback.notifications.factories import PreferencesFactory
from tests.programs.factories import (
    EnrolmentFactory,
    GateOverrideFactory,
    PrescriptionFactory,
    ProgramDayFactory,
    ProgramFactory,
    ProgramWeekFactory,
    SessionCommentFactory,
    SetLogFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


def _program(owner=None, name="Control first"):
    program = ProgramFactory(owner=owner, name=name)
    week = ProgramWeekFactory(program=program, number=1, focus="Find neutral")
    day = ProgramDayFactory(week=week, position=1, title="Activation")
    prescription = PrescriptionFactory(day=day, notes="Slow and steady")
    return program, day, prescription


def _history(trainee, program, day, prescription, sessions=1, note="Felt solid"):
    enrolment = EnrolmentFactory(trainee=trainee, program=program)
    logs = []
    for number in range(sessions):
        session = TrainingSessionFactory(
            enrolment=enrolment,
            program_day=day if number == 0 else ProgramDayFactory(week=day.week),
            scheduled_on=datetime.date(2026, 1, 5) + datetime.timedelta(days=number),
        )
        logs.append(
            SetLogFactory(
                session=session,
                exercise=prescription.exercise,
                prescription=prescription,
                note=note,
            )
        )
    return enrolment, logs


def _download(client):
    response = client.get(reverse("data_export"))
    assert response.status_code == 200
    return response, json.loads(response.content)


# -- Download everything -------------------------------------------------------------------


def test_the_data_download_holds_everything_about_the_trainee(client, coach, coached_trainee):
    trainee = coached_trainee
    program, day, prescription = _program(owner=coach)
    enrolment, [log] = _history(trainee, program, day, prescription)
    enrolment.assigned_by = coach
    enrolment.save()
    SessionCommentFactory(session=log.session, author=coach, body="Great hold times")
    GateOverrideFactory(trainee=trainee, granted_by=coach, reason="Physio cleared it")
    PrescriptionAdjustment.objects.create(
        enrolment=enrolment, prescription=prescription, sets=2, note="Two sets this week"
    )
    ProgramFactory(owner=trainee, name="My own plan")
    client.force_login(trainee)

    response, data = _download(client)

    assert response["Content-Disposition"].startswith('attachment; filename="innerback-data-')
    assert "no-store" in response["Cache-Control"]
    assert data["account"]["email"] == trainee.email
    assert data["account"]["display_name"] == "Tess Trainee"
    assert [(e["program"], e["assigned_by"]) for e in data["enrolments"]] == [
        ("Control first", "Cora Coach")
    ]
    assert [s["day_title"] for s in data["sessions"]] == ["Activation"]
    assert [(s["note"], s["reps"], s["form_ok"]) for s in data["set_logs"]] == [
        ("Felt solid", 10, True)
    ]
    assert [(c["role"], c["coach"]) for c in data["coaching"]] == [("client", "Cora Coach")]
    assert [(c["author"], c["body"]) for c in data["comments"]] == [
        ("Cora Coach", "Great hold times")
    ]
    assert [o["reason"] for o in data["gate_overrides"]] == ["Physio cleared it"]
    assert [a["note"] for a in data["prescription_adjustments"]] == ["Two sets this week"]
    assert [p["name"] for p in data["programs"]] == ["My own plan"]


def test_the_data_download_holds_the_mail_preferences(client, trainee):
    PreferencesFactory(
        user=trainee, reminder=False, quiet_start=datetime.time(22), quiet_end=datetime.time(7)
    )
    client.force_login(trainee)

    _, data = _download(client)

    assert data["mail_preferences"] == {
        "digest": True,
        "digest_hour": 7,
        "reminder": False,
        "reminder_hour": 8,
        "comment": True,
        "quiet_start": "22:00:00",
        "quiet_end": "07:00:00",
    }


def test_the_data_download_holds_nobody_elses_data(client, trainee, other_trainee):
    program, day, prescription = _program()
    _history(trainee, program, day, prescription, note="mine")
    _history(other_trainee, program, day, prescription, note="not yours")
    client.force_login(trainee)

    response, data = _download(client)

    assert [log["note"] for log in data["set_logs"]] == ["mine"]
    assert b"not yours" not in response.content
    assert other_trainee.email.encode() not in response.content


def test_a_coach_download_holds_what_they_wrote_and_their_programs(client, coach, coached_trainee):
    program, day, prescription = _program(owner=coach, name="Coach plan")
    _, [log] = _history(coached_trainee, program, day, prescription)
    SessionCommentFactory(session=log.session, author=coach, body="Keep the ribs down")
    Invitation.objects.create(coach=coach, note="For Sam")
    client.force_login(coach)

    _, data = _download(client)

    assert [(c["role"], c["client"]) for c in data["coaching"]] == [("coach", "Tess Trainee")]
    assert [c["body"] for c in data["comments"]] == ["Keep the ribs down"]
    assert [i["note"] for i in data["invitations_sent"]] == ["For Sam"]
    [tree] = data["programs"]
    assert tree["name"] == "Coach plan"
    assert tree["weeks"][0]["days"][0]["prescriptions"][0]["notes"] == "Slow and steady"
    # The client's logs are the client's: the coach's own download does not carry them.
    assert data["set_logs"] == []


def test_a_former_coachs_download_holds_nothing_of_the_client_from_after_the_coaching(
    client, coach, trainee
):
    began = timezone.now() - datetime.timedelta(days=30)
    ended = timezone.now() - datetime.timedelta(days=10)
    coaching = CoachingFactory(coach=coach, client=trainee, started_at=began)
    program, day, prescription = _program(owner=coach)
    _, [first, second] = _history(trainee, program, day, prescription, sessions=2)
    read_then = SessionCommentFactory(session=first.session, author=coach, body="Ribs down")
    read_later = SessionCommentFactory(session=second.session, author=coach, body="Slower")
    unlock = GateOverrideFactory(trainee=trainee, granted_by=coach, reason="Cleared")
    SessionComment.objects.filter(pk=read_then.pk).update(read_at=ended - datetime.timedelta(1))
    Coaching.objects.filter(pk=coaching.pk).update(ended_at=ended)
    # After the coaching: the client reads a comment, an unlock is revoked, they rename.
    SessionComment.objects.filter(pk=read_later.pk).update(read_at=timezone.now())
    GateOverride.objects.filter(pk=unlock.pk).update(revoked_at=timezone.now())
    User.objects.filter(pk=trainee.pk).update(display_name="Tess Renamed")
    client.force_login(coach)

    response, data = _download(client)

    assert [(c["role"], c["client"]) for c in data["coaching"]] == [("coach", "Former client 1")]
    comments = {c["body"]: c for c in data["comments"]}
    assert comments["Ribs down"]["read_at"] is not None  # read while coached
    assert comments["Slower"]["read_at"] is None
    assert {c["on_session_of"] for c in comments.values()} == {"Former client 1"}
    [override] = data["gate_overrides"]
    assert (override["trainee"], override["revoked_at"]) == ("Former client 1", None)
    assert b"Tess" not in response.content
    assert trainee.email.encode() not in response.content


def test_a_current_clients_activity_stays_in_the_coachs_download(client, coach, coached_trainee):
    program, day, prescription = _program(owner=coach)
    _, [log] = _history(coached_trainee, program, day, prescription)
    comment = SessionCommentFactory(session=log.session, author=coach, body="Ribs down")
    comment.mark_read()
    client.force_login(coach)

    _, data = _download(client)

    [shown] = data["comments"]
    assert (shown["on_session_of"], shown["read_at"] is not None) == ("Tess Trainee", True)


def test_the_data_download_reads_a_fixed_number_of_queries(
    client, coach, coached_trainee, django_assert_max_num_queries
):
    program, day, prescription = _program(owner=coach)
    _, logs = _history(coached_trainee, program, day, prescription, sessions=30)
    for log in logs:
        SessionCommentFactory(session=log.session, author=coach)
    for number in range(5):
        _program(owner=coached_trainee, name=f"Own plan {number}")
    client.force_login(coached_trainee)

    # Session and user, one query per section, three for the programs' weeks, days, items.
    # The weekly check-ins' activities and answers (issue 25, part B), the pain ratings,
    # morning checks and pain flags (part A), the imports and API tokens, and the mail
    # preferences (issue 28) are sections too.
    with django_assert_max_num_queries(24):
        _, data = _download(client)

    assert len(data["set_logs"]) == len(data["sessions"]) == len(data["comments"]) == 30
    assert len(data["programs"]) == 5


def test_the_data_download_needs_login_and_is_only_read(client, trainee):
    assert client.get(reverse("data_export")).url.startswith(reverse("login"))
    client.force_login(trainee)
    assert client.post(reverse("data_export")).status_code == 405


def test_the_account_page_links_to_the_data_download_and_deletion(client, trainee):
    client.force_login(trainee)

    response = client.get(reverse("account"))

    assert reverse("data_export") in response.text
    assert reverse("delete_account") in response.text
    assert reverse("programs:export") in response.text


# -- Delete the account ----------------------------------------------------------------------


def test_the_delete_page_asks_for_the_password_and_deletes_nothing(client, trainee):
    client.force_login(trainee)

    response = client.get(reverse("delete_account"))

    assert response.status_code == 200
    assert 'type="password"' in response.text
    assert "cannot be undone" in response.text
    assert User.objects.filter(pk=trainee.pk).exists()


def test_a_wrong_password_deletes_nothing_and_says_so(client, trainee):
    program, day, prescription = _program()
    _history(trainee, program, day, prescription)
    client.force_login(trainee)

    response = client.post(reverse("delete_account"), {"password": "not-it"})

    assert response.status_code == 200
    assert 'id="id_password_errors"' in response.text
    assert "Nothing was deleted" in response.text
    assert User.objects.filter(pk=trainee.pk).exists()
    assert SetLog.objects.filter(trainee=trainee).count() == 1


def test_deleting_removes_the_trainee_and_all_their_logs(client, trainee, other_trainee):
    program, day, prescription = _program()
    _history(trainee, program, day, prescription, sessions=3)
    _history(other_trainee, program, day, prescription, sessions=2)
    AccessAttempt.objects.create(
        username=trainee.email, ip_address="192.0.2.1", failures_since_start=2
    )
    client.force_login(trainee)

    response = client.post(reverse("delete_account"), {"password": PASSWORD}, follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Your account and everything in it are deleted" in response.text
    assert not response.context["user"].is_authenticated
    assert not User.objects.filter(pk=trainee.pk).exists()
    assert not SetLog.objects.filter(trainee_id=trainee.pk).exists()
    assert not TrainingSession.objects.filter(trainee_id=trainee.pk).exists()
    assert not Enrolment.objects.filter(trainee_id=trainee.pk).exists()
    assert not AccessAttempt.objects.exists()
    # Everyone else's data and the shared program stay.
    assert SetLog.objects.filter(trainee=other_trainee).count() == 2
    assert Program.objects.filter(pk=program.pk).exists()


def test_deleting_needs_login_and_never_happens_on_get(client, trainee):
    assert client.get(reverse("delete_account")).url.startswith(reverse("login"))
    client.force_login(trainee)
    client.get(reverse("delete_account"), {"password": PASSWORD})
    assert User.objects.filter(pk=trainee.pk).exists()


def test_a_client_keeps_everything_when_their_coach_deletes_their_account(
    client, coach, coached_trainee
):
    trainee = coached_trainee
    program, day, prescription = _program(owner=coach, name="Coach plan")
    enrolment, [log] = _history(trainee, program, day, prescription)
    enrolment.assigned_by = coach
    enrolment.save()
    comment = SessionCommentFactory(session=log.session, author=coach, body="Nice")
    override = GateOverrideFactory(trainee=trainee, granted_by=coach)
    adjustment = PrescriptionAdjustment.objects.create(
        enrolment=enrolment, prescription=prescription, sets=2, created_by=coach
    )
    unfollowed, _, _ = _program(owner=coach, name="Draft nobody follows")
    builtin, _, _ = _program(owner=None, name="Built-in")
    client.force_login(coach)

    response = client.post(reverse("delete_account"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=coach.pk).exists()
    assert not Coaching.objects.filter(client=trainee).exists()
    # The client's plan now runs on their own copy, with the same days and items.
    enrolment.refresh_from_db()
    copy = enrolment.program
    assert (copy.owner, copy.name) == (trainee, "Coach plan")
    assert enrolment.assigned_by is None
    [copy_day] = ProgramDay.objects.filter(week__program=copy)
    [copy_item] = Prescription.objects.filter(day=copy_day)
    assert (copy_day.title, copy_item.notes, copy_item.exercise) == (
        "Activation",
        "Slow and steady",
        prescription.exercise,
    )
    log.refresh_from_db()
    assert (log.session.program_day, log.prescription, log.note) == (
        copy_day,
        copy_item,
        "Felt solid",
    )
    adjustment.refresh_from_db()
    assert (adjustment.prescription, adjustment.created_by) == (copy_item, None)
    comment.refresh_from_db()
    override.refresh_from_db()
    assert (comment.author, comment.body) == (None, "Nice")
    assert override.granted_by is None
    # What nobody follows goes with the coach; built-in programs are nobody's to delete.
    assert not Program.objects.filter(pk__in=[program.pk, unfollowed.pk]).exists()
    assert Program.objects.filter(pk=builtin.pk).exists()


def test_each_follower_of_a_deleted_coachs_program_gets_their_own_copy(
    client, coach, trainee, other_trainee
):
    program, day, prescription = _program(owner=coach, name="Shared plan")
    first, _ = _history(trainee, program, day, prescription)
    second, _ = _history(other_trainee, program, day, prescription)
    second.ended_at = second.created_at
    second.save()
    coach_own, _ = _history(coach, program, day, prescription)
    client.force_login(coach)

    client.post(reverse("delete_account"), {"password": PASSWORD})

    # Their sessions now point at the copy's days: what is memoised of them is stale.
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.program.owner == trainee
    assert second.program.owner == other_trainee
    assert first.program != second.program
    assert {first.program.name, second.program.name} == {"Shared plan"}
    assert not Enrolment.objects.filter(pk=coach_own.pk).exists()
    assert SetLog.objects.count() == 2


def test_the_delete_page_tells_a_coach_what_their_clients_keep(client, coach, coached_trainee):
    program, day, prescription = _program(owner=coach, name="Coach plan")
    _history(coached_trainee, program, day, prescription)
    client.force_login(coach)

    text = " ".join(client.get(reverse("delete_account")).text.split())

    assert "Your 1 client keeps all their logs" in text
    assert "“Coach plan” is followed by Tess Trainee" in text


def test_deleting_one_account_leaves_other_coachings_alone(client, coach, trainee):
    other_coach_client = UserFactory()
    CoachingFactory(coach=coach, client=other_coach_client)
    CoachingFactory(coach=coach, client=trainee)
    client.force_login(trainee)

    client.post(reverse("delete_account"), {"password": PASSWORD})

    assert list(Coaching.objects.values_list("client", flat=True)) == [other_coach_client.pk]
    assert GateOverride.objects.count() == SessionComment.objects.count() == 0
