"""When mail may go out: the rules in domain words, over plain values (no HTTP, no ORM).

Times here are each person's local wall-clock times; callers convert with the person's
time zone (`User.zone`).
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# A failed send is tried again after 1, 4, 16 and 64 minutes; after the fifth failure the
# mail is given up (and the failure logged), so a mailbox that refuses everything does not
# keep the queue busy for ever.
MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=1)
RETRY_FACTOR = 4


def in_quiet_hours(moment: time, start: time | None, end: time | None) -> bool:
    """Whether `moment` falls in the person's quiet hours [start, end).

    Quiet hours may run past midnight (22:00 to 07:00). No quiet hours, or a start equal to
    the end, means never quiet: "quiet all day" would be opting out, which each kind has.
    """
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def quiet_hours_end(moment: datetime, start: time | None, end: time | None) -> datetime:
    """The first moment at or after `moment` (aware, in the person's zone) outside quiet
    hours: when a mail held back by them may go."""
    if not in_quiet_hours(moment.timetz().replace(tzinfo=None), start, end):
        return moment
    assert end is not None
    ends = datetime.combine(moment.date(), end, tzinfo=moment.tzinfo)
    if ends <= moment:
        ends = datetime.combine(moment.date() + timedelta(days=1), end, tzinfo=moment.tzinfo)
    return ends


def due(local_now: datetime, hour: int, quiet_start: time | None, quiet_end: time | None) -> bool:
    """A daily mail chosen for `hour` is due from that hour until the day ends, outside
    quiet hours: a mail the scheduler missed (it was stopped) or that quiet hours held back
    still goes the same day, but never on a later day about an earlier one."""
    wall = local_now.time().replace(tzinfo=None)
    return local_now.hour >= hour and not in_quiet_hours(wall, quiet_start, quiet_end)


def digest_span(day: date, hour: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The flags a coach's digest of `day` reports: those raised since the previous day's
    digest time up to this day's, both at the chosen hour in the coach's time zone. Spans
    of successive days meet end to start, so every flag is reported in exactly one digest."""
    end = datetime.combine(day, time(hour), tzinfo=zone)
    start = datetime.combine(day - timedelta(days=1), time(hour), tzinfo=zone)
    return start, end


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt number `attempt` (1 for the first)."""
    return FIRST_RETRY * RETRY_FACTOR ** (attempt - 1)
