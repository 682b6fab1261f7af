"""Security sweeps over every URL of the project, plus login throttling, CSP and headers.

The sweeps walk the URL resolver (tests/url_sweep.py), so an endpoint added later is covered
without editing this file.
"""

import re
import subprocess
import sys
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from rest_framework.views import APIView

from innerback.accounts.security import client_ip, login_username
from tests.innerback.accounts.factories import PASSWORD, UserFactory
from tests.url_sweep import World, project_endpoints

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def world(db) -> World:
    return World()


def actors(world: World):
    return {"trainee": world.trainee, "coach": world.coach}


# -- CSRF --------------------------------------------------------------------------------


def test_the_sweep_sees_the_project_endpoints():
    names = {endpoint.name for endpoint in project_endpoints()}

    # A few endpoints from each area, so a broken resolver walk cannot pass quietly.
    assert {"logout", "account", "signup", "password_reset", "coach:invite_create"} <= names
    assert len(names) > 20


@pytest.mark.parametrize("who", ["trainee", "coach"])
def test_every_post_without_a_csrf_token_is_refused(world, who):
    actor = actors(world)[who]
    client = Client(enforce_csrf_checks=True)
    client.force_login(actor)
    refused = []
    for endpoint in project_endpoints():
        path = world.path_for(endpoint, actor)
        response = client.post(path, {"anything": "1"})
        if isinstance(getattr(endpoint.callback, "cls", None), type) and issubclass(
            endpoint.callback.cls, APIView
        ):
            # The API (Django REST framework's views; its reference page /api/docs/ is a page
            # like any other) reads no session cookie, only a token, so a browser's cookie
            # opens nothing there and CSRF does not apply: without a token a POST is refused
            # before any view runs (401), or the route takes no POST at all (405).
            if response.status_code not in (401, 405):
                refused.append(f"{endpoint} → {response.status_code}")
            continue
        if endpoint.name == "unsubscribe":
            # A mail program's one-click unsubscribe (RFC 8058) has no token to send; the
            # signed link alone lets it stop one kind of mail (tests/innerback/notifications).
            continue
        # The CSRF check runs before any view, so even GET-only views answer 403 here.
        if response.status_code != 403 or b"CSRF verification failed" not in response.content:
            refused.append(f"{endpoint} → {response.status_code}")

    assert refused == [], "POST without a CSRF token was not refused:\n" + "\n".join(refused)


def test_a_post_with_the_csrf_token_gets_past_the_check(world):
    """The control for the sweep above: the 403s there come from the missing token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.trainee)
    client.get(reverse("account"))
    token = client.cookies["csrftoken"].value

    response = client.post(
        reverse("account"),
        {
            "csrfmiddlewaretoken": token,
            "email": world.trainee.email,
            "display_name": "Tess",
            "time_zone": "UTC",
            "load_unit": "kg",
            "mail-reminder_hour": "8",
        },
    )

    assert response.status_code == 302


# -- GET never changes state -----------------------------------------------------------


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of every model: a GET must leave all of them as they were."""
    snapshot = {}
    for model in apps.get_models():
        label = model._meta.label
        # Sessions hold the flash messages a page shows once and forgets; not user data.
        if label == "sessions.Session":
            continue
        fields = [f.attname for f in model._meta.concrete_fields]
        rows = model._default_manager.values_list(*fields)
        snapshot[label] = sorted(tuple(map(repr, row)) for row in rows)
    return snapshot


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


