"""Forms declared once: which fields a form has, how each is asked, in what layout.

A :class:`FormSpec` names its table; whether a field is required and how long it may be
come from that table's model (``rebound.models``), so the rule lives in one place and the
form only says how to ask. ``components.forms.render`` draws a spec; the specs themselves
live next to their pages' domain in ``rebound.specs``. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from rebound.i18n import N_, _
from rebound.models import MODELS

Kind = Literal[
    "text", "textarea", "select", "multiselect", "radio", "date", "slider", "select_slider", "number", "checkbox"
]

TODAY = "today"  # a default that means "the person's today", shown so they can change it

# Wide bounds for date pickers: Streamlit silently replaces a typed date outside its
# min/max (by default ten years either side), so the widget lets nearly any date in and
# the model says in words what is wrong with it (e.g. "in the future").
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)


@dataclass(frozen=True)
class Field:
    """One input: its record field, label and widget, and how to offer its choices."""

    name: str
    label: str | Callable[[], str]  # declared texts are marked with N_ and translated when drawn
    kind: Kind = "text"
    placeholder: str | Callable[[], str] | None = None  # a callable is read when the form is drawn
    help: str | Callable[[], str] | None = None
    options: tuple | Callable[[], Any] = ()  # a callable is read when the form is drawn
    option_labels: Mapping[Any, str] | None = None
    default: Any = None  # a new record's value; TODAY for the person's today
    min_value: Any = None
    max_value: Any = None
    step: Any = None
    new_options: bool = False  # a select or multiselect that accepts the person's own words
    max_selections: int | None = None
    format: Callable[[Any], str] | None = None  # the label of a value not in option_labels/choices
    height: int | None = None
    draft: bool = False  # a helper input (e.g. a draft's tone): passed to ``prepare``, not a record field

    def text_label(self) -> str:
        return _read(self.label)

    def placeholder_text(self) -> str | None:
        return _read(self.placeholder)

    def help_text(self) -> str | None:
        return _read(self.help)

    def labels(self) -> dict[Any, str] | None:
        """The declared option labels, translated (None when the field has none)."""
        return {k: _read(v) for k, v in self.option_labels.items()} if self.option_labels else None

    def choices(self) -> list:
        return list(self.options() if callable(self.options) else self.options)

    def blank(self) -> Any:
        """The widget value of "nothing entered"."""
        if self.kind == "checkbox":
            return False  # a record saved before the field existed reads as unticked
        return "" if self.kind in ("text", "textarea") else [] if self.kind == "multiselect" else None


def _read(value):
    """A declared text as shown now: read if it is a callable, translated if it is marked text (``N_``)."""
    if callable(value):
        return value()
    return _(value) if isinstance(value, str) and value else value


@dataclass(frozen=True)
class Slot:
    """A place in the layout where the page draws its own widgets (read by the form's ``prepare``).

    Errors for ``name`` (e.g. "ratings") are shown right under it.
    """

    name: str


@dataclass(frozen=True)
class Expander:
    """Fields folded away under ``title``; it opens by itself when one of them has a message."""

    title: str
    items: tuple


@dataclass(frozen=True)
class Words:
    """Fixed words between fields (ours, never user text): a bold line and a caption."""

    title: str
    caption: str | None = None


Row = tuple[Field, ...]  # fields side by side
Item = Field | Words | Slot | Expander | Row


@dataclass(frozen=True)
class FormSpec:
    """A form that writes one record of ``table``.

    ``name`` prefixes the widget keys (``<name>__<field>``); ``add_label`` is the button
    of a new record and ``added`` the message after it; an edit saves with "Save changes".
    ``edit_key`` names the edit slot (the table, unless two forms edit the same table).
    """

    name: str
    table: str
    layout: tuple[Item, ...]
    add_label: str
    added: str
    changed: str = N_("Changes saved.")
    edit_key: str = ""

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(names) != len(set(names)):
            raise ValueError(f"form {self.name!r} declares a field twice")
        model_fields = MODELS[self.table].model_fields
        unknown = [f.name for f in self.fields if f.name not in model_fields and not f.draft]
        if unknown:
            raise ValueError(f"form {self.name!r}: {self.table} has no field {unknown}")
        if not self.edit_key:
            object.__setattr__(self, "edit_key", self.table)

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(fields_of(self.layout))

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def required(self, name: str) -> bool:
        return MODELS[self.table].model_fields[name].is_required()

    def cap(self, name: str) -> int | None:
        """The model's length cap for a text field (None when it has none)."""
        info = MODELS[self.table].model_fields[name]
        for meta in info.metadata:
            if getattr(meta, "max_length", None) is not None:
                return meta.max_length
        return None

    def fresh(self, today: dt.date) -> dict[str, Any]:
        """The widget values of an empty form."""
        values = {}
        for f in self.fields:
            default = today if f.default == TODAY else f.default
            if isinstance(default, list | tuple):
                default = list(default)
            values[f.name] = f.blank() if default is None else default
        return values

    def from_record(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """A saved record as widget values (ISO dates become dates); draft-only inputs are left out."""
        values = {}
        for f in self.fields:
            if f.draft:
                continue  # not saved: a fresh form's value
            value = record.get(f.name)
            if f.kind == "date" and isinstance(value, str) and value:
                value = dt.date.fromisoformat(value)
            if f.kind == "multiselect":
                value = list(value or [])
            values[f.name] = f.blank() if value is None else value
        return values

    def to_record(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Widget values as a record for ``journal.save`` (dates become ISO text)."""
        return {
            f.name: (values.get(f.name).isoformat() if isinstance(values.get(f.name), dt.date) else values.get(f.name))
            for f in self.fields
        }

    def slots(self) -> list[str]:
        return [i.name for i in _items(self.layout) if isinstance(i, Slot)]


def _items(layout):
    for item in layout:
        if isinstance(item, Expander):
            yield from _items(item.items)
        elif isinstance(item, tuple):
            yield from item
        else:
            yield item


def fields_of(layout) -> list[Field]:
    """The fields of a layout (or of a part of one), in order."""
    return [i for i in _items(layout) if isinstance(i, Field)]


def show_values(spec: FormSpec, record: Mapping[str, Any], choices: Mapping[str, Mapping] | None = None):
    """``(label, text)`` for each filled field of a saved record, in form order (for plain display)."""
    out = []
    for f in spec.fields:
        if f.draft:
            continue
        value = record.get(f.name)
        if value in (None, "", []):
            continue
        names = (choices or {}).get(f.name) or f.labels() or {}
        if isinstance(value, list):
            text = ", ".join(str(names.get(v, v)) for v in value)
        elif isinstance(value, bool):
            text = _("yes") if value else _("no")
        else:
            text = str(names.get(value, value))
        out.append((f.text_label(), text))
    return out
