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
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Request,
    Route,
    expect,
    sync_playwright,
)
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
    # The machine is shared: give a slow page the time an action already has.
    expect.set_options(timeout=10_000)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=_CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Keep each phase's report on the test, so the page fixture knows when a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def new_page(
    browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Callable[[], Page]]:
    """Open pages in fresh browser contexts (each its own cookies: its own person), whose
    requests may go to the live server only. After the test, no page may have had a
    JavaScript error or asked for anything elsewhere; a failed test leaves a screenshot of
    each page as it was."""
    contexts: list[BrowserContext] = []
    errors: list[str] = []
    refused: list[str] = []
    served_here = re.compile(rf"^{re.escape(live_server.url)}(/|$)")

    def only_the_live_server(route: Route, request: Request) -> None:
        if served_here.match(request.url):
            route.continue_()
        else:
            refused.append(request.url)
            route.abort("blockedbyclient")

    def open_page() -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1400, "height": 1000}
        )
        context.set_default_timeout(10_000)
        context.route("**/*", only_the_live_server)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    failed = getattr(request.node, "report_call", None)
    for number, context in enumerate(contexts, start=1):
        if failed is not None and failed.failed:
            for page in context.pages:
                SCREENS.mkdir(parents=True, exist_ok=True)
                name = _screen_name(request.node.name)
                page.screenshot(path=str(SCREENS / f"{name}-failed-{number}.png"), full_page=True)
        context.close()
    assert not errors, f"JavaScript errors on the admin pages: {errors}"
    assert not refused, f"the admin pages asked for something off the live server: {refused}"


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    """One person's page."""
    return new_page()


@pytest.fixture
def screenshot(page: Page, request: pytest.FixtureRequest) -> Callable[..., Path]:
    """Save a page (the `page` fixture's unless given) as
    /tmp/factdb-screens/<test>-NN-<step>.png, for people to look at; a test's screenshots
    from an earlier run are removed first."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    name = _screen_name(request.node.name)
    for old in SCREENS.glob(f"{name}-*.png"):
        old.unlink()
    taken = 0

    def take(step: str, of: Page = page) -> Path:
        nonlocal taken
        taken += 1
        path = SCREENS / f"{name}-{taken:02d}-{step}.png"
        of.screenshot(path=str(path), full_page=True)
        return path

    return take


def _screen_name(test: str) -> str:
    return re.sub(r"[^\w-]+", "-", test.removeprefix("test_")).strip("-")
