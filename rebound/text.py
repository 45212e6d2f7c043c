"""Showing people's own words safely."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~$:<&=])")


def md_escape(text: object) -> str:
    """Escape Markdown (and the characters of HTML) so user text is shown as typed.

    Without this a pasted ``![x](http://...)`` would make the browser fetch an image.
    """
    return _MD_SPECIAL.sub(r"\\\1", str(text if text is not None else "")).replace("\n", "  \n")


def shorten(text: str | None, limit: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
