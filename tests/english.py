"""English words that have no business on a page drawn in another language.

The words are found, not listed by hand: every word of Rebound's English source text (the catalogue
template's strings and the English content files) that never occurs in ``language``'s own text (its
catalogue's translations and its content files). A German page may say "Feedback" or "Workshop"
(German uses them too, so they are in the German catalogue); it must not say "Save", "your" or
"rejection". Words under three letters are left out (too many are shared by chance).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path

from rebound import i18n
from tests.pseudo import ALWAYS
from tools import catalogues

CONTENT = Path(__file__).resolve().parent.parent / "data" / "content"
_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’]+")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|:material/[a-z_]+:")


def _words(texts: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        found.update(w.lower().strip("'’") for w in _WORD.findall(_PLACEHOLDER.sub(" ", text)))
    return {w for w in found if len(w) >= 3}


def _json_texts(value) -> Iterable[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _json_texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_texts(v)
    elif isinstance(value, str):
        yield value


def _content_texts(folder: Path) -> Iterable[str]:
    for path in sorted(folder.glob("*.json")):
        yield from _json_texts(json.loads(path.read_text(encoding="utf-8")))


def _strings(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) if value else ()


@functools.cache
def english_only(language: str) -> frozenset[str]:
    """Lower-case English words of Rebound's source that ``language``'s text never uses."""
    template = catalogues.read(catalogues.POT)
    source = [part for m in template if m.id for part in _strings(m.id)]
    translated = catalogues.read(catalogues.po_path(language), language)
    target = [part for m in translated if m.id for part in _strings(m.string)]
    english = _words(source) | _words(_content_texts(CONTENT))
    own = _words(target) | _words(_content_texts(CONTENT / language)) | {w.lower() for w in ALWAYS}
    return frozenset(english - own)


def english_words(text: str, language: str, typed: Iterable[str] = ()) -> list[str]:
    """The English-only words in ``text`` (what the person typed, ``typed``, taken out first)."""
    assert language != i18n.SOURCE
    for words in sorted(set(typed), key=len, reverse=True):
        text = text.replace(words, " ")
    found = _WORD.findall(_PLACEHOLDER.sub(" ", text))
    return sorted({w for w in found if w.lower().strip("'’") in english_only(language)})
