"""The quick form in a real browser: Debian's chromium against `streamlit run app.py`."""

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


def test_quick_form_in_chromium_reaches_the_results(tmp_path):
    require_browser()
    with running_app(tmp_path) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.get_by_role("button", name="Start the assessment").click()
        for number in range(1, PAGES + 1):
            page.get_by_text(re.compile(rf"page {number} of {PAGES}")).wait_for(timeout=30_000)
            answer_every_question(page, number % 2, f"{number * 6} of 24 answered")
            if number == 1:
                screenshot(page, "quiz-desktop")
            label = "See my results" if number == PAGES else "Next"
            page.get_by_role("button", name=label).click()

        page.get_by_role("heading", name="Your profile").wait_for(timeout=60_000)
        assert "/results?resume=" in page.url
        page.locator('[data-testid="stVegaLiteChart"] canvas, .vega-embed').first.wait_for(
            timeout=30_000
        )
        page.get_by_role("heading", name="Axis by axis").wait_for()
        shot = screenshot(page, "results-desktop")
        assert shot.stat().st_size > 10_000

        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(page.url)  # the resume link, in another tab, opens the same results
        phone.get_by_role("heading", name="Your profile").wait_for(timeout=60_000)
        phone.locator(".vega-embed").first.wait_for(timeout=30_000)
        screenshot(phone, "results-phone")
