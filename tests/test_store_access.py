"""store/access.py: facilitator and campaign owner sign-ins kept by a browser, and the
throttle's memory of wrong codes and keys, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from store import NotFound, tokens
from store.schema import CampaignSignInRow, SignInRow


def test_a_sign_in_opens_its_workshop_until_signed_out(store):
    workshop, _ = store.create_workshop("Spring", "core", "quick")
    token = store.start_sign_in(workshop.id)
    assert store.signed_in_workshop(token) == workshop.id
    store.end_sign_in(token)
    assert store.signed_in_workshop(token) is None


def test_a_sign_in_is_kept_only_as_a_hash(store):
    workshop, _ = store.create_workshop("Spring", "core", "quick")
    token = store.start_sign_in(workshop.id)
    with store.engine.connect() as connection:
        kept = connection.execute(select(SignInRow.token_hash)).scalars().all()
    assert kept == [tokens.hash_secret(token)]
    assert token not in kept


def test_an_expired_sign_in_opens_nothing(store):
    workshop, _ = store.create_workshop("Spring", "core", "quick")
    token = store.start_sign_in(workshop.id, hours=-1)
    assert store.signed_in_workshop(token) is None


@pytest.mark.parametrize("token", ["", "short", "x" * 500, "../../etc", None])
def test_a_malformed_sign_in_token_opens_nothing(store, token):
    assert store.signed_in_workshop(token) is None
    store.end_sign_in(token)  # harmless


def test_failed_attempts_are_counted_per_client_and_scope_within_the_window(store):
    for _ in range(3):
        store.note_failed_attempt("join", "10.0.0.7")
    store.note_failed_attempt("facilitate", "10.0.0.7")
    store.note_failed_attempt("join", "10.0.0.8")
    hour = timedelta(hours=1)
    count, last = store.failed_attempts("join", "10.0.0.7", hour)
    assert count == 3 and last is not None and last.tzinfo is not None
    assert store.failed_attempts("facilitate", "10.0.0.7", hour)[0] == 1
    assert store.failed_attempts("join", "10.0.0.9", hour) == (0, None)
    assert store.failed_attempts("join", "10.0.0.7", timedelta(seconds=-1)) == (0, None), (
        "attempts older than the window are forgotten"
    )


def test_a_campaign_sign_in_opens_its_campaign_and_no_workshop_until_signed_out(store):
    campaign, _ = store.create_campaign("Promotions", ["core"], None, consent_text="I agree")
    workshop, _ = store.create_workshop("Spring", "core", "quick")
    owner = store.start_campaign_sign_in(campaign.id)
    facilitator = store.start_sign_in(workshop.id)
    assert store.signed_in_campaign(owner) == campaign.id
    assert store.signed_in_workshop(owner) is None
    assert store.signed_in_campaign(facilitator) is None
    with store.engine.connect() as connection:
        kept = connection.execute(select(CampaignSignInRow.token_hash)).scalars().all()
    assert kept == [tokens.hash_secret(owner)]
    store.end_sign_in(owner)  # a workshop sign-out does not end a campaign sign-in
    assert store.signed_in_campaign(owner) == campaign.id
    store.end_campaign_sign_in(owner)
    assert store.signed_in_campaign(owner) is None
    assert store.signed_in_workshop(facilitator) == workshop.id


def test_an_expired_or_malformed_campaign_sign_in_opens_nothing(store):
    campaign, _ = store.create_campaign("Promotions", ["core"], None, consent_text="I agree")
    assert store.signed_in_campaign(store.start_campaign_sign_in(campaign.id, hours=-1)) is None
    for token in ("", "short", "x" * 500, None):
        assert store.signed_in_campaign(token) is None
        store.end_campaign_sign_in(token)  # harmless
    with pytest.raises(NotFound):
        store.start_campaign_sign_in("no-such-campaign")


def test_wrong_campaign_owner_keys_are_throttled_apart_from_facilitator_keys(store):
    hour = timedelta(hours=1)
    for _ in range(2):
        store.note_failed_attempt("campaign", "10.0.0.7")
    store.note_failed_attempt("facilitate", "10.0.0.7")
    assert store.failed_attempts("campaign", "10.0.0.7", hour)[0] == 2
    assert store.failed_attempts("facilitate", "10.0.0.7", hour)[0] == 1
    assert store.failed_attempts("campaign", "10.0.0.8", hour) == (0, None)
