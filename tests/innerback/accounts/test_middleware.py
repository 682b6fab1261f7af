"""Requests carry an id back and forth, and text no database can hold is refused with a 400
before any view sees it."""

from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.url_sweep import World, project_endpoints

pytestmark = pytest.mark.django_db


# -- Characters no column can hold -------------------------------------------------------


def test_a_nul_in_an_invitation_code_is_a_bad_request_not_a_server_error(client):
    response = client.get("/invite/%00/")

    assert response.status_code == 400
    assert "could not be read" in response.text


def test_a_nul_in_any_url_path_is_a_bad_request(db):
    world = World()
    client = Client(raise_request_exception=False)
    client.force_login(world.trainee)
    answers = {}
    for endpoint in project_endpoints():
        path = world.path_for(endpoint, world.trainee)
        answers[str(endpoint)] = client.get(path.rstrip("/") + "%00/").status_code

    assert set(answers.values()) == {400}, answers


@pytest.mark.parametrize("query", [{"q": "\x00"}, {"\x00": "1"}, {"week": "2026-01-05\x00"}])
def test_a_nul_in_the_query_string_is_a_bad_request(client, trainee, query):
    client.force_login(trainee)

    assert client.get(reverse("exercises:catalog"), query).status_code == 400


def test_a_nul_in_a_login_is_a_form_error_and_counts_no_failed_login(client, trainee):
    response = client.post(reverse("login"), {"username": "tess@example.com\x00", "password": "x"})

    assert response.status_code == 200
    assert "Null characters are not allowed" in response.text
    assert not AccessAttempt.objects.exists()


class _FieldNames(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = dict(attrs).get("name")
        if tag in {"input", "textarea", "select"} and name and name != "csrfmiddlewaretoken":
            self.names.add(name)


@pytest.mark.parametrize("who", ["trainee", "coach"])
def test_a_nul_in_every_field_of_every_form_is_never_a_server_error(db, who):
    """Form values are the forms' to refuse: every page's fields, posted back with a NUL."""
    world = World()
    actor = world.trainee if who == "trainee" else world.coach
    client = Client(raise_request_exception=False)
    client.force_login(actor)
    failures = []
    for endpoint in project_endpoints():
        path = world.path_for(endpoint, actor)
        page = client.get(path)
        fields = _FieldNames()
        if page.get("Content-Type", "").startswith("text/html"):
            fields.feed(page.content.decode())
        response = client.post(path, dict.fromkeys(fields.names | {"name"}, "\x00"))
        if response.status_code >= 500:
            failures.append(f"{endpoint}: {response.status_code}")
        client.force_login(actor)  # the logout form signs out; stay in for the next page

    assert failures == []


@pytest.mark.parametrize("path", ["/invite/%ED%A0%80/", "/exercises/%ED%B0%80/"])
def test_an_encoded_lone_surrogate_in_the_path_is_not_found(client, path):
    # Not UTF-8: Django keeps the bytes percent-encoded, so the path names nothing.
    assert client.get(path).status_code == 404


def test_an_encoded_lone_surrogate_in_a_query_or_form_is_harmless(client, trainee):
    client.force_login(trainee)
    query = client.get(reverse("exercises:catalog") + "?q=%ED%A0%80")
    form = client.post(
        reverse("account"),
        "display_name=%ED%A0%80&time_zone=UTC&load_unit=kg",
        content_type="application/x-www-form-urlencoded",
    )

    assert query.status_code == 200
    assert form.status_code == 302  # read as U+FFFD replacement characters


# -- Request ids ---------------------------------------------------------------------------


def test_every_response_carries_a_fresh_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_well_formed_incoming_request_id_is_kept(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9c0e-1"})

    assert response["X-Request-ID"] == "lb-7f3a9c0e-1"


@pytest.mark.parametrize("incoming", ["", "has space", "x" * 129, "a\tb", "<script>", "ü"])
def test_a_malformed_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/healthz", headers={"X-Request-ID": incoming})

    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32
