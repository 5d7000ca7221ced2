"""Browser fixtures: Debian's headless Chromium, driven by Playwright, on a live server.

The browser is the system's (`/usr/bin/chromium`, the `chromium` package; `make test` and
`.ci/run` install it when it is missing): Playwright never downloads one. It talks to the live
server on 127.0.0.1 only: every other request it would make is aborted, and host names do not
resolve, so a page can never reach the network.

Playwright's sync API runs an asyncio loop in the test's thread while it is started, which makes
Django refuse ORM calls there (SynchronousOnlyOperation). The tests here read the database
between browser steps on purpose, so while a browser module runs (and only then) Django is told
the calls are safe: nothing in these tests is asynchronous.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request, Route, sync_playwright
from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
SCREENS = Path("/tmp/factdb-screens")
# Host names resolve to nothing; the live server is reached by its address.
_CHROMIUM_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--metrics-recording-only",
]


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """The live server on 127.0.0.1 (pytest-django's own would bind "localhost", a name the
    suite's DNS safety net does not resolve)."""
    server = LiveServer("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for a test module."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package "
            "(apt-get install -y chromium; `make test` does it when it can)."
        )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=_CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh browser context (no cookies) whose requests may go to the live server only."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 1000}
    )
    context.set_default_timeout(10_000)
    served_here = re.compile(rf"^{re.escape(live_server.url)}(/|$)")
    refused: list[str] = []

    def only_the_live_server(route: Route, request: Request) -> None:
        if served_here.match(request.url):
            route.continue_()
        else:
            refused.append(request.url)
            route.abort("blockedbyclient")

    context.route("**/*", only_the_live_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the admin pages: {errors}"
    assert not refused, f"the admin pages asked for something off the live server: {refused}"


@pytest.fixture
def screenshot(page: Page, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """Save the page as /tmp/factdb-screens/<test>-NN-<step>.png, for people to look at; a
    test's screenshots from an earlier run are removed first."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    test = re.sub(r"\W+", "-", request.node.name.removeprefix("test_")).strip("-")
    for old in SCREENS.glob(f"{test}-[0-9][0-9]-*.png"):
        old.unlink()
    taken = 0

    def take(step: str) -> Path:
        nonlocal taken
        taken += 1
        path = SCREENS / f"{test}-{taken:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
