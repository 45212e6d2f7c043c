"""Rebound's translation catalogues, with Babel: ``python -m tools.catalogues <command>``.

- ``update``: extract every marked string of the app into ``rebound/locale/rebound.pot`` and bring
  each language's ``.po`` up to date with it (new strings empty, gone strings dropped, no fuzzy
  guesses), then ``compile`` and ``pseudo``. ``--compendium OTHER.po`` (repeatable) fills empty entries
  from another catalogue of the same language (e.g. one translated on another branch).
- ``compile``: every ``.po`` to its ``.mo`` (committed, so the app needs no build step).
- ``pseudo``: the pseudo-locale ``en_XA``: every string wrapped in ⟦ ⟧ and accented, placeholders
  kept; a page in ``en_XA`` shows at a glance any string that was never marked.
- ``add LANG``: a new language: its catalogue (every entry empty) and ``data/content/LANG/`` to
  translate. Translate both, run ``compile``, and the language is offered in the sidebar.

The output is deterministic (sorted, no source lines, fixed dates) so that catalogues merge cleanly.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from rebound import i18n

ROOT = Path(__file__).resolve().parent.parent
POT = i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot"
SOURCES = ("app.py", "serve.py", "pages", "components", "rebound")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None}
FIXED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # no dates that change on every run
WIDTH = 100


def po_path(language: str) -> Path:
    return i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def shipped_languages() -> list[str]:
    """Every language with a catalogue (the pseudo-locale included)."""
    return sorted(p.name for p in i18n.LOCALE_DIR.iterdir() if (p / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").exists())


def extract() -> Catalog:
    """Every marked string in the app's source, as a template catalogue."""
    catalog = Catalog(project="Rebound", creation_date=FIXED, revision_date=FIXED, fuzzy=False)
    method_map = [("**.py", "python")]
    for source in SOURCES:
        path = ROOT / source
        found = (
            extract_from_dir(
                path, method_map, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
            )
            if path.is_dir()
            else _extract_file(path)
        )
        for _filename, _lineno, message, comments, context in found:
            catalog.add(message, None, auto_comments=comments, context=context)
    return catalog


def _extract_file(path: Path):
    from babel.messages.extract import extract

    with open(path, "rb") as fh:
        for lineno, message, comments, context in extract(
            "python", fh, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
        ):
            yield path.name, lineno, message, comments, context


def read(path: Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as fh:
        return read_po(fh, locale=locale)


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.revision_date = FIXED
    catalog.creation_date = FIXED
    buf = io.BytesIO()
    write_po(buf, catalog, width=WIDTH, no_location=True, omit_header=False, sort_output=True, ignore_obsolete=True)
    path.write_bytes(buf.getvalue())


def _key(message) -> tuple:
    return (message.id, message.context)


def update(compendia: list[Path]) -> None:
    template = extract()
    write(template, POT)
    for language in shipped_languages():
        if language == i18n.PSEUDO:
            continue
        catalog = read(po_path(language), language)
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)  # update() fills the template in
        catalog.obsolete.clear()
        for other in compendia:
            found = read(other)
            if found.locale and str(found.locale) == language:  # each compendium fills its own language only
                _fill_from(catalog, found)
        write(catalog, po_path(language))
    pseudo(template)
    compile_all()


def _fill_from(catalog: Catalog, other: Catalog) -> None:
    found = {_key(m): m.string for m in other if m.id and m.string and not m.fuzzy}
    for message in catalog:
        if message.id and not _translated(message.string) and _key(message) in found:
            message.string = found[_key(message)]


def _translated(string) -> bool:
    return bool(string) and (all(string) if isinstance(string, tuple) else True)


def compile_all() -> None:
    for language in shipped_languages():
        catalog = read(po_path(language), language)
        with open(po_path(language).with_suffix(".mo"), "wb") as fh:
            write_mo(fh, catalog)


# --- the pseudo-locale ------------------------------------------------------------------------------

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
OPEN, CLOSE = "⟦", "⟧"


def pseudo_text(text: str) -> str:
    """``text`` accented and wrapped, keeping ``{placeholders}``, ``:material/icons:`` and Markdown."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        end = _protected_end(text, i)
        if end:
            out.append(text[i:end])
            i = end
            continue
        out.append(ch.translate(_ACCENTS))
        i += 1
    return OPEN + "".join(out) + CLOSE


def _protected_end(text: str, i: int) -> int | None:
    """The end of a placeholder, icon or escape starting at ``i`` (copied unchanged), else None."""
    if text[i] == "{":
        j = text.find("}", i)
        return j + 1 if j > 0 else None
    if text.startswith(":material/", i):
        j = text.find(":", i + len(":material/"))
        return j + 1 if j > 0 else None
    if text[i] == "\\" and i + 1 < len(text):
        return i + 2
    return None


def pseudo(template: Catalog | None = None) -> None:
    template = template or read(POT)
    catalog = Catalog(locale="en", project="Rebound", creation_date=FIXED, revision_date=FIXED, fuzzy=False)
    for message in template:
        if not message.id:
            continue
        parts = message.id if message.pluralizable else (message.id,)
        strings = tuple(pseudo_text(part) for part in parts)
        catalog.add(message.id, strings if message.pluralizable else strings[0], context=message.context)
    write(catalog, po_path(i18n.PSEUDO))


# --- a new language ---------------------------------------------------------------------------------


def add(language: str) -> None:
    if po_path(language).exists():
        sys.exit(f"{language} already has a catalogue: {po_path(language)}")
    template = read(POT)
    catalog = Catalog(locale=language, project="Rebound", creation_date=FIXED, revision_date=FIXED, fuzzy=False)
    for message in template:
        if message.id:
            catalog.add(message.id, None, auto_comments=message.auto_comments, context=message.context)
    write(catalog, po_path(language))
    content = ROOT / "data" / "content"
    target = content / language
    target.mkdir(exist_ok=True)
    for source in sorted(content.glob("*.json")):
        if not (target / source.name).exists():
            (target / source.name).write_bytes(source.read_bytes())
    print(f"Now translate {po_path(language).relative_to(ROOT)} and the files in {target.relative_to(ROOT)},")
    print("then run: python -m tools.catalogues compile")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.catalogues", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("update", help="extract, update every catalogue, compile")
    up.add_argument("--compendium", type=Path, action="append", default=[], help="fill empty entries from this .po")
    sub.add_parser("compile", help="every .po to its .mo")
    sub.add_parser("pseudo", help="regenerate the en_XA pseudo-locale")
    new = sub.add_parser("add", help="start a new language")
    new.add_argument("language", help="a language code such as fr or pt_BR")
    args = parser.parse_args(argv)
    if args.command == "update":
        update(args.compendium)
    elif args.command == "compile":
        compile_all()
    elif args.command == "pseudo":
        pseudo()
        compile_all()
    else:
        add(args.language)


if __name__ == "__main__":
    main()
