"""Drive Debian's Chromium with Playwright (never a downloaded browser), with the network blocked.

Also a tool: ``python -m tests.exports.browser PAGE.html SHOT.png`` saves a screenshot of a page
(docs/img/graph.png is made this way from ``computechain export html``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import missing

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def need_chromium() -> None:
    """Skip without Chromium and Playwright, but fail under CI (CI=true), where they must be installed."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        absent = "the playwright Python package (pip install playwright; never `playwright install`)"
    else:
        absent = "" if CHROMIUM.exists() else f"{CHROMIUM} (apt-get install chromium)"
    if absent:
        missing(f"browser tests need {absent}")


@dataclass
class Visit:
    """What a page did while it was open."""

    page: Any
    console: list[tuple[str, str]] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def visit(path: Path, width: int = 1400, height: int = 900) -> Iterator[Visit]:
    """Open ``path`` in headless Chromium with every non-file request aborted and recorded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            seen = Visit(page)
            page.on("console", lambda m: seen.console.append((m.type, m.text)))
            page.on("pageerror", lambda e: seen.console.append(("pageerror", str(e))))
            page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))

            def route(r: Any) -> None:
                if r.request.url.startswith("file://"):
                    r.continue_()
                else:
                    seen.blocked.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(path.resolve().as_uri())
            page.wait_for_function("window.computechain !== undefined")
            yield seen
        finally:
            browser.close()


if __name__ == "__main__":
    with visit(Path(sys.argv[1])) as opened:
        opened.page.wait_for_timeout(6000)  # let the layout settle
        opened.page.screenshot(path=sys.argv[2])
        print(f"console: {opened.console}; blocked: {opened.blocked}")
