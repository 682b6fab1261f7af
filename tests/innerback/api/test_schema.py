"""The OpenAPI schema validates, its docs page runs under the strict CSP, and every
operation it describes, sent valid and invalid values drawn from the schema itself
(Hypothesis), answers without a server error."""

import re

import pytest
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.innerback.api.conftest import api_client
from tests.innerback.coaching.coaching_support import enrol_on_starter, log_session
from tests.innerback.coaching.factories import CoachingFactory

pytestmark = pytest.mark.django_db


def schema(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3_and_names_every_operation(client):
    document = schema(client)

    validate_schema(document)
    assert document["openapi"].startswith("3.")
    operations = {(method, path) for path, item in document["paths"].items() for method in item}
    assert {
        ("get", "/api/v1/exercises/"),
        ("get", "/api/v1/sessions/"),
        ("get", "/api/v1/sets/"),
        ("post", "/api/v1/sets/"),
        ("patch", "/api/v1/sets/{id}/"),
        ("delete", "/api/v1/sets/{id}/"),
        ("get", "/api/v1/plan/"),
        ("get", "/api/v1/decisions/"),
        ("get", "/api/v1/logs.csv"),
        ("get", "/api/v1/clients/"),
        ("get", "/api/v1/clients/{client_id}/sets/"),
    } <= operations
    assert document["components"]["securitySchemes"]


def _value_for(spec: dict, components: dict) -> st.SearchStrategy:
    """Values for one schema property: often of its declared type, often not."""
    if "$ref" in spec:
        spec = components[spec["$ref"].rsplit("/", 1)[1]]
    if "allOf" in spec:
        spec = spec["allOf"][0]
        if "$ref" in spec:
            spec = components[spec["$ref"].rsplit("/", 1)[1]]
    typed = {
        "integer": st.integers(min_value=-(2**40), max_value=2**40),
        "number": st.floats(allow_nan=False) | st.decimals(allow_nan=False).map(str),
        "string": st.text(max_size=600),
        "boolean": st.booleans(),
        "array": st.lists(st.text(max_size=40), max_size=5),
    }.get(spec.get("type", ""), st.none())
    anything = st.none() | st.integers() | st.text(max_size=20) | st.lists(st.integers())
    return typed | anything


@pytest.fixture
def fuzz_world(coach):
    """A coach who trains too, with a client: every operation has something to find."""
    client_user = CoachingFactory(coach=coach).client
    for person in (coach, client_user):
        session = enrol_on_starter(person, weeks_ago=0).sessions.order_by("scheduled_on").first()
        log_session(session)
    return coach, client_user


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_operation_answers_any_payload_without_a_server_error(client, fuzz_world, data):
    coach, client_user = fuzz_world
    document = schema(client)
    components = document["components"]["schemas"]
    api = api_client(coach)
    own_set = coach.set_logs.first()
    own_session = coach.training_sessions.first()
    path, item = data.draw(st.sampled_from(sorted(document["paths"].items())))
    method = data.draw(st.sampled_from(sorted(m for m in item if m != "parameters")))
    operation = item[method]
    places = {
        "id": st.sampled_from([own_set.pk, own_session.pk, 0, 2**31]),
        "slug": st.sampled_from(["bird-dog", "no-such", "%00"]),
        "client_id": st.sampled_from([client_user.pk, coach.pk, 999999]),
    }
    url = re.sub(r"\{(\w+)\}", lambda m: str(data.draw(places.get(m[1], st.integers()))), path)
    query = {
        p["name"]: data.draw(st.text(max_size=12) | st.integers().map(str))
        for p in operation.get("parameters", [])
        if p["in"] == "query" and data.draw(st.booleans())
    }
    body = None
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content:
        ref = content["schema"]
        fields = components[ref["$ref"].rsplit("/", 1)[1]]["properties"] if "$ref" in ref else {}
        fields = {
            **fields,
            "session": {"type": "integer"},
            "prescription": {"type": "integer"},
        }
        body = {
            name: data.draw(_value_for(spec, components))
            for name, spec in fields.items()
            if data.draw(st.booleans())
        }
        if data.draw(st.booleans()):
            body = data.draw(st.none() | st.lists(st.integers()) | st.text(max_size=10))

    send = getattr(api, method)
    if body is None and method != "get":
        response = send(url + ("?" if query else ""), query or None)
    elif method == "get":
        response = send(url, query)
    else:
        response = send(url, body, format="json")

    assert response.status_code < 500, (method, url, body, response.status_code)
