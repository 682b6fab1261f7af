"""The API reference at /api/docs/: read from the schema /api/schema/ serves, so every
operation and every schema the API answers with is on it, each with what it takes, what it
gives, the token it needs and a curl command; no script, no inline style; a bounded number
of queries."""

import html
import json
import re
import shlex

import pytest
from django.conf import settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from innerback.api import docs
from innerback.api.authentication import needs_write

pytestmark = pytest.mark.django_db

DOCS = reverse("api:docs")
METHODS = ("get", "post", "put", "patch", "delete")


def schema(client) -> dict:
    return client.get(reverse("api:schema"), {"format": "json"}).json()


def operations(document: dict):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def article(page: str, element_id: str) -> str:
    """The part of the page from the heading with this id to the next article."""
    start = page.index(f'id="{element_id}"')
    end = page.find("<article", start)
    return page[start : end if end != -1 else len(page)]


def test_every_operation_of_the_schema_is_on_the_page_with_its_token_and_curl(client):
    document = schema(client)
    page = client.get(DOCS).content.decode()
    found = list(operations(document))

    assert len(found) >= 11
    for method, path, operation in found:
        section = article(page, docs.anchor(method, path))
        assert f'<span class="api-method">{method.upper()}</span> <code>{path}</code>' in section
        assert f'href="#{docs.anchor(method, path)}"' in page  # in the contents
        first_line = operation["description"].splitlines()[0]
        assert html.escape(first_line) in section
        for parameter in operation.get("parameters", []):
            assert f"<code>{parameter['name']}</code>" in section
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body:
            name = body["schema"]["$ref"].rsplit("/", 1)[1]
            for field in document["components"]["schemas"][name]["properties"]:
                assert f"<code>{field}</code>" in section, (method, path, field)
        for status in operation["responses"]:
            assert f"<strong>{status}</strong>" in section
        token = "read and write" if method != "get" else "read only or read and write"
        assert f"Token: {token}." in section
        assert "curl -H &quot;Authorization: Bearer $TOKEN&quot;" in section
        assert f"-X {method.upper()}" in section or method == "get"


def test_every_schema_the_api_answers_with_is_described_field_by_field(client):
    document = schema(client)
    page = client.get(DOCS).content.decode()
    components = document["components"]["schemas"]
    answered = set()
    for _, _, operation in operations(document):
        answered |= set(re.findall(r"schemas/(\w+)", json.dumps(operation["responses"])))

    assert {"SetLog", "Plan", "Decision", "PaginatedSetLogList"} <= answered
    for name in answered:
        section = article(page, docs.anchor("schema", name))
        for field in components[name]["properties"]:
            assert f"<code>{field}</code>" in section, (name, field)
        # A schema held by another (a plan's days) is described too, and linked.
        for held in re.findall(r"schemas/(\w+)", json.dumps(components[name])):
            if components[held].get("properties"):
                assert f'href="#{docs.anchor("schema", held)}"' in section


def test_every_link_within_the_page_leads_to_a_place_on_it(client):
    page = client.get(DOCS).content.decode()
    ids = set(re.findall(r' id="([^"]+)"', page))
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert targets and targets <= ids


def test_the_page_has_no_script_or_style_of_its_own_and_nothing_from_elsewhere(client):
    response = client.get(DOCS)
    page = response.content.decode()

    assert response.status_code == 200
    scripts = re.findall(r"<script[^>]*>", page)
    assert all("src=" in tag for tag in scripts)
    assert "<style" not in page and " style=" not in page
    assert not re.search(r"\son[a-z]+=", page)
    assert not re.search(r'(src|href)="https?://', page)
    assert "script-src" in response["Content-Security-Policy"]


def test_the_post_example_sends_the_schemas_example_as_json(client):
    document = schema(client)
    example = document["paths"]["/api/v1/sets/"]["post"]["requestBody"]["content"][
        "application/json"
    ]["examples"]
    page = html.unescape(client.get(DOCS).content.decode())
    section = article(page, docs.anchor("post", "/api/v1/sets/"))
    curl = section[section.index("<pre") : section.index("</pre>")]
    words = shlex.split(re.sub(r"<[^>]+>", "", curl).replace("\\\n", " "))
    sent = json.loads(words[words.index("-d") + 1])
    assert sent == next(iter(example.values()))["value"]
    assert words[-1] == "http://testserver/api/v1/sets/"


