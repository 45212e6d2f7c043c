"""One form mechanism for every page: draw a declared form, save it, say what happened.

``render(spec, ws, today)`` draws a :class:`rebound.forms_spec.FormSpec` as an ``st.form``:
each field's message right under it, the save through ``rebound.journal`` in the submit
button's callback (before the page is drawn again), the flash after it, Cancel and edit.

Why it is built this way (each seen in a real browser):
- Widget keys carry a *generation*: after a successful add, an edit or a cancel the
  generation moves on, so the browser gets new, empty widgets. Clearing session state
  under the same keys leaves the old text in the browser's form.
- Each drawn form carries a one-time token that a save consumes: a double click, or
  Enter then a click, submits the old token a second time and is ignored. The token is
  checked before anything else (``prepare`` too): the late submit reads the emptied form.
- A submit of the emptied form right after a save (the second click landed after the page
  was drawn again) is ignored too, quietly, and the success message stays: nothing was
  typed since the save, so there is nothing to say "please fill this in" about.
- After a save, keyboard focus goes to the emptied form's first field (``components.focus``):
  Streamlit would leave it on the document's top.
- Widgets keep their values across page and tab switches (``persist_state="session"``),
  and a failed save keeps what was typed: nothing is cleared until a save succeeds.
- No ``max_chars`` (it drops a whole paste over the cap without a word) and no date
  ``max_value`` (it silently replaces a typed date): the model checks both and says so.
- An edit saves with the ``updated_at`` the form was opened with: a record changed in
  another tab is refused and shown, a deleted one is named, a store that is down is
  reported, and the typed text stays in every case.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from components import focus
from rebound import journal
from rebound.forms_spec import EARLIEST, LATEST, Expander, Field, FormSpec, Slot, Words, fields_of, show_values
from rebound.i18n import N_, _, date_input_format, format_number
from rebound.models import Invalid
from rebound.storage import RecordChanged, RecordNotFound, StoreUnavailable, Workspace
from rebound.text import md_escape

CHANGED = N_("This changed in another tab; here is what is saved now.")
CHANGED_NEXT = N_("Press Save changes again to replace it with what you typed, or Cancel to keep it.")
GONE = N_(
    "This was deleted in another tab, so there is nothing left to save it to. "
    "Your text is still here if you want to copy it; Cancel closes the form."
)
UNAVAILABLE = N_("Could not save just now — your text is still here. Please try again in a moment.")

Choices = Mapping[str, Mapping[Any, str]]  # field -> {value: label} filled in when the form is drawn
# save(ws, table, record, today, rid=..., expected_updated_at=...) -> id: journal.save's signature, for a
# domain save that writes more than the one record (e.g. a conversation moving the person's last contact).
Saver = Callable[..., str]

# --- per-form state -----------------------------------------------------------------------
#
# Callbacks change a form's state only as plain mutations of its one state dict, after every
# Streamlit call they need: any st.* call inside a callback is a point where a rerun queued
# by a second click interrupts it, and a save must never be left half-recorded (saved, but
# its token not consumed).


def _state(spec: FormSpec) -> dict[str, Any]:
    return st.session_state.setdefault(
        f"_form_{spec.name}",
        {
            "gen": 0,
            "token": uuid.uuid4().hex,
            "errors": {},
            "notice": None,
            "opened_at": None,
            "editing": None,
            "pending": None,  # values for the next generation's widgets (an edit, a prefill)
            "flash": None,
            "just_saved": None,  # the last save's message, until the page is drawn for something else
            "drawn_with": None,  # the values this generation's widgets started with
        },
    )


def _key(spec: FormSpec, field: str, gen: int) -> str:
    # Generation 0 keeps the plain "<form>__<field>" key that tests and the load driver use.
    return f"{spec.name}__{field}" if gen == 0 else f"{spec.name}__{field}__{gen}"


def widget_key(spec: FormSpec, field: str) -> str:
    """The key of a field's widget as drawn now."""
    return _key(spec, field, _state(spec)["gen"])


def generation(spec: FormSpec) -> int:
    """The form's generation: part of every widget key, so a page's own widgets in a ``Slot`` can follow it."""
    return _state(spec)["gen"]