class _PageChecker(HTMLParser):
    """Finds what the strict CSP would block: inline scripts, on*= handlers, style=."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script> without src")
        for name in names:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler attribute")
            if name == "style":
                self.problems.append(f"<{tag} style=...> inline style")
        if tag == "style":
            self.problems.append("inline <style> element")


def _csp_problems(html: str) -> list[str]:
    checker = _PageChecker()
    checker.feed(html)
    return checker.problems


@pytest.mark.parametrize("who", ["trainee", "coach"])
def test_getting_every_page_changes_nothing_and_breaks_no_csp_rule(world, client, who):
    actor = actors(world)[who]
    client.force_login(actor)
    before_counts, before = _row_counts(), _snapshot()
    changed, csp, pages = [], [], 0
    for endpoint in project_endpoints():
        path = world.path_for(endpoint, actor)
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(path, headers=headers)
            assert response.status_code < 500, f"{endpoint}: {response.status_code}"
            if response.get("Content-Type", "").startswith("text/html"):
                pages += 1
                csp += [f"{path}: {p}" for p in _csp_problems(response.content.decode())]
        # One snapshot per URL (both GETs), which is enough to name the culprit.
        after = _snapshot()
        if after != before:
            diff = [label for label in after if after[label] != before[label]]
            changed.append(f"GET {path} changed {diff}")
            before = after

    assert _row_counts() == before_counts
    assert changed == [], "GET changed stored data:\n" + "\n".join(changed)
    assert csp == [], "Pages break the strict CSP:\n" + "\n".join(csp)
    assert pages > 20


# Query parameters the pages read, and then some; each is sent with every hostile value.
QUERY_NAMES = ["week", "from", "to", "period", "sort", "next", "q", "kind", "muscle"]
QUERY_NAMES += ["equipment", "name", "page", "date", "day"]
HOSTILE_VALUES = [
    "\x00",  # PostgreSQL refuses NUL in text
    "0001-01-01",  # a week before it would be before year 1
    "9999-12-31",
    "-1",
    "x" * 3000,
]


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
def test_no_page_fails_on_hostile_query_parameters(world, value):
    failures = []
    for actor in (world.trainee, world.coach):
        client = Client(raise_request_exception=False)
        client.force_login(actor)
        for endpoint in project_endpoints():
            path = world.path_for(endpoint, actor)
            response = client.get(path, dict.fromkeys(QUERY_NAMES, value))
            if response.status_code >= 500:
                failures.append(f"{endpoint} as {actor.email}")

    assert failures == []


# -- Everything a person types is escaped -------------------------------------------------

# Every field a person types, as the World names them; each gets its own numbered attack
# string so a page showing it can be traced back to the field.
TYPED_FIELDS = [
    "coach display_name",
    "trainee display_name",
    "set note",
    "comment body",
    "program name",
    "program description",
    "week focus",
    "day title",
    "prescription notes",
    "invitation note",
    "override reason",
    "adjustment note",
    "import file name",
    "import exercise",
    "api token name",
    "flag handled_note",
]


def attack(field: str) -> str:
    """A script tag and an attribute break-out, short enough for an 80-character name."""
    number = next(i for i, name in enumerate(TYPED_FIELDS) if field.startswith(name))
    return f'<script>alert({number})</script>"><img src=x onerror=alert({number})>'


RAW_MARKERS = ["<script>alert(", "<img src=x onerror"]


def test_typed_text_is_escaped_on_every_page(db):
    world = World(texts=attack)
    shown: dict[str, set[str]] = {field: set() for field in TYPED_FIELDS}
    raw = []
    for actor in (world.trainee, world.coach):
        client = Client()
        client.force_login(actor)
        for endpoint in project_endpoints():
            path = world.path_for(endpoint, actor)
            for headers in ({}, {"HX-Request": "true"}):
                response = client.get(path, headers=headers)
                if not response.get("Content-Type", "").startswith("text/html"):
                    continue
                html = response.content.decode()
                raw += [f"{path}: raw {m!r}" for m in RAW_MARKERS if m in html]
                for field in TYPED_FIELDS:
                    if escape(attack(field)) in html:
                        shown[field].add(endpoint.name)

    assert raw == []
    # The sweep only proves something for fields that pages actually show.
    assert {field for field, pages in shown.items() if not pages} == set(), shown


# -- Content-Security-Policy ---------------------------------------------------------------


def test_pages_send_a_strict_content_security_policy(client, trainee):
    client.force_login(trainee)
    response = client.get("/")
    policy = dict(
        (part.split()[0], part.split()[1:])
        for part in response["Content-Security-Policy"].split(";")
    )

    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    nonce = next(v for v in policy["script-src"] if v.startswith("'nonce-"))[7:-1]
    # Every script the page carries is one of our own static files; htmx carries the nonce.
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts
    assert all('src="/static/' in tag for tag in scripts), scripts
    assert any(f'nonce="{nonce}"' in tag for tag in scripts if "htmx" in tag), scripts


def test_htmx_is_told_not_to_inject_its_indicator_style(client):
    response = client.get(reverse("login"))

    assert '"includeIndicatorStyles": false' in response.text


# -- Login throttling ------------------------------------------------------------------------


def _login(client: Client, email: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


GYM = "203.0.113.7"
HOME = "192.0.2.99"


def test_five_wrong_passwords_lock_the_account_with_a_clear_message(client, trainee):
    for _ in range(4):
        assert _login(client, trainee.email, "wrong").status_code == 200

    fifth = _login(client, trainee.email, "wrong")
    # Even the right password is refused from that address while the pause lasts.
    then_right = _login(client, trainee.email, PASSWORD)

    for response in (fifth, then_right):
        assert response.status_code == 429
        assert "too many failed login attempts" in response.text
        assert "paused for 15 minutes" in response.text
        assert f'href="{reverse("password_reset")}"' in response.text
        assert response.wsgi_request.user.is_anonymous
    assert "Content-Security-Policy" in then_right


def test_the_owner_still_gets_in_from_another_address_while_a_guesser_is_paused(trainee):
    for _ in range(5):
        _login(Client(), trainee.email, "wrong", address=GYM)

    guesser = _login(Client(), trainee.email, PASSWORD, address=GYM)
    owner = _login(Client(), trainee.email, PASSWORD, address=HOME)

    assert guesser.status_code == 429
    assert owner.status_code == 302
    assert owner.wsgi_request.user == trainee


# The same address as tess@example.com once canonical: capitals, full-width letters, long s.
SPELLINGS = [
    "TESS@EXAMPLE.COM",
    "ｔｅｓｓ@ｅｘａｍｐｌｅ.ｃｏｍ",
    "teſs@example.com",
    " Tess@Example.com ",
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_no_spelling_of_the_email_gets_past_the_pause(trainee, spelling):
    for _ in range(5):
        _login(Client(), trainee.email, "wrong")

    response = _login(Client(), spelling, PASSWORD)

    assert response.status_code == 429
    assert response.wsgi_request.user.is_anonymous


def test_every_spelling_of_the_email_spends_the_same_budget(trainee):
    for spelling in [trainee.email, *SPELLINGS]:
        _login(Client(), spelling, "wrong")

    assert _login(Client(), trainee.email, PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {trainee.email}


def test_a_dotless_i_spelling_is_another_address_and_never_logs_in(db):
    UserFactory(email="lisa@example.com")

    # PostgreSQL's UPPER() makes ı an I, so a loose match used to let this in.
    response = _login(Client(), "lısa@example.com", PASSWORD)

    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous
    assert "do not match an account" in response.text


def test_one_persons_typos_on_shared_wifi_do_not_pause_other_accounts(trainee, other_trainee):
    for _ in range(5):
        _login(Client(), trainee.email, "wrong", address=GYM)

    response = _login(Client(), other_trainee.email, PASSWORD, address=GYM)

    assert response.status_code == 302


def test_an_address_guessing_many_accounts_is_paused_at_its_own_higher_limit(settings, trainee):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    for number in range(11):
        _login(Client(), f"someone{number}@example.com", "guess", address=GYM)
    assert _login(Client(), "someone11@example.com", "guess", address=GYM).status_code == 429

    from_there = _login(Client(), trainee.email, PASSWORD, address=GYM)
    elsewhere = _login(Client(), trainee.email, PASSWORD, address=HOME)

    assert from_there.status_code == 429
    assert elsewhere.status_code == 302


def test_the_address_limit_is_much_higher_than_the_account_limit(settings):
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT >= 10 * settings.AXES_FAILURE_LIMIT


def test_a_paused_person_resets_their_password_and_gets_straight_in(client, trainee):
    for _ in range(5):
        _login(Client(), trainee.email, "wrong", address=GYM)
    assert _login(client, trainee.email, PASSWORD, address=GYM).status_code == 429

    client.post(reverse("password_reset"), {"email": trainee.email}, REMOTE_ADDR=GYM)
    [message] = mail.outbox
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", message.body)[1]
    form_page = client.get(link, REMOTE_ADDR=GYM, follow=True)
    chosen = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "hold-the-bridge-10s", "new_password2": "hold-the-bridge-10s"},
        REMOTE_ADDR=GYM,
    )
    response = _login(client, trainee.email, "hold-the-bridge-10s", address=GYM)

    assert chosen.status_code == 302
    assert response.status_code == 302
    assert response.wsgi_request.user == trainee


def test_other_people_can_still_log_in_while_one_account_is_locked(client, trainee, other_trainee):
    for number in range(5):
        _login(client, trainee.email, "wrong", address=f"198.51.100.{number}")

    response = _login(Client(), other_trainee.email, PASSWORD, address="192.0.2.50")

    assert response.status_code == 302


def test_logging_in_works_again_after_the_cool_off(client, trainee):
    for _ in range(5):
        _login(client, trainee.email, "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = _login(client, trainee.email, PASSWORD)

    assert response.status_code == 302
    assert response.wsgi_request.user == trainee


def test_a_few_typos_do_not_lock_anyone_out(client, trainee):
    for _ in range(3):
        _login(client, trainee.email, "wrong")

    assert _login(client, trainee.email, PASSWORD).status_code == 302


def test_a_login_email_too_long_to_be_an_address_is_a_form_error(client):
    response = _login(client, "a" * 300 + "@example.com", "guess")

    assert response.status_code == 200
    assert "at most 254 characters" in response.text
    assert not AccessAttempt.objects.exists()


def test_the_login_username_is_the_canonical_email():
    request = RequestFactory().post("/", {"username": "  Tess@Example.COM "})

    assert login_username(request) == "tess@example.com"
    assert login_username(request, {"username": "ＴＥＳＳ@example.com"}) == "tess@example.com"
    assert login_username(request, {"username": "teſs@example.com"}) == "tess@example.com"
    assert len(login_username(request, {"username": "x" * 400})) == 255


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.1"),  # no proxy configured: the header is ignored
        (1, "1.2.3.4", "1.2.3.4"),  # the load balancer saw 1.2.3.4
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the client forged the leftmost entry
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.9", "1.2.3.4"),  # two proxies: second from the right
        (2, "1.2.3.4", "10.0.0.1"),  # shorter than the proxy chain: not trusted
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_our_own_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def _without_per_request_tokens(html: str) -> str:
    """The page minus its CSP nonce and masked CSRF token, which differ on every request."""
    html = re.sub(r'nonce="[^"]*"', "", html)
    return re.sub(r'"x-csrftoken": "[^"]*"', "", html)


def test_password_reset_looks_the_same_for_known_and_unknown_addresses(client, trainee):
    known = client.post(reverse("password_reset"), {"email": trainee.email}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.com"}, follow=True)

    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert _without_per_request_tokens(known.text) == _without_per_request_tokens(unknown.text)
    # The same work either way (docs/security.md): one message rendered and sent per request.
    assert [message.to for message in mail.outbox] == [[trainee.email], ["nobody@example.com"]]


def test_signup_never_follows_next_to_another_site(client):
    response = client.post(
        reverse("signup") + "?next=https://evil.example/phish",
        {
            "email": "new@example.com",
            "display_name": "New",
            "password1": "slow-eccentric-2025",
            "password2": "slow-eccentric-2025",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.parametrize("target", ["home", "evil", "javascript:alert(1)"])
def test_signup_follows_next_only_to_a_path_on_this_site(client, target):
    """A bare word is not a path: redirect() would look it up as a view name (a 500)."""
    response = client.post(
        reverse("signup") + f"?next={target}",
        {
            "email": f"new-{target[:4]}@example.com",
            "display_name": "New",
            "password1": "slow-eccentric-2025",
            "password2": "slow-eccentric-2025",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("home")


# -- Cookies and headers in production -------------------------------------------------------


@override_settings(
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SECURE_SSL_REDIRECT=True,
)
def test_secure_settings_send_hsts_and_locked_down_cookies(client, trainee):
    insecure = client.get(reverse("login"))
    response = client.post(
        reverse("login"), {"username": trainee.email, "password": PASSWORD}, secure=True
    )
    page = client.get(reverse("account"), secure=True)

    assert insecure.status_code == 301
    assert insecure.url.startswith("https://")
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert page.cookies["csrftoken"]["secure"]


def test_production_settings_turn_secure_cookies_and_hsts_on():
    """Read the real settings module with DEBUG off and nothing else set."""
    code = (
        "from innerback import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SAMESITE)"
    )
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 50}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.stdout.split() == ["True", "True", "True", "31536000", "True", "Lax"], (
        result.stderr
    )
