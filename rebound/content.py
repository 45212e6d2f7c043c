"""Shipped content (prompts, facts, emotions, ...) from data/content/ as JSON.

Items carry stable ids so notes and references survive content edits.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).resolve().parent.parent / "data" / "content"


@functools.cache
def load(name: str) -> dict[str, Any]:
    """One content file by name (without .json). Shipped text, not user data."""
    with open(CONTENT_DIR / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


def emotions() -> list[str]:
    return [e["label"] for e in load("understand")["emotions"]]


def rejection_facts() -> list[dict[str, str]]:
    return load("understand")["facts"]


def acceptance_prompts() -> dict[str, str]:
    return load("understand")["acceptance_prompts"]
