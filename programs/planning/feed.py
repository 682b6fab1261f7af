"""The plan as a calendar feed (iCalendar, RFC 5545) that Google Calendar, Apple Calendar or
Thunderbird subscribe to by its address.

Each planned session is one event at the trainee's usual training time, in their own time
zone, with what to do in its description and a link to the session. The feed is built
afresh on every fetch from the same plan the app shows (`weekplan.plan_days`), so a change
of training days, a pause or a coach's adjustment shows at the calendar's next refresh. An
event's UID is its session's, so a calendar replaces a moved session rather than adding it
again. It covers a bounded window (`feed_window`) so that its size, and the queries that
make it, do not grow with the history.

A coach's feed holds every current client's sessions, each at that client's training time
in that client's time zone, named after the client."""

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from icalendar import Calendar, Event

from programs.models import Prescription, TrainingSession
from programs.planning.calendar import sessions_between, week_start
from programs.planning.weekplan import PlanDay, plan_days
from programs.templatetags.plan_format import dose, load_text

# Far enough back to see the last weeks' sessions (done or missed), far enough ahead to plan
# around them; a calendar keeps what it imported earlier only while the feed still lists it.
WEEKS_BACK = 4
WEEKS_AHEAD = 12
# A session has no planned length; an hour holds one of the built-in programs' days with
# warm-up, so the event blocks roughly the time it takes.
SESSION_LENGTH = timedelta(hours=1)
PRODID = "-//innerback//Training plan//EN"

# The line each fetch changes (when the feed was made), left out of the ETag so that an
# unchanged plan answers 304.
_STAMP_LINE = re.compile(rb"^DTSTAMP[:;].*\r\n", re.MULTILINE)


def feed_window(today: date) -> tuple[date, date]:
    """The days a feed covers: from the Monday four weeks before today's week to twelve
    weeks after today, both included."""
    return week_start(today) - timedelta(weeks=WEEKS_BACK), today + timedelta(weeks=WEEKS_AHEAD)


def session_start(session: TrainingSession, trainee) -> datetime:
    """When a session is planned to begin: its day at the trainee's training time, in the
    trainee's time zone (a daylight-saving change moves it with the trainee's clock)."""
    return datetime.combine(session.scheduled_on, trainee.training_time, tzinfo=trainee.zone)


def day_name(session: TrainingSession) -> str:
    """ "Activation (week 2)": the program day by its title, or its place when untitled."""
    day = session.program_day
    return f"{day.title or f'Day {day.position}'} (week {day.week.number})"


def exercise_lines(day: PlanDay) -> list[str]:
    """One line per exercise of the day, as the plan shows it: "Bird dog: 3 × 8–12 reps",
    with today's load for a resistance exercise; a locked one says what to do instead."""
    lines = []
    for entry in day.entries:
        item = entry.planned
        if item.locked:
            instead = ", ".join(exercise.name for exercise in item.substitutes)
            lines.append(
                f"{item.exercise.name}: locked for now"
                + (f"; do {instead} instead" if instead else "")
            )
            continue
        line = f"{item.exercise.name}: {dose(item)}"
        if item.exercise.is_resistance:
            line += f", {load_text(item.load, item.unit)}"
        lines.append(line)
    return lines


def _calendar(name: str, uid: str) -> Calendar:
    # A UID of its own (RFC 7986), the same on every fetch: a new one each time would make
    # every fetch look changed.
    calendar = Calendar.new(prodid=PRODID, name=name, uid=uid)
    # Asks the calendar program to refresh about hourly; most choose their own pace anyway.
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    return calendar


def _event(*, uid: str, start: datetime, summary: str, description: str, url: str) -> Event:
    return Event.new(
        uid=uid,
        stamp=timezone.now(),
        start=start,
        end=start + SESSION_LENGTH,
        summary=summary,
        description=description,
        url=url,
    )


def trainee_calendar(
    *, trainee, today: date, session_url: Callable[[TrainingSession], str], host: str
) -> Calendar:
    """The trainee's sessions in the window around `today` (their local date), each with its
    exercises as the plan shows them; `session_url` gives a session's full address and
    `host` makes the UIDs unique to this site."""
    first, last = feed_window(today)
    sessions = list(sessions_between(trainee=trainee, first=first, last=last))
    calendar = _calendar("innerback training", f"plan-{trainee.pk}@{host}")
    for day in plan_days(trainee=trainee, sessions=sessions, today=today):
        session = day.session
        lines = exercise_lines(day)
        if session.completed_at is not None:
            lines.insert(0, "Done.")
        url = session_url(session)
        lines.append(f"Open the session: {url}")
        calendar.add_component(
            _event(
                uid=f"session-{session.pk}@{host}",
                start=session_start(session, trainee),
                summary=f"{day_name(session)} · {session.program_day.week.program.name}",
                description="\n".join(lines),
                url=url,
            )
        )
    calendar.add_missing_timezones()
    return calendar


def clients_sessions(*, coach, first: date, last: date) -> QuerySet[TrainingSession]:
    """The sessions of the coach's current clients from `first` to `last`, with each client
    and program day, in date order."""
    return (
        TrainingSession.objects.filter(
            trainee__coached_by__coach=coach,
            trainee__coached_by__ended_at__isnull=True,
            scheduled_on__gte=first,
            scheduled_on__lte=last,
        )
        .select_related("trainee", "program_day__week__program")
        .order_by(
            "scheduled_on", "trainee_id", "program_day__week__number", "program_day__position"
        )
    )


def coach_calendar(*, coach, today: date, client_url: Callable[[int], str], host: str) -> Calendar:
    """Every current client's sessions in the window around `today` (the coach's date), named
    after the client, each listing the program day's exercises; `client_url` gives a
    client's page by their id. The engine's loads are each client's own business, decided on
    their page; here the coach sees who trains what, and when."""
    first, last = feed_window(today)
    sessions = list(clients_sessions(coach=coach, first=first, last=last))
    exercises: dict[int, list[str]] = defaultdict(list)
    for day_id, name in (
        Prescription.objects.filter(day_id__in={s.program_day_id for s in sessions})
        .order_by("day_id", "position", "id")
        .values_list("day_id", "exercise__name")
    ):
        exercises[day_id].append(name)
    calendar = _calendar("innerback clients", f"clients-{coach.pk}@{host}")
    for session in sessions:
        client = session.trainee
        url = client_url(client.pk)
        lines = [*exercises[session.program_day_id], f"Open {client}'s page: {url}"]
        if session.completed_at is not None:
            lines.insert(0, "Done.")
        calendar.add_component(
            _event(
                uid=f"client-session-{session.pk}@{host}",
                start=session_start(session, client),
                summary=f"{client}: {day_name(session)}",
                description="\n".join(lines),
                url=url,
            )
        )
    calendar.add_missing_timezones()
    return calendar


def feed_etag(body: bytes) -> str:
    """A strong ETag for a feed: the same plan gives the same tag whenever it is fetched."""
    return '"' + hashlib.sha256(_STAMP_LINE.sub(b"", body)).hexdigest()[:32] + '"'