def value(spec: FormSpec, field: str) -> Any:
    """A field's current value: its widget's, or the one it is about to be drawn with (an edit)."""
    key = widget_key(spec, field)
    if key in st.session_state:
        return st.session_state[key]
    return (_state(spec)["pending"] or {}).get(field)


def _renew(state: dict[str, Any], values: Mapping[str, Any] | None = None, editing: str | None = None) -> None:
    """Next generation: new widgets holding ``values`` (None: a fresh form), a new token."""
    state.update(
        gen=state["gen"] + 1,
        token=uuid.uuid4().hex,
        errors={},
        notice=None,
        pending=dict(values) if values is not None else None,
        editing=editing,
        opened_at=None,
        drawn_with=None,
    )


def editing(spec_or_table: FormSpec | str) -> str | None:
    """The id of the record being edited in this form (a table name: in the first form helpers)."""
    if isinstance(spec_or_table, FormSpec):
        return _state(spec_or_table)["editing"]
    return st.session_state.get(f"_editing_{spec_or_table}")


def start_editing(spec: FormSpec, record: Mapping[str, Any]) -> None:
    """Callback: open ``record`` in the form, remembering when it was last saved."""
    state = _state(spec)
    _renew(state, spec.from_record(record), editing=record["id"])
    state["opened_at"] = record.get("updated_at")


def cancel(spec: FormSpec) -> None:
    """Callback: leave the edit (or clear the form), saving nothing."""
    _renew(_state(spec))


def prefill(spec: FormSpec, values: Mapping[str, Any]) -> None:
    """Callback-safe: put ``values`` into the form's widgets (e.g. a chosen template's text)."""
    state = _state(spec)
    current = {f.name: st.session_state.get(_key(spec, f.name, state["gen"])) for f in spec.fields}
    keep = {k: state[k] for k in ("editing", "opened_at")}
    _renew(state, {k: v for k, v in current.items() if v is not None} | dict(values), editing=keep["editing"])
    state["opened_at"] = keep["opened_at"]


def forget(table: str, rid: str) -> None:
    """The record ``rid`` was deleted here: close any form editing it."""
    for key, state in list(st.session_state.items()):
        if str(key).startswith("_form_") and isinstance(state, dict) and state.get("editing") == rid:
            _renew(state)
    if st.session_state.get(f"_editing_{table}") == rid:
        st.session_state.pop(f"_editing_{table}", None)


# --- saving -------------------------------------------------------------------------------


def _submit(
    spec: FormSpec,
    ws: Workspace,
    today: dt.date,
    token: str,
    fixed: Mapping[str, Any] | None,
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None,
    on_saved: Callable[[str, dict[str, Any]], None] | None,
    save: Saver | None = None,
) -> None:
    state = _state(spec)
    values = {f.name: st.session_state.get(_key(spec, f.name, state["gen"])) for f in spec.fields}
    if token != state["token"] or (state["just_saved"] and values == state["drawn_with"]):
        # This drawing was already saved (double click, Enter then click), or this is the emptied
        # form sent again before anything was typed: ignore it and keep saying it was saved.
        state["flash"] = state["just_saved"]
        return
    record = spec.to_record(values) | dict(fixed or {})
    try:
        if prepare is not None:
            record = prepare(record)  # may read session state: nothing is decided yet
    except Invalid as exc:
        state.update(errors=exc.errors, notice=None)
        return
    # No Streamlit call from here until the state is settled (see above).
    if token != state["token"]:
        return  # saved meanwhile by a submit that arrived during ``prepare``
    rid = state["editing"]
    state["token"] = None  # consumed: a submit arriving during the save is ignored
    try:
        saved = (save or journal.save)(
            ws, spec.table, record, today, rid=rid, expected_updated_at=state["opened_at"] if rid else None
        )
    except Invalid as exc:
        state.update(token=token, errors=exc.errors, notice=None)  # not saved: this drawing may be sent again
        return
    except RecordChanged as exc:
        # Show what is saved now; a second press saves over it on purpose.
        state.update(token=token, errors={}, notice=("changed", exc.current), opened_at=exc.current.get("updated_at"))
        return
    except RecordNotFound:
        state.update(token=token, errors={}, notice=("gone", None))
        return
    except StoreUnavailable:
        state.update(token=token, errors={}, notice=("unavailable", None))
        return
    except BaseException:
        state["token"] = token
        raise
    _renew(state)
    state["flash"] = state["just_saved"] = spec.changed if rid else spec.added
    if on_saved is not None:
        on_saved(saved, record)


