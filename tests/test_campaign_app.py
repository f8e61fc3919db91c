"""HR campaigns through the app: HR, candidates and observers, each an AppTest session
on one shared database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).

What every kind of link opens is tried against every view: an observer's browser gets the
questions and a thank-you; a candidate's only their own results and pooled aggregates;
the HR view needs the owner's sign-in.
"""

from __future__ import annotations

from reports.candidate_list import parse_candidates_csv
from store import tokens
from tests import test_app, test_workshop
from tests.test_workshop import answer_all, chart_rows, charts, leaning, open_app, page_text

db = test_workshop.db  # a fresh database per test, SQLite and PostgreSQL
browser = test_workshop.browser  # one browser's cookie jar
downloads = test_app.downloads  # every file offered for download
CONSENT = "We keep your answers for a year; HR sees averages of groups of 3 or more."


def create_campaign(**changes):
    """HR creates a campaign through /hr; returns (the page, campaign id, owner key)."""
    at = open_app("app_pages/hr.py")
    at.text_input(key="cp_title").input(changes.get("title", "Promotions 2027"))
    at.multiselect(key="cp_banks").set_value(["core"])
    at.radio(key="cp_form").set_value("quick")
    at.text_area(key="cp_consent").input(CONSENT)
    if changes.get("candidates_see"):
        at.checkbox(key="cp_see").check()
    at.button(key="cp_create").click().run()
    assert not at.exception, at.exception
    campaign_id, key = at.session_state["campaign_created"]
    return at, campaign_id, key


def hr_view(campaign_id: str, key: str | None = None):
    query = {"campaign": campaign_id} | ({"key": key} if key else {})
    return open_app("app_pages/hr_campaign.py", **query)


def respond(token: str, pick, consent: bool = True):
    """A respondent opens their link, agrees, answers everything; returns the last page."""
    at = open_app(invite=token)  # the link at the root, so the quiz pages follow
    assert not at.exception, at.exception
    if not consent:
        return at
    at.button(key="consent").click().run()
    at.button(key="go").click().run()
    assert not at.exception, at.exception
    answer_all(at, pick)
    return at


def test_hr_creates_a_campaign_and_stays_signed_in_without_the_key_on_screen(db, browser):
    page, campaign_id, key = create_campaign()
    assert f"campaign_{campaign_id}" in browser and key not in browser.values()
    page.button(key="cp_open").click().run()
    assert "key" not in page.query_params
    again = hr_view(campaign_id)  # a refresh: a new session, the same browser
    assert again.title[0].value == "Promotions 2027"
    assert key not in page_text(again)
    again.button(key="sign_out").click().run()
    assert f"campaign_{campaign_id}" not in browser
    signed_out = hr_view(campaign_id)
    assert signed_out.title[0].value == "HR campaign", "the sign-in form, no campaign"
    assert "Promotions" not in page_text(signed_out)


def test_a_candidate_and_observers_answer_and_hr_sees_self_against_pooled_observers(db, browser):
    _, campaign_id, _ = create_campaign(candidates_see=True)
    ann, own = db.add_candidate(campaign_id, "Ann Lee", "ann@example.org", "Senior rep")
    peers = db.invite_observers(campaign_id, ann.person_id, "peer", 3)
    [manager] = db.invite_observers(campaign_id, ann.person_id, "manager")

    mine = respond(own.token, leaning(1))  # Ann sees herself at the leadership pole
    assert "Your profile" in page_text(mine)
    for link in [*peers, manager]:
        done = respond(link.token, leaning(0))  # everyone else sees the management pole
        assert done.title[0].value == "Thank you"
        assert not charts(done), "an observer's browser receives no scores"

    hr = hr_view(campaign_id)
    assert not hr.exception, hr.exception
    frames = [frame.value for frame in hr.dataframe]
    comparison = next(f for f in frames if "Overall gap" in f.columns)
    row = comparison.iloc[0]
    assert row["Candidate"] == "Ann Lee" and row["Completion"] == "Self finished · 4/4 observers"
    assert row["Overall self"] == 100.0
    assert row["Overall observers"] == -100.0
    assert row["Overall gap"] == 200.0

    # Ann's results page now carries the pooled observers, never one of them alone.
    results = open_app(
        "app_pages/results.py", resume=tokens.sheet_token(own.token, "core"), invite=own.token
    )
    assert "How others see you" in page_text(results)
    rows = [r for chart in charts(results) for r in chart_rows(chart)]
    groups = {r.get("group") or r.get("who") or r.get("view") for r in rows} - {None}
    assert groups, "the gap chart is drawn"
    assert not any(str(g).lower() == "peer" for g in groups), "peers are 3: shown pooled"


