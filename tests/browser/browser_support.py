"""Helpers shared by the browser tests: where chromium is, how to launch it, what to watch.

The tests skip (with the reason) where chromium or the playwright package is missing. CI sets
BROWSER_TESTS_REQUIRED=1 (.ci/book.sh), which turns every such skip into a failure, so a
missing install step cannot pass as green.

Artefacts (screenshots) go to test-artifacts/ at the repository's root (gitignored).
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
HTML = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html"))
CHAPTER_FILE = re.compile(r"^(\d\d)b?_\w+\.ipynb$")  # chapters and companion notebooks
# The notebooks the book was built from ($BOOK_CHAPTERS, as for book/build.py: a scratch copy).
SOURCE = Path(os.environ.get("BOOK_CHAPTERS", ROOT / "chapters"))
CHAPTERS = sorted(p for p in SOURCE.glob("*.ipynb") if CHAPTER_FILE.match(p.name))
PAGES = ["index", *(f"chapters/{p.stem}" for p in CHAPTERS)]
REQUIRED = os.environ.get("BROWSER_TESTS_REQUIRED") == "1"

# How chromium runs on this kind of machine: headless, no sandbox (root), no GPU, and none of
# its background connections to Google's hosts (the closed network refuses them noisily).
# Playwright itself adds --headless and a new empty --user-data-dir.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def unavailable(reason):
    """Skip, or fail where CI requires the browser tests to run."""
    if REQUIRED:
        pytest.fail(f"BROWSER_TESTS_REQUIRED=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_executable():
    """$CHROMIUM if set (and only it), else Debian's chromium on PATH or in /usr/bin."""
    explicit = os.environ.get("CHROMIUM")
    candidates = [explicit] if explicit else [shutil.which("chromium"), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


class PageWatch:
    """Everything a page did that a reader would not want: console errors, uncaught
    exceptions, failed or 4xx/5xx responses, and any request to a host other than ours
    (those are aborted before they leave the machine, then reported)."""

    def __init__(self, page, allowed_origin):
        self.allowed = allowed_origin
        self.console_errors, self.page_errors, self.bad_responses = [], [], []
        self.external_requests, self.failed_requests = [], []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("response", self._response)
        page.on("requestfailed", self._failed)
        page.route("**/*", self._route)

    def _local(self, url):
        if url.startswith(("data:", "blob:", "about:")):
            return True
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.allowed

    def _route(self, route):
        if self._local(route.request.url):
            route.continue_()
        else:
            self.external_requests.append(route.request.url)
            route.abort("blockedbyclient")

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def _response(self, response):
        if response.status >= 400:
            self.bad_responses.append(f"{response.status} {response.url}")

    def _failed(self, request):
        if self._local(request.url):
            self.failed_requests.append(f"{request.failure} {request.url}")

    def problems(self):
        found = {
            "console errors": self.console_errors,
            "uncaught exceptions": self.page_errors,
            "HTTP errors": self.bad_responses,
            "failed requests": self.failed_requests,
            "requests to external hosts": self.external_requests,
        }
        return {kind: items for kind, items in found.items() if items}


def read(page, site, name):
    """Open one page of the book and wait until it is settled: loaded, images decoded, math
    typeset."""
    page.goto(f"{site}/{name}.html", wait_until="load")
    settle(page)


def settle(page):
    page.wait_for_function("() => [...document.images].every(img => img.complete)")
    if page.locator("span.math, div.math").count():
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise")
    page.wait_for_load_state("networkidle")
