"""Small display pieces: safe text, inline two-step delete, empty states.

Shared by every page. Their own words are translated here; what a caller passes in (a label for
``label_value``, ``what`` for a delete) must already be translated by the caller (``_()``).
"""

from __future__ import annotations

import contextlib
import functools

import streamlit as st

from components import forms
from rebound import journal
from rebound.forms_spec import FormSpec
from rebound.i18n import _, ngettext
from rebound.storage import Workspace
from rebound.text import md_escape


def _confirm_key(table: str, rid: str) -> str:
    return f"_confirm_{table}_{rid}"


def _do_delete(ws: Workspace, table: str, rid: str, message: str) -> None:
    st.session_state.pop(_confirm_key(table, rid), None)
    forms.forget(table, rid)
    with contextlib.suppress(KeyError):  # already gone (another tab): nothing left to do
        journal.delete(ws, table, rid)
    st.session_state["_deleted_flash"] = message


def show_deleted() -> None:
    msg = st.session_state.pop("_deleted_flash", None)
    if msg:
        st.success(msg, icon=":material/delete:")


def delete_button(ws: Workspace, table: str, rid: str, what: str) -> None:
    """Delete in two steps: the button, then a confirmation that names what goes with it.

    ``what`` may hold user text: it is escaped before it is shown.
    """
    key = _confirm_key(table, rid)
    if not st.session_state.get(key):
        st.button(
            _("Delete"),
            key=f"del_{table}_{rid}",
            icon=":material/delete:",
            on_click=st.session_state.__setitem__,
            args=(key, True),
        )
        return
    plan = journal.plan_delete(ws, table, rid)
    # Translators: {what} is e.g. "the rejection from Acme · Analyst"; {consequences} names what goes with it.
    warning = _(
        "Delete {what}? {consequences} This cannot be undone.", what=md_escape(what), consequences=plan.describe()
    )
    st.warning(warning, icon=":material/warning:")
    yes, no = st.columns(2)
    yes.button(
        _("Yes, delete"),
        key=f"yes_{table}_{rid}",
        type="primary",
        on_click=_do_delete,
        args=(ws, table, rid, _("Deleted.")),
    )
    no.button(_("Keep it"), key=f"no_{table}_{rid}", on_click=st.session_state.pop, args=(key, None))


def label_value(label: str, value: object) -> None:
    """A labelled piece of the person's own text, shown as typed (``label``: already translated)."""
    if value:
        st.markdown(f"**{label}:** {md_escape(value)}")


def first_page(records: list, key: str, step: int = 10) -> list:
    """The records to show now: the newest ``step``, more after each "Show more".

    Keeps a long journal's page as quick as a new one's.
    """
    return records[: st.session_state.get(f"_show_{key}", step)]


def show_more(records: list, key: str, step: int = 10) -> None:
    shown = st.session_state.get(f"_show_{key}", step)
    if len(records) > shown:
        older = len(records) - shown
        st.button(
            ngettext(
                "Show {n} more (of {older} older)", "Show {n} more (of {older} older)", min(step, older), older=older
            ),
            key=f"more_{key}",
            icon=":material/expand_more:",
            on_click=st.session_state.__setitem__,
            args=(f"_show_{key}", shown + step),
        )


def edit_and_delete(
    ws: Workspace,
    table: str,
    record: dict,
    form: str,
    fields: list[str],
    what: str,
    *,
    edit_key: str,
    dates: tuple[str, ...] = (),
) -> None:
    """The Edit and Delete buttons under a listed record, side by side."""
    edit_col, delete_col = st.columns(2)
    with edit_col:
        st.button(
            _("Edit"),
            key=edit_key,
            icon=":material/edit:",
            on_click=forms.start_edit,
            args=(table, record["id"], form, record, fields, dates),
        )
    with delete_col:
        delete_button(ws, table, record["id"], what)


def record_actions(ws: Workspace, spec: FormSpec, record: dict, what: str, *, edit_key: str, on_edit=None) -> None:
    """Edit (opens ``record`` in ``spec``'s form) and Delete under a listed record, side by side.

    ``on_edit(record)`` replaces the plain open when the page has more to set up (it should
    call ``forms.start_editing`` first).
    """
    edit_col, delete_col = st.columns(2)
    with edit_col:
        if on_edit is None:
            on_edit = functools.partial(forms.start_editing, spec)
        st.button(_("Edit"), key=edit_key, icon=":material/edit:", on_click=on_edit, args=(record,))
    with delete_col:
        delete_button(ws, spec.table, record["id"], what)
