"""What makes innerback an installable web app that works with no signal: its manifest, its
service worker and the page shown for a page it does not keep.

No data here: the worker keeps the pages a person visited, under their own key
(`User.offline_key`), and the page's script queues sets (`static/js/offline.js`).
"""

import hashlib
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

# The colours the installed app's window and splash screen take: the page background of the
# light and dark schemes (static/css/app.css), the brand green for the icon's tile.
THEME_LIGHT = "#f7f7f4"
THEME_DARK = "#121514"
BRAND = "#0b6b50"

# What every page needs before it can draw, fetched when the worker installs.
SHELL = (
    "css/app.css",
    "js/offline.js",
    "js/timer.js",
    "django_htmx/htmx-2.min.js",
    "img/icon.svg",
)


def manifest_data() -> dict:
    """The web app manifest: what a phone needs to put innerback on its home screen."""
    return {
        "name": "innerback",
        "short_name": "innerback",
        "description": "Progressive training for the deep back stabilisers: log sets, "
        "even with no signal.",
        "id": "/today/",
        "start_url": "/today/",
        "scope": "/",
        "display": "standalone",
        "background_color": THEME_LIGHT,
        "theme_color": BRAND,
        "icons": [
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


@require_safe
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> HttpResponse:
    """/manifest.webmanifest, linked from every page."""
    return JsonResponse(
        manifest_data(),
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


def worker_config() -> dict:
    """What the worker script is told: the shell's URLs (hashed names, so a deploy that
    changes a file changes the list), the page for pages it does not keep, and a version
    drawn from both, so the browser installs a new worker exactly when they change."""
    shell = [static(name) for name in SHELL]
    offline = reverse("offline")
    version = hashlib.sha256(json.dumps([shell, offline]).encode()).hexdigest()[:12]
    return {"version": version, "shell": shell, "offline": offline}


@require_safe
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """/sw.js: served from the site's root so its scope is the whole site; the browser
    checks it for changes on each visit (no-cache) and never runs a stale one for long."""
    script = render_to_string(
        "innerback/sw.js", {"config": json.dumps(worker_config(), separators=(",", ":"))}
    )
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """The page the worker shows when the network is gone and it has not kept the page
    asked for. It names no one: the worker keeps it for whoever uses the device."""
    return TemplateResponse(request, "innerback/offline.html")
