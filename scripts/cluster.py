#!/usr/bin/env python
"""`make cluster` / `make cluster-stop`: innerback as production runs it, on one machine.

    python scripts/cluster.py start | stop | status

`start` installs nginx when it is missing (Debian's package), makes sure PostgreSQL answers
at DATABASE_URL (starting the machine's server if it is down), creates and migrates the
database, loads the demo data, collects static files, then starts every process of
deploy/Procfile (two gunicorn app servers, nginx in front of them, the task worker and the
scheduler) with the environment
of deploy/cluster.env.example overridden by yours. It returns once nginx's /readyz has been
answered by every app server, and prints nginx's address.

Everything it starts is recorded in the run directory (CLUSTER_DIR, default .cluster/):
each process's id and command line in state.json, its output in <name>.log. `stop` stops
exactly those processes (each with the process group it leads: gunicorn's workers), and
PostgreSQL only if `start` started it. The fault test (scripts/cluster_faults.py) kills and
restarts one app server through `kill` and `launch` here, so the record stays true.
"""

import argparse
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import create_database, database_exists, database_name

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PROCFILE = DEPLOY / "Procfile"
ENV_EXAMPLE = DEPLOY / "cluster.env.example"
NGINX_TEMPLATE = DEPLOY / "nginx.conf"
STATIC_DIR = ROOT / "staticfiles"  # settings.STATIC_ROOT
START_TIMEOUT = 60
STOP_TIMEOUT = 15

_PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def fill(text: str, env: dict[str, str]) -> str:
    """Put the value of each `${NAME}` (capitals: nginx's own `$host` and the like are left
    alone) from `env`; a name with no value fails instead of leaving a hole."""

    def value(match: re.Match) -> str:
        name = match[1]
        if not env.get(name):
            raise SystemExit(f"{name} is not set: give it in the environment or {ENV_EXAMPLE}.")
        return env[name]

    return _PLACEHOLDER.sub(value, text)


def read_env_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def run_dir() -> Path:
    return Path(os.environ.get("CLUSTER_DIR") or ROOT / ".cluster").resolve()


def cluster_env() -> dict[str, str]:
    """The environment every process gets: yours, with the example's value for each of its
    variables you have not set, the run directory, and one SECRET_KEY kept across starts
    (generated once), so a restarted server still reads the sessions and signed cookies
    the others made."""
    directory = run_dir()
    env = dict(os.environ)
    for name, value in read_env_file(ENV_EXAMPLE).items():
        if not env.get(name):
            env[name] = value
    if not env.get("SECRET_KEY"):
        key_file = directory / "secret_key"
        if not key_file.exists():
            directory.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        env["SECRET_KEY"] = key_file.read_text().strip()
    env["CLUSTER_DIR"] = str(directory)
    env["STATIC_DIR"] = str(STATIC_DIR)
    env["DEBUG"] = "false"
    env["PATH"] = os.pathsep.join([str(ROOT / ".venv" / "bin"), env.get("PATH", ""), "/usr/sbin"])
    return env


@dataclass
class Process:
    name: str
    argv: list[str]

    @property
    def is_app_server(self) -> bool:
        return Path(self.argv[0]).name == "gunicorn"


def procfile(env: dict[str, str]) -> list[Process]:
    processes = []
    for line in PROCFILE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, command = line.partition(":")
            processes.append(Process(name.strip(), shlex.split(fill(command, env))))
    return processes


# --- the record of what runs ------------------------------------------------------------------


def state_file() -> Path:
    return run_dir() / "state.json"


def read_state() -> dict:
    path = state_file()
    return json.loads(path.read_text()) if path.exists() else {"processes": {}}


def write_state(state: dict) -> None:
    """Written readable by its owner only: it holds the environment, SECRET_KEY included."""
    path = state_file()
    path.touch(mode=0o600)
    path.write_text(json.dumps(state, indent=2))


