"""Hostile input never answers a 500 (issue 23).

Two sweeps over the whole project, both discovered rather than listed, so a URL or a form
added tomorrow is fuzzed without anyone editing this file:

- every URL pattern's arguments, each replaced by hostile text (GET and POST);
- every form on every page a trainee, a coach or a visitor can open, found by reading the
  page's HTML the way a browser would, posted with each field in turn set to a hostile value
  and the other fields as the page filled them.

The hostile values are the ones an outside fuzzer used (NUL, lone surrogates, right-to-left
overrides, a megabyte, 1e308, NaN); hypothesis adds arbitrary text on top.
"""

import functools
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innerback.accounts.models import User
from tests.url_sweep import Endpoint, World, fill, project_endpoints

HOSTILE = [
    "\x00",
    "a\x00b",
    "\ud800",  # a lone surrogate: no valid UTF-8 spells it, a client can still send its bytes
    "\u202eevil\u202c",  # right-to-left override
    "x" * 1_000_000,
    "1e308",
    "-1e308",
    "NaN",
    "Infinity",
    "9" * 40,
    "-1",
    "",
    "../../etc/passwd",
    "<script>alert(1)</script>",
]
# The values that a form field may let through to the model and the database, tried in each
# field alone; the rest are caught by any form at once, as the all-fields round shows.
PAST_THE_FORM = ["\x00", "\ud800", "\u202eevil\u202c", "1e308", "NaN", "9" * 40, "-1"]


@functools.lru_cache(maxsize=256)
def _encode(value: str) -> str:
    """Percent-encode as a browser would, lone surrogates included (as their raw bytes)."""
    return urllib.parse.quote_from_bytes(value.encode("utf-8", "surrogatepass"), safe="")


def _form_body(fields: list[tuple[str, str]]) -> str:
    return "&".join(f"{_encode(name)}={_encode(value)}" for name, value in fields)


# -- Forms, as a browser reads them from a page --------------------------------------------


@dataclass
class Form:
    page: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    @property
    def signature(self) -> tuple:
        return (self.action, tuple(sorted({name for name, _ in self.fields})))

    @property
    def fuzzable(self) -> list[str]:
        return list(dict.fromkeys(n for n, _ in self.fields if n != "csrfmiddlewaretoken"))


class _Forms(HTMLParser):
    """The POST forms of a page with the values a browser would submit untouched."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        if tag == "option" and self._select is not None:
            if self._select_value is None or "selected" in attr:
                self._select_value = attr.get("value", "")
            return
        if tag == "form":
            method = "post" if attr.get("hx-post") else (attr.get("method") or "get").lower()
            action = attr.get("hx-post") or attr.get("action") or self.page
            self._form = Form(self.page, action) if method == "post" else None
            if self._form is not None:
                self.forms.append(self._form)
        if self._form is None or "name" not in attr:
            return
        if tag == "input":
            kind = attr.get("type", "text")
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attr:
                return
            self._form.fields.append((attr["name"], attr.get("value") or ""))
        elif tag == "select":
            self._select, self._select_value = attr["name"], None
        elif tag == "textarea":
            self._textarea = attr["name"]
            self._form.fields.append((attr["name"], ""))
        elif tag == "button" and attr.get("value") is not None:
            self._form.fields.append((attr["name"], attr["value"]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            if self._form is not None and self._select_value is not None:
                self._form.fields.append((self._select, self._select_value))
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None and self._form is not None:
            name, _ = self._form.fields[-1]
            self._form.fields[-1] = (name, data)


def forms_on(page: str, html: str) -> list[Form]:
    parser = _Forms(page)
    parser.feed(html)
    return parser.forms


# -- Who fuzzes what ------------------------------------------------------------------------


def _actors(world: World) -> dict[str, User | None]:
    return {"trainee": world.trainee, "coach": world.coach, "visitor": None}


# Forms that end the actor's session or their data go last, so the rest see a full world.
_LAST_WORDS = ("logout", "delete", "remove", "revoke", "leave", "end", "undo", "stop")


def _last(form: Form) -> bool:
    return any(word in form.action for word in _LAST_WORDS)


def all_forms(world: World, actor: User | None) -> list[Form]:
    """Every distinct POST form on every page the actor can open, ending ones last."""
    client = _client(actor)
    found: dict[tuple, Form] = {}
    for endpoint in project_endpoints():
        if endpoint.is_admin:
            continue
        path = world.path_for(endpoint, actor or world.trainee)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_on(path, response.content.decode()):
            found.setdefault(form.signature, form)
    return sorted(found.values(), key=_last)


def _client(actor: User | None) -> Client:
    client = Client(raise_request_exception=False)
    if actor is not None:
        client.force_login(actor)
    return client


def _post(client: Client, actor: User | None, path: str, fields: list[tuple[str, str]]):
    if actor is not None and "_auth_user_id" not in client.session:
        client.force_login(actor)  # a logout form earlier in the sweep signed them out
    return client.post(path, _form_body(fields), content_type="application/x-www-form-urlencoded")


def _with(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    return [(n, value if n == name else v) for n, v in fields]


def _failure(response, what: str) -> str | None:
    if response.status_code >= 500:
        return f"{what}: {response.status_code}"
    return None


# -- The sweeps -----------------------------------------------------------------------------


@pytest.fixture
def world(db) -> World:
    return World()


def _url_variants(world: World, endpoint: Endpoint, actor: User, values) -> Iterator[str]:
    """The endpoint's path with each argument in turn replaced by each value."""
    good = world.arguments(endpoint, actor)
    for param in endpoint.params:
        for value in values:
            yield fill(endpoint, {**good, param.name: _encode(value)})


