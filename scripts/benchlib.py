"""What `make bench` and `make loadtest` share, with the standard library only: the benchmark
database, a gunicorn running the production settings on a loopback port, an HTTP client that
keeps cookies and logs in, and docs/benchmarks.md.

Everything is local: the server binds to 127.0.0.1 and every request goes there.
"""

import gzip
import http.client
import json
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DOC = ROOT / "docs" / "benchmarks.md"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/innerback_bench"
DATASET = {"trainees": 2000, "weeks": 104, "clients": 200}
HOST = "127.0.0.1"


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)


def django_env(**extra: str) -> dict[str, str]:
    """The production settings (DEBUG off) against the benchmark database."""
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY="benchmark-only-secret-key-not-for-production",
        SECURE_COOKIES="false",
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url(),
    )
    env.update(extra)
    return env


def manage(*args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=django_env(),
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def django_json(code: str) -> dict:
    """Run `code` (which must print one JSON document last) inside the project."""
    out = manage("shell", "--no-imports", "-c", code, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def ensure_database() -> None:
    """Create the benchmark database if it is missing, migrate it, seed it (seed_load skips
    a database that already holds the dataset) and collect static files."""
    url = urllib.parse.urlsplit(database_url())
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    create = (
        "import psycopg, sys\n"
        "from psycopg import sql\n"
        "with psycopg.connect(sys.argv[1], autocommit=True) as conn:\n"
        "    if not conn.execute('SELECT 1 FROM pg_database WHERE datname = %s',"
        " [sys.argv[2]]).fetchone():\n"
        "        conn.execute(sql.SQL('CREATE DATABASE {}').format(sql.Identifier(sys.argv[2])))\n"
        "        print('created database', sys.argv[2])\n"
    )
    subprocess.run([PYTHON, "-c", create, admin, name], check=True)
    manage("migrate", "--noinput", "-v", "0")
    manage(
        "seed_load",
        "--trainees",
        str(DATASET["trainees"]),
        "--weeks",
        str(DATASET["weeks"]),
        "--clients",
        str(DATASET["clients"]),
    )
    manage("collectstatic", "--noinput", "-v", "0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    port: int
    log: Path


@contextmanager
def gunicorn(*, workers: int = 2, server_timing: bool = True) -> Iterator[Server]:
    """gunicorn with the production settings on a free loopback port, stopped on exit."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="innerback-gunicorn-", suffix=".log")[1])
    env = django_env(SERVER_TIMING="true" if server_timing else "false")
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [
                GUNICORN,
                "innerback.wsgi:application",
                "--workers",
                str(workers),
                "--bind",
                f"{HOST}:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if Client(port).get("/healthz").status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start; see {log}")
            time.sleep(0.2)
        yield Server(port=port, log=log)
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes  # decompressed
    sent_bytes: int  # as transferred (gzipped when the server compressed it)
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode()

    def timing(self) -> tuple[float | None, int | None]:
        """App milliseconds and SQL query count from the Server-Timing header."""
        header = self.headers.get("Server-Timing", "")
        app = re.search(r"app;dur=([\d.]+)", header)
        queries = re.search(r'"(\d+) queries"', header)
        return (
            float(app[1]) if app else None,
            int(queries[1]) if queries else None,
        )


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
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            raw = response.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        decoded = raw
        if response.headers.get("Content-Encoding") == "gzip":
            decoded = gzip.decompress(raw)
        return Response(response.status, response.headers, decoded, len(raw), seconds)

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict | list, **kwargs) -> Response:
        return self.request("POST", path, data=data, **kwargs)

    def login(self, email: str, password: str) -> "Client":
        self.get("/accounts/login/")
        response = self.post(
            "/accounts/login/",
            {
                "username": email,
                "password": password,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            },
        )
        if response.status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Could not log in as {email} (status {response.status}).")
        return self


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


def replace_section(name: str, text: str) -> None:
    """Put `text` between `<!-- name:start -->` and `<!-- name:end -->` in docs/benchmarks.md,
    leaving the rest of the document as it is."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    doc = DOC.read_text() if DOC.exists() else ""
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in doc and end in doc:
        before, rest = doc.split(start, 1)
        doc = before + block + rest.split(end, 1)[1]
    else:
        doc = doc.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(doc)


def fail(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(1)
