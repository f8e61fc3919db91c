"""Hand-built HR campaigns in a store: candidates, their own sheets and their observers'
sheets answered as a test says, and the campaign's results computed from the store's
records as the app computes them (reports.campaign)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from questions.bank import Bank
from reports.campaign import CandidateResult, candidate_results
from store.records import Campaign, Candidate, Sheet

Answers = Mapping[str, str | None]

# tests/banks/mini.yaml, every answer at one pole (a4's right-most option leans +0.5):
# alpha (1 + 1 + 1 + 0.5) / 4 = +87.5, beta +100, overall 93.75 -> 93.8.
MINI_RIGHT: Answers = {"a1": "1", "a2": "5", "a3": "y", "a4": "c", "b1": "1", "b2": "5", "b3": "5"}
# alpha -100, beta -100, overall -100.
MINI_LEFT: Answers = {"a1": "5", "a2": "1", "a3": "x", "a4": "a", "b1": "5", "b2": "1", "b3": "1"}
# alpha (0 + 0 - 1 + 0.5) / 4 = -12.5, beta 0, overall -6.25 -> -6.2.
MINI_MIDDLE: Answers = {"a1": "3", "a2": "3", "a3": "x", "a4": "c", "b1": "3", "b2": "3", "b3": "3"}


@dataclass
class Person:
    """A candidate: their own answers per bank id (None: their sheet is not finished)
    and their observers as (group, answers per bank id)."""

    name: str
    own: Mapping[str, Answers] | None
    observers: Sequence[tuple[str, Mapping[str, Answers]]] = ()
    role: str | None = None


@dataclass
class Built:
    campaign: Campaign
    candidates: list[Candidate]
    sheets: list[Sheet]
    answers: pd.DataFrame
    times: pd.DataFrame
    banks: dict[str, Bank] = field(default_factory=dict)

    def results(self, bank_id: str) -> list[CandidateResult]:
        return candidate_results(
            self.campaign,
            self.banks[bank_id],
            self.candidates,
            self.sheets,
            self.answers,
            self.times,
        )


def respond(store, token: str, banks: Sequence[Bank], answers: Mapping[str, Answers] | None):
    """Consent, start the sheets, answer each bank as given and finish; with answers
    None, the link stays unused."""
    if answers is None:
        return
    invitation = store.invitation_by_token(token)
    store.record_consent(invitation.id)
    banks_given = [(b.id, b.version) for b in banks]
    for sheet in store.start_invitation_sheets(invitation.id, banks_given, token):
        for item, value in answers[sheet.bank_id].items():
            store.save_answer(sheet.id, item, value)
        store.finish(sheet.id)


def build(
    store,
    banks: Sequence[Bank],
    people: Sequence[Person],
    *,
    minimum: int = 3,
    form: str | None = None,
    title: str = "Promotion 2026",
) -> Built:
    campaign, _ = store.create_campaign(
        title,
        [b.id for b in banks],
        form,
        consent_text="We keep your answers for a year.",
        minimum_observers=minimum,
    )
    for person in people:
        candidate, link = store.add_candidate(campaign.id, person.name, None, person.role)
        respond(store, link.token, banks, person.own)
        for group, answers in person.observers:
            (observer,) = store.invite_observers(campaign.id, candidate.person_id, group, 1)
            respond(store, observer.token, banks, answers)
    sheets = store.campaign_sheets(campaign.id)
    ids = [s.id for s in sheets]
    return Built(
        store.campaign(campaign.id),
        store.candidates(campaign.id),
        sheets,
        store.sheet_answers_frame(ids),
        store.sheet_answers_frame(ids, times=True),
        {b.id: b for b in banks},
    )


def on_mini(answers: Answers) -> dict[str, Answers]:
    """Answers to the mini bank alone."""
    return {"mini": answers}
