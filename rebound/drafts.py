"""Drafting messages from templates with named placeholders, and mailto: links.

Templates are plain text with ``{name}`` placeholders. A part wrapped in
``[[ ... ]]`` is optional: it is dropped when any placeholder inside it has no
value. Other missing values fall back to a neutral phrase, so no ``{placeholder}``
ever reaches a draft. Pure functions, no Streamlit.

A draft is written in the language the person picks for it, which may not be the app's:
``compose`` reads the template (``content.load`` gives the current language's), the neutral
phrases and any catalogue words of the values inside ``i18n.use(language)``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from urllib.parse import quote

from rebound import content, i18n
from rebound.i18n import N_, _

_OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.S)
_FORMATTER = string.Formatter()

# Neutral words for a missing value, so a draft still reads well (translated in the draft's language).
FALLBACKS = {
    "name": "",
    # Translators: stands for a missing name after the greeting: "Hi there," (German: "Hallo zusammen,").
    "contact_name": N_("there"),
    # Translators: stands for a missing company name inside a sentence of a message.
    "company": N_("your company"),
    # Translators: stands for a missing job title inside a sentence ("for the role").
    "role": N_("the role"),
    # Translators: stands for a missing stage inside a sentence ("during the process").
    "stage": N_("the process"),
    "specific": N_("the conversation"),
    "my_name": "",
}


def neutral() -> dict[str, str]:
    """The neutral phrases for missing values, in the current language."""
    return {name: _(phrase) if phrase else "" for name, phrase in FALLBACKS.items()}


def default_language() -> str:
    """A new draft's language: the app's (English while the app shows its pseudo-locale)."""
    current = i18n.current()
    return current if current in i18n.languages() else i18n.SOURCE


def language_name(code: str | None) -> str:
    """A language in its own words ("Deutsch"), never translated: it names the draft's language."""
    return i18n.languages().get(code or "", code or "")


def template(tid: str | None) -> dict | None:
    """The shipped (or facilitator's) message template ``tid`` in the current language."""
    return next((dict(t) for t in content.load("templates") if t.get("id") == tid), None)


Values = Mapping[str, object | None]


def compose(tid: str, values: Values | Callable[[], Values], language: str | None = None) -> tuple[str, str]:
    """(subject, body) of template ``tid`` written in ``language`` (None: the current language).

    The template, the neutral phrases for missing values and ``values`` when it is a callable (so
    catalogue words such as a stage phrase come out in the draft's language) are all read inside
    ``i18n.use(language)``; what the person typed is never translated.
    """
    with i18n.use(language):
        tmpl = template(tid)
        if tmpl is None:
            raise KeyError(f"No template {tid!r}.")
        given = values() if callable(values) else values
        return fill(tmpl["subject"], given), fill(tmpl["body"], given)


def placeholders(template: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in _FORMATTER.parse(template) if name}


def _substitute(text: str, values: Mapping[str, str]) -> str:
    out = []
    for literal, name, _spec, _conv in _FORMATTER.parse(text):
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
    merged = {**neutral(), **(fallbacks or {}), **given}
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