def test_no_url_argument_makes_a_page_fail(world):
    failures = []
    for who, actor in _actors(world).items():
        if actor is None:
            continue
        client = _client(actor)
        for endpoint in project_endpoints():
            if not endpoint.params or endpoint.is_admin:
                continue
            for path in _url_variants(world, endpoint, actor, HOSTILE[:4] + HOSTILE[5:]):
                for method in (client.get, client.post):
                    failures.append(_failure(method(path), f"{method.__name__} {path} as {who}"))
    assert [f for f in failures if f] == []


@pytest.mark.parametrize("who", ["trainee", "coach", "visitor"])
def test_no_form_field_makes_a_page_fail(world, who):
    actor = _actors(world)[who]
    forms = all_forms(world, actor)
    assert forms, f"the sweep found no forms for the {who}"
    client = _client(actor)
    failures = []
    for form in forms:
        if not form.fuzzable:  # a button: nothing typed, so once is enough
            failures.append(_failure(_post(client, actor, form.action, form.fields), form.action))
            continue
        # Every field hostile at once (the form's own checks), then each field alone with
        # the others valid, so a value that passes the form reaches the model and database.
        for value in HOSTILE:
            fields = [(n, value if n in form.fuzzable else v) for n, v in form.fields]
            failures.append(_failure(_post(client, actor, form.action, fields), form.action))
        for name in form.fuzzable:
            for value in PAST_THE_FORM:
                response = _post(client, actor, form.action, _with(form.fields, name, value))
                failures.append(_failure(response, f"{form.action} {name}={value[:20]!r}"))
    assert [f for f in failures if f] == []


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_arbitrary_text_in_any_field_or_url_argument_never_fails(world, data):
    who = data.draw(st.sampled_from(["trainee", "coach"]))
    actor = _actors(world)[who]
    text = data.draw(st.text(st.characters(codec=None), max_size=300) | st.sampled_from(HOSTILE))
    client = _client(actor)
    endpoint = data.draw(st.sampled_from([e for e in project_endpoints() if not e.is_admin]))
    if endpoint.params:
        variants = list(_url_variants(world, endpoint, actor, [text]))
        path = data.draw(st.sampled_from(variants))
        assert client.get(path).status_code < 500, path
    page = world.path_for(endpoint, actor)
    response = client.get(page)
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        forms = forms_on(page, response.content.decode())
        if forms:
            form = data.draw(st.sampled_from(forms))
            if form.fuzzable:
                name = data.draw(st.sampled_from(form.fuzzable))
                response = _post(client, actor, form.action, _with(form.fields, name, text))
                assert response.status_code < 500, f"{form.action} {name}={text[:40]!r}"
