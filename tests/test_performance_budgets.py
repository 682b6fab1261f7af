"""Performance budgets that hold whatever the size of the data.

* Every main page runs the same SQL queries for a trainee with three weeks of history as for
  one with more than a year of it (and a coach's pages the same for clients of either kind):
  a query per row of history would show up here as a difference.
* Logging a set with htmx answers with a small fragment: < 4 KB as sent (gzipped).
* The first visit to /today/ transfers < 60 KB compressed: the HTML as the app sends it
  (gzipped) plus every stylesheet, script and icon it links, each gzip-compressed as
  WhiteNoise serves it.

The histories are the load-test dataset's (`scripts.loadgen.load_data` via `seed_load`), so these
tests see the same realistic mix of cycles, missed sessions and failed checks as
`make bench` does on millions of rows (docs/benchmarks.md).
"""

import gzip
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innerback.accounts.models import User
from programs.models import CalendarFeed, Program
from programs.planning.calendar import week_start
from scripts.loadgen.load_data import DAY_PATTERNS
from scripts.loadgen.seed import STARTER_SLUG, write_histories
from tests.innerback.accounts.factories import CoachFactory, UserFactory
from tests.innerback.coaching.factories import CoachingFactory

pytestmark = pytest.mark.django_db

SHORT_WEEKS = 3
# A whole number of 8-week cycles more, so both trainees are on the same program day today,
# and over a year, so the engine's history window is full.
LONG_WEEKS = SHORT_WEEKS + 8 * 7
FRAGMENT_BUDGET = 4 * 1024
FIRST_LOAD_BUDGET = 60 * 1024
HX = {"HX-Request": "true"}


def _trainee_number() -> int:
    """A load-data trainee number whose training days include today, so /today/ has a
    session to log."""
    weekday = timezone.localdate().weekday()
    return next(n for n, days in enumerate(DAY_PATTERNS) if weekday in days)


def with_history(user: User, weeks: int) -> User:
    today = timezone.localdate()
    write_histories(
        [(_trainee_number(), user)],
        program=Program.objects.get(slug=STARTER_SLUG),
        first_monday=week_start(today) - timedelta(weeks=weeks),
        today=today,
    )
    return user


@pytest.fixture
def short_and_long():
    """Two coaches, each with two clients: the first coach's clients have three weeks of
    history, the second's more than a year."""
    pairs = []
    for weeks in (SHORT_WEEKS, LONG_WEEKS):
        coach = CoachFactory()
        clients = [with_history(UserFactory(), weeks) for _ in range(2)]
        for client in clients:
            CoachingFactory(coach=coach, client=client)
        pairs.append((coach, clients[0]))
    return pairs


def _count(client: Client, method: str, url: str, **kwargs) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, **kwargs)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), response


def log_set_data(response) -> tuple[str, dict]:
    """The URL and POST data of the first exercise of today's session that can be logged:
    its next set as prescribed, every form check ticked."""
    log = response.context["log"]
    block = next(b for b in log.blocks if b.next_slot is not None and b.next_slot.form)
    form = block.next_slot.form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name != "client_token"
    }
    data["client_token"] = str(uuid.uuid4())
    if block.exercise.is_resistance and "load" not in data:
        data["load"] = "0"
    data["checks"] = block.exercise.form_check_list
    url = f"/sessions/{log.session.pk}/items/{block.key}/sets/"
    return url, data


def page_queries(trainee: User, coach: User) -> dict[str, int]:
    """Queries run by each main page, and by logging a set with htmx."""
    counts = {}
    as_trainee, as_coach = Client(), Client()
    as_trainee.force_login(trainee)
    as_coach.force_login(coach)
    for url in ("/plan/", "/exercises/"):
        counts[url], _ = _count(as_trainee, "get", url)
    counts["/today/"], today = _count(as_trainee, "get", "/today/")
    url, data = log_set_data(today)
    counts["log a set (htmx)"], _ = _count(as_trainee, "post", url, data=data, headers=HX)
    for url in (
        "/coach/",
        f"/coach/clients/{trainee.pk}/",
        f"/coach/clients/{trainee.pk}/export.csv",
    ):
        counts[url.replace(str(trainee.pk), "<id>")], _ = _count(as_coach, "get", url)
    # The calendar feeds, fetched by a calendar program that is signed in to nothing.
    for owner, name in ((trainee, "plan_feed"), (coach, "clients_feed")):
        secret = CalendarFeed.objects.issue(owner=owner).secret
        counts[name], _ = _count(Client(), "get", reverse(f"programs:{name}", args=[secret]))
    return counts


def test_every_main_page_runs_the_same_queries_for_a_short_and_a_long_history(short_and_long):
    (short_coach, short_trainee), (long_coach, long_trainee) = short_and_long

    short = page_queries(short_trainee, short_coach)
    long = page_queries(long_trainee, long_coach)

    assert long == short


def test_logging_a_set_with_htmx_answers_with_a_fragment_under_4_kb(short_and_long):
    _, (_, trainee) = short_and_long
    client = Client()
    client.force_login(trainee)
    url, data = log_set_data(client.get("/today/"))

    response = client.post(url, data=data, headers={**HX, "Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert response["HX-Trigger"]  # it was logged, not refused
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content)
    assert b"<html" not in html and b"exercise-block" in html
    assert len(response.content) < FRAGMENT_BUDGET, (len(response.content), len(html))


ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(?P<url>[^"]+)"')


def _static_file(url: str) -> Path:
    """The collected file a static URL serves (hashed names, as in production)."""
    name = url.split("?")[0].removeprefix("/" + settings.STATIC_URL.lstrip("/"))
    path = Path(settings.STATIC_ROOT) / name
    assert path.is_file(), f"{url} is not a collected static file"
    return path


def test_first_load_of_today_is_under_60_kb_compressed(short_and_long):
    _, (_, trainee) = short_and_long
    client = Client()
    client.force_login(trainee)

    response = client.get("/today/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content)
    assets = sorted({m["url"] for m in ASSET.finditer(html.decode())})
    sizes = {"HTML": len(response.content)}
    for url in assets:
        # The web app manifest is a page of its own, not a static file.
        static = url.startswith("/" + settings.STATIC_URL.lstrip("/"))
        body = _static_file(url).read_bytes() if static else client.get(url).content
        sizes[url] = len(gzip.compress(body))

    # The page, its stylesheet, htmx, our own scripts and the manifest are all counted.
    assert any(url.endswith(".css") for url in assets)
    assert any("htmx" in url for url in assets)
    assert any("timer" in url for url in assets)
    assert any("offline" in url for url in assets)
    assert "/manifest.webmanifest" in assets
    assert sum(sizes.values()) < FIRST_LOAD_BUDGET, sizes
