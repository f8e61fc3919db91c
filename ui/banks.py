"""The custom banks page: the template to download, an uploaded bank checked by the one
loader (its problems with their line numbers, or a preview and a Save button), the owner
key shown once, and the custom banks this server keeps.

The page is `bank_page(read_upload)`: read_upload draws the file uploader and returns
the file's bytes and name, so a test can hand the page bytes (AppTest cannot upload).
Everything a file or a person wrote is shown as plain text (ui.text), never as HTML.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

import streamlit as st

from questions.bank import Bank
from questions.catalog import MAX_UPLOAD_BYTES, TEMPLATE_FILE, TextBankError, load_text
from store import StoredBank, StoreError
from ui.pickers import describe_form
from ui.resources import library, store
from ui.text import echo, plain

SAVED = "bank_saved"
"""Session state: (bank id, version, owner key or None) of the bank just saved."""
UPLOADS = "bank_uploads"
"""Session state: a counter in the uploader's key; a new key starts it empty."""
NAME_CHARS = 60
Upload = tuple[bytes, str] | None


def uploaded_file() -> Upload:
    """The file uploader: the chosen file's bytes and name, or None."""
    file = st.file_uploader(
        f"Your bank: a .yaml or .yml file of at most {MAX_UPLOAD_BYTES // 1024} KiB",
        type=["yaml", "yml"],
        key=f"bank_file_{st.session_state.get(UPLOADS, 0)}",
    )
    return None if file is None else (file.getvalue(), file.name)


def bank_page(read_upload: Callable[[], Upload]) -> None:
    """Everything but the links to other pages (AppTest.from_function has no pages)."""
    st.title("Your own question bank")
    st.write(
        "Trainers and HR can add a question bank of their own: axes with two poles, "
        "statements to agree with, forced choices and scenarios. Once saved it is kept in "
        "this server's database and offered to everyone, on the home page and for "
        "workshops, marked as a custom bank. Start from the template: it is a complete "
        "small bank with every field explained."
    )
    st.download_button(
        "Download the template",
        TEMPLATE_FILE.read_bytes(),
        file_name="my-bank.yaml",
        mime="application/x-yaml",
        icon=":material/download:",
        key="bank_template",
    )
    if not saved_notice():
        upload = read_upload()
        if upload is not None:
            review(*upload)
    stored_list()


def review(data: bytes, name: str) -> None:
    """An uploaded bank: its problems with their lines, or its preview and Save."""
    try:
        bank = load_text(data, name, ids_in_use=library().ids_in_use)
    except TextBankError as error:
        show_problems(error)
        return
    show_preview(bank)
    save_form(bank, data.decode("utf-8"))


def show_problems(error: TextBankError) -> None:
    count = len(error.located)
    st.error(
        f"**{echo(error.source, 80)}** cannot be used as it is: "
        f"{count} problem{'s' if count != 1 else ''} to fix. Change the file and upload "
        "it again; nothing was stored.",
        icon=":material/error:",
    )
    st.markdown("\n".join(f"- **{plain(p.where)}** · {plain(p.message)}" for p in error.located))


def show_preview(bank: Bank) -> None:
    st.success(
        f"**{plain(bank.title)}** keeps every rule. Check it below, then save it.",
        icon=":material/check_circle:",
    )
    with st.container(border=True):
        st.markdown(f"#### {plain(bank.title)}")
        if bank.description:
            st.markdown(plain(bank.description))
        st.caption(
            plain(
                f"id {bank.id} · version {bank.version} · agreement scale of "
                f"{bank.likert.points} points, {bank.likert.labels[0]} to "
                f"{bank.likert.labels[-1]}"
            )
        )
        kinds = Counter(_kind(item) for item in bank.items)
        counts = ", ".join(f"{n} {kind}{'s' * (n != 1)}" for kind, n in kinds.items())
        st.markdown(plain(f"{len(bank.items)} questions: {counts}"))
        per_axis = Counter(item.axis for item in bank.items)
        st.markdown(f"**{len(bank.axes)} axes**, left pole to right pole:")
        st.markdown(
            "\n".join(
                f"- {plain(a.title)}: {plain(a.left.label)} ↔ {plain(a.right.label)} "
                f"({per_axis[a.id]} questions)"
                for a in bank.axes
            )
        )
        st.markdown("**Forms:**")
        st.markdown("\n".join(f"- {describe_form(bank, f)}" for f in bank.form_names))


