"""A trainee's figures: adherence, form pass rate and last activity, defined once here and
shown by the coach's roster, the coach's client page and the trainee's /progress/ page.

The rules, all in the trainee's own dates (`User.local_today()`, weeks Monday to Sunday):

- A session is **planned** when it is on the trainee's calendar and scheduled up to and
  including their today. Days later this week count once they come. The calendar takes a
  paused or replaced program's open sessions off, so those are not held against anyone;
  missed past sessions stay and count.
- A planned session is **done** when it was marked complete or has at least one live
  logged set.
- **Adherence** over some weeks: sessions done ÷ sessions planned in them.
- **Form pass rate** over some weeks: the share of live sets logged in them with every form
  check ticked.
- **Last activity**: the latest day with a live logged set.

Each is a grouped aggregate over the (trainee, date) indexes, read for many trainees in the
same queries, so a page costs the same whatever the number of trainees or the length of
their histories. No HTTP and no memo: every read is afresh.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import TruncWeek

from programs.models import SetLog, TrainingSession
from programs.planning.calendar import week_start

# The roster's and client page's trend: this week and the three before it.
TREND_WEEKS = 4
# A weekly pass rate has to move by this many points before the trend calls it a change.
TREND_STEP = 5


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class Week:
    """One Monday-to-Sunday week of a trainee's figures."""

    start: date
    planned: int = 0
    done: int = 0
    sets: int = 0
    form_ok: int = 0

    @property
    def adherence(self) -> int | None:
        return percent(self.done, self.planned)

    @property
    def pass_rate(self) -> int | None:
        return percent(self.form_ok, self.sets)


def done() -> Q:
    """A session that counts as done: marked complete or with a live logged set."""
    return Q(completed_at__isnull=False) | Q(
        Exists(SetLog.objects.live().filter(session=OuterRef("pk")))
    )


def _up_to_today(field_name: str, todays: Mapping[int, date], weeks: int | None) -> Q:
    """Rows of each trainee dated from the Monday `weeks - 1` weeks before their current
    week (all history when `weeks` is None) up to and including their today.

    Trainees are grouped by their today: time zones put people on at most a couple of
    dates at any moment, so there are a handful of conditions, never one per trainee."""
    by_today: dict[date, list[int]] = defaultdict(list)
    for trainee_id, today in todays.items():
        by_today[today].append(trainee_id)
    condition = Q(pk__in=[])
    for today, ids in by_today.items():
        window = Q(trainee_id__in=ids, **{f"{field_name}__lte": today})
        if weeks is not None:
            since = week_start(today) - timedelta(weeks=weeks - 1)
            window &= Q(**{f"{field_name}__gte": since})
        condition |= window
    return condition


def weekly(todays: Mapping[int, date], *, weeks: int | None) -> dict[int, dict[date, Week]]:
    """Each trainee's figures per week with any, by the week's Monday: this week (up to
    their today) and the `weeks - 1` before it, or all history when `weeks` is None.
    `todays` gives each trainee's local today by id. Two queries, grouped by week in SQL."""
    found: dict[int, dict[date, Week]] = defaultdict(dict)

    def week(trainee_id: int, start) -> Week:
        start = start.date() if hasattr(start, "date") else start
        return found[trainee_id].setdefault(start, Week(start))

    if not todays:
        return {}
    for row in (
        TrainingSession.objects.filter(_up_to_today("scheduled_on", todays, weeks))
        .annotate(week=TruncWeek("scheduled_on"))
        .values("trainee_id", "week")
        .annotate(planned=Count("id"), done=Count("id", filter=done()))
        .order_by()
    ):
        entry = week(row["trainee_id"], row["week"])
        entry.planned, entry.done = row["planned"], row["done"]
    for row in (
        SetLog.objects.live()
        .filter(_up_to_today("performed_on", todays, weeks))
        .annotate(week=TruncWeek("performed_on"))
        .values("trainee_id", "week")
        .annotate(sets=Count("id"), form_ok=Count("id", filter=Q(form_ok=True)))
        .order_by()
    ):
        entry = week(row["trainee_id"], row["week"])
        entry.sets, entry.form_ok = row["sets"], row["form_ok"]
    return dict(found)


def last_activity(trainee_ids: list[int]) -> dict[int, date | None]:
    """The latest day with a live logged set, per trainee (None: nothing logged). One
    query."""
    latest = (
        SetLog.objects.live()
        .filter(trainee=OuterRef("pk"))
        .order_by("-performed_on")
        .values("performed_on")[:1]
    )
    # Per trainee, the newest end of their index, not a maximum over their whole history.
    return dict(
        get_user_model()
        .objects.filter(pk__in=trainee_ids)
        .annotate(last=Subquery(latest))
        .values_list("pk", "last")
    )


