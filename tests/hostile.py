"""A journal whose every free-text field holds text that Markdown, Streamlit, HTML or Plotly would
turn into a link, an icon, a colour, an element or maths if it were not shown as plain text.

Built through the store API: a realistic journal (benchmarks.generate) whose text fields are then
overwritten, each record validated by the models and imported in one batch. Every marker word is
unique, so a test can look for an element made from it.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any

from benchmarks.generate import generate
from rebound.models import MODELS, Invalid, validate
from rebound.storage import FORMAT, SCHEMA_VERSION, Workspace

EVIL = "evil.example"  # every hostile link points here
ICON = "bug_report"  # an icon the app itself never uses
COLOURED = "violetword"  # inside :violet[...]
BOLD = "boldword"  # inside <b>...</b>, **...** and Plotly's <b>
SHORT = f"www.{EVIL} :material/{ICON}: :violet[{COLOURED}] <b>{BOLD}</b> $x^2$ :smile:"
LONG = (
    f"Visit http://{EVIL}/a, www.{EVIL} or me@{EVIL} and [click](http://{EVIL}/b) "
    f"<a href='http://{EVIL}/c'>here</a> :material/{ICON}: :violet[{COLOURED}] :red[alarm] "
    f"<b>{BOLD}</b> **{BOLD}** <script>window.__hostile = 1</script> <img src=x onerror=alert(1)> "
    "$x^2$ $$y$$ :smile: :+1: # heading\n- item"
)


def _is_text(annotation: Any) -> bool:
    """str or str | None (not a Literal choice, a date or a number)."""
    args = typing.get_args(annotation)
    return annotation is str or (bool(args) and str in args and type(None) in args)


def _is_tags(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list


def text_fields(table: str) -> list[tuple[str, int | None, bool]]:
    """(field, max length, is a list of tags) of every free-text field of ``table``."""
    out = []
    for name, info in MODELS[table].model_fields.items():
        if name == "id" or name.endswith("_id"):
            continue
        if _is_text(info.annotation) or _is_tags(info.annotation):
            limit = next((m.max_length for m in info.metadata if getattr(m, "max_length", None)), None)
            out.append((name, limit, _is_tags(info.annotation)))
    return out


META = ("id", "created_at", "updated_at")
TAG = f"<b>{BOLD}</b> :material/{ICON}:"  # tags are capped at 60 characters


def _hostile(limit: int | None) -> str:
    text = LONG if limit is None or limit >= len(LONG) else SHORT
    return text[: limit or None]


def _make_hostile(table: str, rec: dict[str, Any], today: dt.date) -> tuple[dict[str, Any], list[str]]:
    """The record with every free-text field hostile (a field the model refuses keeps its value)."""
    data = {k: v for k, v in rec.items() if k not in META}
    fields = []
    for name, limit, tags in text_fields(table):
        if tags:
            if data.get(name):
                data[name] = [TAG]
                fields.append(name)
        else:
            data[name] = _hostile(limit)
            fields.append(name)
    try:
        clean = validate(table, data, today)
    except Invalid as exc:  # e.g. an email field: keep the generated value there
        for name in exc.errors:
            data[name] = rec.get(name)
            fields.remove(name)
        clean = validate(table, data, today)
    return clean | {k: rec[k] for k in META if k in rec}, fields


def fill(ws: Workspace, today: dt.date, scale: float = 0.01) -> dict[str, set[str]]:
    """Write the hostile journal into ``ws``; return the fields made hostile, per table."""
    generate(ws, scale=scale, today=today)
    docs: dict[str, list[dict[str, Any]]] = {}
    hostile: dict[str, set[str]] = {}
    for table in ws.tables():
        docs[table] = []
        for rec in ws.all(table):
            clean, fields = _make_hostile(table, rec, today) if table in MODELS else (rec, [])
            docs[table].append(clean)
            hostile.setdefault(table, set()).update(fields)
    ws.import_data({"format": FORMAT, "version": SCHEMA_VERSION, "tables": docs}, mode="replace")
    return hostile
