"""A server restart in a real browser: the page reconnects by itself, and neither a
participant's next answer nor a facilitator's sign-in is lost (`streamlit run app.py`
stopped and started again on the same port, driven by Debian's chromium)."""

from __future__ import annotations

import re

import pytest

from store import Store
from tests.browser_support import app_server, chromium, require_browser, wait_until_idle

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def stored_answers(data_dir) -> dict[str, str | None]:
    store = Store(f"sqlite:///{data_dir / 'app.db'}")
    try:
        (sheet_id,) = [
            row[0] for row in store.engine.connect().exec_driver_sql("SELECT id FROM sheet")
        ]
        return store.answers(sheet_id)
    finally:
        store.close()


def tap(page, question: int, option: int) -> None:
    group = page.locator('[data-testid="stMain"] [role="radiogroup"]').nth(question)
    group.locator("label").nth(option).click()


def test_an_answer_tapped_after_a_restart_is_stored_and_shown(tmp_path):
    require_browser()
    with app_server(tmp_path) as server, chromium() as browser:
        phone = browser.new_context(**PHONE).new_page()
        phone.goto(server.url)
        phone.get_by_text("Quick").first.click()
        phone.get_by_role("button", name="Start the assessment").click()
        phone.get_by_text(re.compile("0 of 24 answered")).wait_for(timeout=30_000)
        tap(phone, 0, 0)
        phone.get_by_text(re.compile("1 of 24 answered")).wait_for(timeout=30_000)

        server.restart()  # the phone's page stays open and reconnects by itself
        phone.wait_for_timeout(1500)
        tap(phone, 1, 1)
        phone.get_by_text(re.compile("2 of 24 answered")).wait_for(timeout=45_000)
        wait_until_idle(phone)
        assert len([v for v in stored_answers(tmp_path).values() if v is not None]) == 2

        phone.reload()  # what the page shows is what is stored
        phone.get_by_text(re.compile("2 of 24 answered")).wait_for(timeout=30_000)
        checked = phone.locator('[data-testid="stMain"] [role="radiogroup"] input:checked')
        assert checked.count() == 2


def test_a_facilitator_stays_signed_in_across_a_refresh_and_a_restart(tmp_path):
    require_browser()
    with app_server(tmp_path) as server, chromium() as browser:
        laptop = browser.new_page(viewport={"width": 1366, "height": 768})
        laptop.goto(f"{server.url}/workshop")
        laptop.get_by_role("textbox", name="Workshop title").fill("Kept room")
        laptop.get_by_role("button", name="Create the workshop").click()
        key = laptop.locator('[data-testid="stCode"] code').first
        key.wait_for(timeout=30_000)
        secret = key.inner_text().strip()
        laptop.get_by_role("button", name="Open the facilitator view").click()
        title = laptop.get_by_role("heading", name="Kept room")
        title.wait_for(timeout=30_000)
        assert "key=" not in laptop.url

        laptop.reload()
        title.wait_for(timeout=30_000)
        server.restart()
        laptop.reload()
        title.wait_for(timeout=45_000)
        assert laptop.get_by_label("Facilitator key").count() == 0, "no key asked for"
        assert secret not in laptop.content(), "the key is nowhere in the page"

        laptop.locator('[data-testid="stExpandSidebarButton"]').click()
        laptop.get_by_role("button", name="Sign out of this workshop").click()
        laptop.get_by_label("Facilitator key").wait_for(timeout=30_000)
        laptop.reload()
        laptop.get_by_label("Facilitator key").wait_for(timeout=30_000)
        assert laptop.get_by_role("heading", name="Kept room").count() == 0
