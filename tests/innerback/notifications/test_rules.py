"""When mail may go: quiet hours, due hours, digest spans and the retry back-off."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from innerback.notifications import rules

minutes = st.integers(min_value=0, max_value=24 * 60 - 1)


def at(minute: int) -> time:
    return time(minute // 60, minute % 60)


def test_quiet_hours_within_one_day():
    assert rules.in_quiet_hours(time(13, 0), time(12, 0), time(14, 0))
    assert not rules.in_quiet_hours(time(14, 0), time(12, 0), time(14, 0))


def test_quiet_hours_over_midnight():
    start, end = time(22, 0), time(7, 0)
    assert rules.in_quiet_hours(time(23, 30), start, end)
    assert rules.in_quiet_hours(time(6, 59), start, end)
    assert not rules.in_quiet_hours(time(7, 0), start, end)
    assert not rules.in_quiet_hours(time(12, 0), start, end)


def test_no_quiet_hours_or_an_empty_span_is_never_quiet():
    assert not rules.in_quiet_hours(time(3, 0), None, None)
    assert not rules.in_quiet_hours(time(3, 0), time(3, 0), time(3, 0))


@given(minutes, minutes, minutes)
def test_quiet_hours_end_is_the_first_moment_outside_them(now, start, end):
    zone = ZoneInfo("UTC")
    moment = datetime.combine(date(2026, 12, 3), at(now), tzinfo=zone)
    release = rules.quiet_hours_end(moment, at(start), at(end))

    assert release >= moment
    assert not rules.in_quiet_hours(release.time(), at(start), at(end))
    step = moment
    while step < release:
        assert rules.in_quiet_hours(step.time(), at(start), at(end))
        step += timedelta(minutes=1)


def test_a_daily_mail_is_due_from_its_hour_to_the_end_of_the_day_outside_quiet_hours():
    day = date(2026, 12, 3)
    moment = lambda hour: datetime.combine(day, time(hour), tzinfo=UTC)  # noqa: E731
    assert not rules.due(moment(6), 7, None, None)
    assert rules.due(moment(7), 7, None, None)
    assert rules.due(moment(23), 7, None, None)
    assert not rules.due(moment(7), 7, time(6, 0), time(8, 0))
    assert rules.due(moment(8), 7, time(6, 0), time(8, 0))


@given(st.dates(min_value=date(2000, 1, 2)), st.integers(0, 23))
def test_successive_digests_cover_every_moment_once(day, hour):
    zone = ZoneInfo("Europe/Berlin")
    start, end = rules.digest_span(day, hour, zone)
    next_start, _ = rules.digest_span(day + timedelta(days=1), hour, zone)
    assert start < end == next_start


def test_retries_wait_longer_each_time():
    delays = [rules.retry_delay(attempt) for attempt in range(1, rules.MAX_ATTEMPTS)]
    assert delays == [timedelta(minutes=m) for m in (1, 4, 16, 64)]
