"""Fixtures of the browser tests: one chromium per session, the built book served from
127.0.0.1 on a free port, a fresh page per test, and the artefacts folder.

Debian's chromium is driven by Playwright for Python (its own browser download cannot work
here). Without chromium or playwright the tests skip with the reason, unless
BROWSER_TESTS_REQUIRED=1 (set by .ci/book.sh) makes that a failure.
"""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from browser_support import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    HTML,
    PageWatch,
    chromium_executable,
    unavailable,
)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_executable()
    if executable is None:
        unavailable("chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (uv sync --group book)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def artifacts():
    """Folder for this session's screenshots."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site():
    """The built book (_build/html, or $BOOK_HTML) over HTTP, as a reader's browser gets it."""
    if not (HTML / "index.html").is_file():
        unavailable(f"{HTML}/index.html is missing: build the book first (book/build.sh)")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def page(browser, site):
    """A page in a fresh context (own storage): nothing carries over from another test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watch = PageWatch(page, site)
    yield page
    context.close()
