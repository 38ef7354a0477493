"""Fixtures of the browser tests: one chromium per session, and the artefacts folder.

Debian's chromium is driven by Playwright for Python (its own browser download cannot work
here). Without chromium or playwright the tests skip with the reason, unless
BROWSER_TESTS_REQUIRED=1 (set by .ci/book.sh) makes that a failure.
"""

import pytest
from browser_support import ARTIFACTS, CHROMIUM_ARGS, chromium_executable, unavailable


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
