"""An HR campaign in a real browser: HR on a desktop creates it, adds two candidates and
their observers, downloads the links; every candidate and observer answers on a phone;
HR compares them. Against `streamlit run app.py`, in Debian's chromium."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.browser_support import (
    answer_every_question,
    chromium,
    require_browser,
    running_app,
    screenshot,
    wait_until_idle,
)

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
QUESTIONS = 12  # the readiness bank's quick form: 12 choices, 6 a page
PEERS = 3


def respond(browser, link: str, choice: int) -> str:
    """One person on a phone: open the link, agree, answer everything; returns what the
    last page says."""
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    phone.goto(link)
    phone.get_by_role("button", name="I agree: start").click()
    phone.get_by_role("button", name="Start", exact=True).click()
    for page in range(1, QUESTIONS // 6 + 1):
        phone.get_by_text(re.compile(rf"page {page} of {QUESTIONS // 6}")).wait_for(timeout=30_000)
        answer_every_question(phone, choice, f"{page * 6} of {QUESTIONS} answered")
        phone.get_by_role("button", name=re.compile(r"^(Finish|See my results|Next)$")).click()
    phone.get_by_role("heading", name=re.compile("Thank you|Your profile")).wait_for(timeout=60_000)
    wait_until_idle(phone)
    text = phone.locator('[data-testid="stMain"]').inner_text()
    context.close()
    return text


def test_hr_runs_a_campaign_of_two_candidates_with_their_observers(tmp_path):
    require_browser()
    with running_app(tmp_path) as url, chromium() as browser:
        hr = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        hr.goto(f"{url}/hr")
        hr.get_by_role("textbox", name="Campaign title").fill("Promotions 2027")
        hr.get_by_role("button", name="Create the campaign").click()
        hr.get_by_text("Your owner key").wait_for(timeout=30_000)
        hr.get_by_role("button", name="Open the campaign").click()
        hr.get_by_role("tab", name="Candidates and links").wait_for(timeout=30_000)

        for name, email in (("Ann Lee", "ann@example.org"), ("Bob Tanaka", "bob@example.org")):
            hr.get_by_role("textbox", name="Name").fill(name)
            hr.get_by_role("textbox", name="E-mail (optional)").fill(email)
            hr.get_by_role("button", name="Add", exact=True).click()
            wait_until_idle(hr)
        hr.get_by_label("Peers").fill(str(PEERS))
        hr.get_by_role("button", name="Make the links").click()
        wait_until_idle(hr)
        with hr.expect_download() as download:
            hr.get_by_role("button", name="Download the links (CSV)").click()
        links = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
        assert len(links) == 2 * (1 + PEERS), "a self link and 3 observer links each"
        assert {row["candidate"] for row in links} == {"Ann Lee", "Bob Tanaka"}

        said = {}
        for row in links:
            choice = 0 if row["role"] == "self" else 1
            said[(row["candidate"], row["role"], row["observer_group"])] = respond(
                browser, row["link"], choice
            )
        observer_pages = [text for (_, role, _), text in said.items() if role == "observer"]
        assert all("Thank you" in text for text in observer_pages)
        assert not any(re.search(r"[+\u2212-]\d+\.\d", text) for text in observer_pages), (
            "an observer's page shows no score"
        )

        hr.reload()
        hr.get_by_role("tab", name="Progress").click()
        hr.get_by_role("tab", name="Compare").click()
        wait_until_idle(hr)
        hr.get_by_text("Click a column title to sort").wait_for(timeout=30_000)
        with hr.expect_download() as download:
            hr.get_by_role("button", name=re.compile(r"^Raw answers")).click()
        raw = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
        assert sorted(row["Answered by"] for row in raw) == sorted(
            ["self"] * 2 + ["peer"] * 2 * PEERS
        ), "every finished sheet, observers named only by a group that may be shown"
        hr.get_by_role("tab", name="One candidate").click()
        wait_until_idle(hr)
        with hr.expect_download() as download:
            hr.get_by_role("button", name="Report for Ann Lee (PDF)").click()
        assert download.value.path().read_bytes().startswith(b"%PDF")
        assert download.value.suggested_filename.startswith("ann-lee-")
        screenshot(hr, "campaign-candidate")
        hr.get_by_role("tab", name="Compare").click()
        wait_until_idle(hr)
        screenshot(hr, "campaign-compare")
