"""The HR view's people: candidates added one by one or from a list, their links and
their observers' links (shown once, downloadable for a mail merge), progress in counts,
and deleting a candidate's data.

Links exist only when made (the store keeps their hashes): every batch made in this
session stays on screen and in one CSV until the owner clears it, and a lost self link
is replaced, not shown again.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reports.candidate_list import CandidateListError, links_csv, links_table, parse_candidates_csv
from store import Campaign, CampaignClosed, Candidate, InvalidValue, Link
from store.schema import OBSERVER_GROUPS
from ui.links import base_url
from ui.resources import store
from ui.text import plain

GROUP_NAMES = {"manager": "Manager", "peer": "Peers", "direct_report": "Direct reports"}
MAX_LIST_BYTES = 1_000_000

_ISSUED = "issued_links:"
"""Session state prefix: the links made in this session, per campaign."""


def issued(campaign: Campaign) -> list[Link]:
    return st.session_state.setdefault(_ISSUED + campaign.id, [])


def add_candidates_section(campaign: Campaign) -> None:
    """One candidate by hand, or a CSV list (name, email, role)."""
    one, many = st.columns(2, gap="large")
    with one, st.form("add_candidate", clear_on_submit=True):
        st.markdown("**Add a candidate**")
        name = st.text_input("Name", max_chars=100)
        email = st.text_input("E-mail (optional)", max_chars=200)
        role = st.text_input("Current role (optional)", max_chars=100)
        if st.form_submit_button(
            "Add", type="primary", icon=":material/person_add:", key="add_candidate_submit"
        ):
            try:
                _, link = store().add_candidate(
                    campaign.id, name, email.strip() or None, role.strip() or None
                )
            except (InvalidValue, CampaignClosed) as exc:
                st.error(plain(str(exc)), icon=":material/error:")
            else:
                issued(campaign).append(link)
                st.toast(f"{plain(link.candidate_name)} added, with their own link.")
    with many:
        st.markdown("**Add a list** (CSV with columns name, email, role)")
        upload = st.file_uploader("Candidate list", type=["csv"], key="candidate_list")
        if upload is not None and st.button("Add everyone on the list", key="add_list"):
            _add_list(campaign, upload.getvalue())


def _add_list(campaign: Campaign, data: bytes) -> None:
    if len(data) > MAX_LIST_BYTES:
        st.error("The list is over 1 MB; split it into smaller files.")
        return
    try:
        rows, problems = parse_candidates_csv(data)
        links, refused = store().add_candidates(campaign.id, rows)
    except (CandidateListError, CampaignClosed) as exc:
        st.error(plain(str(exc)), icon=":material/error:")
        return
    issued(campaign).extend(links)
    st.success(f"{len(links)} candidate{'s' * (len(links) != 1)} added.")
    if problems or refused:
        st.warning(
            "These rows were not added:\n\n"
            + "\n".join(f"- {plain(str(problem))}" for problem in [*problems, *refused])
        )


def observers_section(campaign: Campaign, candidates: list[Candidate]) -> None:
    """Observer links for one candidate, or the same number for every candidate."""
    if not candidates:
        return
    with st.form("invite_observers"):
        st.markdown("**Invite observers**")
        who = st.selectbox(
            "For",
            ["*", *(c.person_id for c in candidates)],
            format_func=lambda p: (
                "Every candidate"
                if p == "*"
                else plain(next(c.name for c in candidates if c.person_id == p))
            ),
        )
        counts = dict(zip(OBSERVER_GROUPS, st.columns(len(OBSERVER_GROUPS)), strict=True))
        wanted = {
            group: column.number_input(GROUP_NAMES[group], 0, 50, 0, key=f"n_{group}")
            for group, column in counts.items()
        }
        if st.form_submit_button("Make the links", icon=":material/link:", key="invite_submit"):
            targets = candidates if who == "*" else [c for c in candidates if c.person_id == who]
            try:
                for candidate in targets:
                    for group, count in wanted.items():
                        if count:
                            issued(campaign).extend(
                                store().invite_observers(
                                    campaign.id, candidate.person_id, group, int(count)
                                )
                            )
            except (InvalidValue, CampaignClosed) as exc:
                st.error(plain(str(exc)), icon=":material/error:")


def issued_links_section(campaign: Campaign) -> None:
    """The links made in this session, with the CSV for a mail merge."""
    links = issued(campaign)
    if not links:
        st.caption(
            "Links appear here when you add candidates or invite observers. They are shown "
            "once: download them for your mail merge before you leave this page."
        )
        return
    st.markdown(f"**Links made in this session ({len(links)})**")
    st.warning(
        "Each link opens one person's questionnaire: send each to its person only. They "
        "are not stored in readable form and are shown only now.",
        icon=":material/key:",
    )
    st.dataframe(links_table(links, base_url()), hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.download_button(
        "Download the links (CSV)",
        links_csv(links, base_url()),
        file_name="campaign-links.csv",
        mime="text/csv",
        icon=":material/download:",
        key="links_csv",
    )
    if right.button("Clear this list", key="clear_links"):
        links.clear()
        st.rerun()


def progress_section(campaign: Campaign) -> pd.DataFrame:
    """Per candidate: their own status and, per observer group, invited / started /
    finished counts (counts only: no observer can be told apart)."""
    rows = []
    for person in store().campaign_progress(campaign.id):
        row = {"Candidate": person.name, "Self": person.self_status.capitalize()}
        for group, counts in person.observers.items():
            row[GROUP_NAMES[group]] = (
                f"{counts.finished} finished, {counts.started} answering, "
                f"{counts.not_started} not started"
                if counts.invited
                else "none invited"
            )
        rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        st.info("No candidates yet: add them under Candidates and links.")
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
    return frame


def lost_link_section(campaign: Campaign, candidates: list[Candidate]) -> None:
    """A candidate's new self link (the old one stops working)."""
    if not candidates:
        return
    with st.form("reissue"):
        st.markdown("**A candidate lost their link**")
        who = st.selectbox(
            "Candidate",
            candidates,
            format_func=lambda c: plain(c.name),
        )
        st.caption(
            "Their old link stops working; their answers stay. (A lost observer link "
            "cannot be told apart from the others: invite one more observer instead.)"
        )
        if st.form_submit_button("Make a new link", key="reissue_submit"):
            try:
                issued(campaign).append(store().reissue_link(who.self_invitation_id))
            except CampaignClosed as exc:
                st.error(plain(str(exc)))


def delete_candidate_section(campaign: Campaign, candidates: list[Candidate]) -> None:
    """Erase a candidate: their answers, their observers' answers and links."""
    if not candidates:
        return
    with st.form("delete_candidate"):
        st.markdown("**Delete a candidate's data**")
        who = st.selectbox(
            "Candidate", candidates, format_func=lambda c: plain(c.name), key="delete_who"
        )
        typed = st.text_input("Type the candidate's name to confirm", key="delete_confirm")
        if st.form_submit_button(
            "Delete everything about this candidate", type="primary", key="delete_candidate_submit"
        ):
            if typed.strip() != who.name:
                st.error("The name typed does not match: nothing was deleted.")
            else:
                store().delete_candidate(campaign.id, who.person_id)
                st.success(
                    f"{plain(who.name)}, their answers, their observers' answers and all "
                    "their links are deleted."
                )
