"""HR's tabular exchange for a campaign: the list of candidates HR uploads, and the links
HR downloads for a mail merge. No Streamlit: the campaign page calls these.

A candidate list is a CSV with a header row naming the columns name (required), email
(or e-mail) and role (the candidate's current role), in any order and any case; other
columns are ignored. A row that cannot be taken is reported with its line and why, and every other
row is still taken.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from reports.spreadsheet import safe_csv
from scoring.cli import ResponsesError, csv_rows, header_key
from store.campaigns import checked_candidate
from store.errors import InvalidText
from store.records import Link, NewCandidate, RowProblem

MAX_LIST_BYTES = 1024 * 1024
"""A candidate list's size limit: thousands of candidates take well under 1 MiB."""

LIST_NAME = "The candidate list"
COLUMNS = {"name": "name", "email": "email", "e-mail": "email", "role": "current_role"}
"""The list's columns (matched ignoring case and spaces) -> NewCandidate's fields."""

INVITE_PATH = "campaign"
"""The page a respondent's link opens (url path of the campaign page)."""

LINK_COLUMNS = ["candidate", "email", "role", "observer_group", "link"]


class CandidateListError(ValueError):
    """A candidate list that cannot be read at all (nothing of it is taken); the message
    says why, for the person uploading it."""


def parse_candidates_csv(data: bytes) -> tuple[list[NewCandidate], list[RowProblem]]:
    """The candidates of an uploaded list (UTF-8, with or without a byte-order mark),
    each checked as add_candidates will and carrying its line number, and a problem for
    each row not taken. CandidateListError when the file as a whole cannot be read.

    >>> rows, problems = parse_candidates_csv(
    ...     b"Name,EMAIL,Role\\nAnn Lee,ann@example.com,Team lead\\n,bob@example.com,\\n"
    ... )
    >>> rows
    [NewCandidate(name='Ann Lee', email='ann@example.com', current_role='Team lead', line=2)]
    >>> [str(problem) for problem in problems]
    ['line 3: The name is empty: give one.']
    """
    if len(data) > MAX_LIST_BYTES:
        raise CandidateListError(
            f"{LIST_NAME} is {len(data):,} bytes; the limit is {MAX_LIST_BYTES:,}."
        )
    try:
        text = data.decode("utf-8-sig")  # spreadsheets often write a byte-order mark
    except UnicodeDecodeError as exc:
        raise CandidateListError(
            f"{LIST_NAME} is not UTF-8 text (byte {exc.start}): save it as CSV UTF-8."
        ) from None
    if not text.strip():
        raise CandidateListError(f"{LIST_NAME} is empty.")
    try:
        (_, header), *lines = csv_rows(LIST_NAME, text)
    except ResponsesError as exc:
        raise CandidateListError(str(exc)) from None
    at = _column_positions(header)
    if not lines:
        raise CandidateListError(f"{LIST_NAME} has a header but no candidates.")
    rows, problems = [], []
    for line, cells in lines:
        if len(cells) > len(header):
            problems.append(
                RowProblem(line, f"{len(cells)} cells, more than the {len(header)} columns.")
            )
            continue
        values = {field: cells[at[field]] if at[field] < len(cells) else "" for field in at}
        try:
            rows.append(checked_candidate(NewCandidate(**values, line=line)))
        except InvalidText as problem:
            problems.append(RowProblem(line, str(problem)))
    return rows, problems


def _column_positions(header: list[str]) -> dict[str, int]:
    """NewCandidate field -> its column; CandidateListError naming a missing or
    repeated column."""
    at: dict[str, int] = {}
    for position, column in enumerate(header):
        field = COLUMNS.get(header_key(column))
        if field in at:
            raise CandidateListError(
                f"{LIST_NAME} has two {field.replace('_', ' ')} columns: "
                f"{header[at[field]]!r} and {column!r}."
            )
        if field is not None:
            at[field] = position
    if "name" not in at:
        raise CandidateListError(
            f"{LIST_NAME} has no 'name' column (its columns: {', '.join(header)}); the "
            "columns are name, email and role, with a header row."
        )
    return at


def invite_url(base_url: str, token: str) -> str:
    """The link a respondent opens: {base_url}/campaign?invite=TOKEN.

    >>> invite_url("https://example.org/app/", "abc")
    'https://example.org/app/campaign?invite=abc'
    """
    return f"{base_url.rstrip('/')}/{INVITE_PATH}?invite={token}"


def links_table(links: Iterable[Link], base_url: str) -> pd.DataFrame:
    """One row per link: the candidate's name and e-mail, role (self or observer), the
    observer group (blank for self) and the link."""
    return pd.DataFrame(
        [
            (
                link.candidate_name,
                link.email or "",
                link.role,
                link.observer_group or "",
                invite_url(base_url, link.token),
            )
            for link in links
        ],
        columns=LINK_COLUMNS,
    )


def links_csv(links: Iterable[Link], base_url: str) -> bytes:
    """links_table as UTF-8 CSV with formula-safe cells, for a mail merge. These are the
    only copies of the links: the store keeps their hashes (reissue_link replaces one)."""
    return safe_csv(links_table(links, base_url)).encode("utf-8")
