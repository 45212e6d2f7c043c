"""Drafting messages from templates with named placeholders, and mailto: links.

Templates are plain text with ``{name}`` placeholders. A part wrapped in
``[[ ... ]]`` is optional: it is dropped when any placeholder inside it has no
value. Other missing values fall back to a neutral phrase, so no ``{placeholder}``
ever reaches a draft. Pure functions, no Streamlit.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from urllib.parse import quote

_OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.S)
_FORMATTER = string.Formatter()

# Neutral words for a missing value, so a draft still reads well.
FALLBACKS = {
    "name": "",
    "contact_name": "there",
    "company": "your company",
    "role": "the role",
    "stage": "the process",
    "specific": "the conversation",
    "my_name": "",
}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in _FORMATTER.parse(template) if name}


def _substitute(text: str, values: Mapping[str, str]) -> str:
    out = []
    for literal, name, _, _ in _FORMATTER.parse(text):
        out.append(literal)
        if name:
            out.append(values.get(name, ""))
    return "".join(out)


def fill(template: str, values: Mapping[str, object | None], fallbacks: Mapping[str, str] | None = None) -> str:
    """The template with values filled in; optional parts without values dropped."""
    given = {k: " ".join(str(v).split()) for k, v in values.items() if v not in (None, "") and str(v).strip()}

    def optional(match: re.Match) -> str:
        part = match.group(1)
        return _substitute(part, given) if placeholders(part) <= given.keys() else ""

    text = _OPTIONAL.sub(optional, template)
    merged = {**FALLBACKS, **(fallbacks or {}), **given}
    text = _substitute(text, {name: merged.get(name, "") for name in placeholders(text)})
    # Tidy what dropped parts leave behind: double spaces, blank runs, space before punctuation.
    text = re.sub(r"[ \t]+([,.!?])", r"\1", re.sub(r"[ \t]{2,}", " ", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _header_safe(value: str) -> str:
    """No line breaks in an address or subject: they would start new mail headers."""
    return " ".join((value or "").split())


def mailto(to: str | None, subject: str, body: str) -> str:
    """A mailto: link, every part percent-encoded by the standard library."""
    address = _header_safe(to or "")
    if address and not re.fullmatch(r"[^@\s,;?&]+@[^@\s,;?&]+", address):
        address = ""  # not one plain address: leave the To line for the person to fill
    query = f"subject={quote(_header_safe(subject), safe='')}&body={quote(body, safe='')}"
    return f"mailto:{quote(address, safe='@')}?{query}"
