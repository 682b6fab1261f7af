"""The layout holds: apps import each other one way only, the engine stays pure, and the
load-test data stays out of the shipped apps."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each Django app of the project, by package. `innerback` itself (settings, URLs, WSGI)
# wires them together and may import any of them.
APPS = (
    "innerback.accounts",
    "innerback.coaching",
    "innerback.outcomes",
    "innerback.privacy",
    "innerback.home",
    "innerback.api",
    "innerback.notifications",
    "exercises",
    "programs",
)


def _app_of(module: str) -> str | None:
    return next((app for app in APPS if module == app or module.startswith(app + ".")), None)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports (absolute names; relative imports stay in their app)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _app_imports() -> dict[str, set[str]]:
    """App → the other apps its code (migrations aside) imports."""
    edges: dict[str, set[str]] = defaultdict(set)
    for app in APPS:
        for path in (ROOT / app.replace(".", "/")).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for imported in _imports(path):
                other = _app_of(imported)
                if other is not None and other != app:
                    edges[app].add(other)
    return edges


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """A cycle in the graph, as the apps along it, or None."""
    visiting: list[str] = []
    done: set[str] = set()

    def visit(app: str) -> list[str] | None:
        if app in visiting:
            return [*visiting[visiting.index(app) :], app]
        if app in done:
            return None
        visiting.append(app)
        for other in sorted(edges.get(app, ())):
            if found := visit(other):
                return found
        visiting.pop()
        done.add(app)
        return None

    return next((found for app in APPS if (found := visit(app))), None)


def test_no_two_apps_import_each_other_directly_or_round_a_loop():
    assert _cycle(_app_imports()) is None, " → ".join(_cycle(_app_imports()) or [])


def test_the_cycle_check_finds_a_loop_when_there_is_one():
    loop = _cycle({"programs": {"innerback.coaching"}, "innerback.coaching": {"programs"}})

    assert loop is not None and loop[0] == loop[-1]
    assert set(loop) == {"programs", "innerback.coaching"}


def test_programs_and_exercises_know_nothing_of_coaching_privacy_or_home():
    edges = _app_imports()
    for app in ("programs", "exercises"):
        assert edges[app] <= {"innerback.accounts", "exercises"}, (app, edges[app])


@pytest.mark.parametrize("module", ["programs/progression.py"])
def test_the_progression_engine_imports_no_django_and_no_clock(module):
    imported = _imports(ROOT / module)
    assert not {name for name in imported if name.split(".")[0] == "django"}
    assert not {
        name for name in imported if name.split(".")[0] in {"time", "programs", "innerback"}
    }
    source = (ROOT / module).read_text()
    assert "date.today(" not in source and "datetime.now(" not in source


def test_no_shipped_app_imports_the_load_test_data():
    for app in APPS:
        for path in (ROOT / app.replace(".", "/")).rglob("*.py"):
            assert not any(name.startswith("scripts") for name in _imports(path)), path


def test_the_package_lists_every_app_and_nothing_else():
    import tomllib

    listed = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    include = {pattern.rstrip("*") for pattern in listed["packages"]["find"]["include"]}
    top_level = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    assert include == top_level - {"tests", "scripts"}
    assert {app.split(".")[0] for app in APPS} <= include
