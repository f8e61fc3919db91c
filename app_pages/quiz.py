"""The assessment: pages of about six questions, progress, back and next, skip on purpose."""

import streamlit as st

from questions.order import item_order, pages
from store import WorkshopClosed
from ui.clock import local_time
from ui.items import (
    answer_counts,
    answer_widget,
    no_answer_text,
    progress_text,
    save_changed_answers,
)
from ui.links import linked_sheet, sheet_params, show_history_link, show_resume_link
from ui.resources import sheet_bank, store
from ui.style import start_at_top

SKIP_PROMPT = "skip_prompt"
LEAVE_PAGE = "leave_page"

sheet = linked_sheet()
if sheet.finished:
    st.switch_page("app_pages/results.py", query_params=sheet_params())
bank = sheet_bank(sheet)
if sheet.role == "observer" and (problems := bank.observer_problems(sheet.form)):
    st.error(
        "This assessment cannot be shown to an observer; please tell whoever invited you. "
        + " ".join(problems),
        icon=":material/visibility_off:",
    )
    st.stop()
workshop = store().workshop(sheet.workshop_id) if sheet.workshop_id else None
if workshop is not None and workshop.closed:
    answered = sum(value is not None for value in store().answers(sheet.id).values())
    st.warning(
        f"The workshop was closed at {local_time(workshop.closed_at)}, before you finished, "
        f"so it takes no more answers. The {answered} answers you gave are kept.",
        icon=":material/lock:",
    )
    st.page_link(
        "app_pages/results.py",
        label="See your profile from the answers you gave",
        icon=":material/arrow_forward:",
        query_params=sheet_params(),
    )
    st.stop()

page_list = pages(item_order(bank, sheet.form, sheet.seed))
page = min(sheet.page, len(page_list) - 1)
on_page = page_list[page]
item_ids = [item_id for p in page_list for item_id in p]
stored = store().answers(sheet.id)
save_error = save_changed_answers(sheet.id, item_ids, stored)
total = len(item_ids)


def go_to(target: int) -> None:
    st.session_state.pop(SKIP_PROMPT, None)
    store().set_page(sheet.id, target)


start_at_top(key=f"{sheet.id}:{page}")
st.caption(bank.title)
progress = st.empty()  # filled after the questions, which may save a tap (ui/items.py)

with st.expander("Your private link to come back later", icon=":material/bookmark:"):
    st.write(
        "Anyone with this link can see and change your answers, so keep it to yourself. "
        "It works in any browser, on any device."
    )
    show_resume_link()
    if sheet.role == "self" and sheet.campaign_id is None:
        show_history_link(sheet)

if save_error:
    st.error(save_error)

first_number = sum(len(p) for p in page_list[:page]) + 1
for number, item_id in enumerate(on_page, start=first_number):
    with st.container(border=True):
        answer_widget(bank, bank.item(item_id), number, sheet.id, stored, sheet.role)

answered, skipped = answer_counts(item_ids, stored)
progress.progress(
    answered / total, text=progress_text(answered, skipped, total, page + 1, len(page_list))
)
missing = [item_id for item_id in on_page if item_id not in stored]
last_page = page == len(page_list) - 1

if st.session_state.get(SKIP_PROMPT) == (sheet.id, page) and missing:
    st.warning(
        no_answer_text([first_number + on_page.index(i) for i in missing])
        + " Answer, or skip on purpose: an axis gets a score when at least half of its "
        "questions are answered."
    )
    if st.button("Skip and continue", icon=":material/skip_next:", key="skip"):
        try:
            for item_id in missing:
                store().save_answer(sheet.id, item_id, None)
        except WorkshopClosed:
            st.rerun()  # closed meanwhile: the page now says so
        missing = []
        st.session_state[LEAVE_PAGE] = True

back, forward = st.columns(2)
with back:
    st.button(
        "Back",
        icon=":material/arrow_back:",
        disabled=page == 0,
        on_click=go_to,
        args=(page - 1,),
        width="stretch",
        key="back",
    )
with forward:
    label = ("Finish" if sheet.role == "observer" else "See my results") if last_page else "Next"
    if st.button(
        label, type="primary", icon=":material/arrow_forward:", width="stretch", key="next"
    ):
        if missing:
            st.session_state[SKIP_PROMPT] = (sheet.id, page)
            st.rerun()
        st.session_state[LEAVE_PAGE] = True

if st.session_state.pop(LEAVE_PAGE, False):
    if last_page:
        store().finish(sheet.id)
        st.switch_page("app_pages/results.py", query_params=sheet_params())
    go_to(page + 1)
    st.rerun()