def test_an_observer_link_opens_the_questions_and_a_thank_you_only(db, browser):
    _, campaign_id, _ = create_campaign()
    ann, _ = db.add_candidate(campaign_id, "Ann Lee")
    [peer] = db.invite_observers(campaign_id, ann.person_id, "peer")
    page = open_app("app_pages/campaign.py", invite=peer.token)
    assert "Ann Lee" in page_text(page), "the observer knows whom they describe"
    assert CONSENT[:30] in page_text(page), "consent comes before any question"
    assert db.invitation_sheets(db.invitation_by_token(peer.token).id) == []

    respond(peer.token, leaning(0))
    observer_sheet = tokens.sheet_token(peer.token, "core")
    results = open_app("app_pages/results.py", resume=observer_sheet)
    assert results.title[0].value == "Thank you" and not charts(results)
    assert not results.get("download_button"), "no export of anyone's answers"
    browser.clear()  # the observer's browser is not HR's
    opened = open_app("app_pages/hr_campaign.py", campaign=campaign_id, key=peer.token)
    assert "Ann Lee" not in page_text(opened), "an observer's link is not an owner key"
    assert open_app(resume=peer.token).warning, "a link's own token opens no sheet"


def test_no_link_but_the_owners_sign_in_opens_the_hr_view(db, browser):
    _, campaign_id, key = create_campaign()
    browser.clear()
    ann, own = db.add_candidate(campaign_id, "Ann Lee")
    [peer] = db.invite_observers(campaign_id, ann.person_id, "peer")
    for wrong in (own.token, peer.token, tokens.new_secret(), "x"):
        page = hr_view(campaign_id, wrong)
        assert page.title[0].value == "HR campaign"
        assert "Ann Lee" not in page_text(page)
        assert page.error, "a wrong key is refused in words"
    assert open_app("app_pages/campaign.py", invite=key).warning, "the owner key is no invite"
    assert hr_view(campaign_id, key).title[0].value == "Promotions 2027"


def test_a_closed_campaign_takes_no_more_answers_and_says_so(db, browser):
    _, campaign_id, _ = create_campaign()
    _, own = db.add_candidate(campaign_id, "Ann Lee")
    db.close_campaign(campaign_id)
    page = open_app("app_pages/campaign.py", invite=own.token)
    assert not page.exception
    assert "closed" in page.warning[0].value
    assert not page.get("button") or all(b.key != "consent" for b in page.button)


def test_hr_deletes_a_candidate_and_everything_about_them(db, browser):
    _, campaign_id, _ = create_campaign()
    ann, own = db.add_candidate(campaign_id, "Ann Lee")
    [peer] = db.invite_observers(campaign_id, ann.person_id, "peer")
    respond(own.token, leaning(1))
    respond(peer.token, leaning(0))
    hr = hr_view(campaign_id)
    hr.selectbox(key="delete_who").set_value(db.candidates(campaign_id)[0])
    hr.text_input(key="delete_confirm").input("Ann Lee")
    hr.button(key="delete_candidate_submit").click().run()
    assert not hr.exception, hr.exception
    assert db.candidates(campaign_id) == [] and db.campaign_sheets(campaign_id) == []


def test_hr_adds_candidates_from_a_list_and_downloads_every_link_once(db, browser, downloads):
    _, campaign_id, _ = create_campaign()
    listing = "name,email,role\nAnn Lee,ann@example.org,Senior rep\n=cmd(),not-an-email,\n"
    # AppTest cannot upload a file: the list takes the two calls the page makes with it.
    rows, problems = parse_candidates_csv(listing.encode())
    links, refused = db.add_candidates(campaign_id, rows)
    assert [link.candidate_name for link in links] == ["Ann Lee"]
    assert [p.line for p in [*problems, *refused]] == [3], "the bad row is named by its line"

    hr = hr_view(campaign_id)
    hr.number_input(key="n_peer").set_value(3)
    hr.button(key="invite_submit").click().run()
    assert not hr.exception, hr.exception
    table = next(f.value for f in hr.dataframe if "link" in f.value.columns)
    assert list(table["observer_group"]) == ["peer"] * 3
    assert all("/campaign?invite=" in link for link in table["link"])
    assert downloads["campaign-links.csv"].count(b"/campaign?invite=") == 3

    progress = next(f.value for f in hr.dataframe if "Self" in f.value.columns)
    assert progress.iloc[0]["Self"] == "Invited"
    assert progress.iloc[0]["Peers"] == "0 finished, 0 answering, 3 not started"


def test_the_first_candidate_added_can_be_given_observers_at_once(db, browser):
    _, campaign_id, _ = create_campaign()
    hr = hr_view(campaign_id)
    assert not [n for n in hr.number_input if n.key == "n_peer"], "no candidate, no invites"
    next(t for t in hr.text_input if t.label == "Name").input("Ann Lee")
    hr.button(key="add_candidate_submit").click().run()
    assert not hr.exception, hr.exception
    assert hr.number_input(key="n_peer"), "the invite form offers Ann in the same run"