def test_the_page_states_the_rate_limit_in_force(client):
    page = client.get(DOCS).content.decode()
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"] in page
    assert "429" in page


def test_the_page_runs_a_fixed_number_of_queries(client, trainee, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(DOCS).status_code == 200
    client.force_login(trainee)
    with django_assert_num_queries(2):  # the session and its person
        assert client.get(DOCS).status_code == 200


def test_the_account_the_tokens_page_and_the_schema_point_to_the_page(client, trainee):
    client.force_login(trainee)
    for page in (reverse("account"), reverse("api_tokens")):
        assert f'href="{DOCS}"' in client.get(page).content.decode()
    assert DOCS in schema(client)["info"]["description"]


def test_only_reading_methods_work_with_a_read_only_token():
    assert not needs_write("GET") and not needs_write("head") and not needs_write("OPTIONS")
    assert needs_write("POST") and needs_write("patch") and needs_write("DELETE")


def test_a_type_reads_as_a_person_says_it():
    document = {
        "components": {
            "schemas": {
                "UnitEnum": {"enum": ["kg", "lb"], "type": "string"},
                "Day": {"type": "object", "properties": {"on": {"type": "string"}}},
            }
        }
    }
    unit = {"allOf": [{"$ref": "#/components/schemas/UnitEnum"}], "nullable": True}
    assert docs.type_text(unit, document) == "one of kg, lb or null"
    days = {"type": "array", "items": {"$ref": "#/components/schemas/Day"}}
    assert docs.type_text(days, document) == "array of Day"
    assert docs.schema_anchor(days, document) == "schema-day"
    rpe = {"type": "integer", "minimum": 1, "maximum": 10, "format": "int32"}
    assert docs.type_text(rpe, document) == "integer 1–10"
    assert docs.type_text({"type": "integer", "minimum": 1, "maximum": 2**63}, document) == (
        "integer ≥ 1"
    )


def test_an_object_written_in_place_has_its_fields_listed_dotted():
    document = {"components": {"schemas": {}}}
    gate = {
        "type": "object",
        "required": ["gate"],
        "properties": {
            "gate": {
                "type": "object",
                "properties": {"reason": {"type": "string", "readOnly": True}},
                "required": ["reason"],
            }
        },
    }
    fields = docs.fields_of(gate, document)
    assert [(f.name, f.required, f.read_only) for f in fields] == [
        ("gate", True, False),
        ("gate.reason", True, True),
    ]


def test_a_curl_command_takes_path_arguments_from_shell_variables():
    command = docs.curl_command("delete", "/api/v1/clients/{client_id}/", None, "http://h/")
    assert shlex.split(command.replace("\\\n", " ")) == [
        "curl",
        "-H",
        "Authorization: Bearer $TOKEN",
        "-X",
        "DELETE",
        "http://h/api/v1/clients/$CLIENT_ID/",
    ]


@given(
    paths=st.dictionaries(
        st.from_regex(r"/api/v1/[a-z]{1,8}/(\{id\}/)?", fullmatch=True),
        st.dictionaries(
            st.sampled_from(METHODS),
            st.fixed_dictionaries(
                {"tags": st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=1)},
                optional={"description": st.text(max_size=20)},
            ),
            min_size=1,
        ),
        max_size=8,
    )
)
def test_the_reference_lists_each_operation_of_any_schema_once_under_its_tag(paths):
    document = {"paths": paths, "components": {"schemas": {}}}
    reference = docs.reference(document, base_url="http://h/", writes=needs_write)
    listed = [
        (operation.method.lower(), operation.path, tag.name)
        for tag in reference.tags
        for operation in tag.operations
    ]
    expected = [
        (method, path, spec["tags"][0])
        for path, item in paths.items()
        for method, spec in item.items()
    ]
    assert sorted(listed) == sorted(expected)
    anchors = {operation.anchor for tag in reference.tags for operation in tag.operations}
    assert len(anchors) == len(listed)