# --- drawing ------------------------------------------------------------------------------


def render(
    spec: FormSpec,
    ws: Workspace,
    today: dt.date,
    *,
    choices: Choices | None = None,
    fixed: Mapping[str, Any] | None = None,
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    on_saved: Callable[[str, dict[str, Any]], None] | None = None,
    slots: Mapping[str, Callable[[], None]] | None = None,
    border: bool = True,
    live: bool = False,
    quiet: bool = False,
    on_change: Mapping[str, Callable[[], None]] | None = None,
    initial: Mapping[str, Any] | None = None,
    expanded: Mapping[str, bool] | None = None,
    save: Saver | None = None,
) -> None:
    """Draw ``spec``'s form with its flash, its errors and its buttons.

    ``choices`` gives the options of fields that depend on the journal (``{id: label}``);
    ``fixed`` adds values the form does not ask for; ``prepare`` may change the record
    before it is checked (it may read session state, e.g. a ``Slot``'s widgets, and raise
    Invalid); ``slots`` draws the page's own widgets at each ``Slot``; ``on_saved(id,
    record)`` runs after a save (e.g. to move the page's focus).

    ``live=True`` draws the fields outside an ``st.form`` (a draft that rewrites itself as
    the person types: ``on_change`` callbacks by field, plain buttons keyed ``<name>_save``
    and ``<name>_cancel``); ``quiet=True`` makes its other fields wait for the next run
    instead of rerunning the page on every change (what is typed still survives a tab switch). ``initial`` overrides a fresh form's values (e.g. a name from
    the profile); ``expanded`` opens an ``Expander`` by its title.
    ``save`` replaces ``journal.save`` (same signature; it must raise what journal.save raises
    and not call Streamlit).
    """
    state = _state(spec)
    saved_now = bool(state["flash"])
    if saved_now:
        message = state["flash"]  # a marked message (N_), translated as shown
        st.success(_(message), icon=":material/check_circle:")
        state["flash"] = None
    else:
        state["just_saved"] = None  # drawn again for something else: a later empty submit is a real one
    gen = state["gen"]
    start = spec.fresh(today) | dict(initial or {}) | (state["pending"] or {})
    for f in spec.fields:
        st.session_state.pop(_key(spec, f.name, gen - 1), None)  # the last generation's widgets
        if _key(spec, f.name, gen) not in st.session_state:  # a new generation
            st.session_state[_key(spec, f.name, gen)] = start.get(f.name, f.blank())
            state["drawn_with"] = None
    if state["drawn_with"] is None:
        state["drawn_with"] = {f.name: st.session_state[_key(spec, f.name, gen)] for f in spec.fields}
    state["pending"] = None
    if saved_now:
        _focus_after_save(spec, gen)
    box = st.container(border=border) if live else st.form(f"{spec.name}_form_{gen}", border=border)
    changes: dict[str, Any] | None = None
    if live:
        changes = {f.name: "ignore" for f in spec.fields} if quiet else {}
        changes |= dict(on_change or {})
    draw = _Drawing(spec, gen, choices, slots, changes, expanded or {}, state["errors"])
    with box:
        draw.items(spec.layout)
        _notice(spec, state, choices)
        _buttons(spec, ws, today, state["token"], fixed, prepare, on_saved, live, save)


def _focus_after_save(spec: FormSpec, gen: int) -> None:
    """Focus on the emptied form's first field, or on "Saved" when focusing that field would open
    something (a date's calendar) or do nothing useful (a slider)."""
    first = spec.fields[0] if spec.fields else None
    if first is not None and first.kind in ("text", "textarea", "number", "select"):
        focus.widget(_key(spec, first.name, gen))
    else:
        focus.message(f"{spec.name}-{gen}")


