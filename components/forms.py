"""Form plumbing shared by the pages: values in, checked by rebound, errors by the field.

Saving runs in the button's callback, before the page is drawn again, so the
page can show each message right under its field and clear a form that saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from rebound import journal
from rebound.models import Invalid
from rebound.store import StoreUnavailable, Workspace


def _errors_key(form: str) -> str:
    return f"_errors_{form}"


def errors(form: str) -> dict[str, str]:
    return st.session_state.get(_errors_key(form), {})


def field_error(form: str, field: str) -> None:
    """The message for one field, right under it (our own words, never user text)."""
    msg = errors(form).get(field)
    if msg:
        st.markdown(f":red[:material/error: {msg}]")


def flash(form: str, message: str) -> None:
    st.session_state[f"_flash_{form}"] = message


def show_flash(form: str) -> None:
    failed = st.session_state.pop(f"_failed_{form}", None)
    if failed:
        st.error(failed, icon=":material/cloud_off:")
    msg = st.session_state.pop(f"_flash_{form}", None)
    if msg:
        st.success(msg, icon=":material/check_circle:")


def wkey(form: str, field: str) -> str:
    return f"{form}__{field}"


def values(form: str, fields: list[str]) -> dict[str, Any]:
    return {f: st.session_state.get(wkey(form, f)) for f in fields}


def clear(form: str, fields: list[str]) -> None:
    for f in fields:
        st.session_state.pop(wkey(form, f), None)


def fill(form: str, record: Mapping[str, Any], fields: list[str], dates: tuple[str, ...] = ()) -> None:
    """Put a saved record's values into the form's widgets (for editing)."""
    for f in fields:
        value = record.get(f)
        if f in dates and value:
            value = dt.date.fromisoformat(value)
        st.session_state[wkey(form, f)] = value


def submit(form: str, fields: list[str], save: Callable[[dict[str, Any]], Any], done: str) -> Callable[[], None]:
    """A button callback: save the form's values, or keep them and record the errors."""

    def callback() -> None:
        try:
            save(values(form, fields))
        except Invalid as exc:
            st.session_state[_errors_key(form)] = exc.errors
            return
        except StoreUnavailable as exc:  # the database is away: say so, keep every typed value
            st.session_state[f"_failed_{form}"] = f"Could not save. {exc}"
            return
        st.session_state.pop(_errors_key(form), None)
        clear(form, fields)
        flash(form, done)

    return callback


def reset(form: str, fields: list[str]) -> None:
    st.session_state.pop(_errors_key(form), None)
    clear(form, fields)


def editing(table: str) -> str | None:
    return st.session_state.get(f"_editing_{table}")


def start_edit(table: str, rid: str, form: str, record: Mapping[str, Any], fields: list[str], dates=()) -> None:
    st.session_state[f"_editing_{table}"] = rid
    st.session_state.pop(_errors_key(form), None)
    fill(form, record, fields, dates)


def stop_edit(table: str, form: str, fields: list[str]) -> None:
    st.session_state.pop(f"_editing_{table}", None)
    reset(form, fields)


def iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def form_buttons(
    form: str,
    table: str,
    fields: list[str],
    save: Callable[[dict[str, Any]], Any],
    add_label: str,
    added: str,
    changed: str = "Changes saved.",
    in_form: bool = True,
) -> None:
    """ "Save changes" and "Cancel" while editing a record, else the add button.

    Inside an st.form they are its submit buttons; outside one (``in_form=False``), plain
    buttons keyed ``<form>_save``, ``<form>_save_changes`` and ``<form>_cancel``.
    """
    if in_form:
        add, save_changes, cancel = st.form_submit_button, st.form_submit_button, st.form_submit_button
        keys: dict[str, dict[str, str]] = {"add": {}, "changes": {}, "cancel": {}}
    else:
        add = save_changes = cancel = st.button
        keys = {
            "add": {"key": f"{form}_save"},
            "changes": {"key": f"{form}_save_changes"},
            "cancel": {"key": f"{form}_cancel"},
        }
    if editing(table):
        save_col, cancel_col = st.columns(2)
        with save_col:
            save_changes(
                "Save changes", type="primary", on_click=submit(form, fields, save, changed), **keys["changes"]
            )
        with cancel_col:
            cancel("Cancel", on_click=stop_edit, args=(table, form, fields), **keys["cancel"])
    else:
        add(add_label, type="primary", on_click=submit(form, fields, save, added), **keys["add"])


def saver(ws: Workspace, table: str, today: dt.date) -> Callable[[dict[str, Any]], None]:
    """The usual save for a form: dates to ISO, add or update the record being edited, stop editing."""

    def save(values: dict[str, Any]) -> None:
        journal.save(ws, table, {k: iso(v) for k, v in values.items()}, today, rid=editing(table))
        st.session_state.pop(f"_editing_{table}", None)

    return save
