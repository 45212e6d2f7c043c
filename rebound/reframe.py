"""Thought records: checking them, their before/after shift, thinking traps and writing prompts.

Pure functions (no Streamlit). Intensities are 0–100: how strong the feeling was
before the exercise and after it. A positive *shift* means the feeling eased.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from rebound import content, i18n
from rebound.i18n import N_, _, ngettext
from rebound.insights import frame
from rebound.models import Invalid, validate

INTENSITY_FIELDS = ("intensity_before", "intensity_after")
INTENSITY_MESSAGE = N_("Rate it with a whole number from 0 (not at all) to 100 (as strong as it gets).")
BALANCED_MESSAGE = N_(
    "Write a more balanced thought before saving: it is the heart of the exercise. "
    "A sentence that takes in the evidence on both sides is enough."
)
FIELDS = [
    "date",
    "rejection_id",
    "situation",
    "automatic_thought",
    "emotion",
    "intensity_before",
    "distortions",
    "evidence_for",
    "evidence_against",
    "balanced_thought",
    "opportunity",
    "intensity_after",
]
FRAME_COLUMNS = ["id", "date", "intensity_before", "intensity_after", "emotion", "rejection_id", "created_at"]


# --- Thinking traps and writing prompts (shipped content) ------------------------------
def traps() -> list[dict[str, str]]:
    return content.load("traps")["traps"]


def trap_ids() -> list[str]:
    return [t["id"] for t in traps()]


def trap_label(trap_id: str) -> str:
    """The trap's name; an id the content no longer has is shown as it is."""
    return next((t["label"] for t in traps() if t["id"] == trap_id), trap_id)


def emotion_label(emotion: str | None) -> str | None:
    """A saved feeling as shown now (rebound.content.emotion_label); None when none was named."""
    return content.emotion_label(emotion) if emotion else None


def writing() -> dict[str, Any]:
    return content.load("writing_prompts")


def writing_prompt(prompt_id: str | None) -> dict[str, str] | None:
    return next((p for p in writing()["prompts"] if p["id"] == prompt_id), None)


