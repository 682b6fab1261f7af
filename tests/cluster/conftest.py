"""The cluster tests speak HTTP to nginx in front of the app servers `make cluster` started.

They never go quietly untested in CI: there (CI=true), a cluster that is not up stops the
run with a usage error; on a developer's machine they skip and say how to start it.
`make test` leaves this folder out; `.ci/run` starts the cluster and runs it after the suite.
"""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import cluster  # noqa: E402  (scripts/cluster.py)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _not_up() -> str | None:
    """Why the cluster cannot be tested, or None when every recorded process runs and
    nginx says ready."""
    state = cluster.read_state()
    if not state.get("processes"):
        return f"no cluster recorded in {cluster.state_file()}"
    stopped = [name for name, record in state["processes"].items() if not cluster.alive(record)]
    if stopped:
        return f"not running: {', '.join(stopped)}"
    status, _ = cluster.get(f"{state['address']}/readyz")
    if status != 200:
        return f"{state['address']}/readyz answered {status or 'nothing'}"
    return None


def pytest_collection_modifyitems(config, items):
    cluster_items = [item for item in items if "tests/cluster/" in str(item.fspath)]
    if not cluster_items:
        return
    problem = _not_up()
    if problem is None:
        return
    if IN_CI:
        raise pytest.UsageError(f"Cluster tests cannot run in CI: {problem} (make cluster).")
    skip = pytest.mark.skip(reason=f"cluster tests need `make cluster`: {problem}")
    for item in cluster_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def state() -> dict:
    """The running cluster's record: address, app servers, processes, environment."""
    return cluster.read_state()
