"""The scheduler and the worker send each kind of mail once per cause, retry a failing
mail server with back-off, and hold mail back in quiet hours."""

import smtplib
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innerback.coaching.relations import add_comment
from innerback.notifications import rules
from innerback.notifications.models import SentMail
from innerback.notifications.schedule import tick
from tests.innerback.accounts.factories import CoachFactory, UserFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.programs.factories import PrescriptionFactory, TrainingSessionFactory

from .factories import FlagFactory, PreferencesFactory, run_worker

# The worker commits as it goes, as in production: these tests use real transactions.
pytestmark = pytest.mark.django_db(transaction=True)

DAY = date(2026, 12, 3)


def moment(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(DAY, time(hour, minute), tzinfo=UTC)


@pytest.fixture
def people():
    """A coach (digest at 07:00 UTC) with a client who trains on DAY (reminder at 08:00)
    and a flag raised the evening before."""
    coach = CoachFactory(email="coach@example.com", display_name="Cora")
    trainee = UserFactory(email="tess@example.com", display_name="Tess")
    CoachingFactory(coach=coach, client=trainee)
    session = TrainingSessionFactory(enrolment__trainee=trainee, scheduled_on=DAY)
    PrescriptionFactory(day=session.program_day, exercise__name="Mail test bird-dog")
    FlagFactory(coach=coach, client=trainee, raised_at=moment(0) - timedelta(hours=3))
    return coach, trainee, session


def test_the_scheduler_and_worker_send_each_kind_of_mail_exactly_once(people):
    coach, _, session = people
    add_comment(coach=coach, session=session, body="Slower on the way down, please.")

    for now in (moment(8), moment(8), moment(8, 15), moment(9, 30)):
        tick(now)
        run_worker()
    run_worker()

    digest, notice, reminder = sorted(mail.outbox, key=lambda m: (m.to[0], m.subject))
    assert len(mail.outbox) == 3
    assert digest.to == ["coach@example.com"] and "1 new flag" in digest.subject
    assert "Tess: No session logged" in digest.body
    assert reminder.to == notice.to == ["tess@example.com"]
    assert "training today" in reminder.subject and "Mail test bird-dog" in reminder.body
    assert "Slower on the way down, please." in notice.body
    for message in mail.outbox:
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and "<html" in html
        link = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert link.startswith("http://127.0.0.1:8000/notifications/unsubscribe/")
        assert link in message.body and link in html
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert SentMail.objects.filter(sent=True).count() == 3


def test_the_scheduler_command_enqueues_a_slot_once(people):
    call_command("run_scheduler", once=True)
    call_command("run_scheduler", once=True)

    assert DBTaskResult.objects.filter(task_path__endswith="send_due_mail").count() == 1


def test_no_mail_before_the_chosen_hour_and_none_for_an_unwanted_kind(people):
    _, trainee, _ = people
    PreferencesFactory(user=trainee, reminder=False)

    tick(moment(6, 45))
    run_worker()
    assert mail.outbox == []

    tick(moment(9))
    run_worker()
    assert [message.to for message in mail.outbox] == [["coach@example.com"]]


def test_a_digest_with_no_new_flags_is_not_sent_and_not_tried_again(people):
    coach_only = CoachFactory(email="quiet-coach@example.com")

    tick(moment(8))
    run_worker()
    tick(moment(8, 15))
    run_worker()

    assert "quiet-coach@example.com" not in [message.to[0] for message in mail.outbox]
    assert SentMail.objects.get(key=f"digest:{coach_only.pk}:{DAY}").sent is False
    assert DBTaskResult.objects.filter(args_kwargs__args=[coach_only.pk, str(DAY)]).count() == 1


def test_with_the_mail_server_down_and_no_worker_the_comment_is_saved_and_mailed_later(
    client, people, monkeypatch
):
    coach, trainee, session = people
    client.force_login(coach)
    original = locmem.EmailBackend.send_messages

    def refuse(self, messages):
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse)
    response = client.post(
        f"/coach/clients/{trainee.pk}/sessions/{session.pk}/comments/",
        {"body": "Nice and steady."},
    )

    assert response.status_code == 302
    assert session.comments.get().body == "Nice and steady."
    assert mail.outbox == []
    monkeypatch.setattr(locmem.EmailBackend, "send_messages", original)
    run_worker()
    assert [message.to for message in mail.outbox] == [["tess@example.com"]]


def test_a_failing_mail_server_is_retried_with_back_off_then_the_mail_goes_once(
    people, monkeypatch
):
    coach, _, session = people
    original = locmem.EmailBackend.send_messages

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse)
    add_comment(coach=coach, session=session, body="Good work.")
    before = timezone.now()
    run_worker()

    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.args_kwargs["kwargs"] == {"attempt": 2}
    assert waiting.run_after >= before + rules.retry_delay(1)
    assert mail.outbox == []
    assert not SentMail.objects.exists()

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", original)
    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now())
    run_worker()
    run_worker()
    assert len(mail.outbox) == 1


def test_a_mail_is_given_up_after_the_last_attempt(people, monkeypatch):
    coach, _, session = people

    def refuse(self, messages):
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse)
    add_comment(coach=coach, session=session, body="Good work.")
    for _ in range(rules.MAX_ATTEMPTS):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()

    assert DBTaskResult.objects.filter(status="READY").count() == 0
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == rules.MAX_ATTEMPTS - 1


def test_a_comment_in_quiet_hours_waits_until_they_end(people):
    coach, trainee, session = people
    now = timezone.localtime(timezone.now(), trainee.zone)
    start = (now - timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (now + timedelta(hours=1)).time().replace(second=0, microsecond=0)
    PreferencesFactory(user=trainee, quiet_start=start, quiet_end=end)

    add_comment(coach=coach, session=session, body="Good work.")
    run_worker()

    assert mail.outbox == []
    held = DBTaskResult.objects.get(status="READY")
    assert held.run_after > timezone.now() + timedelta(minutes=55)
    DBTaskResult.objects.filter(pk=held.pk).update(run_after=timezone.now())
    PreferencesFactory._meta.model.objects.filter(user=trainee).update(
        quiet_start=None, quiet_end=None
    )
    run_worker()
    assert len(mail.outbox) == 1


def test_a_reminder_in_quiet_hours_goes_once_they_end_the_same_day(people):
    _, trainee, _ = people
    PreferencesFactory(user=trainee, quiet_start=time(7, 30), quiet_end=time(10, 0))

    tick(moment(8))
    run_worker()
    assert "tess@example.com" not in [message.to[0] for message in mail.outbox]

    tick(moment(10))
    run_worker()
    assert [m.to[0] for m in mail.outbox].count("tess@example.com") == 1
