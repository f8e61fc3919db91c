"""reports/candidate_list.py: the candidate list HR uploads and the links HR downloads."""

from __future__ import annotations

import csv
import io
import re

import pytest

from reports.candidate_list import (
    MAX_LIST_BYTES,
    CandidateListError,
    links_csv,
    parse_candidates_csv,
)
from store import Link, NewCandidate


def test_a_list_is_read_whatever_the_header_case_order_and_byte_order_mark():
    data = "\ufeffRole, E-Mail ,NAME,notes\nTeam lead,ann@example.com,Ann Lée,x\n,,Bob\n"
    rows, problems = parse_candidates_csv(data.encode("utf-8"))
    assert rows == [
        NewCandidate("Ann Lée", "ann@example.com", "Team lead", line=2),
        NewCandidate("Bob", None, None, line=3),
    ]
    assert problems == []
    rows, _ = parse_candidates_csv(b"name\nCleo\n")
    assert rows == [NewCandidate("Cleo", line=2)]


def test_each_bad_row_is_named_by_its_line_and_the_good_rows_are_kept():
    data = (
        b"name,email,role\n"
        b"Ann,ann@example.com,Rep\n"
        b",nobody@example.com,Rep\n"
        b"\n"  # a blank line is no row, but it counts as a line
        b"Bob,bob.example.com,Rep\n"
        b"Cleo,cleo@example.com,Rep,extra\n"
        b'"Dan ""the closer""",dan@example.com,"Rep, north"\n'
        b"Eve,eve@example.com," + b"x" * 101 + b"\n"
    )
    rows, problems = parse_candidates_csv(data)
    assert [(row.name, row.line) for row in rows] == [("Ann", 2), ('Dan "the closer"', 7)]
    assert rows[1].current_role == "Rep, north"
    assert [str(problem) for problem in problems] == [
        "line 3: The name is empty: give one.",
        'line 5: The e-mail "bob.example.com" does not look like an e-mail address '
        "(name@example.com).",
        "line 6: 4 cells, more than the 3 columns.",
        "line 8: The current role is 101 characters long; at most 100 fit.",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The candidate list is empty"),
        (b"name,email\n", "has a header but no candidates"),
        (b"email,role\nann@example.com,Rep\n", "has no 'name' column (its columns: email, role)"),
        (b"name,Email,e-mail\nAnn,a@b.co,a@b.co\n", "two email columns: 'Email' and 'e-mail'"),
        ("name\nAnn Lée\n".encode("latin-1"), "is not UTF-8 text (byte 10): save it as CSV UTF-8"),
        (b'name\n"Ann\n', "not a readable CSV"),
        (b"name\n" + b"A" * MAX_LIST_BYTES, "the limit is 1,048,576"),
    ],
    ids=["empty", "header only", "no name", "two emails", "latin-1", "open quote", "too big"],
)
def test_a_list_that_cannot_be_read_is_refused_with_a_clear_message(data, message):
    with pytest.raises(CandidateListError, match=re.escape(message)):
        parse_candidates_csv(data)


def test_links_are_full_urls_one_row_each_with_formula_safe_cells():
    links = [
        Link("i1", "p1", "Ann Lée", "ann@example.com", "self", None, "tok-self_1"),
        Link("i2", "p1", "Ann Lée", "ann@example.com", "observer", "peer", "tok-peer_2"),
        Link("i3", "p2", "=HYPERLINK(1)", None, "self", None, "tok-self_3"),
    ]
    rows = list(csv.reader(io.StringIO(links_csv(links, "https://example.org/app/").decode())))
    assert rows == [
        ["candidate", "email", "role", "observer_group", "link"],
        ["Ann Lée", "ann@example.com", "self", "", "https://example.org/app/campaign?invite=tok-self_1"],
        ["Ann Lée", "ann@example.com", "observer", "peer", "https://example.org/app/campaign?invite=tok-peer_2"],
        ["'=HYPERLINK(1)", "", "self", "", "https://example.org/app/campaign?invite=tok-self_3"],
    ]  # fmt: skip


def test_a_parsed_list_goes_into_a_campaign_and_its_links_come_out(store):
    campaign, _ = store.create_campaign("Promotions", ["core"], None, consent_text="I agree")
    rows, problems = parse_candidates_csv(
        b"name,email\nAnn,ann@example.com\nBob,ANN@example.com\nCleo,\n"
    )
    links, refused = store.add_candidates(campaign.id, rows)
    assert problems == [] and [(p.line, "already" in p.message) for p in refused] == [(3, True)]
    table = list(csv.DictReader(io.StringIO(links_csv(links, "https://x.org").decode())))
    assert [(row["candidate"], row["role"]) for row in table] == [("Ann", "self"), ("Cleo", "self")]
    for row in table:
        token = row["link"].removeprefix("https://x.org/campaign?invite=")
        assert store.invitation_by_token(token).campaign_id == campaign.id
