"""A real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against a real
``rejoinder demo`` server: the same command ``make serve`` runs, on a fresh SQLite file.

Screenshots go to ``test-artifacts/`` (git-ignored). axe-core comes from ``widget/node_modules``;
without it the accessibility checks skip locally and fail in CI.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.support.live_server import LiveServer, free_port, wait_until_listening

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "widget" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTICLE = "/demo/arctic-shipping-accord"


@dataclass
class DemoServer(LiveServer):
    """A ``LiveServer`` (its log and its stop) that also runs other commands on its database."""

    folder: Path
    env: dict[str, str] = field(default_factory=dict)

    def cli(self, *args: str) -> str:
        """Run another ``rejoinder`` command on the demo's database."""
        result = subprocess.run(
            [sys.executable, "-m", "rejoinder", *args, "--db", self.db_url],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.folder,
            timeout=120,
            check=True,
        )
        return result.stdout


def start_demo(folder: Path) -> DemoServer:
    port = free_port()
    db_url = f"sqlite:///{folder}/demo.db"
    log_path = folder / "demo.log"
    # the reader tests post far more than a person would in a minute
    env = {**os.environ, "REJOINDER_RATE_LIMIT_PER_MINUTE": "1000"}
    env.pop("REJOINDER_DATABASE_URL", None)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "rejoinder", "demo", "--db", db_url, "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=folder,
            start_new_session=True,
        )
    server = DemoServer(f"http://127.0.0.1:{port}", db_url, process, log_path, folder, env)
    return wait_until_listening(server, port, "rejoinder demo", seconds=90)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    server = start_demo(tmp_path_factory.mktemp("demo"))
    yield server
    server.stop()


# Module scope, not session: Playwright's sync API owns this thread's event loop while it runs,
# so it must be gone before the session's async tests (in other folders) run after these.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that fails the test on any uncaught script error."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert not errors, f"script errors on the page: {errors}"


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
    # off-screen comments are not rendered (content-visibility: auto); a full-page picture wants them all
    page.add_style_tag(content="#rejoinder-thread .rj-c { content-visibility: visible !important; }")
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 AA violations on ``page`` as it is now (id, help, the elements)."""
    page.add_script_tag(path=str(need_axe()))
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']})).violations"
        ".map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target)}))"
    )
    return list(result)


def need_axe() -> Path:
    if AXE.is_file():
        return AXE
    message = "widget/node_modules/axe-core is missing: run `npm ci` in widget/"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)
