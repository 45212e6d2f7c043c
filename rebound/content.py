"""Shipped content (prompts, facts, emotions, templates, traps, stories ...) from data/content/.

Items carry stable ids so notes and references survive content edits. A
facilitator can override any file by putting one of the same name in the folder
named by ``REBOUND_CONTENT_DIR``; :func:`check_overrides` validates those at
start, and a file that fails is ignored (the shipped one is used) with a clear error.

An override's text is shown as plain text with at most bold, italics and lists
(``rebound.text.content_markdown``): no images, links, HTML or headings, whichever
page shows it. Message templates are the exception: they only ever become a
person's own draft, shown as plain text.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from rebound import i18n
from rebound.i18n import N_, _
from rebound.text import content_markdown

CONTENT_DIR = Path(__file__).resolve().parent.parent / "data" / "content"


def override_dir() -> Path | None:
    folder = os.environ.get("REBOUND_CONTENT_DIR")
    return Path(folder) if folder else None


def _read(path: Path) -> Any:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


@functools.cache
def _load(name: str, overrides: str | None, language: str = i18n.SOURCE) -> Any:
    """The content of ``name`` in ``language``: the facilitator's file in that language, else their
    English one, else the shipped translation laid over the shipped English by id (so an item not yet
    translated reads in English). In the pseudo-locale every text is English accented and wrapped."""
    if language == i18n.PSEUDO:
        return _pseudo(_load(name, overrides, i18n.SOURCE))
    shipped = _read(CONTENT_DIR / f"{name}.json")
    if overrides:
        for path in _override_paths(Path(overrides), name, language):
            if path.exists() and not _problems(name, path, shipped):
                doc = _read(path)
                return doc if name in _PLAIN_FILES else _safe(doc)
    translated = CONTENT_DIR / language / f"{name}.json"
    if language != i18n.SOURCE and translated.exists():
        return _lay_over(shipped, _read(translated))
    return shipped


def _override_paths(folder: Path, name: str, language: str) -> list[Path]:
    own = [folder / language / f"{name}.json"] if language != i18n.SOURCE else []
    return own + [folder / f"{name}.json"]


def _lay_over(base: Any, over: Any, key: str | None = None) -> Any:
    """``over`` (a translation) laid over ``base`` (English): same keys and ids, English where it has none."""
    if _is_ids(key, base) or type(base) is not type(over):
        return base
    if isinstance(base, dict):
        return {k: _lay_over(v, over[k], k) if k in over else v for k, v in base.items()}
    if isinstance(base, list) and base and all(isinstance(i, dict) and "id" in i for i in base):
        by_id = {i.get("id"): i for i in over if isinstance(i, dict)}
        return [_lay_over(i, by_id[i["id"]]) if i["id"] in by_id else i for i in base]
    if isinstance(base, list) and all(isinstance(i, dict) for i in base):
        return [_lay_over(b, o) for b, o in zip(base, over, strict=False)] + base[len(over) :]
    return over  # text, a number, a list of texts (a translation may have more or fewer)


_PLAIN_FILES = {"templates"}  # drafts: never Markdown (st.code, text areas, mailto:), and "[[ ]]" is their syntax
_ID_KEYS = {"id", "themes", "distortions"}  # ids and lists of ids stay exactly as written


def _is_ids(key: str | None, value: Any) -> bool:
    """An id or a list of ids (stories.json's top-level "themes" is a list of labelled themes, not ids)."""
    if key not in _ID_KEYS:
        return False
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


_CODES = {"purpose", "tone", "length"}  # templates' codes: looked up, never shown


def _pseudo(value: Any, key: str | None = None) -> Any:
    """Every shown text of a content file in the pseudo-locale ``en_XA`` (ids and codes left as they are),
    so that a page in ``en_XA`` tells content (wrapped) from a string never marked (plain)."""
    if isinstance(value, str):
        if _is_ids(key, value) or key in _CODES:
            return value
        from tools.catalogues import pseudo_text  # the catalogue's own pseudo-translation (a developer's locale)

        return pseudo_text(value)
    if isinstance(value, list):
        return value if _is_ids(key, value) else [_pseudo(v, key) for v in value]
    if isinstance(value, dict):
        return {k: _pseudo(v, k) for k, v in value.items()}
    return value


def _safe(value: Any, key: str | None = None) -> Any:
    """Every text in a facilitator's file, made safe for Markdown (ids left as they are)."""
    if isinstance(value, str):
        return value if key in _ID_KEYS else content_markdown(value)
    if isinstance(value, list):
        return [_safe(v, key) for v in value]
    if isinstance(value, dict):
        return {k: _safe(v, k) for k, v in value.items()}
    return value


def load(name: str) -> Any:
    """One content file by name (without .json) in the current language (``rebound.i18n``): the
    facilitator's override if valid, else the shipped one."""
    folder = override_dir()
    return _load(name, str(folder) if folder else None, i18n.current())


_KIND = {  # how a kind of JSON value is named in a problem (translated where shown)
    str: N_("text"),
    int: N_("a whole number"),
    float: N_("a number"),
    bool: N_("true or false"),
    list: N_("a list"),
    dict: N_("a group of named values"),
}


def _kind(value: Any) -> str:
    if value is None:
        return _("empty (null)")
    for typ in (bool, int, float, str, list, dict):  # bool before int: True is an int in Python
        if isinstance(value, typ):
            return _(_KIND[typ])
    return type(value).__name__


def _same_kind(shipped: Any, value: Any) -> bool:
    if isinstance(shipped, bool) or isinstance(value, bool):
        return isinstance(shipped, bool) and isinstance(value, bool)
    if isinstance(shipped, int | float) and not isinstance(shipped, bool):
        return isinstance(value, int | float) and (isinstance(shipped, float) or isinstance(value, int))
    return isinstance(value, type(shipped))


def _item_name(item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        # Translators: one entry of a content file, named by its id, e.g. item 'sad'
        return _("item {id}", id=repr(item["id"]))
    return _("item {n}", n=index)


def _should_be(where: str, shipped: Any, value: Any) -> str:
    # Translators: e.g. "traps.json, 'traps', item 'labelling', 'label' should be text, not a whole number."
    return _("{where} should be {kind}, not {other}.", where=where, kind=_kind(shipped), other=_kind(value))


def _entry(where: str, n: int) -> str:
    # Translators: the n-th entry of a list in a content file, after where it is, e.g. "themes.json, entry 3"
    return _("{where}, entry {n}", where=where, n=n)


def _shape_problems(shipped: Any, doc: Any, where: str) -> list[str]:
    """Every place where ``doc`` differs in type or shape from the shipped content (plain words)."""
    if not _same_kind(shipped, doc):
        return [_should_be(where, shipped, doc)]
    if isinstance(shipped, dict):
        problems = []
        for key, value in shipped.items():
            if key not in doc:
                problems.append(_("{where} is missing {key}.", where=where, key=repr(key)))
            else:
                problems += _shape_problems(value, doc[key], f"{where}, {key!r}")
        return problems
    if isinstance(shipped, list) and shipped:
        return _list_problems(shipped, doc, where)
    return []


def _list_problems(shipped: list, doc: list, where: str) -> list[str]:
    if not doc:
        return [_("{where} is empty; it needs at least one entry.", where=where)]
    first = shipped[0]
    if not all(isinstance(i, dict) for i in shipped):
        return [p for i, item in enumerate(doc, 1) for p in _shape_problems(first, item, _entry(where, i))]
    problems = []
    required = set.intersection(*(set(i) for i in shipped))
    examples: dict[str, Any] = {}
    for item in shipped:
        for key, value in item.items():
            examples.setdefault(key, value)
    if "id" in required:
        ids = [i.get("id") if isinstance(i, dict) else None for i in doc]
        if not all(isinstance(i, str) and i.strip() for i in ids):
            problems.append(_("{where}: every entry needs a text id.", where=where))
        elif len(set(ids)) != len(ids):
            problems.append(_("{where}: ids must be unique.", where=where))
    for index, item in enumerate(doc, 1):
        name = f"{where}, {_item_name(item, index)}"
        if not isinstance(item, dict):
            problems.append(_should_be(name, {}, item))
            continue
        if missing := sorted(required - set(item)):
            problems.append(_("{where} is missing {keys}.", where=name, keys=", ".join(missing)))
        for key, value in item.items():
            if key in examples and key != "id":
                problems += _shape_problems(examples[key], value, f"{name}, {key!r}")
    return problems


def _problems(name: str, path: Path, shipped: Any) -> list[str]:
    try:
        doc = _read(path)
    except UnicodeDecodeError:
        return [_("{file} is not saved as UTF-8 text, so it was not used.", file=path.name)]
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        if line:
            return [
                _("{file} is not valid JSON (look near line {line}), so it was not used.", file=path.name, line=line)
            ]
        return [_("{file} is not valid JSON, so it was not used.", file=path.name)]
    except OSError:
        return [_("{file} could not be read, so it was not used.", file=path.name)]
    return _shape_problems(shipped, doc, path.name)


def check_overrides() -> list[str]:
    """Problems in the facilitator's content folder (empty when all is well or none is set).

    The folder holds English files (``<folder>/<name>.json``) and, for any language Rebound speaks,
    files of the same names in a folder named by its code (``<folder>/de/<name>.json``); each one is
    checked against the shipped English file's shape, as it replaces it whole for that language."""
    folder = override_dir()
    if folder is None:
        return []
    if not folder.is_dir():
        return [_("REBOUND_CONTENT_DIR is set to {folder}, which is not a folder.", folder=folder)]
    problems = _folder_problems(folder, "")
    spoken = set(i18n.languages()) - {i18n.SOURCE}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        if sub.name not in spoken:
            if any(sub.glob("*.json")):
                problems.append(
                    _(
                        "{folder}/: Rebound has no language with that code (it has: {codes}), so its files are not used.",
                        folder=sub.name,
                        codes=", ".join(sorted(spoken)) or "-",
                    )
                )
            continue
        problems += _folder_problems(sub, f"{sub.name}/")
    return problems


def _folder_problems(folder: Path, prefix: str) -> list[str]:
    problems = []
    for path in sorted(folder.glob("*.json")):
        shipped = CONTENT_DIR / path.name
        if not shipped.exists():
            problems.append(
                _("{file}: Rebound has no content file of that name, so it is not used.", file=prefix + path.name)
            )
            continue
        problems += [prefix + p for p in _problems(path.stem, path, _read(shipped))]
    return problems


# --- shipped translations (data/content/<lang>/<name>.json) ------------------------------------

# Kept exactly as in English: ids, codes, lists of ids, citations, people's names.
_VERBATIM_KEYS = _ID_KEYS | {"source", "person", "purpose", "tone", "length"}
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def shipped_languages() -> list[str]:
    """The languages that ship translated content (folders of data/content)."""
    return sorted(p.name for p in CONTENT_DIR.iterdir() if p.is_dir())


def translation_problems(name: str, language: str) -> list[str]:
    """Where ``data/content/<language>/<name>.json`` differs from English in more than its words:
    ids (only English ones, all of them), fields, kinds of value, empty text, citations, names and
    codes (kept verbatim), ``{placeholders}`` and ``[[optional parts]]`` (kept as in English)."""
    path = CONTENT_DIR / language / f"{name}.json"
    where = f"{language}/{name}.json"
    if not path.exists():
        return [f"{where} is missing."]
    try:
        doc = _read(path)
    except (ValueError, UnicodeDecodeError) as exc:
        return [f"{where} cannot be read: {exc}"]
    return _translation_problems(_read(CONTENT_DIR / f"{name}.json"), doc, where)


def _translation_problems(base: Any, over: Any, where: str, key: str | None = None) -> list[str]:
    if not _same_kind(base, over):
        return [f"{where} should be {_kind(base)}, not {_kind(over)}."]
    verbatim = _is_ids(key, base) or (key in _VERBATIM_KEYS - _ID_KEYS)
    if verbatim or isinstance(base, bool | int | float) or base is None:
        return [] if over == base else [f"{where} must stay as in English ({base!r})."]
    if isinstance(base, str):
        problems = [] if over.strip() or not base.strip() else [f"{where} is empty."]
        if sorted(_PLACEHOLDER.findall(base)) != sorted(_PLACEHOLDER.findall(over)):
            problems.append(f"{where}: the {{placeholders}} differ from English.")
        if (base.count("[["), base.count("]]")) != (over.count("[["), over.count("]]")):
            problems.append(f"{where}: the [[optional parts]] differ from English.")
        return problems
    if isinstance(base, dict):
        problems = [f"{where} has {k!r}, which English has not." for k in over if k not in base]
        problems += [f"{where} is missing {k!r}." for k in base if k not in over]
        return problems + [
            p for k in base if k in over for p in _translation_problems(base[k], over[k], f"{where}, {k!r}", k)
        ]
    if base and all(isinstance(i, dict) and "id" in i for i in base):
        if not all(isinstance(i, dict) and "id" in i for i in over):
            return [f"{where}: every entry needs the id of an English one."]
        ids = [i["id"] for i in over]
        by_id = {i["id"]: i for i in base}
        problems = [f"{where}: {i!r} is not an id in English." for i in ids if i not in by_id]
        problems += [f"{where}: {i!r} is missing." for i in by_id if i not in ids]
        problems += [f"{where}: {i!r} is there twice." for i in sorted(set(ids)) if ids.count(i) > 1]
        return problems + [
            p
            for i in over
            if i["id"] in by_id
            for p in _translation_problems(by_id[i["id"]], i, f"{where}, {i['id']!r}")
        ]
    if len(base) != len(over):
        return [f"{where} should have {len(base)} entries, like English, not {len(over)}."]
    return [
        p
        for n, (b, o) in enumerate(zip(base, over, strict=True), 1)
        for p in _translation_problems(b, o, f"{where}, entry {n}", key)
    ]


def emotions() -> list[str]:
    """The shipped feelings' labels in the current language."""
    return list(emotion_labels().values())


def emotion_ids() -> list[str]:
    """The shipped feelings as stored: their ids (the options of the check-in and the thought record)."""
    return [e["id"] for e in load("understand")["emotions"]]


def emotion_labels() -> dict[str, str]:
    """``{id: label}`` of the shipped feelings in the current language."""
    return {e["id"]: e.get("label") or e["id"] for e in load("understand")["emotions"]}


def emotion_label(value: str) -> str:
    """How a stored feeling reads now: the label of its id, else the person's own words as typed.

    Records saved before ids were stored hold the English label, which is the id; one that holds a
    facilitator's English label (not an id) is found by that label."""
    labels = emotion_labels()
    if value in labels:
        return labels[value]
    with i18n.use(i18n.SOURCE):
        english = {label.casefold(): key for key, label in emotion_labels().items()}
    key = english.get(str(value).casefold())
    return labels.get(key, value)


def emotion_names(values: Iterable[str] | None) -> list[str]:
    """:func:`emotion_label` of each stored feeling, in order."""
    return [emotion_label(v) for v in values or []]


class _Live(Mapping):
    """A mapping read anew at every use (e.g. labels in the current language, for a declared form)."""

    def __init__(self, read) -> None:
        self._read = read

    def __getitem__(self, key):
        return self._read()[key]

    def __iter__(self) -> Iterator:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())


# A form's ``option_labels``: the feelings' labels in the language of whoever draws the form.
EMOTION_LABELS: Mapping[str, str] = _Live(emotion_labels)


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
