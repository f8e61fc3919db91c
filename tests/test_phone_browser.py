"""The assessment on a phone (and, for comparison, a laptop) in a real browser: the agree
scale reads as one ordered scale and works from the keyboard, Next leaves the keyboard
focus at the top of the new page, and the results page shows situation labels, the
chart and the private link whole at 390 px (Debian's chromium against `streamlit run`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from questions.bank import LikertItem, load_bank
from questions.order import item_order, pages
from questions.situations import load_situations
from store import Store
from tests.browser_support import (
    AppServer,
    app_server,
    chromium,
    require_browser,
    screenshot,
    wait_until_idle,
)
from tests.conftest import CORE_BANK, SITUATIONS

pytestmark = pytest.mark.browser
CORE = load_bank(CORE_BANK)
LABELS = list(CORE.likert.labels)
VALUES = [str(v) for v in CORE.likert.values]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
LIKERT_GROUPS = '[class*="st-key-likert-"] [role="radiogroup"]'


def _scales_on_first_page(seed: int) -> int:
    first = pages(item_order(CORE, None, seed))[0]
    return sum(isinstance(CORE.item(item_id), LikertItem) for item_id in first)


SEED_WITH_SCALES = next(seed for seed in range(100) if _scales_on_first_page(seed) >= 2)
"""An item order whose first page of the full form has at least two agree scales."""


@dataclass
class App:
    server: AppServer
    browser: object
    store: Store

    def new_sheet(self, form: str | None = None) -> tuple[str, str]:
        """A fresh sheet of the core bank: (sheet id, resume token)."""
        seed = SEED_WITH_SCALES if form is None else None
        sheet, token = self.store.start_sheet(CORE.id, CORE.version, form, seed=seed)
        return sheet.id, token

    def answer_all(self, sheet_id: str, form: str | None) -> None:
        for n, item in enumerate(CORE.form_items(form)):
            values = sorted(item.contributions(CORE.likert))
            self.store.save_answer(sheet_id, item.id, values[n % len(values)])

    def page(self, context: dict, path: str):
        page = self.browser.new_context(**context).new_page()
        page.goto(f"{self.server.url}{path}")
        return page


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[App]:
    """One app server and one browser for the module; each test makes its own sheets."""
    require_browser()
    data_dir: Path = tmp_path_factory.mktemp("phone")
    with app_server(data_dir) as server, chromium() as browser:
        store = Store(f"sqlite:///{data_dir / 'app.db'}")
        try:
            yield App(server, browser, store)
        finally:
            store.close()


def open_quiz(app: App, context: dict, token: str):
    page = app.page(context, f"/?resume={token}")
    page.get_by_text(re.compile(r"answered")).first.wait_for(timeout=60_000)
    page.get_by_role("button", name="Next").wait_for(timeout=30_000)  # drawn after the questions
    wait_until_idle(page)
    return page


def boxes(locator) -> list[dict]:
    return [locator.nth(n).bounding_box() for n in range(locator.count())]


@pytest.mark.parametrize("width", [320, 390, 420, 1366])
def test_the_agree_scale_reads_as_one_ordered_scale(app, width):
    context = PHONE | {"viewport": {"width": width, "height": 844}} if width < 1000 else LAPTOP
    _, token = app.new_sheet()
    page = open_quiz(app, context, token)
    scales = page.locator(LIKERT_GROUPS)
    assert scales.count() >= 2, "the first page has agree scales"
    for n in range(scales.count()):
        options = scales.nth(n).locator('[data-testid="stRadioOption"]')
        assert options.all_inner_texts() == LABELS, "the options in scale order"
        placed = boxes(options)
        lefts = [round(b["x"]) for b in placed]
        tops = [round(b["y"]) for b in placed]
        one_row = len(set(tops)) == 1 and lefts == sorted(set(lefts))
        one_column = len(set(lefts)) == 1 and tops == sorted(set(tops))
        assert one_row or one_column, f"scale {n + 1} at {width} px: {placed}"
        if width <= 420:
            assert one_column, "on a phone the five options form one column"
        assert all(b["x"] >= 0 and b["x"] + b["width"] <= width for b in placed), (
            "every option fits the screen"
        )
        for label in LABELS:
            radio = scales.nth(n).get_by_role("radio", name=label, exact=True)
            assert radio.count() == 1, f"an option named {label!r}"
    if width in (390, 1366):
        screenshot(page, f"quiz-likert-{width}")
    page.context.close()


def test_the_agree_scale_works_from_the_keyboard(app):
    sheet_id, token = app.new_sheet()
    page = open_quiz(app, PHONE, token)
    scale = page.locator(LIKERT_GROUPS).first
    item_id = _item_of(scale)
    scale.get_by_role("radio", name=LABELS[0], exact=True).focus()
    page.keyboard.press("ArrowRight")
    expect_checked(scale, LABELS[1])
    page.get_by_text(re.compile(r"1 of 72 answered")).wait_for(timeout=30_000)
    wait_until_idle(page)
    assert app.store.answers(sheet_id) == {item_id: VALUES[1]}, "the answer is stored"

    page.reload()
    page.locator(LIKERT_GROUPS).first.wait_for(timeout=60_000)
    wait_until_idle(page)
    again = page.locator(f'[class*="{item_id}"] [role="radiogroup"]')
    assert again.get_by_role("radio", name=LABELS[1], exact=True).is_checked()
    page.context.close()


def _item_of(scale) -> str:
    """The item id of a likert scale, from its container's st-key-likert-<sheet>-<item>."""
    container = scale.locator('xpath=ancestor::*[contains(@class, "st-key-likert-")][1]')
    name = next(c for c in container.get_attribute("class").split() if "st-key-likert-" in c)
    item_id = next(i.id for i in CORE.items if name.endswith(f"-{i.id}"))
    assert isinstance(CORE.item(item_id), LikertItem)
    return item_id


