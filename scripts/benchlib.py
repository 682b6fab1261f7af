"""What `make bench` and `make loadtest` share: a checkout (any directory holding this app and
its .venv) with its own benchmark database, gunicorn running that checkout's production
settings on a loopback port, sign-ins for many people at once, an HTTP client that keeps
cookies, a parser for the session page's set forms, and docs/benchmarks.md.

Everything is local: the server binds to 127.0.0.1 and every request goes there. The tools
speak to the app over HTTP only, plus a few lines of Django shell run by the checkout's own
code (which people to use; signing them in), so they measure whatever code is checked out.
"""

import http.client
import json
import math
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
POSTGRES = "postgres://postgres@127.0.0.1:5432/"
DEFAULT_DATABASE_URL = POSTGRES + "innerback_bench"
DATASET = {"trainees": 2000, "weeks": 104, "clients": 200}
HOST = "127.0.0.1"
# Extra coaches for the roster's first visits: coach N has the 50 trainees from
# BENCH_COACH_FIRST_CLIENT + 50 (N - 1) as clients (`seed_load` makes one coach of 200).
BENCH_COACHES = 21
BENCH_COACH_CLIENTS = 50
BENCH_COACH_FIRST_CLIENT = 201
APPS = ("innerback", "exercises", "programs")


def bench_coach_email(number: int) -> str:
    return f"bench-coach-{number:02d}@bench.example.com"


def trainee_email(number: int) -> str:  # as seed_load names them
    return f"trainee{number:05d}@load.example.com"


LOAD_COACH = "coach@load.example.com"


def database_name(url: str) -> str:
    return urllib.parse.urlsplit(url).path.lstrip("/")


def with_database(url: str, name: str) -> str:
    return urllib.parse.urlsplit(url)._replace(path="/" + name).geturl()


@contextmanager
def postgres_admin(url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        yield conn


def database_exists(url: str) -> bool:
    with postgres_admin(url) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]
        ).fetchone()
        return found is not None


def create_database(url: str, template: str | None = None) -> None:
    """An empty database, or a file copy of `template` (which must have no connections)."""
    with postgres_admin(url) as conn:
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database_name(url)))
        if template:
            query = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(database_name(url)), sql.Identifier(template)
            )
        conn.execute(query)


def drop_database(url: str) -> None:
    with postgres_admin(url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(database_name(url))
            )
        )


