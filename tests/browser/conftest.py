"""Fixtures for the widget's browser tests: Debian's Chromium driven by Playwright.

We launch /usr/bin/chromium ourselves instead of using pytest-playwright's downloaded
browsers: no browser download is possible on CI. Install it with install_browser.sh.
"""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlsplit

import pytest

from tests.browser.hw_fake_server import FakeRasa

CHROMIUM = os.environ.get("HECHTWIJZER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="session")
def fake_rasa():
    fake = FakeRasa(slow_seconds=4.0).start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(fake_rasa):
    fake_rasa.reset()
    yield fake_rasa
    fake_rasa.release()  # never leave a held request hanging into the next test


# Module scope: Playwright's sync API keeps an asyncio loop running in this thread while it is
# open; closing it after each browser module lets later tests use asyncio.run().
@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run tests/browser/install_browser.sh",
            pytrace=False,
        )
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _keep_local(route):
    # Nothing a test does may leave the machine: anything not on loopback is refused.
    host = urlsplit(route.request.url).hostname or ""
    if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
        route.continue_()
    else:
        route.abort()


def _new_page(browser, width, height):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="nl-NL",
        reduced_motion="reduce",
    )
    context.route("**/*", _keep_local)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.dialogs = []  # any alert() would mean injected script ran
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    return context, page


@pytest.fixture
def page(browser):
    context, page = _new_page(browser, 1280, 800)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _new_page(browser, 360, 740)
    yield page
    context.close()
