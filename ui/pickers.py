"""The bank and form choice that starts an assessment or a workshop."""

from __future__ import annotations

from collections.abc import Collection

import streamlit as st

from questions.bank import FULL_FORM, Bank
from ui.resources import library
from ui.text import plain

CUSTOM_MARK = "custom bank"

SECONDS_PER_ITEM = 12
"""Reading and answering one item, on average: the basis of the time estimates."""


def describe_form(bank: Bank, form: str) -> str:
    """'Quick: 24 questions, about 5 minutes'."""
    n = len(bank.form_items(form))
    minutes = max(1, round(n * SECONDS_PER_ITEM / 60))
    name = "Full" if form == FULL_FORM else plain(form.capitalize())
    return f"{name}: {n} question{'s' * (n != 1)}, about {minutes} minute{'s' * (minutes != 1)}"


def bank_label(bank: Bank, custom: bool) -> str:
    """A bank as a picker names it: a custom bank's title is someone's text, so plain,
    and marked as custom."""
    return f"{plain(bank.title)} · {CUSTOM_MARK}" if custom else bank.title


def bank_caption(bank: Bank, custom: bool) -> str:
    if not custom:
        return bank.description
    uploaded = f"Uploaded to this server, version {bank.version}."
    return f"{plain(bank.description)} {uploaded}" if bank.description else uploaded


def bank_and_form(
    banks: dict[str, Bank],
    bank_question: str,
    form_question: str,
    key_prefix: str = "",
    custom: Collection[str] | None = None,
) -> tuple[Bank, str | None]:
    """Two radios, the bank then its forms shortest first; the form is None for the full
    form, as the store expects. Custom banks (by default the library's) are marked."""
    custom = library().custom if custom is None else custom
    bank_ids = list(banks)
    bank_id = st.radio(
        bank_question,
        bank_ids,
        format_func=lambda b: bank_label(banks[b], b in custom),
        captions=[bank_caption(banks[b], b in custom) for b in bank_ids],
        key=f"{key_prefix}bank",
    )
    bank = banks[bank_id]
    forms = sorted(bank.form_names, key=lambda f: len(bank.form_items(f)))
    form = st.radio(
        form_question, forms, format_func=lambda f: describe_form(bank, f), key=f"{key_prefix}form"
    )
    return bank, None if form == FULL_FORM else form
