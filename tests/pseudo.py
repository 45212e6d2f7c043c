"""The pseudo-locale check: every string a page shows in ``en_XA`` is wrapped in ⟦ ⟧.

``tools/catalogues.py pseudo`` writes the ``en_XA`` catalogue, in which every marked string is
accented and wrapped (``Saved.`` → ``⟦Šåṽéđ.⟧``). A page drawn in ``en_XA`` that still shows a plain
English word has a string that was never marked. What may stay plain: what the person typed (the
journal's own text, passed as ``allowed``), numbers, dates (``en_XA`` formats them as English),
language names in their own words, and the product's name.

Used by the AppTest sweep (tests/apptest/test_pseudo_locale.py) and the browser sweep
(tests/e2e/test_languages_browser.py); it reads AppTest's element protos, or a browser's text.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable

from google.protobuf.json_format import MessageToDict

from rebound.text import md_escape

OPEN, CLOSE = "⟦", "⟧"
_WRAPPED = re.compile(OPEN + "[^" + OPEN + CLOSE + "]*" + CLOSE)
_MONTHS = "January February March April May June July August September October November December"
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
ALWAYS = frozenset(
    {"Rebound", "English", "Deutsch", "Español", "CSV", "JSON", "ics", "csv", "json", "xlsx", "min"}
    | set(_MONTHS.split())
    | {m[:3] for m in _MONTHS.split()}
    | {"Sept"}
    | set(_DAYS.split())
    | {d[:3] for d in _DAYS.split()}
)
_NOT_ASCII = sorted((w for w in ALWAYS if not w.isascii()), key=len, reverse=True)
# Markup that is not words: Markdown colour/badge directives, icons, links' targets, HTML entities.
_MARKUP = re.compile(r":material/[a-z_]+:|:[a-z]+\[|:[a-z]+-background\[|https?://\S+|&[a-z]+;|\\.|`[^`]*`|\{[a-z_]+\}")
_WORD = re.compile(r"[A-Za-z][A-Za-z']+")

# Proto fields that people read (labels, bodies, help, options); the rest are ids, keys and data.
_READ = {"body", "label", "help", "placeholder", "options", "caption", "text", "title", "message"}
_SKIP_TYPES = {"html", "page_link_hidden"}  # style blocks are not read by people


def strip_wrapped(text: str) -> str:
    """``text`` without its wrapped parts (innermost first: a wrapped string may hold another)."""
    while True:
        shorter = _WRAPPED.sub(" ", text)
        if shorter == text:
            return text
        text = shorter


@functools.lru_cache(maxsize=8)
def _allowed_pattern(allowed: frozenset[str]) -> re.Pattern | None:
    """Any of ``allowed`` where it stands whole (a typed "eb" must not eat the "eb" of "Feb"), longest first."""
    texts = sorted((t for t in allowed if t.strip()), key=len, reverse=True)
    if not texts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, texts)) + r")(?!\w)")


def plain_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The English words of ``text`` outside any wrapped part, ``allowed`` text and markup."""
    rest = strip_wrapped(text)
    pattern = _allowed_pattern(frozenset(allowed))
    if pattern is not None:
        rest = pattern.sub(" ", rest)
    rest = _MARKUP.sub(" ", rest)
    for word in _NOT_ASCII:  # "Español": the word pattern below reads English letters only
        rest = rest.replace(word, " ")
    return [w for w in _WORD.findall(rest) if w not in ALWAYS and w.strip("'") not in ALWAYS]


def visible_strings(at) -> list[str]:
    """Every string an AppTest run shows: bodies, labels, help, options, tab and expander titles,
    and the texts inside Plotly figures (titles, axis titles, tick labels, names, hover text)."""
    found: list[str] = []
    _walk(at._tree, found)
    return found


def _walk(node, found: list[str]) -> None:
    proto = getattr(node, "proto", None)
    if proto is not None and getattr(node, "type", None) not in _SKIP_TYPES:
        data = MessageToDict(proto)
        if getattr(node, "type", None) == "plotly_chart":
            found.extend(_figure_texts(json.loads(data.get("spec", "{}"))))
        else:
            _collect(data, found)
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            _walk(child, found)


def _collect(data, found: list[str], key: str = "") -> None:
    if isinstance(data, dict):
        for k, v in data.items():
            if k in ("children", "spec", "arrowData", "data"):
                continue
            _collect(v, found, k)
    elif isinstance(data, list):
        for v in data:
            _collect(v, found, key)
    elif isinstance(data, str) and key in _READ:
        found.append(data)


def _figure_texts(spec: dict) -> list[str]:
    out: list[str] = []
    layout = spec.get("layout", {})
    for value in layout.values():
        if isinstance(value, dict):
            out += _texts_of(value.get("title"))
            out += [str(t) for t in value.get("ticktext", []) or []]
    out += _texts_of(layout.get("title"))
    out += [a.get("text", "") for a in layout.get("annotations", []) or []]
    for trace in spec.get("data", []):
        out += [str(trace.get("name", "") or "")]
        out += [str(trace.get("hovertemplate", "") or "").replace("<extra></extra>", "")]
        for field in ("text", "hovertext"):
            value = trace.get(field)
            out += [str(v) for v in value] if isinstance(value, list) else [str(value or "")]
        for row in trace.get("customdata", []) or []:
            out += [str(v) for v in (row if isinstance(row, list) else [row]) if isinstance(v, str)]
    return [re.sub(r"<[^>]+>|%\{[^}]*\}", " ", t) for t in out if t]


def _texts_of(title) -> list[str]:
    if isinstance(title, dict):
        return [str(title.get("text", "") or "")]
    return [str(title)] if isinstance(title, str) else []


def unwrapped(strings: Iterable[str], allowed: Iterable[str] = ()) -> list[str]:
    """The strings that show English words outside a wrapped part (each once, in order)."""
    allowed = list(allowed)
    seen: dict[str, None] = {}
    for text in strings:
        if plain_words(text, allowed):
            seen.setdefault(text, None)
    return list(seen)


def known_codes() -> set[str]:
    """What records store instead of words: the models' codes and the content's ids (never user text)."""
    from rebound import content, models

    codes: set[str] = set()
    for value in vars(models).values():
        items = value.keys() if isinstance(value, dict) else value
        if isinstance(value, (tuple, list, set, frozenset, dict)) and items and all(isinstance(v, str) for v in items):
            codes.update(items)
    for name in ("traps", "understand", "stories", "themes", "templates", "reflection", "next_steps"):
        _ids(content.load(name), codes)
    return codes


def _ids(value, codes: set[str]) -> None:
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            codes.add(value["id"])
        for v in value.values():
            _ids(v, codes)
    elif isinstance(value, list):
        for v in value:
            _ids(v, codes)


def user_texts(export: dict) -> set[str]:
    """Every text a person typed in an exported journal (codes such as ``interview`` excluded)."""
    found: set[str] = set()
    codes = known_codes()

    def walk(value) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif (
            isinstance(value, str)
            and value not in codes
            and not re.fullmatch(r"[a-z0-9_:\-]*[_:\-\d][a-z0-9_:\-]*|\d{4}-\d\d-\d\d.*", value)
        ):
            for text in (value, *(line.strip() for line in value.splitlines() if line.strip())):
                found.update((text, md_escape(text)))  # as typed, and as a page shows it in Markdown

    walk(export)
    return found
