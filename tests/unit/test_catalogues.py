"""The shipped catalogues: complete, never fuzzy, placeholders kept, up to date with the source.

Each check is a function run on every shipped language and, once, on a broken catalogue it must
catch (the negative controls at the end).
"""

from __future__ import annotations

import io
import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from rebound import i18n
from tools import catalogues

LANGUAGES = [code for code in i18n.languages() if code != i18n.SOURCE]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _parts(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _text(context) -> str | None:
    """A message context as text (Babel's .mo reader gives it as bytes)."""
    return context.decode("utf-8") if isinstance(context, bytes) else context


def problems(catalog: Catalog) -> list[str]:
    """Empty, fuzzy or placeholder-mismatched entries of ``catalog``."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        ids, strings = _parts(message.id), _parts(message.string)
        name = f"{ids[0]!r}" + (f" ({message.context})" if message.context else "")
        if message.fuzzy:
            found.append(f"fuzzy: {name}")
        if not all(strings):
            found.append(f"empty: {name}")
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            got = set(PLACEHOLDER.findall(string))
            # A singular may say "one" instead of {n}; every other placeholder must be kept, none added.
            if got - wanted or (wanted - {"{n}"}) - got:
                found.append(f"placeholders: {name} → {string!r}")
    return found


def test_every_shipped_language_is_offered():
    assert {"en", "es", "de"} <= set(i18n.languages())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_with_its_placeholders(language):
    catalog = catalogues.read(catalogues.po_path(language), language)
    assert problems(catalog) == []


@pytest.mark.parametrize("language", LANGUAGES + [i18n.PSEUDO])
def test_every_catalogue_holds_exactly_the_marked_strings_of_the_source(language):
    template = catalogues.extract()
    catalog = catalogues.read(catalogues.po_path(language), language)
    marked = {(m.id, m.context) for m in template if m.id}
    held = {(m.id, m.context) for m in catalog if m.id}
    assert marked - held == set(), "run: python -m tools.catalogues update"
    assert held - marked == set(), "run: python -m tools.catalogues update"


def _text(context: str | bytes | None) -> str | None:
    """Babel's ``read_mo`` gives a pgettext context as bytes; its ``read_po`` as text."""
    return context.decode("utf-8") if isinstance(context, bytes) else context


@pytest.mark.parametrize("language", LANGUAGES + [i18n.PSEUDO])
def test_the_compiled_catalogue_matches_its_po(language):
    path = catalogues.po_path(language)
    with open(path.with_suffix(".mo"), "rb") as fh:
        compiled = {(_parts(m.id), _text(m.context)): _parts(m.string) for m in read_mo(fh) if m.id}
    written = {(_parts(m.id), m.context): _parts(m.string) for m in catalogues.read(path, language) if m.id}
    assert compiled == written, "run: python -m tools.catalogues compile"


def test_no_message_is_marked_both_with_and_without_a_plural():
    # gettext keeps a plural entry under (msgid, n): a plain _() of the same text would stay English.
    single, plural = {}, {}
    for source in catalogues.SOURCES:
        path = catalogues.ROOT / source
        if path.is_dir():
            for filename, line, message, _comments, context in extract_from_dir(
                path, [("**.py", "python")], keywords=catalogues.KEYWORDS
            ):
                where = plural if isinstance(message, tuple) else single
                where[(_parts(message)[0], context)] = f"{source}/{filename}:{line}"
    assert {key: (single[key], plural[key]) for key in single.keys() & plural.keys()} == {}


# --- negative controls: a broken catalogue is caught ------------------------------------------------

BROKEN = """
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Saved."
msgstr ""

#, fuzzy
msgid "Changes saved."
msgstr "Änderungen gespeichert."

msgid "Could not save. {reason}"
msgstr "Nicht gespeichert. {grund}"

msgid "{n} record"
msgid_plural "{n} records"
msgstr[0] "ein Eintrag"
msgstr[1] "Einträge"

msgid "Up to {cap} characters."
msgstr "Bis zu {cap} Zeichen."
"""


def test_negative_control_empty_fuzzy_and_mismatched_entries_are_caught():
    catalog = read_po(io.BytesIO(BROKEN.encode()), locale="de")
    found = problems(catalog)
    assert "empty: 'Saved.'" in found
    assert "fuzzy: 'Changes saved.'" in found
    assert "placeholders: 'Could not save. {reason}' → 'Nicht gespeichert. {grund}'" in found
    assert "placeholders: '{n} record' → 'Einträge'" not in found  # a plural may drop {n}
    assert not any("Up to" in p for p in found)
    assert len(found) == 3
