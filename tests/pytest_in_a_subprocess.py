"""Run part of the suite in a fresh pytest process, as CI or as a developer's machine would:
how the guard tests prove a missing browser or cluster fails CI and skips elsewhere."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_pytest(tests: str, *, ci: bool, **env: str) -> subprocess.CompletedProcess:
    """`tests` run with `env` added to this process's environment, and CI set or not."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", tests],
        cwd=ROOT,
        env={**os.environ, **env, "CI": "true" if ci else ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
