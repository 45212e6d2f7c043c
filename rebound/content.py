"""Shipped content (prompts, facts, emotions, templates, traps, stories ...) from data/content/.

Items carry stable ids so notes and references survive content edits. A
facilitator can override any file by putting one of the same name in the folder
named by ``REBOUND_CONTENT_DIR``; :func:`check_overrides` validates those at
start, and a file that fails is ignored (the shipped one is used) with a clear error.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).resolve().parent.parent / "data" / "content"


def override_dir() -> Path | None:
    folder = os.environ.get("REBOUND_CONTENT_DIR")
    return Path(folder) if folder else None


def _read(path: Path) -> Any:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


@functools.cache
def _load(name: str, overrides: str | None) -> Any:
    shipped = _read(CONTENT_DIR / f"{name}.json")
    if overrides:
        path = Path(overrides) / f"{name}.json"
        if path.exists() and not _problems(name, path, shipped):
            return _read(path)
    return shipped


def load(name: str) -> Any:
    """One content file by name (without .json): the facilitator's override if valid, else the shipped one."""
    folder = override_dir()
    return _load(name, str(folder) if folder else None)


def _item_lists(doc: Any, where: str = "") -> dict[str, list]:
    """Every list of id-carrying items in a content document, by its place."""
    found: dict[str, list] = {}
    if isinstance(doc, list) and doc and all(isinstance(i, dict) and "id" in i for i in doc):
        found[where or "(top)"] = doc
    elif isinstance(doc, dict):
        for key, value in doc.items():
            found.update(_item_lists(value, f"{where}.{key}" if where else key))
    return found


def _problems(name: str, path: Path, shipped: Any) -> list[str]:
    try:
        doc = _read(path)
    except (OSError, ValueError) as exc:
        return [f"{path.name}: not valid JSON ({exc})."]
    if type(doc) is not type(shipped):
        return [f"{path.name}: expected a JSON {type(shipped).__name__}, like the shipped file."]
    problems = []
    if isinstance(shipped, dict):
        problems += [f"{path.name}: missing the section {k!r}." for k in shipped if k not in doc]
    theirs = _item_lists(doc)
    for place, items in _item_lists(shipped).items():
        over = theirs.get(place)
        if over is None:
            continue  # a missing section is reported above
        required = set.intersection(*(set(i) for i in items))
        ids = [i.get("id") for i in over if isinstance(i, dict)]
        if len(ids) != len(over) or not all(isinstance(i, str) and i for i in ids):
            problems.append(f"{path.name} ({place}): every item needs a text id.")
        elif len(set(ids)) != len(ids):
            problems.append(f"{path.name} ({place}): ids must be unique.")
        for item in over:
            if isinstance(item, dict) and (missing := required - set(item)):
                problems.append(
                    f"{path.name} ({place}), item {item.get('id')!r}: missing {', '.join(sorted(missing))}."
                )
    return problems


def check_overrides() -> list[str]:
    """Problems in the facilitator's content folder (empty when all is well or none is set)."""
    folder = override_dir()
    if folder is None:
        return []
    if not folder.is_dir():
        return [f"REBOUND_CONTENT_DIR is set to {folder}, which is not a folder."]
    problems = []
    for path in sorted(folder.glob("*.json")):
        shipped = CONTENT_DIR / path.name
        if not shipped.exists():
            problems.append(f"{path.name}: Rebound has no content file of that name, so it is not used.")
            continue
        problems += _problems(path.stem, path, _read(shipped))
    return problems


def emotions() -> list[str]:
    return [e["label"] for e in load("understand")["emotions"]]


def rejection_facts() -> list[dict[str, str]]:
    return load("understand")["facts"]


def acceptance_prompts() -> dict[str, str]:
    return load("understand")["acceptance_prompts"]


def themes() -> list[dict]:
    """The theme vocabulary (empty if the file is not there)."""
    try:
        data = load("themes")
    except FileNotFoundError:
        return []
    return data.get("themes", []) if isinstance(data, dict) else data


def theme_ids() -> list[str]:
    return [t["id"] for t in themes()]


def theme_labels() -> dict[str, str]:
    return {t["id"]: t.get("label", t["id"]) for t in themes()}
