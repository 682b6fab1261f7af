"""The printable week as a PDF, made by WeasyPrint from the HTML of the print page itself.

WeasyPrint needs Pango from the operating system; where it is missing, importing it fails
and `PdfUnavailable` says so, so that the page can point to the browser's own Print instead.
Every file the page refers to (stylesheet, drawings) is read from the static files on this
machine: nothing is fetched over the network, whatever address the HTML names.
"""

import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

if TYPE_CHECKING:
    from weasyprint import Document

# The paper sizes the week is printed on, by the name a `?paper=` parameter gives, as CSS
# `@page { size }` spells them; the first is the default.
PAPER = {"a4": "A4", "letter": "letter"}
DEFAULT_PAPER = "a4"


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) cannot be loaded here."""


def paper_size(value: str | None) -> str:
    """The paper named by `value` (`a4` or `letter`), A4 for anything else."""
    return PAPER.get((value or "").lower(), PAPER[DEFAULT_PAPER])


def static_file(url: str) -> Path | None:
    """The local file a static URL (`/static/…`, any host) stands for, or None: found by the
    static finders in development, or among the collected files (hashed names) in
    STATIC_ROOT in production."""
    path = unquote(urlsplit(url).path)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not path.startswith(prefix):
        return None
    name = path.removeprefix(prefix)
    if not name or ".." in Path(name).parts:
        return None
    found = finders.find(name)
    if found:
        return Path(found)
    if staticfiles_storage.exists(name):
        return Path(staticfiles_storage.path(name))
    return None


def _local_fetcher():
    """WeasyPrint's URL fetcher for the week: `data:` URIs (the QR codes) are decoded, static
    files are read from disk, and anything else is refused rather than fetched."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file(url)
            if path is None:
                raise ValueError(f"Not a static file of this site, not fetched: {url}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return LocalFetcher(allowed_protocols={"data"})


def render(html: str, *, base_url: str, paper: str) -> "Document":
    """The laid-out pages of `html` on `paper`, with the page's print stylesheet."""
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as error:  # OSError: Pango's shared library is missing
        raise PdfUnavailable(str(error)) from error
    return HTML(string=html, base_url=base_url, url_fetcher=_local_fetcher()).render(
        stylesheets=[CSS(string=f"@page {{ size: {paper}; }}")]
    )
