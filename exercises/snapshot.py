"""Process-local memo of catalog reads.

The catalog (exercises, their muscles, equipment, cues and gates) changes only through the
admin and data migrations, yet every trainee page reads it. Reads built with `memo` are kept
in this process: a catalog save here clears them at once (signals, connected in
`ExercisesConfig.ready`), and other processes (other gunicorn workers) see an admin's edit
within `CATALOG_TTL_SECONDS`.
"""

import threading
import time
from collections.abc import Callable

CATALOG_TTL_SECONDS = 60.0

_lock = threading.Lock()
_memo: dict[str, tuple[float, object]] = {}
# What a memo held when its time ran out (not when a catalog write cleared it), so a rebuild
# that finds the same catalog can keep what was built on the old one (`expired`).
_expired: dict[str, object] = {}


def memo[T](name: str, build: Callable[[], T]) -> T:
    """What `build()` returns, built at most once per `CATALOG_TTL_SECONDS` in this process.
    The value is shared by every request: treat it as read-only."""
    now = time.monotonic()
    entry = _memo.get(name)
    if entry is not None and now - entry[0] < CATALOG_TTL_SECONDS:
        return entry[1]
    if entry is not None:
        _expired[name] = entry[1]
    value = build()
    with _lock:
        _memo[name] = (now, value)
        _expired.pop(name, None)
    return value


def held(name: str) -> object | None:
    """What the memo `name` holds now, if it is still within its time; None otherwise. Never
    builds it."""
    entry = _memo.get(name)
    if entry is not None and time.monotonic() - entry[0] < CATALOG_TTL_SECONDS:
        return entry[1]
    return None


def expired(name: str) -> object | None:
    """During a rebuild after the time ran out: what the memo held until then (None after a
    catalog write in this process, or the first time)."""
    return _expired.get(name)


def clear(**_signal_kwargs) -> None:
    """Forget every catalog read in this process (a signal receiver, hence the kwargs)."""
    with _lock:
        _memo.clear()
        _expired.clear()