class _Drawing:
    """Draws a layout: rows as columns, words, slots, expanders and the fields themselves."""

    def __init__(self, spec, gen, choices, slots, on_change, expanded, errors):
        self.spec, self.gen, self.choices, self.slots = spec, gen, choices, slots or {}
        self.on_change, self.expanded, self.errors = on_change, expanded, errors

    def items(self, layout) -> None:
        for item in layout:
            if isinstance(item, tuple):
                for column, f in zip(st.columns(len(item)), item, strict=True):
                    with column:
                        self.items((f,))
            elif isinstance(item, Words):
                st.markdown(f"**{_(item.title)}**")
                if item.caption:
                    st.caption(_(item.caption))
            elif isinstance(item, Slot):
                self.slots[item.name]()
                field_error(self.spec.name, item.name)
            elif isinstance(item, Expander):
                inside = {f.name for f in fields_of(item.items)}
                opened = self.expanded.get(item.title, False) or bool(inside & set(self.errors))
                with st.expander(_(item.title), expanded=opened):
                    self.items(item.items)
            else:
                _field(self.spec, item, self.gen, self.choices, (self.on_change or {}).get(item.name))


def _field(spec: FormSpec, f: Field, gen: int, choices: Choices | None, changed=None) -> None:
    key = _key(spec, f.name, gen)
    label = f.text_label()
    common = {"key": key, "help": _help(spec, f), "persist_state": "session"}
    if changed is not None:
        common["on_change"] = changed
    placeholder = f.placeholder_text()
    if f.kind == "text":
        st.text_input(label, placeholder=placeholder, **common)
    elif f.kind == "textarea":
        st.text_area(label, placeholder=placeholder, height=f.height, **common)
    elif f.kind == "select":
        names = _names(f, choices)
        options = list(names) if names is not None and choices and f.name in choices else f.choices()
        current = st.session_state.get(key)
        if current not in (None, "") and current not in options:
            if f.new_options:
                options.append(current)  # the person's own words stay
            else:
                st.session_state[key] = None  # e.g. an edited record points at something deleted
        st.selectbox(
            label,
            options,
            index=None,
            format_func=_formatter(f, names),
            placeholder=placeholder or (_("Choose, or type and press Enter…") if f.new_options else _("Choose…")),
            accept_new_options=f.new_options,
            **common,
        )
    elif f.kind == "multiselect":
        names = _names(f, choices)
        options = list(names) if names is not None and choices and f.name in choices else f.choices()
        chosen = st.session_state.get(key) or []
        options += [v for v in chosen if v not in options]  # the person's own words stay choosable
        st.multiselect(
            label,
            options,
            format_func=_formatter(f, names),
            accept_new_options=f.new_options,
            max_selections=f.max_selections,
            placeholder=placeholder or (_("Choose, or type and press Enter…") if f.new_options else _("Choose…")),
            **common,
        )
    elif f.kind == "radio":
        names = _names(f, choices)
        st.radio(label, f.choices(), format_func=_formatter(f, names), horizontal=True, **common)
    elif f.kind == "date":
        st.date_input(
            label,
            value=None,
            min_value=f.min_value or EARLIEST,
            max_value=f.max_value or LATEST,
            format=date_input_format(),  # typed in the order the person's locale writes dates
            **common,
        )
    elif f.kind == "select_slider":
        st.select_slider(label, options=f.choices(), format_func=_formatter(f, f.labels()), **common)
    elif f.kind == "slider":
        st.slider(label, f.min_value, f.max_value, step=f.step, **common)
    elif f.kind == "number":
        st.number_input(label, f.min_value, f.max_value, value=None, step=f.step, placeholder=placeholder, **common)
    elif f.kind == "checkbox":
        st.checkbox(label, **common)
    else:  # pragma: no cover - FormSpec's Kind lists every kind
        raise ValueError(f.kind)
    field_error(spec.name, f.name)


def _help(spec: FormSpec, f: Field) -> str | None:
    cap = spec.cap(f.name) if f.kind == "textarea" and not f.draft else None
    parts = [f.help_text(), _("Up to {cap} characters.", cap=format_number(cap)) if cap else None]
    return " ".join(p for p in parts if p) or None


def _names(f: Field, choices: Choices | None) -> Mapping[Any, str] | None:
    if choices and f.name in choices:
        return choices[f.name]  # drawn by the page (may be the person's own words): never translated
    return f.labels()