def _kind(item) -> str:
    if item.type == "likert":
        return "statement"
    return "forced choice" if len(item.options) == 2 else "scenario"


def save_form(bank: Bank, text: str) -> None:
    """Save: the first version of an id makes an owner key; a later one asks for it."""
    versions = [b.version for b in store().stored_banks() if b.bank_id == bank.id]
    owner_key = None
    if versions:
        if bank.version <= versions[0]:
            st.warning(
                plain(
                    f"Version {versions[0]} of the custom bank '{bank.id}' is stored "
                    f"already. To store this one as a new version, raise its version to "
                    f"{versions[0] + 1} or more; to store it as another bank, change its id."
                ),
                icon=":material/warning:",
            )
            return
        st.info(
            plain(
                f"This is a new version of the custom bank '{bank.id}' (stored: "
                f"{'versions' if len(versions) > 1 else 'version'} "
                f"{', '.join(map(str, versions))}). Answers already given keep the version "
                "they were given against; new assessments use this one."
            ),
            icon=":material/info:",
        )
        owner_key = st.text_input(
            "Owner key of this bank",
            type="password",
            help="Shown once, when its first version was saved.",
            key="bank_owner_key",
        )
    uploaded_by = st.text_input(
        "Your name or team (optional)",
        max_chars=NAME_CHARS,
        help="Shown in the list of custom banks on this server.",
        key="bank_by",
    )
    if st.button(
        f"Save version {bank.version}", type="primary", icon=":material/save:", key="bank_save"
    ):
        try:
            _, key = store().save_bank(
                text,
                bank.id,
                bank.version,
                bank.title,
                uploaded_by=uploaded_by.strip() or None,
                owner_key=(owner_key or "").strip() or None,
            )
        except StoreError as exc:
            st.error(plain(str(exc)), icon=":material/error:")
            return
        st.session_state[SAVED] = (bank.id, bank.version, key)
        st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
        st.rerun()


def saved_notice() -> bool:
    """After a save: what was stored and, for a new bank, its owner key, shown once."""
    saved = st.session_state.get(SAVED)
    if not saved:
        return False
    bank_id, version, key = saved
    st.success(
        f"Version {version} of **{plain(bank_id)}** is saved. It is offered on the home "
        "page and for workshops, marked as a custom bank.",
        icon=":material/check_circle:",
    )
    if key:
        with st.container(border=True):
            st.markdown("#### :material/key: The owner key of this bank: save it now")
            st.write(
                "It is shown only this once and is not stored anywhere readable. It is "
                "needed to upload a new version of this bank (the same id, a higher "
                "version); anyone who has it can do that."
            )
            st.code(key, language=None)
    if st.button("Upload another bank", icon=":material/upload_file:", key="bank_another"):
        del st.session_state[SAVED]
        st.rerun()
    return True


def stored_list() -> None:
    st.subheader("Custom banks on this server")
    versions: dict[str, list[StoredBank]] = defaultdict(list)
    for stored in store().stored_banks():
        versions[stored.bank_id].append(stored)
    if not versions:
        st.caption("None yet.")
        return
    lib = library()
    lines = []
    for bank_id, stored in versions.items():
        newest = stored[0]
        by = f" by {newest.uploaded_by}" if newest.uploaded_by else ""
        state = "" if bank_id in lib.custom else " (not offered: see below)"
        older = ", ".join(str(s.version) for s in stored[1:])
        kept = f"; older versions kept for the answers given on them: {older}" if older else ""
        lines.append(
            f"- **{plain(newest.title)}**{plain(state)} · "
            + plain(
                f"id {bank_id}, version {newest.version}, uploaded "
                f"{newest.uploaded_at:%Y-%m-%d %H:%M} UTC{by}{kept}"
            )
        )
    st.markdown("\n".join(lines))
    refused = {name: error for name, error in lib.broken.items() if name.startswith("custom")}
    for name, error in refused.items():
        st.caption(f"{plain(name)} cannot be offered now:")
        st.code(error, language=None)