def started_at(pid: int) -> str | None:
    """When the process started (clock ticks since boot), or None if there is no such
    process: with the id, it names one process even after ids are reused."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # from the third field on: state, ppid, ...
    if fields[0] == "Z":  # killed, waiting for its parent to note it: gone all the same
        return None
    return fields[19]


def alive(record: dict) -> bool:
    """The recorded process still runs, and is still the one recorded (not another process
    that was given the same id since)."""
    return started_at(record["pid"]) == record["started_at"]


def launch(process: Process, env: dict[str, str], state: dict) -> int:
    """Start one process in a session of its own (so it and its children can be stopped
    together), its output appended to <name>.log; record it at once."""
    log = run_dir() / f"{process.name}.log"
    with log.open("a") as out:
        child = subprocess.Popen(
            process.argv,
            cwd=ROOT,
            env={**env, "APP_SERVER_NAME": process.name},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    state["processes"][process.name] = {
        "pid": child.pid,
        "started_at": started_at(child.pid),
        "argv": process.argv,
        "log": str(log),
    }
    write_state(state)
    return child.pid


def kill(name: str, state: dict, sig: signal.Signals = signal.SIGTERM) -> None:
    """Signal one recorded process and its group, and wait until it has gone."""
    record = state["processes"].get(name)
    if record is None or not alive(record):
        return
    os.killpg(record["pid"], sig)
    deadline = time.monotonic() + STOP_TIMEOUT
    while alive(record) and time.monotonic() < deadline:
        time.sleep(0.1)
    if alive(record):
        os.killpg(record["pid"], signal.SIGKILL)
        while alive(record):
            time.sleep(0.1)


# --- what the cluster needs -------------------------------------------------------------------


def as_root(*command: str) -> None:
    if os.geteuid() == 0:
        prefix = []
    elif shutil.which("sudo"):
        prefix = ["sudo"]
    else:
        raise SystemExit(f"Run as root, or install it yourself: {' '.join(command)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*prefix, *command], check=True, env=env)


def ensure_nginx(env: dict[str, str]) -> None:
    if shutil.which("nginx", path=env["PATH"]):
        return
    print("Installing nginx (Debian's package)", flush=True)
    as_root("apt-get", "update", "-qq")
    as_root("apt-get", "install", "-y", "-qq", "nginx")
    # Where the package started a system-wide nginx on port 80: the cluster runs its own.
    if shutil.which("service"):
        subprocess.run(["service", "nginx", "stop"], check=False, capture_output=True)


def ensure_postgres(env: dict[str, str], state: dict) -> None:
    """PostgreSQL answers at DATABASE_URL; if the machine's server is down, start it (and
    note that, so that `stop` stops it again)."""
    url = env["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(f"The cluster runs on PostgreSQL; DATABASE_URL is {url!r}.")
    parts = urllib.parse.urlsplit(url)
    where = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    if subprocess.run(["pg_isready", "-q", *where], check=False).returncode == 0:
        return
    versions = (
        sorted(Path("/etc/postgresql").glob("*/main")) if Path("/etc/postgresql").exists() else []
    )
    if not versions:
        raise SystemExit(
            "PostgreSQL does not answer and none is installed here: "
            "apt-get install postgresql, or point DATABASE_URL at a server."
        )
    version = versions[-1].parent.name
    print(f"Starting PostgreSQL {version}", flush=True)
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True
    )
    state["postgres_started"] = version
    write_state(state)
    for _ in range(30):
        if subprocess.run(["pg_isready", "-q", *where], check=False).returncode == 0:
            return
        time.sleep(1)
    raise SystemExit("PostgreSQL did not come up.")


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def recorded_env(state: dict) -> dict[str, str]:
    """The environment the running cluster was started with (yours may have changed since)."""
    return {**os.environ, **state["env"]}


def django_json(code: str, state: dict):
    """Run `code` in the running cluster's Django (its database, its SECRET_KEY: a session
    made here is one the app servers accept); `code` prints one JSON document last."""
    out = manage(recorded_env(state), "shell", "--no-imports", "-c", code, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def restart(name: str, state: dict) -> None:
    """Start a recorded process again, as it was started (after `kill`)."""
    record = state["processes"][name]
    launch(Process(name, record["argv"]), recorded_env(state), state)


def get(url: str) -> tuple[int, str]:
    """Status and X-Served-By of one GET (0 when nothing answers)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("X-Served-By", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Served-By", "")
    except OSError:
        return 0, ""


def wait_until_ready(address: str, servers: set[str]) -> None:
    """Until nginx's /readyz has been answered 200 by each app server in `servers`."""
    ready: set[str] = set()
    deadline = time.monotonic() + START_TIMEOUT
    while ready != servers:
        if time.monotonic() > deadline:
            raise SystemExit(f"Not ready after {START_TIMEOUT} s: {sorted(servers - ready)}")
        status, served_by = get(f"{address}/readyz")
        if status == 200 and served_by:
            ready.add(served_by)
        else:
            time.sleep(0.2)


def address(env: dict[str, str]) -> str:
    return f"http://127.0.0.1:{env['CLUSTER_PORT']}"


# --- commands ---------------------------------------------------------------------------------


def start() -> None:
    env = cluster_env()
    directory = run_dir()
    state = read_state()
    running = [name for name, record in state["processes"].items() if alive(record)]
    if running:
        print(f"Already running ({', '.join(running)}) at {address(env)}; make cluster-stop first.")
        return
    state["processes"] = {}
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    write_state(state)
    ensure_nginx(env)
    ensure_postgres(env, state)
    if not database_exists(env["DATABASE_URL"]):
        print(f"Creating database {database_name(env['DATABASE_URL'])}", flush=True)
        create_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    (directory / "nginx.conf").write_text(fill(NGINX_TEMPLATE.read_text(), env))
    processes = procfile(env)
    state["address"] = address(env)
    state["database_url"] = env["DATABASE_URL"]
    names = [*read_env_file(ENV_EXAMPLE), "CLUSTER_DIR", "STATIC_DIR", "DEBUG", "PATH"]
    state["env"] = {name: env[name] for name in names}
    state["app_servers"] = [p.name for p in processes if p.is_app_server]
    try:
        for process in processes:
            launch(process, env, state)
        wait_until_ready(address(env), set(state["app_servers"]))
        # The worker and the scheduler answer no request: up means still running by now.
        stopped = [name for name, record in state["processes"].items() if not alive(record)]
        if stopped:
            raise SystemExit(f"{', '.join(stopped)} stopped at start: see the log below.")
    except BaseException:
        for name in state["processes"]:
            print(f"--- {name}.log ---\n" + (directory / f"{name}.log").read_text()[-2000:])
        stop()
        raise
    print(
        f"innerback is up at {address(env)} "
        f"(app servers {', '.join(state['app_servers'])} behind nginx, the task worker and "
        f"the scheduler; logs in {directory}). "
        "Stop it with make cluster-stop."
    )


def stop() -> None:
    """Stop what `start` recorded: nginx first (no new requests), then the rest, each with
    its process group; then PostgreSQL if `start` had to start it."""
    state = read_state()
    names = sorted(state["processes"], key=lambda name: name != "nginx")
    for name in names:
        kill(name, state)
        print(f"Stopped {name}")
    if state.get("postgres_started"):
        subprocess.run(
            [
                "pg_ctlcluster",
                "--skip-systemctl-redirect",
                state["postgres_started"],
                "main",
                "stop",
            ],
            check=True,
        )
        print(f"Stopped PostgreSQL {state['postgres_started']}")
    if state_file().exists():
        state_file().unlink()


def status() -> None:
    state = read_state()
    for name, record in state["processes"].items():
        print(f"{name}: {'running' if alive(record) else 'stopped'} (pid {record['pid']})")
    if state.get("address"):
        print(state["address"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["start", "stop", "status"])
    {"start": start, "stop": stop, "status": status}[parser.parse_args().command]()


if __name__ == "__main__":
    main()