def _formatter(f: Field, names: Mapping[Any, str] | None) -> Callable[[Any], str]:
    other = f.format or str
    if not names:
        return other
    return lambda v: str(names[v]) if v in names else other(v)


def _notice(spec: FormSpec, state: dict[str, Any], choices: Choices | None) -> None:
    """The form's own message above its buttons: another tab, a store that is down, stray errors."""
    own = {f.name for f in spec.fields} | set(spec.slots())
    stray = {k: v for k, v in state["errors"].items() if k not in own}
    for msg in stray.values():  # errors of values the form does not show (``fixed``): ours, plain words
        st.markdown(f":red[:material/error: {msg}]")
    notice = state["notice"]
    if not notice:
        return
    kind, current = notice
    if kind == "changed":
        st.warning(f"{_(CHANGED)} {_(CHANGED_NEXT)}", icon=":material/sync_problem:")
        for label, text in show_values(spec, current, choices):
            st.markdown(f"**{md_escape(label)}:** {md_escape(text)}")
    elif kind == "gone":
        st.warning(_(GONE), icon=":material/delete:")
    else:
        st.error(_(UNAVAILABLE), icon=":material/cloud_off:")


def _buttons(spec, ws, today, token, fixed, prepare, on_saved, live: bool, save=None) -> None:
    args = (spec, ws, today, token, fixed, prepare, on_saved, save)
    if live:
        save = functools.partial(st.button, key=f"{spec.name}_save")
        cancel_ = functools.partial(st.button, key=f"{spec.name}_cancel")
    else:
        save = cancel_ = st.form_submit_button
    if _state(spec)["editing"]:
        save_col, cancel_col = st.columns(2)
        with save_col:
            save(_("Save changes"), type="primary", on_click=_submit, args=args)
        with cancel_col:
            cancel_(_("Cancel"), on_click=cancel, args=(spec,))
    else:
        save(_(spec.add_label), type="primary", on_click=_submit, args=args)


# --- messages (shared with the pages' other forms) ---------------------------------------


def _errors_key(form: str) -> str:
    return f"_errors_{form}"


def errors(form: str) -> dict[str, str]:
    state = st.session_state.get(f"_form_{form}")
    if state is not None:
        return state["errors"]
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
        st.success(_(msg), icon=":material/check_circle:")  # a marked message (N_), translated as shown


# --- the first form helpers, still used by pages not yet drawn from a spec ------------


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
            st.session_state[f"_failed_{form}"] = _("Could not save. {reason}", reason=exc)
            return
        st.session_state.pop(_errors_key(form), None)
        clear(form, fields)
        flash(form, done)

    return callback


def reset(form: str, fields: list[str]) -> None:
    st.session_state.pop(_errors_key(form), None)
    clear(form, fields)


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
    changed: str = N_("Changes saved."),
    in_form: bool = True,
) -> None:
    """ "Save changes" and "Cancel" while editing a record, else the add button."""
    if in_form:
        add, save_changes, cancel_ = st.form_submit_button, st.form_submit_button, st.form_submit_button
        keys: dict[str, dict[str, str]] = {"add": {}, "changes": {}, "cancel": {}}
    else:
        add = save_changes = cancel_ = st.button
        keys = {
            "add": {"key": f"{form}_save"},
            "changes": {"key": f"{form}_save_changes"},
            "cancel": {"key": f"{form}_cancel"},
        }
    if editing(table):
        save_col, cancel_col = st.columns(2)
        with save_col:
            save_changes(
                _("Save changes"), type="primary", on_click=submit(form, fields, save, changed), **keys["changes"]
            )
        with cancel_col:
            cancel_(_("Cancel"), on_click=stop_edit, args=(table, form, fields), **keys["cancel"])
    else:
        add(_(add_label), type="primary", on_click=submit(form, fields, save, added), **keys["add"])


def saver(ws: Workspace, table: str, today: dt.date) -> Callable[[dict[str, Any]], None]:
    """The usual save for a form: dates to ISO, add or update the record being edited, stop editing."""

    def save(values: dict[str, Any]) -> None:
        journal.save(ws, table, {k: iso(v) for k, v in values.items()}, today, rid=editing(table))
        st.session_state.pop(f"_editing_{table}", None)

    return save
