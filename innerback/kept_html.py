"""Rendered HTML kept in the per-process cache (Django's `default` cache) under every value
it shows: the same values always render the same markup, so such a key is never stale, and
the timeout only bounds the memory of pieces nobody asks for again."""

import hashlib
from collections.abc import Callable, Sequence

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe


def kept_key(kind: str, shown: object) -> str:
    """A cache key for something kept under `kind` and every value it shows (`shown`, whose
    repr must change with any of them)."""
    return f"{kind}:" + hashlib.sha256(repr(shown).encode()).hexdigest()


def kept_html[T](
    kind: str,
    items: Sequence[T],
    *,
    shown: Callable[[T], object],
    render: Callable[[T], str],
    timeout: int,
) -> list[SafeString]:
    """The HTML of each item: read from the cache in one lookup under `kind` and everything
    `shown(item)` gives (whose repr must change with anything the HTML shows), rendered by
    `render(item)` for the items not kept yet."""
    keys = [kept_key(kind, shown(item)) for item in items]
    kept = cache.get_many(keys)
    rendered = {}
    html = []
    for item, key in zip(items, keys, strict=True):
        piece = kept.get(key)
        if piece is None:
            piece = rendered[key] = str(render(item))
        html.append(mark_safe(piece))
    if rendered:
        cache.set_many(rendered, timeout)
    return html
