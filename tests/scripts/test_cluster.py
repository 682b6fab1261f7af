"""scripts/cluster.py: the templates are filled from the environment, and stopping touches
only the processes it started."""

import signal
import subprocess
import sys
import time

import pytest

sys.path.insert(0, "scripts")
import cluster

ENV = {
    "CLUSTER_DIR": "/run/here",
    "CLUSTER_PORT": "8080",
    "APP1_ADDRESS": "127.0.0.1:8101",
    "APP2_ADDRESS": "127.0.0.1:8102",
    "STATIC_DIR": "/srv/static",
    "NGINX_WORKERS": "1",
}


def test_the_nginx_template_takes_every_value_from_the_environment_and_keeps_nginx_variables():
    conf = cluster.fill(cluster.NGINX_TEMPLATE.read_text(), ENV)

    assert "${" not in conf
    assert "server 127.0.0.1:8101 max_fails=1" in conf
    assert "server 127.0.0.1:8102 max_fails=1" in conf
    assert "listen 127.0.0.1:8080;" in conf
    assert "alias /srv/static/$file;" in conf
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf


def test_a_missing_variable_stops_the_start_instead_of_leaving_a_hole():
    with pytest.raises(SystemExit, match="APP2_ADDRESS is not set"):
        cluster.fill(cluster.NGINX_TEMPLATE.read_text(), {**ENV, "APP2_ADDRESS": ""})


def test_the_procfile_names_two_app_servers_nginx_the_worker_and_the_scheduler():
    processes = cluster.procfile(ENV)

    assert [p.name for p in processes] == ["app1", "app2", "nginx", "worker", "scheduler"]
    assert [p.is_app_server for p in processes] == [True, True, False, False, False]
    assert processes[0].argv[processes[0].argv.index("--bind") + 1] == "127.0.0.1:8101"
    assert processes[2].argv[-2:] == ["-g", "daemon off;"]
    assert processes[3].argv[:3] == ["python", "manage.py", "db_worker"]
    assert processes[4].argv == ["python", "manage.py", "run_scheduler"]


def group(leader: int) -> list[int]:
    """The live processes of a process group (ended ones may linger as zombies until
    reaped: started_at counts those as gone)."""
    found = subprocess.run(["pgrep", "-g", str(leader)], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split() if cluster.started_at(int(pid))]


@pytest.fixture
def run_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CLUSTER_DIR", str(tmp_path))
    return tmp_path


def test_stopping_ends_a_recorded_process_and_its_children(run_dir):
    state = {"processes": {}}
    sleeper = cluster.Process("sleeper", ["sh", "-c", "sleep 300 & sleep 300"])
    pid = cluster.launch(sleeper, {"PATH": "/usr/bin:/bin"}, state)
    deadline = time.monotonic() + 10
    while len(group(pid)) < 3 and time.monotonic() < deadline:  # the shell, its two sleeps
        time.sleep(0.05)
    assert len(group(pid)) == 3

    cluster.kill("sleeper", cluster.read_state(), signal.SIGTERM)

    assert not cluster.alive(state["processes"]["sleeper"])
    assert group(pid) == []


def test_a_recorded_id_now_naming_another_process_is_left_alone(run_dir):
    other = subprocess.Popen(["sleep", "300"], start_new_session=True)
    try:
        record = {"pid": other.pid, "started_at": "1", "argv": ["sleep", "300"]}
        state = {"processes": {"gone": record}}

        cluster.kill("gone", state)

        assert other.poll() is None
    finally:
        other.kill()
        other.wait()
