"""`seed_demo` gives the demo coach's inbox one flag of each kind, from real data."""

from io import StringIO

import pytest
from django.core.management import call_command

from innerback.inbox.models import Flag, Kind

pytestmark = pytest.mark.django_db


def test_the_demo_coach_has_one_open_flag_of_each_kind_and_a_second_run_adds_none(client):
    call_command("seed_demo", stdout=StringIO())
    flags = Flag.objects.open().filter(coach__email="coach@example.com")

    assert {flag.kind for flag in flags} == set(Kind.values)
    by_kind = {flag.kind: flag for flag in flags}
    assert by_kind[Kind.FOREIGN_OVERRIDE].client.email == "sam@example.com"
    assert by_kind[Kind.INACTIVE].client.email == "quinn@example.com"
    before = list(Flag.objects.values_list("pk", "cleared_at"))

    call_command("seed_demo", stdout=StringIO())

    assert list(Flag.objects.values_list("pk", "cleared_at")) == before
    client.force_login(by_kind[Kind.PAIN].coach)
    page = client.get("/coach/inbox/").text
    for flag in flags:
        assert flag.summary in page.replace("&#x27;", "'")