@dataclass(frozen=True)
class Figures:
    """What the roster and the client page show of one trainee: adherence this week and
    over the four whole weeks before it, weekly pass rates over `TREND_WEEKS` ending with
    this week, and last activity."""

    today: date
    week_done: int = 0
    week_planned: int = 0
    month_done: int = 0
    month_planned: int = 0
    # Sets and clean sets per week, oldest first, ending with this week.
    pass_sets: tuple[int, ...] = field(default=(0,) * TREND_WEEKS)
    pass_ok: tuple[int, ...] = field(default=(0,) * TREND_WEEKS)
    last_activity: date | None = None

    @property
    def week_adherence(self) -> int | None:
        return percent(self.week_done, self.week_planned)

    @property
    def month_adherence(self) -> int | None:
        return percent(self.month_done, self.month_planned)

    @property
    def pass_rates(self) -> list[int | None]:
        return [percent(ok, sets) for ok, sets in zip(self.pass_ok, self.pass_sets, strict=True)]

    @property
    def pass_rate(self) -> int | None:
        """The pass rate over the whole trend window."""
        return percent(sum(self.pass_ok), sum(self.pass_sets))

    @property
    def trend(self) -> str:
        """'up', 'down' or 'steady' between the two latest weeks with sets; '' without two."""
        rates = [rate for rate in self.pass_rates if rate is not None]
        if len(rates) < 2:
            return ""
        change = rates[-1] - rates[-2]
        if change >= TREND_STEP:
            return "up"
        if change <= -TREND_STEP:
            return "down"
        return "steady"


def figures_for(todays: Mapping[int, date]) -> dict[int, Figures]:
    """`Figures` for each trainee in `todays` (their local today by id), in three queries
    however many trainees and however long their histories."""
    # This week, the four before it for adherence; the trend window lies inside them.
    by_week = weekly(todays, weeks=5)
    latest = last_activity(list(todays))
    found = {}
    for trainee_id, today in todays.items():
        monday = week_start(today)
        weeks = by_week.get(trainee_id, {})

        def at(offset: int, weeks=weeks, monday=monday) -> Week:
            start = monday + timedelta(weeks=offset)
            return weeks.get(start, Week(start))

        month = [at(offset) for offset in range(-4, 0)]
        trend = [at(offset) for offset in range(1 - TREND_WEEKS, 1)]
        found[trainee_id] = Figures(
            today=today,
            week_done=at(0).done,
            week_planned=at(0).planned,
            month_done=sum(w.done for w in month),
            month_planned=sum(w.planned for w in month),
            pass_sets=tuple(w.sets for w in trend),
            pass_ok=tuple(w.form_ok for w in trend),
            last_activity=latest[trainee_id],
        )
    return found


def figures_of(trainee, today: date | None = None) -> Figures:
    """`Figures` for one trainee on `today` (their local today by default)."""
    return figures_for({trainee.pk: today or trainee.local_today()})[trainee.pk]


def adherence_over_days(
    todays: Mapping[int, date], spans: tuple[int, ...]
) -> dict[int, dict[int, tuple[int, int]]]:
    """Each trainee's (done, planned) sessions over each span of the last `days` days up to
    and including their today, by span: the same planned and done as `weekly`, over days
    instead of weeks. One query, grouped by trainee in SQL."""
    if not todays:
        return {}
    by_today: dict[date, list[int]] = defaultdict(list)
    for trainee_id, today in todays.items():
        by_today[today].append(trainee_id)

    def within(days: int) -> Q:
        return Q(pk__in=[]) | Q(
            *[
                Q(trainee_id__in=ids, scheduled_on__gt=today - timedelta(days=days))
                for today, ids in by_today.items()
            ],
            _connector=Q.OR,
        )

    counts = {}
    for days in spans:
        counts[f"planned_{days}"] = Count("id", filter=within(days))
        counts[f"done_{days}"] = Count("id", filter=within(days) & done())
    found = {trainee_id: dict.fromkeys(spans, (0, 0)) for trainee_id in todays}
    for row in (
        TrainingSession.objects.filter(_up_to_today("scheduled_on", todays, None))
        .filter(within(max(spans)))
        .values("trainee_id")
        .annotate(**counts)
        .order_by()
    ):
        found[row["trainee_id"]] = {
            days: (row[f"done_{days}"], row[f"planned_{days}"]) for days in spans
        }
    return found
