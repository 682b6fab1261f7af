"""The roster in pages of 50 clients, with the sort kept from page to page."""

import pytest
from django.urls import reverse

from innerback.coaching.models import Coaching
from innerback.coaching.roster import ROSTER_PAGE_SIZE
from tests.conftest import HTMX
from tests.innerback.accounts.factories import UserFactory
from tests.innerback.coaching.test_coach_roster import history, long_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_clients(coach):
    """51 clients named Client 00 … Client 50, each with a week of training."""
    program, days = long_program(weeks=1)
    clients = []
    for number in range(ROSTER_PAGE_SIZE + 1):
        trainee = UserFactory(display_name=f"Client {number:02d}")
        Coaching.objects.create(coach=coach, client=trainee)
        history(trainee, program, days, weeks=1)
        clients.append(trainee)
    return clients


def test_the_first_page_shows_50_clients_with_gate_counts_and_a_link_to_the_next(
    client, coach, many_clients
):
    client.force_login(coach)

    response = client.get(reverse("coach:home"), {"sort": "-name"})

    rows = response.context["rows"]
    assert [r.client.display_name for r in rows][:2] == ["Client 50", "Client 49"]
    assert len(rows) == ROSTER_PAGE_SIZE
    assert all(r.unlocked is not None for r in rows)
    html = response.content.decode()
    assert "Clients 1–50 of 51" in html
    assert 'href="?sort=-name&amp;page=2"' in html
    assert 'hx-get="?sort=-name&amp;page=2"' in html
    assert 'rel="prev"' not in html


@pytest.mark.parametrize("htmx", [False, True])
def test_the_next_page_keeps_the_sort_with_and_without_htmx(client, coach, many_clients, htmx):
    client.force_login(coach)

    response = client.get(
        reverse("coach:home"), {"sort": "-name", "page": "2"}, headers=HTMX if htmx else {}
    )

    assert [r.client.display_name for r in response.context["rows"]] == ["Client 00"]
    html = response.content.decode()
    assert "Clients 51–51 of 51" in html
    assert 'href="?sort=-name&amp;page=1"' in html
    assert ("<html" in html) is not htmx


def test_a_page_number_out_of_range_or_malformed_shows_the_nearest_page(
    client, coach, many_clients
):
    client.force_login(coach)

    last = client.get(reverse("coach:home"), {"page": "9"})
    first = client.get(reverse("coach:home"), {"page": "x"})

    assert [r.client.display_name for r in last.context["rows"]] == ["Client 50"]
    assert first.context["rows"][0].client.display_name == "Client 00"


def test_a_roster_of_one_page_has_no_page_links(client, coach, coached_trainee):
    client.force_login(coach)

    html = client.get(reverse("coach:home")).content.decode()

    assert 'aria-label="Roster pages"' not in html
