"""store/campaigns.py: HR campaigns, their candidates, links, sheets, progress, deletion
and retention, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, or_, select

from store import (
    CampaignClosed,
    InvalidText,
    InvalidValue,
    NewCandidate,
    NoConsent,
    NotFound,
    RowProblem,
    Store,
    tokens,
)
from store.schema import AnswerRow, Base, CampaignRow, InvitationRow, PersonRow, SheetRow
from tests.closing_support import close_while_answering

CONSENT = "Your answers are used to compare candidates for promotion, then deleted."


def new_campaign(
    store: Store, title: str = "Promotions 2026", banks=("core", "readiness"), **settings
):
    campaign, _ = store.create_campaign(
        title, list(banks), "quick", consent_text=CONSENT, **settings
    )
    return campaign


def respondent_sheets(store: Store, token: str, banks=(("core", 1), ("readiness", 1))):
    """What the campaign page does with a link: open it, consent, start the sheets."""
    invitation = store.invitation_by_token(token)
    store.record_consent(invitation.id)
    return store.start_invitation_sheets(invitation.id, list(banks), token)


def count(store: Store, table, *where) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(table).where(*where))


# Creating and configuring.


def test_a_campaign_keeps_its_banks_and_settings_and_only_the_hash_of_its_owner_key(store):
    campaign, key = store.create_campaign(
        " Promotions 2026 ", ["readiness", "core"], "quick", consent_text=CONSENT, retention_days=90
    )
    assert store.campaign(campaign.id) == campaign
    assert (campaign.title, campaign.bank_ids, campaign.form) == (
        "Promotions 2026",
        ("readiness", "core"),
        "quick",
    )
    settings = campaign.settings
    assert (settings.minimum_observers, settings.retention_days, settings.consent_text) == (
        3,
        90,
        CONSENT,
    )
    assert not settings.candidates_see_observers and settings.fast_seconds_per_item == 2.0
    assert not campaign.closed and store.campaign("nowhere") is None

    other, other_key = store.create_campaign("Other", ["core"], None, consent_text=CONSENT)
    assert tokens.looks_like_token(key)
    assert store.campaign_owner_key_matches(campaign.id, key)
    assert not store.campaign_owner_key_matches(campaign.id, other_key)
    assert not store.campaign_owner_key_matches(other.id, key)
    assert not store.campaign_owner_key_matches(campaign.id, "not a key")
    assert not store.campaign_owner_key_matches("nowhere", key)
    with store.engine.connect() as connection:
        stored = connection.execute(select(CampaignRow.owner_key_hash)).scalars().all()
    assert tokens.hash_secret(key) in stored and key not in stored


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "The campaign title is empty"),
        ({"title": "x" * 81}, "at most 80 fit"),
        ({"title": "Spring\x00"}, "NUL character"),
        ({"bank_ids": []}, "at least one question bank"),
        ({"bank_ids": ["core", "core"]}, "named twice"),
        ({"consent_text": "  "}, "The consent text is empty"),
        ({"minimum_observers": 1}, "minimum_observers must be a whole number from 2 to 10"),
        ({"minimum_observers": 11}, "minimum_observers must be a whole number from 2 to 10"),
        ({"minimum_observers": "3"}, "minimum_observers must be a whole number"),
        ({"retention_days": 29}, "retention_days must be a whole number from 30 to 3650"),
        ({"retention_days": 3651}, "retention_days must be a whole number from 30 to 3650"),
        ({"fast_seconds_per_item": 0}, "fast_seconds_per_item must be a number of seconds"),
        ({"candidates_see_observers": "yes"}, "must be True or False"),
    ],
)
def test_a_campaign_with_a_wrong_value_is_refused_naming_it_and_nothing_is_stored(
    store, change, message
):
    arguments = {"title": "Promotions", "bank_ids": ["core"], "consent_text": CONSENT, **change}
    title, banks = arguments.pop("title"), arguments.pop("bank_ids")
    with pytest.raises(InvalidValue, match=message):
        store.create_campaign(title, banks, None, **arguments)
    assert count(store, CampaignRow) == 0


def test_settings_change_as_named_and_a_wrong_change_changes_nothing(store):
    campaign = new_campaign(store)
    changed = store.update_campaign_settings(campaign.id, retention_days=60, minimum_observers=2)
    assert (changed.settings.retention_days, changed.settings.minimum_observers) == (60, 2)
    assert changed.settings.consent_text == CONSENT
    for wrong in ({"retention_days": 10}, {"colour": "red"}, {"consent_text": ""}):
        with pytest.raises(InvalidValue):
            store.update_campaign_settings(campaign.id, **wrong)
    assert store.campaign(campaign.id) == changed
    with pytest.raises(NotFound):
        store.update_campaign_settings("nowhere", retention_days=60)


# Candidates and links.


def test_each_candidate_gets_one_self_link_kept_only_as_a_hash(store):
    campaign = new_campaign(store)
    ann, link = store.add_candidate(campaign.id, " Ann Lee ", " ann@example.com ", "Senior rep")
    assert (ann.name, ann.email, ann.current_role) == ("Ann Lee", "ann@example.com", "Senior rep")
    assert (link.role, link.candidate_name, link.email) == ("self", "Ann Lee", "ann@example.com")
    assert ann.self_invitation_id == link.invitation_id
    bob, _ = store.add_candidate(campaign.id, "Bob", email="", current_role=" ")
    assert (bob.email, bob.current_role) == (None, None)
    assert store.candidates(campaign.id) == [ann, bob]

    invitation = store.invitation_by_token(link.token)
    assert (invitation.role, invitation.person_id, invitation.campaign_id) == (
        "self",
        ann.person_id,
        campaign.id,
    )
    assert invitation.rates_person_id is None and not invitation.consented
    assert count(store, InvitationRow, InvitationRow.person_id == ann.person_id) == 1
    with store.engine.connect() as connection:
        kept = connection.execute(select(InvitationRow.token_hash)).scalars().all()
    assert tokens.hash_secret(link.token) in kept and link.token not in kept


@pytest.mark.parametrize(
    ("name", "email", "message"),
    [
        ("", None, "The name is empty"),
        ("x" * 101, None, "at most 100 fit"),
        ("Ann\x00", None, "NUL character"),
        ("Ann", "ann.example.com", 'The e-mail "ann.example.com" does not look like an e-mail'),
        ("Ann", "ann@example", "does not look like an e-mail"),
        ("Ann", "ann lee@example.com", "does not look like an e-mail"),
        ("Ann", "ANN@Example.com", "already another candidate's in this campaign"),
    ],
)
def test_a_wrong_candidate_is_refused_with_a_clear_message(store, name, email, message):
    campaign = new_campaign(store)
    store.add_candidate(campaign.id, "Ann Lee", "ann@example.com")
    with pytest.raises(InvalidText, match=message):
        store.add_candidate(campaign.id, name, email)
    assert len(store.candidates(campaign.id)) == 1


def test_the_same_email_may_be_a_candidate_in_another_campaign(store):
    first, second = new_campaign(store, "First"), new_campaign(store, "Second")
    store.add_candidate(first.id, "Ann", "ann@example.com")
    ann, _ = store.add_candidate(second.id, "Ann", "ann@example.com")
    assert store.candidates(second.id) == [ann]


def test_a_list_of_candidates_adds_every_good_row_and_names_each_bad_one(store):
    campaign = new_campaign(store)
    store.add_candidate(campaign.id, "Ann Lee", "ann@example.com")
    links, problems = store.add_candidates(
        campaign.id,
        [
            NewCandidate("Bob", "bob@example.com", line=2),
            NewCandidate("", "nobody@example.com", line=3),
            NewCandidate("Ann again", "ANN@example.com", line=4),
            NewCandidate("Cleo", "cleo@", line=5),
            NewCandidate("Dan", "BOB@example.com", line=6),  # Bob's, two lines up
            NewCandidate("Eve", line=7),
        ],
    )
    assert [(link.candidate_name, link.role) for link in links] == [
        ("Bob", "self"),
        ("Eve", "self"),
    ]
    assert [problem.line for problem in problems] == [3, 4, 5, 6]
    assert "name is empty" in problems[0].message
    assert "already another candidate's" in problems[1].message
    assert "does not look like an e-mail" in problems[2].message
    assert "already another candidate's" in problems[3].message
    assert str(problems[0]).startswith("line 3: ")
    assert [c.name for c in store.candidates(campaign.id)] == ["Ann Lee", "Bob", "Eve"]

    _, unnumbered = store.add_candidates(campaign.id, [NewCandidate("Fay"), NewCandidate(" ")])
    assert unnumbered == [RowProblem(2, "The name is empty: give one.")], "position from 1"


def test_observer_links_are_for_new_anonymous_people_who_rate_the_candidate(store):
    campaign = new_campaign(store)
    ann, _ = store.add_candidate(campaign.id, "Ann Lee", "ann@example.com")
    links = store.invite_observers(campaign.id, ann.person_id, "peer", 3)
    [manager] = store.invite_observers(campaign.id, ann.person_id, "manager")
    assert len({link.token for link in [*links, manager]}) == 4
    invitations = [store.invitation_by_token(link.token) for link in [*links, manager]]
    assert [(i.role, i.rates_person_id, i.observer_group) for i in invitations] == [
        ("observer", ann.person_id, "peer")
    ] * 3 + [("observer", ann.person_id, "manager")]
    observers = {invitation.person_id for invitation in invitations}
    assert len(observers) == 4 and ann.person_id not in observers
    assert all(store.person(person).display_name is None for person in observers)
    assert {(link.candidate_name, link.email, link.role) for link in links} == {
        ("Ann Lee", "ann@example.com", "observer")
    }

    with pytest.raises(InvalidValue, match="Unknown observer group 'boss'"):
        store.invite_observers(campaign.id, ann.person_id, "boss")
    for wrong in (0, 51, "2"):
        with pytest.raises(InvalidValue, match="count must be a whole number from 1 to 50"):
            store.invite_observers(campaign.id, ann.person_id, "peer", wrong)
    with pytest.raises(NotFound):
        store.invite_observers(campaign.id, "nobody", "peer")


@pytest.mark.parametrize("token", [None, "", "short", "x" * 500, "../../etc/passwd" * 2, 42])
def test_a_malformed_link_opens_nothing(store, token):
    campaign = new_campaign(store)
    store.add_candidate(campaign.id, "Ann")
    assert store.invitation_by_token(token) is None


def test_an_unknown_link_opens_nothing(store):
    campaign = new_campaign(store)
    store.add_candidate(campaign.id, "Ann")
    assert store.invitation_by_token(tokens.new_secret()) is None


def test_a_reissued_link_replaces_the_lost_one_and_keeps_what_was_done(store):
    campaign = new_campaign(store)
    ann, lost = store.add_candidate(campaign.id, "Ann", "ann@example.com")
    sheets = respondent_sheets(store, lost.token)
    again = store.reissue_link(ann.self_invitation_id)
    assert again.token != lost.token
    assert store.invitation_by_token(lost.token) is None, "the old link stops working"
    reopened = store.invitation_by_token(again.token)
    assert reopened.id == ann.self_invitation_id and reopened.consented
    assert store.invitation_sheets(reopened.id) == sheets
    assert (again.candidate_name, again.email, again.role) == ("Ann", "ann@example.com", "self")

    [observer] = store.invite_observers(campaign.id, ann.person_id, "direct_report")
    renewed = store.reissue_link(observer.invitation_id)
    assert (renewed.role, renewed.observer_group, renewed.candidate_name) == (
        "observer",
        "direct_report",
        "Ann",
    )
    with pytest.raises(NotFound):
        store.reissue_link("nowhere")


def test_a_link_opens_each_of_its_sheets_and_a_reissued_link_takes_them_over(store):
    campaign = new_campaign(store)
    ann, own = store.add_candidate(campaign.id, "Ann")
    [peer] = store.invite_observers(campaign.id, ann.person_id, "peer")
    invitation = store.invitation_by_token(own.token)
    store.record_consent(invitation.id)
    with pytest.raises(InvalidValue, match="does not open this invitation"):
        store.start_invitation_sheets(invitation.id, [("core", 1), ("readiness", 1)], peer.token)
    sheets = respondent_sheets(store, own.token)
    for sheet in sheets:
        assert store.sheet_by_token(tokens.sheet_token(own.token, sheet.bank_id)) == sheet
        assert store.sheet_by_token(tokens.sheet_token(peer.token, sheet.bank_id)) is None

    again = store.reissue_link(ann.self_invitation_id)
    for sheet in sheets:
        assert store.sheet_by_token(tokens.sheet_token(own.token, sheet.bank_id)) is None
        assert store.sheet_by_token(tokens.sheet_token(again.token, sheet.bank_id)) == sheet


# What a link opens.


def test_sheets_start_only_after_consent_once_per_bank_in_the_campaigns_order(store):
    campaign = new_campaign(store, banks=("readiness", "core"))
    ann, own = store.add_candidate(campaign.id, "Ann")
    [peer] = store.invite_observers(campaign.id, ann.person_id, "peer")
    invitation = store.invitation_by_token(peer.token)
    banks = [("core", 2), ("readiness", 1)]
    with pytest.raises(NoConsent, match="not agreed to the consent text"):
        store.start_invitation_sheets(invitation.id, banks, peer.token)
    assert store.invitation_sheets(invitation.id) == []

    consented = store.record_consent(invitation.id)
    assert consented.consented and store.record_consent(invitation.id) == consented
    sheets = store.start_invitation_sheets(invitation.id, banks, peer.token)
    assert [(s.bank_id, s.bank_version, s.form) for s in sheets] == [
        ("readiness", 1, "quick"),
        ("core", 2, "quick"),
    ]
    assert {
        (s.person_id, s.campaign_id, s.role, s.rates_person_id, s.observer_group) for s in sheets
    } == {(invitation.person_id, campaign.id, "observer", ann.person_id, "peer")}
    assert store.start_invitation_sheets(invitation.id, banks, peer.token) == sheets, (
        "a second call"
    )
    assert store.invitation_sheets(invitation.id) == sheets
    with store.engine.connect() as connection:
        hashes = connection.execute(select(SheetRow.token_hash)).scalars().all()
    assert len(set(hashes)) == 2

    own_invitation = store.invitation_by_token(own.token)
    store.record_consent(own_invitation.id)
    for wrong in ([("core", 1)], [("core", 1), ("readiness", 1), ("situations", 1)], []):
        with pytest.raises(InvalidValue, match="not the campaign's"):
            store.start_invitation_sheets(own_invitation.id, wrong, own.token)
    [readiness, core] = store.start_invitation_sheets(own_invitation.id, banks, own.token)
    assert (readiness.role, readiness.person_id, core.rates_person_id) == (
        "self",
        ann.person_id,
        None,
    )


def test_a_link_of_one_campaign_opens_nothing_of_another(store):
    mine, theirs = new_campaign(store, "Mine"), new_campaign(store, "Theirs")
    ann, link = store.add_candidate(mine.id, "Ann")
    bob, _ = store.add_candidate(theirs.id, "Bob")
    invitation = store.invitation_by_token(link.token)
    assert invitation.campaign_id == mine.id
    sheets = respondent_sheets(store, link.token)
    assert {sheet.campaign_id for sheet in sheets} == {mine.id}
    assert store.campaign_sheets(theirs.id) == []
    with pytest.raises(NotFound):
        store.invite_observers(theirs.id, ann.person_id, "peer")
    assert not store.delete_candidate(theirs.id, ann.person_id)
    assert store.candidates(mine.id) == [ann] and store.candidates(theirs.id) == [bob]
    owner = store.start_campaign_sign_in(mine.id)
    assert store.signed_in_campaign(owner) == mine.id


# Closing.


def test_a_closed_campaign_refuses_everything_new_but_keeps_what_it_has(store):
    campaign = new_campaign(store)
    ann, own = store.add_candidate(campaign.id, "Ann")
    [peer] = store.invite_observers(campaign.id, ann.person_id, "peer")
    [first, _] = respondent_sheets(store, own.token)
    store.save_answer(first.id, "ra1", "4")
    late = store.invitation_by_token(peer.token)

    closed = store.close_campaign(campaign.id)
    assert closed.closed and store.campaign(campaign.id) == closed
    refusals = [
        lambda: store.save_answer(first.id, "ra1", "1"),
        lambda: store.save_answer(first.id, "ra2", "5"),
        lambda: store.add_candidate(campaign.id, "Bob"),
        lambda: store.add_candidates(campaign.id, [NewCandidate("Bob")]),
        lambda: store.invite_observers(campaign.id, ann.person_id, "peer"),
        lambda: store.reissue_link(own.invitation_id),
        lambda: store.record_consent(late.id),
        lambda: store.start_invitation_sheets(late.id, [("core", 1), ("readiness", 1)], peer.token),
        lambda: store.start_sheet("core", 1, None, campaign_id=campaign.id),
    ]
    for refused in refusals:
        with pytest.raises(CampaignClosed, match='The campaign "Promotions 2026" is closed'):
            refused()
    assert store.answers(first.id) == {"ra1": "4"}
    assert store.invitation_by_token(own.token) is not None
    assert store.close_campaign(campaign.id).closed_at == closed.closed_at
    assert len(store.candidates(campaign.id)) == 1


def test_no_answer_is_stored_after_a_campaign_closes_while_people_answer(store):
    """20 respondents answer as fast as they can while HR closes the campaign: once
    close_campaign has returned, not one answer of the campaign is stored or changed."""
    people, items = 20, 24
    campaign = new_campaign(store, banks=("core",))
    links, _ = store.add_candidates(campaign.id, [NewCandidate(f"P{n}") for n in range(people)])
    sheets = [respondent_sheets(store, link.token, [("core", 1)])[0] for link in links]
    cut_short = close_while_answering(
        store,
        [sheet.id for sheet in sheets],
        items,
        lambda: store.close_campaign(campaign.id).closed_at,
        CampaignClosed,
    )
    assert cut_short, "the close came while people were answering"


def test_progress_counts_observers_by_group_without_telling_them_apart(store):
    campaign = new_campaign(store)
    ann, own = store.add_candidate(campaign.id, "Ann", "ann@example.com")
    bob, _ = store.add_candidate(campaign.id, "Bob")
    peers = store.invite_observers(campaign.id, ann.person_id, "peer", 3)
    [manager] = store.invite_observers(campaign.id, ann.person_id, "manager")
    store.invite_observers(campaign.id, bob.person_id, "direct_report", 2)

    for sheet in respondent_sheets(store, own.token):  # Ann: finished
        store.finish(sheet.id)
    [half, _] = respondent_sheets(store, peers[0].token)  # one peer: one of two finished
    store.finish(half.id)
    for sheet in respondent_sheets(store, peers[1].token):  # another peer: finished
        store.finish(sheet.id)
    store.record_consent(store.invitation_by_token(manager.token).id)  # consent only

    ann_progress, bob_progress = store.campaign_progress(campaign.id)
    assert (ann_progress.person_id, ann_progress.name, ann_progress.email) == (
        ann.person_id,
        "Ann",
        "ann@example.com",
    )
    assert ann_progress.self_status == "finished" and bob_progress.self_status == "invited"
    counts = {g: (p.invited, p.started, p.finished) for g, p in ann_progress.observers.items()}
    assert counts == {"manager": (1, 0, 0), "peer": (3, 1, 1), "direct_report": (0, 0, 0)}
    assert ann_progress.observers["peer"].not_started == 1
    assert bob_progress.observers["direct_report"].invited == 2
    assert store.campaign_progress("nowhere") == []


def test_a_candidates_sheets_and_the_times_of_their_answers_are_read_for_scoring(store):
    campaign = new_campaign(store, banks=("core",))
    ann, own = store.add_candidate(campaign.id, "Ann")
    _, bobs = store.add_candidate(campaign.id, "Bob")
    [peer] = store.invite_observers(campaign.id, ann.person_id, "peer")
    [ann_sheet] = respondent_sheets(store, own.token, [("core", 1)])
    [peer_sheet] = respondent_sheets(store, peer.token, [("core", 1)])
    [bob_sheet] = respondent_sheets(store, bobs.token, [("core", 1)])
    store.save_answer(ann_sheet.id, "ra1", "4")
    store.save_answer(ann_sheet.id, "ra2", None)
    store.save_answer(ann_sheet.id, "ra3", "b")

    assert [s.id for s in store.campaign_sheets(campaign.id, ann.person_id)] == [
        ann_sheet.id,
        peer_sheet.id,
    ]
    assert [s.id for s in store.campaign_sheets(campaign.id)] == [
        ann_sheet.id,
        peer_sheet.id,
        bob_sheet.id,
    ]
    timed = store.answers_with_times(ann_sheet.id)
    assert {item: value for item, (value, _) in timed.items()} == store.answers(ann_sheet.id)
    assert timed["ra1"][1] <= timed["ra2"][1] <= timed["ra3"][1]
    assert all(at.tzinfo is not None for _, at in timed.values())
    assert store.answers_with_times(bob_sheet.id) == {}

    values = store.sheet_answers_frame([ann_sheet.id, bob_sheet.id])
    times = store.sheet_answers_frame([ann_sheet.id, bob_sheet.id], times=True)
    assert times.index.equals(values.index) and list(times.columns) == list(values.columns)
    assert times.loc[ann_sheet.id, "ra1"] == timed["ra1"][1]
    assert times.loc[bob_sheet.id].isna().all()


# Deleting: every table is checked directly.


def rows_of(store: Store, people: set[str], sheets: set[str]) -> dict[str, int]:
    """Rows of every table that name one of the people or sheets, by table and column."""
    found = {}
    with store.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                targets = {key.target_fullname for key in column.foreign_keys}
                if column.primary_key and table.name == "person":
                    targets.add("person.id")
                if column.primary_key and table.name == "sheet":
                    targets.add("sheet.id")
                wanted = (people if "person.id" in targets else set()) | (
                    sheets if "sheet.id" in targets else set()
                )
                if wanted:
                    found[f"{table.name}.{column.name}"] = connection.scalar(
                        select(func.count()).select_from(table).where(column.in_(wanted))
                    )
    return found


def campaign_with_answers(store: Store, title: str):
    """A campaign with two candidates, each answered about by themselves and observers."""
    campaign = new_campaign(store, title)
    people = {}
    for name in ("Ann", "Bob"):
        candidate, own = store.add_candidate(campaign.id, f"{name} of {title}")
        observers = store.invite_observers(campaign.id, candidate.person_id, "peer", 2)
        store.invite_observers(campaign.id, candidate.person_id, "manager")  # never opened
        for link in (own, *observers):
            for sheet in respondent_sheets(store, link.token):
                store.save_answer(sheet.id, "ra1", "3")
        people[name] = candidate
    return campaign, people


def everything_of(store: Store, campaign_id: str, candidate_id: str | None = None):
    """The people and sheets of a campaign (or of one candidate in it)."""
    with store.engine.connect() as connection:
        links = select(InvitationRow.person_id).where(InvitationRow.campaign_id == campaign_id)
        if candidate_id is not None:
            links = links.where(
                or_(
                    InvitationRow.person_id == candidate_id,
                    InvitationRow.rates_person_id == candidate_id,
                )
            )
        people = set(connection.execute(links).scalars())
        sheets = set(
            connection.execute(select(SheetRow.id).where(SheetRow.person_id.in_(people))).scalars()
        )
    return people, sheets


def test_deleting_a_candidate_leaves_no_row_of_them_or_their_observers_in_any_table(store):
    campaign, people = campaign_with_answers(store, "Spring")
    ann, bob = people["Ann"], people["Bob"]
    gone_people, gone_sheets = everything_of(store, campaign.id, ann.person_id)
    kept_people, kept_sheets = everything_of(store, campaign.id, bob.person_id)
    assert len(gone_people) == 4 and len(gone_sheets) == 6  # Ann, 2 peers, 1 manager

    assert store.delete_candidate(campaign.id, ann.person_id)
    remaining = rows_of(store, gone_people, gone_sheets)
    assert remaining and set(remaining.values()) == {0}, remaining
    assert {"invitation.person_id", "invitation.rates_person_id", "candidate.person_id"} <= set(
        remaining
    )
    assert everything_of(store, campaign.id, bob.person_id) == (kept_people, kept_sheets)
    assert count(store, AnswerRow, AnswerRow.sheet_id.in_(kept_sheets)) == len(kept_sheets)
    assert [c.name for c in store.candidates(campaign.id)] == ["Bob of Spring"]
    assert not store.delete_candidate(campaign.id, ann.person_id)


def test_deleting_a_candidate_as_a_person_erases_the_same(store):
    campaign, people = campaign_with_answers(store, "Spring")
    gone_people, gone_sheets = everything_of(store, campaign.id, people["Ann"].person_id)
    assert store.delete_person(people["Ann"].person_id)
    assert set(rows_of(store, gone_people, gone_sheets).values()) == {0}


def test_deleting_a_campaign_erases_everything_of_it_and_nothing_else(store):
    campaign, _ = campaign_with_answers(store, "Spring")
    other, _ = campaign_with_answers(store, "Autumn")
    store.start_campaign_sign_in(campaign.id)
    other_sign_in = store.start_campaign_sign_in(other.id)
    gone_people, gone_sheets = everything_of(store, campaign.id)
    kept = everything_of(store, other.id)

    assert store.delete_campaign(campaign.id)
    assert set(rows_of(store, gone_people, gone_sheets).values()) == {0}
    with store.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if "campaign_id" in table.columns:
                assert not connection.scalar(
                    select(func.count())
                    .select_from(table)
                    .where(table.columns["campaign_id"] == campaign.id)
                ), table.name
    assert store.campaign(campaign.id) is None
    assert everything_of(store, other.id) == kept
    assert store.signed_in_campaign(other_sign_in) == other.id
    assert count(store, PersonRow) == len(kept[0])
    assert not store.delete_campaign(campaign.id)


def test_purge_deletes_the_campaigns_closed_longer_than_their_retention(store):
    short = new_campaign(store, "Short", retention_days=30)
    long = new_campaign(store, "Long", retention_days=365)
    still_open = new_campaign(store, "Open", retention_days=30)
    ann, own = store.add_candidate(short.id, "Ann")
    respondent_sheets(store, own.token)
    closed_at = store.close_campaign(short.id).closed_at
    store.close_campaign(long.id)

    assert store.purge_expired(closed_at + timedelta(days=29)) == []
    month_later = closed_at + timedelta(days=31)
    assert store.expired_campaigns(month_later) == [(short.id, "Short")]
    assert store.campaign(short.id) is not None, "listing deletes nothing"
    assert store.purge_expired(month_later) == [(short.id, "Short")]
    assert store.campaign(short.id) is None and store.person(ann.person_id) is None
    assert count(store, SheetRow, SheetRow.campaign_id == short.id) == 0
    assert store.campaign(long.id) is not None and store.campaign(still_open.id) is not None
    assert store.purge_expired(closed_at + timedelta(days=366)) == [(long.id, "Long")]
    assert store.purge_expired() == []


def test_the_campaign_stamp_moves_when_results_may_change(store):
    campaign = new_campaign(store, banks=("core",))
    empty = store.campaign_stamp(campaign.id)
    ann, own = store.add_candidate(campaign.id, "Ann")
    added = store.campaign_stamp(campaign.id)
    [sheet] = respondent_sheets(store, own.token, [("core", 1)])
    assert store.campaign_stamp(campaign.id) == added, "a started sheet changes no result"
    store.finish(sheet.id)
    finished = store.campaign_stamp(campaign.id)
    assert len({empty, added, finished}) == 3
    store.delete_candidate(campaign.id, ann.person_id)
    assert store.campaign_stamp(campaign.id) == empty, "the same (empty) results as before"
    store.add_candidate(campaign.id, "Bob")
    assert store.campaign_stamp(campaign.id) != added, "Bob is not Ann: her results are gone"


def test_a_campaign_keeps_the_bank_versions_its_first_respondent_got(store):
    campaign = new_campaign(store)
    assert store.campaign_bank_versions(campaign.id) == {}
    ann, own = store.add_candidate(campaign.id, "Ann")
    respondent_sheets(store, own.token, [("core", 1), ("readiness", 3)])
    [peer] = store.invite_observers(campaign.id, ann.person_id, "peer")
    respondent_sheets(store, peer.token, [("core", 2), ("readiness", 4)])  # edited since
    assert store.campaign_bank_versions(campaign.id) == {"core": 1, "readiness": 3}
