"""The store contract both backends keep: the Workspace protocol, the document format and its errors.

A ``Workspace`` is a person's journal, reachable only through its key (see DESIGN.md):
add/get/all/count/update/delete, ``batch()``, ``revision`` and ``table_revision``,
``export()`` and ``import_data()``. Nothing here names TinyDB or psycopg, so pages and the
domain code type against this and never against a backend; ``rebound.storage.open_workspace``
picks the backend.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, Protocol

import orjson

from rebound import applications
from rebound.i18n import N_, _

FORMAT = "rebound"
SCHEMA_VERSION = 2

# Schema migrations: MIGRATIONS[v] turns version-v tables ({name: [records]}) into
# version v+1. Later issues add fields here; files and backups both pass through.
# Each is idempotent by content, so journals kept without a version (PostgreSQL rows) run it
# in place once per process (rebound.applications.upgrade_workspace).
MIGRATIONS: dict[int, Callable[[dict[str, list[dict]]], dict[str, list[dict]]]] = {
    1: applications.upgrade_tables,  # 1 -> 2: every rejection gains its application
}


def migrate(tables: dict[str, list[dict]], version: int) -> dict[str, list[dict]]:
    while version < SCHEMA_VERSION:
        tables = MIGRATIONS[version](tables)
        version += 1
    return tables


class StoreError(Exception):
    """A problem with the journal file or an import document."""


class RecordNotFound(KeyError):
    """update/delete of an id that is not in the table."""


class RecordChanged(StoreError):
    """An update refused because the record changed since the caller read it (another tab).

    ``current`` is the record as it is saved now, so the UI can show it.
    """

    def __init__(self, table: str, rid: str, current: dict):
        super().__init__(f"{table} {rid!r} changed since it was opened.")
        self.table, self.rid, self.current = table, rid, current


class StoreUnavailable(StoreError):
    """The store could not be reached (e.g. the database is down); nothing was written."""


SECRET_CHANGED = N_(
    "Your journal cannot be opened right now: this deployment's storage secret changed since your "
    "journal was last saved. Nothing was changed or lost. Please tell whoever runs this Rebound: with the "
    "previous secret set again, or the journals re-sealed under the new one "
    "(python -m rebound.migrate --rotate-secret), it opens as before."
)


class SecretChanged(StoreUnavailable):
    """A login journal sealed under another storage secret: refused, and nothing is touched."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _(SECRET_CHANGED))  # in the language of the session that meets it


class ImportRefused(StoreError):
    """An import document failed the structure check; nothing was changed."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class Workspace(Protocol):
    """What every backend's workspace offers; the app types against this, never a backend class."""

    def batch(self) -> AbstractContextManager[Workspace]: ...

    def add(self, table: str, record: Mapping) -> str: ...

    def get(self, table: str, rid: str) -> dict | None: ...

    def all(self, table: str) -> list[dict]: ...

    def count(self, table: str) -> int: ...

    def update(self, table: str, rid: str, changes: Mapping, expected_updated_at: str | None = None) -> None: ...

    def delete(self, table: str, rid: str) -> None: ...

    @property
    def revision(self) -> str: ...

    def table_revision(self, table: str) -> str: ...

    @property
    def id(self) -> str: ...

    @property
    def sealed(self) -> bool: ...

    @property
    def exists(self) -> bool: ...

    def tables(self) -> list[str]: ...

    def take_notices(self) -> list[str]: ...

    def unreadable(self) -> dict[str, int]: ...  # records per table that do not open (changed in the database)

    def delete_unreadable(self) -> int: ...

    def export(self) -> dict: ...

    def import_data(self, doc: Any, mode: str = "merge") -> dict[str, dict[str, int]]: ...

    def destroy(self) -> None: ...


def key_digest(key: str) -> str:
    """The journal's non-secret name in every backend: sha256 of the key (any unicode, NULs)."""
    if not isinstance(key, str) or not key:
        raise ValueError("A workspace key must be a non-empty string.")
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")  # fine enough to tell two saves apart


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) if isinstance(v, (dict, list)) else v for k, v in value.items()}
    return [_deep_copy(v) if isinstance(v, (dict, list)) else v for v in value]


def _copy_record(doc: Mapping) -> dict:
    # A deep copy keeps callers from mutating the cached journal, however deep the record.
    return {k: (_deep_copy(v) if isinstance(v, (dict, list)) else v) for k, v in doc.items()}


def _as_stored(value: Any) -> Any:
    """What the file will hold: a private, JSON-normalised copy (date -> str, tuple -> list).

    Raises TypeError for values that cannot be saved, before anything is touched.
    """
    return orjson.loads(orjson.dumps(value))


def _check_table_name(table: str) -> None:
    if not isinstance(table, str) or not table or table.startswith("_"):
        raise ValueError(f"Not a table name: {table!r}")


def check_document(doc: Any) -> dict[str, list[dict]]:
    """Structure check of an export document; raises ImportRefused listing every problem."""
    problems: list[str] = []
    if not isinstance(doc, dict):
        raise ImportRefused([_("The file is not a Rebound backup (expected a JSON object).")])
    if doc.get("format") != FORMAT:
        problems.append(_('This is not a Rebound backup (the "format" field is missing or different).'))
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(_('The backup has no valid "version" number.'))
    elif version > SCHEMA_VERSION:
        problems.append(
            _(
                "This backup was made by a newer version of Rebound (format {version}; this app reads up to "
                "{known}). Update Rebound, then restore it.",
                version=version,
                known=SCHEMA_VERSION,
            )
        )
    tables = doc.get("tables")
    if not isinstance(tables, dict):
        problems.append(_('The backup has no "tables" section.'))
        raise ImportRefused(problems)
    for name, records in tables.items():
        if not isinstance(name, str) or not name or name.startswith("_"):
            problems.append(_("Table name {name} is not allowed.", name=repr(name)))
            continue
        if not isinstance(records, list):
            problems.append(_('"{name}" should be a list of records.', name=name))
            continue
        seen: set[str] = set()
        for i, rec in enumerate(records, start=1):
            if not isinstance(rec, dict):
                problems.append(_("{table}, record {i}: not an object.", table=name, i=i))
                continue
            rid = rec.get("id")
            if not isinstance(rid, str) or not rid or len(rid) > 64:
                problems.append(_('{table}, record {i}: missing or invalid "id".', table=name, i=i))
            elif rid in seen:
                problems.append(_('{table}, record {i}: the id "{rid}" appears twice.', table=name, i=i, rid=rid))
            else:
                seen.add(rid)
    if problems:
        raise ImportRefused(problems)
    return migrate(tables, version)