# --- Checking a thought record ----------------------------------------------------------
def _intensity(value: Any) -> Any:
    """A 0–100 rating as int when it is one; anything else is left for the check to refuse."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return value


def prepare(values: Mapping[str, Any], rejections: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """Form values made ready to save: dates as text, ratings as numbers, the situation
    taken from the chosen rejection when left blank."""
    data = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}
    for f in INTENSITY_FIELDS:
        data[f] = _intensity(data.get(f))
    data["distortions"] = list(data.get("distortions") or [])
    rej = (rejections or {}).get(data.get("rejection_id") or "")
    if rej and not str(data.get("situation") or "").strip():
        # Translators: the situation of a thought record about a logged rejection (saved as the person's text)
        data["situation"] = _(
            "Heard no from {company} for the {role} role.", company=rej.get("company", ""), role=rej.get("role", "")
        )
    return data


def check(data: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """Validate a thought record with messages written for this exercise. Raises Invalid."""
    errors: dict[str, str] = {}
    try:
        clean = validate("reframes", data, today)
    except Invalid as exc:
        errors = dict(exc.errors)
        clean = {}
    for f in errors:
        if not str(data.get(f) or "").strip():
            errors[f] = _("Please fill this in.")
    for f in INTENSITY_FIELDS:
        if f in errors or isinstance(data.get(f), bool):
            errors[f] = _(INTENSITY_MESSAGE)
    if "balanced_thought" in errors and not str(data.get("balanced_thought") or "").strip():
        errors["balanced_thought"] = _(BALANCED_MESSAGE)
    known = set(trap_ids())
    unknown = [d for d in (data.get("distortions") or []) if d not in known]
    if unknown:
        errors["distortions"] = _("Please pick thinking traps from the list.")
    if errors:
        raise Invalid(errors)
    return clean


# --- Shifts ---------------------------------------------------------------------------------
def shift(record: Mapping[str, Any]) -> int:
    """How many points the feeling eased (negative: it grew stronger)."""
    return int(record["intensity_before"]) - int(record["intensity_after"])


def shift_phrase(record: Mapping[str, Any]) -> str:
    """ "eased by 30", "grew by 10" or "no change"."""
    s = shift(record)
    if s > 0:
        return _("eased by {points}", points=s)
    if s < 0:
        return _("grew by {points}", points=-s)
    return _("no change")


def shift_text(record: Mapping[str, Any]) -> str:
    """ "80 → 50 (eased by 30)"."""
    return _(
        "{before} → {after} ({shift})",
        before=record["intensity_before"],
        after=record["intensity_after"],
        shift=shift_phrase(record),
    )


def shifts_frame(records: list[dict]) -> pd.DataFrame:
    """One row per thought record, oldest first: date, before, after, shift."""
    # Only the columns needed, straight from the records: quick even with hundreds of them.
    df = frame([{c: r.get(c) for c in FRAME_COLUMNS} for r in records], FRAME_COLUMNS)[FRAME_COLUMNS]
    df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")
    for f in INTENSITY_FIELDS:
        df[f] = pd.to_numeric(df[f], errors="coerce")
    df = df.dropna(subset=["date", *INTENSITY_FIELDS])
    df = df.sort_values(["date", "created_at"], kind="stable").reset_index(drop=True)
    df["intensity_before"] = df["intensity_before"].astype(int)
    df["intensity_after"] = df["intensity_after"].astype(int)
    df["shift"] = df["intensity_before"] - df["intensity_after"]
    return df


def summary(df: pd.DataFrame) -> str:
    """One plain sentence about the shifts."""
    n = len(df)
    if n == 0:
        return _("No thought records yet. Once you save one, its before and after ratings appear here.")
    before, after = df["intensity_before"].mean(), df["intensity_after"].mean()
    eased = int((df["shift"] > 0).sum())
    avg = df["shift"].mean()
    numbers = {
        "before": i18n.format_number(before, decimals=0),
        "after": i18n.format_number(after, decimals=0),
        "eased": eased,
        "points": i18n.format_number(abs(avg), decimals=0),
    }
    if avg > 0:
        return ngettext(
            "Across {n} thought record, the feeling eased by {points} points on average (from {before} to {after} "
            "out of 100); it eased in {eased} of {n}.",
            "Across {n} thought records, the feeling eased by {points} points on average (from {before} to {after} "
            "out of 100); it eased in {eased} of {n}.",
            n,
            **numbers,
        )
    if avg < 0:
        return ngettext(
            "Across {n} thought record, the feeling grew by {points} points on average (from {before} to {after} "
            "out of 100); it eased in {eased} of {n}.",
            "Across {n} thought records, the feeling grew by {points} points on average (from {before} to {after} "
            "out of 100); it eased in {eased} of {n}.",
            n,
            **numbers,
        )
    return ngettext(
        "Across {n} thought record, the feeling stayed about the same on average (from {before} to {after} "
        "out of 100); it eased in {eased} of {n}.",
        "Across {n} thought records, the feeling stayed about the same on average (from {before} to {after} "
        "out of 100); it eased in {eased} of {n}.",
        n,
        **numbers,
    )


def trap_counts(records: Iterable[Mapping[str, Any]]) -> list[tuple[str, int]]:
    """Thinking traps by how often they were spotted, most often first."""
    counts = Counter(t for r in records for t in (r.get("distortions") or []))
    return sorted(counts.items(), key=lambda kv: (-kv[1], trap_label(kv[0])))


def table_view(df: pd.DataFrame) -> pd.DataFrame:
    """The chart's data as a plain table for people who prefer numbers."""
    out = df[["date", "intensity_before", "intensity_after", "shift", "emotion"]].copy()
    out["emotion"] = out["emotion"].map(emotion_label)
    out["date"] = out["date"].dt.date  # a date column: Streamlit shows it sortable, in ISO order
    return out.rename(
        columns={
            "date": _("Date"),
            "intensity_before": _("Before"),
            "intensity_after": _("After"),
            "shift": _("Eased by"),
            "emotion": _("Feeling"),
        }
    )


# --- Expressive writing timer ------------------------------------------------------------
def elapsed_minutes(started: float, now: float) -> int:
    """Whole minutes since the session started (never negative)."""
    return max(0, int((now - started) // 60))


def timer_text(started: float, now: float, planned: int) -> str:
    done = elapsed_minutes(started, now)
    if done >= planned:
        return ngettext(
            "{n} minute is up. Finish your sentence, or keep going if you want to.",
            "{n} minutes are up. Finish your sentence, or keep going if you want to.",
            planned,
        )
    if done == 0:
        return ngettext(
            "Just started · {n} minute planned. Keep the pen moving.",
            "Just started · {n} minutes planned. Keep the pen moving.",
            planned,
        )
    return ngettext(
        "{n} minute of {planned} · keep going, there is no wrong way to do this.",
        "{n} minutes of {planned} · keep going, there is no wrong way to do this.",
        done,
        planned=planned,
    )
