"""On Understand: "Log it from the e-mail" — read a rejection e-mail into the rejection form.

Reading fills the form through the one form mechanism (``forms.prefill``: a new generation of
widgets, so a second e-mail replaces the first one's values); nothing is written until the
person presses the form's own Save. The e-mail's text goes into the notes only while the box
asking for it is ticked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from components import forms
from components.applications import rejection_values
from rebound import applications, i18n
from rebound.i18n import _
from rebound.intake import email_reader
from rebound.specs.understand import REJECTION
from rebound.storage import Workspace
from rebound.text import md_escape

STATE = "_email_intake"  # {"nonce": int, "draft": Draft | None, "error": str | None, "matched": str | None}
NOTES = "email_to_notes"
MAX_MB = 5


def _state() -> dict[str, Any]:
    return st.session_state.setdefault(STATE, {"nonce": 0, "draft": None, "error": None, "matched": None})


def _values(draft: email_reader.Draft, apps: list[dict], today: dt.date, weeks: int) -> tuple[dict, dict | None]:
    """The rejection form's values for this e-mail, and the open application it answers (if any)."""
    values: dict[str, Any] = {}
    match = email_reader.match_application(draft, [a for a in apps if applications.is_open(a)])
    if match is not None:
        values = rejection_values(match, today, weeks)
        values.pop("ghosted", None)  # an e-mail that says no is an answer, not silence
        if values.get("stage") == "applied" and match.get("status") == "waiting":
            values.pop("stage")
        values["ghosted"] = False
    if draft.company and match is None:
        values["company"] = draft.company
    if draft.role and match is None:
        values["role"] = draft.role
    if draft.heard_back_on:
        values["rejected_on"] = draft.heard_back_on
    if st.session_state.get(NOTES) and draft.text:
        values["notes"] = draft.text
    return values, match


def _read(ws: Workspace, today: dt.date, weeks: int, source: str) -> None:
    """Callback: read the dropped file or the pasted text, then fill the form. Writes nothing."""
    state = _state()
    tz = st.context.timezone
    try:
        if source == "file":
            upload = st.session_state.get(f"email_file_{state['nonce']}")
            if upload is None:
                return
            draft = email_reader.read_file(upload.getvalue(), tz=tz)
        else:
            draft = email_reader.read_text(st.session_state.get(f"email_text_{state['nonce']}") or "", tz=tz)
    except email_reader.NotAnEmail as exc:
        state.update(draft=None, error=exc.message, matched=None)
        return
    values, match = _values(draft, ws.all("applications"), today, weeks)
    state.update(draft=draft, error=None, matched=applications.name(match) if match else None)
    forms.prefill(REJECTION, values)
    found = draft.found()
    said = (
        _("Filled in {what} from the e-mail.", what=i18n.format_list(found))
        if found
        else _("The e-mail did not say much we could use.")
    )
    forms.flash(REJECTION.name, said + " " + _("Check everything below, then save: nothing is saved until you do."))


def _notes_changed() -> None:
    """Callback: the box for the e-mail's text in the notes was ticked or cleared."""
    draft = _state()["draft"]
    if draft is None or not draft.text:
        return
    current = forms.value(REJECTION, "notes") or ""
    if st.session_state.get(NOTES):
        forms.prefill(REJECTION, {"notes": (current + "\n\n" + draft.text).strip() if current else draft.text})
    elif draft.text in current:
        forms.prefill(REJECTION, {"notes": current.replace(draft.text, "").strip()})


def forget(*_: Any) -> None:
    """After the rejection is saved: an empty drop zone and paste box for the next e-mail."""
    state = _state()
    state.update(nonce=state["nonce"] + 1, draft=None, error=None, matched=None)
    st.session_state[NOTES] = False


def section(ws: Workspace, today: dt.date, weeks: int) -> None:
    """The "Log it from the e-mail" expander above the rejection form."""
    if forms.editing(REJECTION):
        return
    state = _state()
    nonce = state["nonce"]
    opened = bool(state["draft"] or state["error"])
    with st.expander(_("Log it from the e-mail"), icon=":material/mail:", expanded=opened):
        st.write(
            _(
                "Drop the rejection e-mail here, or paste its text, and Rebound fills in the form below for you "
                "to check. Nothing is saved until you press Save, and the e-mail itself is not kept."
            )
        )
        st.file_uploader(
            _("E-mail file (.eml, or .txt saved from your mail program; up to {mb} MB)", mb=MAX_MB),
            type=["eml", "txt"],
            key=f"email_file_{nonce}",
            on_change=_read,
            args=(ws, today, weeks, "file"),
            help=_("Most mail programs save a message as .eml: look for “Save as”, “Download message” or drag it out."),
        )
        st.text_area(
            _("Or paste the e-mail's text"),
            key=f"email_text_{nonce}",
            height=140,
            placeholder=_("Paste the whole message, with its subject and sender if you can."),
        )
        st.button(_("Fill in the form from this text"), key=f"email_read_{nonce}", on_click=_read,
                  args=(ws, today, weeks, "text"))  # fmt: skip
        st.checkbox(
            _("Also put the e-mail's text in the notes"),
            key=NOTES,
            on_change=_notes_changed,
            help=_("Off by default: the notes then hold only what you write."),
        )
        if state["error"]:
            st.markdown(f":red[:material/error: {state['error']}]")  # our own words, never the file's
        draft = state["draft"]
        if draft is not None:
            if draft.subject or draft.sender:
                sender = md_escape(draft.sender) if draft.sender else _("an unknown sender")
                line = _("From {sender}: “{subject}”", sender=sender, subject=md_escape(draft.subject))
                st.caption(_("Forwarded e-mail. {line}", line=line) if draft.forwarded else line)
            if state["matched"]:
                st.caption(
                    _(
                        "It answers your application {application}: picked in the form below.",
                        application=md_escape(state["matched"]),
                    )
                )
