"""The success-story library: shipped stories, the person's notes on them, and filtering.

Shipped stories carry stable ids; a person's notes (``story_notes``) point at them,
one note per story (write = update-or-add). Their own stories live in ``stories``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from rebound import content, journal
from rebound.i18n import _
from rebound.models import Invalid
from rebound.storage import Workspace


def library() -> list[dict[str, Any]]:
    return content.load("stories")["stories"]


def story(story_id: str) -> dict[str, Any] | None:
    return next((s for s in library() if s["id"] == story_id), None)


def themes() -> list[dict[str, str]]:
    """The story themes that at least one shipped story carries, in the content's order."""
    used = {t for s in library() for t in s["themes"]}
    return [t for t in content.load("stories")["themes"] if t["id"] in used]


def theme_label(theme_id: str) -> str:
    return next((t["label"] for t in content.load("stories")["themes"] if t["id"] == theme_id), theme_id)


def notes_by_story(notes: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The person's note for each story (the newest if there happen to be several)."""
    out: dict[str, dict[str, Any]] = {}
    for n in sorted(notes, key=lambda r: str(r.get("updated_at") or r.get("created_at") or "")):
        out[n["story_id"]] = dict(n)
    return out


def filter_stories(
    stories: list[dict[str, Any]],
    theme: str | None = None,
    favorites_only: bool = False,
    notes: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Stories with the theme (any when None); favourites only when asked, favourites first."""
    notes = notes or {}
    picked = [s for s in stories if theme is None or theme in s.get("themes", [])]
    if favorites_only:
        picked = [s for s in picked if notes.get(s["id"], {}).get("favorite")]
    return sorted(picked, key=lambda s: not notes.get(s["id"], {}).get("favorite"))


def save_note(
    ws: Workspace,
    story_id: str,
    today: dt.date,
    takeaway: str | None = None,
    favorite: bool | None = None,
) -> str:
    """Update-or-add the person's note on a shipped story. ``None`` keeps what is there."""
    if story(story_id) is None:
        raise Invalid({"story_id": _("That story is no longer in the library.")})
    current = notes_by_story(n for n in ws.all("story_notes") if n.get("story_id") == story_id).get(story_id, {})
    data = {
        "story_id": story_id,
        "takeaway": current.get("takeaway") if takeaway is None else takeaway,
        "favorite": bool(current.get("favorite")) if favorite is None else favorite,
    }
    return journal.save(ws, "story_notes", data, today, rid=current.get("id"))


def toggle_favorite(ws: Workspace, story_id: str, today: dt.date) -> bool:
    """Flip the favourite mark; returns the new state."""
    current = notes_by_story(n for n in ws.all("story_notes") if n.get("story_id") == story_id).get(story_id, {})
    new = not current.get("favorite")
    save_note(ws, story_id, today, favorite=new)
    return new
