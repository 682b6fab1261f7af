"""Whether Chromium would install innerback from a page: `installability_errors`.

Lighthouse dropped its PWA category (and the "installable" audit) in version 12, so
`make audit` and the browser tests ask Chromium itself through the DevTools protocol
(`Page.getInstallabilityErrors`), as Chrome's own install prompt decides. The context must
use a normal profile (`launch_persistent_context`): Chromium never installs from incognito,
which is what a plain Playwright context is.
"""

from __future__ import annotations


def installability_errors(context, url: str) -> tuple[list[dict], dict]:
    """What stops the app at `url` from being installed (empty: nothing) and the manifest
    Chromium read, once the page's service worker is ready."""
    page = context.new_page()
    try:
        page.goto(url)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        cdp = context.new_cdp_session(page)
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        return errors, cdp.send("Page.getAppManifest")
    finally:
        page.close()
