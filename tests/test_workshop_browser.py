"""A workshop in a real browser: the facilitator's projector page and two participants'
phones in one chromium, against `streamlit run app.py`."""

from __future__ import annotations

import re

import pytest

from tests.browser_support import (
    answer_every_question,
    chromium,
    require_browser,
    running_app,
    screenshot,
)

pytestmark = pytest.mark.browser
PAGES = 4  # the quick form: 24 questions, 6 a page
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def finished_count(page):
    """The projector's live Finished figure (ui.presenter.counts_html)."""
    return page.locator('.count[data-label="Finished"] .count-value')


def take_part(browser, join_link: str, name: str, choice: int):
    """A participant on a phone: open the join link, give a name, answer, finish."""
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    phone.goto(join_link)
    phone.get_by_role("textbox", name="Your name (optional)").fill(name)
    phone.get_by_role("button", name="Start the assessment").click()
    for number in range(1, PAGES + 1):
        phone.get_by_text(re.compile(rf"page {number} of {PAGES}")).wait_for(timeout=30_000)
        answer_every_question(phone, choice, f"{number * 6} of 24 answered")
        label = "See my results" if number == PAGES else "Next"
        phone.get_by_role("button", name=label).click()
    phone.get_by_role("heading", name="Your profile").wait_for(timeout=60_000)
    phone.get_by_role("heading", name="You and the group").wait_for(timeout=30_000)
    return phone


def test_a_facilitator_watches_two_participants_finish(tmp_path):
    require_browser()
    with running_app(tmp_path) as url, chromium() as browser:
        room = browser.new_page(viewport={"width": 1280, "height": 800})
        room.goto(f"{url}/workshop")
        room.get_by_role("textbox", name="Workshop title").fill("Browser room")
        room.get_by_role("button", name="Create the workshop").click()
        room.get_by_text("Your facilitator key").wait_for(timeout=30_000)
        join_code_block = room.locator('[data-testid="stCode"] code').filter(has_text="?join=")
        join_code_block.wait_for(timeout=30_000)
        join_link = join_code_block.inner_text().strip()
        code = join_link.rsplit("=", 1)[1]

        room.get_by_role("button", name="Open the facilitator view").click()
        finished = finished_count(room)
        finished.wait_for(timeout=30_000)
        room.wait_for_url(re.compile(rf"/facilitate\?workshop={code}$"), timeout=30_000)
        assert room.locator(".join-code").inner_text() == code
        qr_code = room.locator('[data-testid="stImage"] img')
        qr_code.wait_for(timeout=30_000)  # drawn with the rest of the live header
        assert qr_code.count() == 1, "the QR code"
        assert finished.inner_text() == "0"

        phones = [
            take_part(browser, join_link, "Ann Lee", choice=0),
            take_part(browser, join_link, "Bob Tanaka", choice=4),
        ]
        # The live fragment refreshes by itself: no reload of the facilitator's page.
        room.wait_for_function(
            """() => document.querySelector('.count[data-label="Finished"] .count-value')
                 ?.innerText === '2'""",
            timeout=30_000,
        )
        room.get_by_text("at least 3 participants have finished (2 so far)").wait_for(
            timeout=30_000
        )
        ann = phones[0]
        assert "has not shown the group's results yet" in ann.inner_text("body")

        # The reveal reaches Ann's open page by itself (no reload): with two finished,
        # the rule of 3 still holds the group back, and her page says so.
        room.locator('[data-testid="stExpandSidebarButton"]').click()  # the controls
        room.get_by_text("Show participants the group comparison").click()
        ann.get_by_text("at least 3 participants have finished (2 so far)").wait_for(timeout=45_000)
        assert "Bob Tanaka" not in ann.inner_text("body"), "no one sees another's name"
        screenshot(room, "workshop-facilitator")
        screenshot(phones[0], "workshop-participant-phone")