def expect_checked(scale, label: str) -> None:
    radio = scale.get_by_role("radio", name=label, exact=True)
    radio.page.wait_for_function("r => r.checked", arg=radio.element_handle(), timeout=10_000)


def test_after_next_the_keyboard_focus_is_at_the_top_of_the_new_page(app):
    sheet_id, token = app.new_sheet("quick")
    app.answer_all(sheet_id, "quick")
    page = open_quiz_quick(app, token)
    page.get_by_role("button", name="Next").focus()
    page.keyboard.press("Enter")
    page.get_by_text(re.compile(r"page 2 of 4")).wait_for(timeout=30_000)
    wait_until_idle(page)
    page.wait_for_function(
        "() => document.activeElement?.dataset.testid === 'stMainBlockContainer'",
        timeout=10_000,
    )
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect();"
        " return {top: r.top, text: document.activeElement.innerText}; }"
    )
    assert 0 <= focused["top"] < 844 / 3, f"Tab goes on from the top of the page: {focused}"
    assert "private link" in focused["text"], "the first control of the page, not Back or Next"
    page.context.close()


def open_quiz_quick(app: App, token: str):
    page = app.page(PHONE, f"/?resume={token}")
    page.get_by_text(re.compile(r"24 of 24 answered · page 1 of 4")).wait_for(timeout=60_000)
    wait_until_idle(page)
    return page


@pytest.fixture(scope="module")
def results_page(app):
    """A finished quick form's results on a phone, allowed to use the clipboard."""
    sheet_id, token = app.new_sheet("quick")
    app.answer_all(sheet_id, "quick")
    app.store.finish(sheet_id)
    context = PHONE | {"permissions": ["clipboard-read", "clipboard-write"]}
    page = app.page(context, f"/results?resume={token}")
    page.get_by_role("heading", name="Your profile").wait_for(timeout=60_000)
    page.locator(".vega-embed").first.wait_for(timeout=30_000)
    wait_until_idle(page)
    yield page, token
    page.context.close()


def test_situation_labels_show_in_full_on_a_phone(results_page):
    page, _ = results_page
    labels = [s.label for s in load_situations(SITUATIONS, {CORE.id: CORE}).situations]
    pills = page.locator('[class*="st-key-situations-"] button')
    pills.first.wait_for(timeout=30_000)
    assert pills.all_inner_texts() == labels
    pills.first.scroll_into_view_if_needed()
    cut = pills.evaluate_all(
        """buttons => buttons.flatMap(b => [b, ...b.querySelectorAll('*')])
             .filter(e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
             .map(e => e.innerText)"""
    )
    assert cut == [], "no label is cut off"
    for box in boxes(pills):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    screenshot(page, "results-situations-390")


def test_the_chart_toolbar_covers_no_text_on_a_phone(results_page):
    page, _ = results_page
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    chart.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    toolbar.wait_for(state="visible", timeout=10_000)
    page.wait_for_function(  # it slides in; where it comes to rest is what counts
        """([bar, chart]) => bar.getBoundingClientRect().bottom
                             <= chart.getBoundingClientRect().top + 1""",
        arg=[toolbar.element_handle(), chart.element_handle()],
        timeout=10_000,
    )
    bar = toolbar.bounding_box()
    texts = page.locator(
        '[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,'
        '[data-testid="stMain"] [data-testid="stCaptionContainer"] p'
    )
    for n in range(texts.count()):
        box = texts.nth(n).bounding_box()
        assert not overlap(bar, box), f"the toolbar covers {texts.nth(n).inner_text()!r}"
    screenshot(page, "results-chart-390")


def overlap(a: dict, b: dict | None) -> bool:
    """Whether two bounding boxes share any area (None: not drawn)."""
    if b is None:
        return False
    across = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    down = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return across > 0 and down > 0


def test_the_private_link_shows_whole_and_copies_on_a_phone(results_page):
    page, token = results_page
    block = page.locator('[class*="st-key-link-"] [data-testid="stCode"]').filter(
        has_text="resume="
    )
    block.scroll_into_view_if_needed()
    code = block.locator("code")
    link = code.inner_text().replace("\n", "")
    assert link.endswith(f"/?resume={token}")
    assert code.evaluate("c => c.closest('pre').scrollWidth <= c.closest('pre').clientWidth"), (
        "the link wraps instead of scrolling sideways"
    )
    block.tap()  # a phone shows the copy button on a tap, as a laptop does on hover
    button = block.get_by_role("button", name="Copy to clipboard")
    text = code.bounding_box()
    assert text["x"] + text["width"] <= button.bounding_box()["x"], "the button covers no text"
    button.click()
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    screenshot(page, "results-link-390")
