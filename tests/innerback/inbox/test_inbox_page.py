"""The coach's inbox page: open flags with their numbers and where to act, marking one
handled with and without JavaScript, the count in the nav and on the roster, and who may
see what."""

import pytest
from django.urls import reverse

from innerback.inbox.models import Flag, Kind
from tests.conftest import HTMX
from tests.innerback.accounts.factories import CoachFactory, UserFactory
from tests.innerback.coaching.factories import CoachingFactory
from tests.innerback.inbox.factories import FlagFactory

pytestmark = pytest.mark.django_db

INBOX = "/coach/inbox/"


@pytest.fixture
def flag(coach, coached_trainee):
    return FlagFactory(coach=coach, client=coached_trainee)


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def test_the_inbox_lists_open_flags_newest_first_with_numbers_and_a_link_to_act(
    signed_in, coach, coached_trainee, flag
):
    newer = FlagFactory(
        coach=coach,
        client=coached_trainee,
        kind=Kind.PAIN,
        cause="morning-1",
        summary="Worse: 6/10.",
    )

    page = signed_in.get(INBOX).text

    assert page.index("Worse: 6/10.") < page.index(flag.summary)
    assert f'href="{flag.link}"' in page
    assert "Tess Trainee · No session logged" in page
    assert f'action="{reverse("inbox:handled", args=[newer.pk])}"' in page


def test_marking_a_flag_handled_without_javascript_keeps_the_note_and_lists_it_below(
    signed_in, flag
):
    response = signed_in.post(
        reverse("inbox:handled", args=[flag.pk]), {"handled_note": "  Called her.  "}
    )

    assert response.status_code == 302 and response.url == INBOX
    flag.refresh_from_db()
    assert flag.handled_at is not None and flag.handled_note == "Called her."
    page = signed_in.get(INBOX).text
    assert "Called her." in page and "Nothing needs a look" in page


def test_with_htmx_marking_handled_answers_with_the_lists_alone(signed_in, flag):
    response = signed_in.post(
        reverse("inbox:handled", args=[flag.pk]), {"handled_note": ""}, headers=HTMX
    )

    assert response.status_code == 200
    assert "<html" not in response.text and 'id="handled-heading"' in response.text
    assert Flag.objects.get().handled_at is not None


def test_marking_handled_twice_keeps_the_first(signed_in, flag):
    url = reverse("inbox:handled", args=[flag.pk])
    signed_in.post(url, {"handled_note": "First."})
    signed_in.post(url, {"handled_note": "Second."})

    assert Flag.objects.get().handled_note == "First."


def test_a_note_too_long_comes_back_beside_the_field_and_nothing_is_saved(signed_in, flag):
    for headers in ({}, HTMX):
        response = signed_in.post(
            reverse("inbox:handled", args=[flag.pk]), {"handled_note": "x" * 501}, headers=headers
        )

        assert response.status_code == 200
        assert f'id="flag-{flag.pk}-handled_note_error"' in response.text
        assert Flag.objects.get().handled_at is None


def test_another_coachs_flag_is_not_found(client, flag):
    client.force_login(CoachFactory())

    response = client.post(reverse("inbox:handled", args=[flag.pk]), {"handled_note": ""})

    assert response.status_code == 404
    assert Flag.objects.get().handled_at is None
    assert flag.summary not in client.get(INBOX).text


def test_the_inbox_is_for_coaches_and_posts_only_change_it(client, trainee, flag):
    assert client.get(INBOX).status_code == 302  # to log in
    client.force_login(trainee)
    assert client.get(INBOX).status_code == 403
    assert client.post(reverse("inbox:handled", args=[flag.pk])).status_code == 403
    client.force_login(flag.coach)
    assert client.get(reverse("inbox:handled", args=[flag.pk])).status_code == 405


def test_the_nav_and_the_roster_show_the_count_of_open_flags(
    signed_in, coach, coached_trainee, flag
):
    FlagFactory(coach=coach, client=coached_trainee, kind=Kind.PAIN, cause="morning-2")
    FlagFactory(
        coach=coach,
        client=coached_trainee,
        kind=Kind.PAIN,
        cause="morning-3",
        handled_at=flag.raised_at,
    )

    page = signed_in.get(reverse("coach:home")).text

    assert '<span class="badge">2<span class="visually-hidden"> open flags</span></span>' in page
    assert "Inbox: 2 open flags" in page


def test_the_page_costs_the_same_queries_for_one_flag_or_many(
    signed_in, coach, coached_trainee, flag, django_assert_num_queries
):
    with django_assert_num_queries(INBOX_QUERIES):
        signed_in.get(INBOX)
    for n in range(30):
        other = UserFactory()
        CoachingFactory(coach=coach, client=other)
        FlagFactory(coach=coach, client=other, cause=str(n))
        FlagFactory(
            coach=coach, client=other, kind=Kind.PAIN, cause=str(n), handled_at=flag.raised_at
        )

    with django_assert_num_queries(INBOX_QUERIES):
        response = signed_in.get(INBOX)
    assert len(response.context["open_flags"]) == 31


# The session and the coach (2), the open flags and the handled ones (2), the nav's count (1).
INBOX_QUERIES = 5
