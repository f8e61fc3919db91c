"""Running the real app for browser tests: `streamlit run app.py` on a free port, driven
by Debian's chromium through the playwright package (never a downloaded browser)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_browser() -> None:
    """Skip, saying why, where chromium or playwright is not installed."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install playwright)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """`streamlit run app.py` on a fixed port, which a test may stop and start again (a
    server restart: the browser's open pages reconnect to the new process)."""

    def __init__(self, data_dir: Path, environ: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env.update({"DATA_DIR": str(data_dir), **(environ or {})})
        self.process: subprocess.Popen | None = None
        self.log_path = data_dir / "streamlit.log"

    def start(self) -> None:
        command = [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.headless", "true",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
        ]  # fmt: skip
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("streamlit did not start:\n" + self.log_path.read_text())
            time.sleep(0.3)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@contextmanager
def running_app(data_dir: Path, environ: dict[str, str] | None = None) -> Iterator[str]:
    """Start the app with its SQLite file in data_dir; yield its base URL; stop it."""
    with app_server(data_dir, environ) as server:
        yield server.url


@contextmanager
def app_server(data_dir: Path, environ: dict[str, str] | None = None) -> Iterator[AppServer]:
    """A started AppServer, stopped afterwards."""
    server = AppServer(data_dir, environ)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def chromium() -> Iterator[object]:
    """A headless chromium browser (playwright Browser)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under artifacts/screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_until_idle(page, timeout_ms: int = 30_000) -> None:
    """Wait for the app to finish its rerun: no running indicator, no stale elements."""
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
              && !document.querySelector('[data-stale="true"]')""",
        timeout=timeout_ms,
    )


PASSES = 2


def answer_every_question(page, choice: int, answered: str) -> None:
    """Tap option `choice` (or the last) of every question on the screen that shows no
    answer, until the page reports `answered` (its own "n of N answered", read from the
    store).

    In the workshop flow, chromium on a phone sometimes shows the first page of
    questions and then draws it once more a moment later, unanswered, dropping the taps
    made in between (about one run in three; the store never received them). A person
    sees the questions unanswered again and answers them, and so does this, once.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(PASSES):
        wait_until_idle(page)
        groups = page.locator('[data-testid="stMain"] [role="radiogroup"]')
        for n in range(groups.count()):
            if groups.nth(n).locator("input:checked").count():
                continue
            options = groups.nth(n).locator("label")
            options.nth(min(choice, options.count() - 1)).click()
            wait_until_idle(page)
        try:
            page.get_by_text(answered).wait_for(timeout=15_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"the page never reported {answered!r}")
