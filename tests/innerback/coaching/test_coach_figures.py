"""One definition of a trainee's figures: the roster, the client page and /progress/ agree,
wherever the trainee lives."""

import pytest
from django.urls import reverse

from programs.planning.calendar import week_start
from tests.innerback.accounts.factories import UserFactory
from tests.innerback.coaching.coaching_support import enrol_on_starter, log_session
from tests.innerback.coaching.factories import CoachingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Asia/Tokyo"])
def test_the_roster_the_client_page_and_progress_show_the_same_figures(client, coach, zone):
    trainee = UserFactory(time_zone=zone)
    CoachingFactory(coach=coach, client=trainee)
    enrolment = enrol_on_starter(trainee, weeks_ago=3, coach=coach)
    today = trainee.local_today()
    for number, session in enumerate(enrolment.sessions.filter(scheduled_on__lte=today)):
        if number % 3:  # two of every three sessions done, one missed
            log_session(session, failed_checks=("Hips stayed level",) if number % 2 else ())
    client.force_login(coach)

    [row] = client.get(reverse("coach:home")).context["rows"]
    page = client.get(reverse("coach:client", args=[trainee.pk])).context["figures"]
    client.force_login(trainee)
    weeks = client.get(reverse("programs:progress")).context["progress"].weeks

    assert row.figures == page
    by_start = {week.start: week for week in weeks}
    this_week = by_start[week_start(today)]
    assert (page.week_done, page.week_planned) == (this_week.done, this_week.planned)
    trend = [by_start.get(monday) for monday in sorted(by_start)[-4:]]
    assert list(page.pass_sets) == [w.sets for w in trend]
    assert list(page.pass_ok) == [w.form_ok for w in trend]
    assert page.month_planned == sum(w.planned for w in weeks if w.start < week_start(today))
