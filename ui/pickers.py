"""The bank and form choice that starts an assessment or a workshop."""

from __future__ import annotations

import streamlit as st

from questions.bank import FULL_FORM, Bank

SECONDS_PER_ITEM = 12
"""Reading and answering one item, on average: the basis of the time estimates."""


def describe_form(bank: Bank, form: str) -> str:
    """'Quick: 24 questions, about 5 minutes'."""
    n = len(bank.form_items(form))
    minutes = max(1, round(n * SECONDS_PER_ITEM / 60))
    name = "Full" if form == FULL_FORM else form.capitalize()
    return f"{name}: {n} questions, about {minutes} minutes"


def bank_and_form(
    banks: dict[str, Bank], bank_question: str, form_question: str, key_prefix: str = ""
) -> tuple[Bank, str | None]:
    """Two radios, the bank then its forms shortest first; the form is None for the full
    form, as the store expects."""
    bank_ids = list(banks)
    bank_id = st.radio(
        bank_question,
        bank_ids,
        format_func=lambda b: banks[b].title,
        captions=[banks[b].description for b in bank_ids],
        key=f"{key_prefix}bank",
    )
    bank = banks[bank_id]
    forms = sorted(bank.form_names, key=lambda f: len(bank.form_items(f)))
    form = st.radio(
        form_question, forms, format_func=lambda f: describe_form(bank, f), key=f"{key_prefix}form"
    )
    return bank, None if form == FULL_FORM else form
