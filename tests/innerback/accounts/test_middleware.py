"""Requests carry an id back and forth, and text no database can hold is refused with a 400
before any view sees it."""

import io
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from innerback.accounts.middleware import PrivatePagesMiddleware
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
        "email=tess%40example.com&display_name=%ED%A0%80&time_zone=UTC&load_unit=kg"
        "&mail-reminder_hour=8",
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


# -- HEAD without a body -------------------------------------------------------------------


@pytest.fixture
def wsgi_app(db):
    """The project's WSGI application as a server such as gunicorn calls it. Django's test
    client drops a HEAD response's body itself, so it cannot show that the app did not
    send one. Connections stay open between calls, as the test client keeps them, so the
    test's transaction survives."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _serve(app, method: str, path: str) -> tuple[str, dict, bytes]:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    chunks = app(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        chunks.close()
    return answer["status"], answer["headers"], body


@pytest.mark.parametrize("path", ["/", "/exercises/", "/accounts/login/", "/robots.txt"])
def test_head_answers_with_the_headers_of_a_get_and_no_body(wsgi_app, path):
    get_status, get_headers, get_body = _serve(wsgi_app, "GET", path)
    status, headers, body = _serve(wsgi_app, "HEAD", path)

    assert get_body and status == get_status == "200 OK"
    assert body == b""
    assert headers["Content-Type"] == get_headers["Content-Type"]
    assert int(headers["Content-Length"]) > 0


# -- Cache-Control -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/plan/", "/programs/", "/accounts/settings/"])
def test_a_signed_in_page_is_private_and_asked_for_again(client, trainee, path):
    client.force_login(trainee)

    response = client.get(path)

    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) >= {"private", "no-cache"}


def test_a_page_for_everyone_says_nothing_about_caching(client):
    assert "Cache-Control" not in client.get("/exercises/")


def test_a_response_that_says_how_to_cache_it_keeps_its_word(rf, trainee):
    request = rf.get("/logs/export.csv")
    request.user = trainee

    def view(request):
        response = HttpResponse("date,trainee")
        response["Cache-Control"] = "max-age=60"
        return response

    response = PrivatePagesMiddleware(view)(request)

    assert response["Cache-Control"] == "max-age=60"