def applied_migrations(url: str) -> set[tuple[str, str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT app, name FROM django_migrations").fetchall()
    return {(app, name) for app, name in rows if app in APPS}


def postgres_version(url: str) -> str:
    with psycopg.connect(url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


@dataclass
class Checkout:
    """A directory with the app and its .venv, and the database it is measured against."""

    root: Path
    database_url: str
    label: str = "this checkout"

    @property
    def python(self) -> str:
        return str(self.root / ".venv" / "bin" / "python")

    def commit(self) -> str:
        """HEAD, and the last commit that changed the app's code (not its tools or docs)."""

        def last(*paths: str) -> str:
            return subprocess.run(
                ["git", "-C", str(self.root), "log", "-1", "--format=%h", "--", *paths],
                capture_output=True,
                text=True,
            ).stdout.strip()

        head, app = last(), last(*APPS, "templates", "static")
        return head if head == app else f"{head} (app code as of {app})"

    def env(self, database_url: str | None = None, **extra: str) -> dict[str, str]:
        """The production settings (DEBUG off) against the benchmark database."""
        env = dict(os.environ)
        env.update(
            DEBUG="false",
            SECRET_KEY="benchmark-only-secret-key-not-for-production",
            SECURE_COOKIES="false",
            ALLOWED_HOSTS=HOST,
            DATABASE_URL=database_url or self.database_url,
            SERVER_TIMING="false",
        )
        env.update(extra)
        return env

    def manage(self, *args: str, capture: bool = False, database_url: str | None = None) -> str:
        result = subprocess.run(
            [self.python, "manage.py", *args],
            cwd=self.root,
            env=self.env(database_url),
            check=True,
            text=True,
            stdout=subprocess.PIPE if capture else None,
        )
        return result.stdout or ""

    def seed_load(self, *args: str) -> None:
        """The checkout's load-data builder: `scripts/seed_load.py`, or the `seed_load`
        command of a release from before it left the shipped apps."""
        script = self.root / "scripts" / "seed_load.py"
        if not script.exists():
            self.manage("seed_load", *args)
            return
        subprocess.run(
            [self.python, str(script), *args], cwd=self.root, env=self.env(None), check=True
        )

    def django_json(self, code: str, database_url: str | None = None):
        """Run `code` (which must print one JSON document last) inside the checkout."""
        out = self.manage(
            "shell", "--no-imports", "-c", code, capture=True, database_url=database_url
        )
        return json.loads(out.strip().splitlines()[-1])

    def migration_files(self) -> set[tuple[str, str]]:
        return {
            (app, path.stem)
            for app in APPS
            for path in (self.root / app / "migrations").glob("[0-9]*.py")
        }

    def ensure_database(self) -> None:
        """Create the checkout's benchmark database if missing, migrate it with the
        checkout's own code, seed it (seed_load skips a seeded database), add the bench
        coaches and collect static files. A missing database is copied from
        `innerback_bench` when every migration applied there is one this checkout knows
        (so the previous release gets the same data before newer code migrates it);
        otherwise it is built from nothing (about 4–15 minutes)."""
        if not database_exists(self.database_url):
            template = DEFAULT_DATABASE_URL
            if (
                self.database_url != template
                and database_exists(template)
                and applied_migrations(template) <= self.migration_files()
            ):
                print(f"Copying {database_name(template)} → {database_name(self.database_url)}")
                create_database(self.database_url, template=database_name(template))
            else:
                print(f"Creating {database_name(self.database_url)}; seeding takes minutes")
                create_database(self.database_url)
        self.manage("migrate", "--noinput", "-v", "0")
        self.seed_load(
            "--trainees",
            str(DATASET["trainees"]),
            "--weeks",
            str(DATASET["weeks"]),
            "--clients",
            str(DATASET["clients"]),
        )
        made = self.django_json(BENCH_COACHES_CODE)
        if made["created"]:
            print(f"Added {made['created']} bench coaches of {BENCH_COACH_CLIENTS} clients each")
        self.manage("collectstatic", "--noinput", "-v", "0")

    def sign_in(self, emails: list[str], database_url: str | None = None) -> dict:
        """A signed-in session for each of `emails`, made in the database the way Django's
        login() makes one (no password hashing: a few hundred logins through the login
        form would take minutes). Returns {email: {"id", "cookies"}}."""
        found = self.django_json(
            SIGN_IN_CODE.replace("EMAILS", repr(sorted(set(emails)))), database_url
        )
        if found is None:
            fail("SESSION_ENGINE keeps sessions outside the database; sign_in cannot work.")
        missing = set(emails) - set(found["users"])
        if missing:
            fail(f"No such users: {sorted(missing)[:5]}")
        return {
            email: {"id": pk, "cookies": {found["cookie"]: key}}
            for email, (pk, key) in found["users"].items()
        }

    @contextmanager
    def server(self, *, workers: int = 2, database_url: str | None = None) -> Iterator["Server"]:
        """gunicorn with the production settings on a free loopback port, stopped on exit.
        Ready once every worker has loaded the app (a `post_worker_init` hook writes a
        file), without any request: the first request it gets is a real first one."""
        port = free_port()
        work = Path(tempfile.mkdtemp(prefix="innerback-gunicorn-"))
        (work / "ready").mkdir()
        (work / "conf.py").write_text(GUNICORN_CONF)
        log = work / "gunicorn.log"
        env = self.env(database_url, BENCH_READY_DIR=str(work / "ready"))
        with log.open("w") as log_file:
            process = subprocess.Popen(
                [
                    str(self.root / ".venv" / "bin" / "gunicorn"),
                    "innerback.wsgi:application",
                    "--config",
                    str(work / "conf.py"),
                    "--workers",
                    str(workers),
                    "--bind",
                    f"{HOST}:{port}",
                    "--log-level",
                    "warning",
                ],
                cwd=self.root,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + 60
            while len(list((work / "ready").iterdir())) < workers:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start; see {log}")
                time.sleep(0.05)
            time.sleep(0.2)  # from the hook to the worker's accept loop
            yield Server(port=port, log=log, pid=process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)


GUNICORN_CONF = """
import os
import pathlib


def post_worker_init(worker):
    pathlib.Path(os.environ["BENCH_READY_DIR"], str(worker.pid)).touch()
"""

BENCH_COACHES_CODE = f"""
import json
from django.contrib.auth import get_user_model
from django.apps import apps
from django.db import transaction

# Wherever the checkout keeps it (innerback before the coaching app, coaching after).
Coaching = next(model for model in apps.get_models() if model.__name__ == "Coaching")

User = get_user_model()
emails = [{", ".join(repr(bench_coach_email(n)) for n in range(1, BENCH_COACHES + 1))}]
created = 0
if not User.objects.filter(email=emails[-1]).exists():
    password = User.objects.get(email={LOAD_COACH!r}).password
    with transaction.atomic():
        for number, email in enumerate(emails):
            coach = User.objects.create(
                email=email, display_name=f"Bench Coach {{number + 1:02d}}", is_coach=True,
                password=password,
            )
            first = {BENCH_COACH_FIRST_CLIENT} + number * {BENCH_COACH_CLIENTS}
            clients = User.objects.filter(
                email__in=[f"trainee{{n:05d}}@load.example.com"
                           for n in range(first, first + {BENCH_COACH_CLIENTS})]
            )
            Coaching.objects.bulk_create([Coaching(coach=coach, client=c) for c in clients])
            created += 1
print(json.dumps({{"created": created}}))
"""

SIGN_IN_CODE = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model

engine = settings.SESSION_ENGINE
if engine.endswith(".cache"):
    print(json.dumps(None))
else:
    Store = import_module(engine).SessionStore
    users = {}
    for user in get_user_model().objects.filter(email__in=EMAILS):
        session = Store()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save(must_create=True)
        users[user.email] = [user.pk, session.session_key]
    print(json.dumps({"cookie": settings.SESSION_COOKIE_NAME, "users": users}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    port: int
    log: Path
    pid: int

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker, in MiB."""
        sizes = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes  # decompressed
    sent_bytes: int  # as transferred (gzipped when the server compressed it)
    seconds: float  # from connecting to the last byte
    first_byte: float  # from connecting to the status line and headers
    lines: int = 0  # newlines in the body (for CSV: rows + 1)

    @property
    def text(self) -> str:
        return self.body.decode()


@dataclass
class Client:
    """One browser: cookies kept, gzip accepted, one connection per request (gunicorn's sync
    workers close each connection after answering)."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        *,
        data: dict | list | None = None,
        headers: dict | None = None,
        keep_body: bool = True,
    ) -> Response:
        all_headers = {"Accept-Encoding": "gzip", "Host": f"{HOST}:{self.port}"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            if "csrftoken" in self.cookies:
                all_headers["X-CSRFToken"] = self.cookies["csrftoken"]
        all_headers.update(headers or {})
        started = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
        chunks: list[bytes] = []
        sent = lines = 0
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            first_byte = time.perf_counter() - started
            gzipped = response.headers.get("Content-Encoding") == "gzip"
            inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
            while chunk := response.read(65536):
                sent += len(chunk)
                if inflate:
                    chunk = inflate.decompress(chunk)
                lines += chunk.count(b"\n")
                if keep_body:
                    chunks.append(chunk)
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(
            response.status, response.headers, b"".join(chunks), sent, seconds, first_byte, lines
        )

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict | list, **kwargs) -> Response:
        return self.request("POST", path, data=data, **kwargs)


def htmx_headers(current_url: str) -> dict[str, str]:
    return {"HX-Request": "true", "HX-Current-URL": current_url}


class SetForms(HTMLParser):
    """The forms for logging a new set on a session page or in an htmx answer, in page
    order, each as a browser would send it with every form check ticked: (action,
    fields, target id)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]], str]] = []
        self._current: tuple[str, list[tuple[str, str]], str] | None = None
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "form" and "set-form" in classes and "edit-form" not in classes:
            self._current = (attrs.get("action") or "", [], attrs.get("hx-target") or "")
        elif self._current is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind == "checkbox" or (kind != "submit" and attrs.get("value") is not None):
                self._current[1].append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self._current[1].append((self._select, attrs.get("value") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form" and self._current is not None:
            self.forms.append(self._current)
            self._current = None


def new_csrf_cookie() -> str:
    return secrets.token_hex(16)  # 32 characters, a valid unmasked CSRF secret


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "ram": f"{mem_kb / 1024 / 1024:.0f} GiB",
        "load": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
    }


def replace_section(name: str, text: str, path: Path = DOC) -> None:
    """Put `text` between `<!-- name:start -->` and `<!-- name:end -->` in `path`
    (docs/benchmarks.md unless told), leaving the rest of the document as it is (a new
    section goes at the end)."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    doc = path.read_text() if path.exists() else ""
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in doc and end in doc:
        before, rest = doc.split(start, 1)
        doc = before + block + rest.split(end, 1)[1]
    else:
        doc = doc.rstrip() + "\n\n" + block + "\n"
    path.write_text(doc)


def fail(message: str):
    print(message, file=sys.stderr)
    raise SystemExit(1)
