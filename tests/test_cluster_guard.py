"""The cluster tests never go quietly untested in CI: there, a cluster that is not running
stops the run with a usage error; on a developer's machine they skip and say why."""

import subprocess

import pytest

from tests.pytest_in_a_subprocess import run_pytest

TESTS = "tests/cluster/test_across_servers.py"
NOWHERE = "/nonexistent/cluster"


def run_cluster_tests(*, ci: bool) -> subprocess.CompletedProcess:
    return run_pytest(TESTS, ci=ci, CLUSTER_DIR=NOWHERE)


def test_in_ci_a_cluster_that_is_not_running_fails_the_run_instead_of_skipping():
    result = run_cluster_tests(ci=True)

    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "Cluster tests cannot run in CI: no cluster recorded in " + NOWHERE in result.stderr
    assert "skipped" not in result.stdout


def test_outside_ci_a_cluster_that_is_not_running_skips_its_tests_and_says_why():
    result = run_cluster_tests(ci=False)

    assert result.returncode == pytest.ExitCode.OK, result.stdout + result.stderr
    assert "cluster tests need `make cluster`: no cluster recorded in " + NOWHERE in result.stdout
    assert " passed" not in result.stdout
