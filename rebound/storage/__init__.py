"""The journal store: one face, two backends behind it.

``open_workspace(key)`` gives a :class:`Workspace` (the contract, ``contract.py``) from the
file backend (``files.py``: TinyDB, atomic writes, snapshots) or, with a database URL, the
PostgreSQL backend (``postgres.py``: one row per record). Either backend seals what it keeps
with ``seal.py``. The app imports from here only; a backend module is the tests' business.
"""

from __future__ import annotations

import os
from pathlib import Path

from rebound.storage import files
from rebound.storage.contract import (
    FORMAT,
    SCHEMA_VERSION,
    ImportRefused,
    RecordChanged,
    RecordNotFound,
    SecretChanged,
    StoreError,
    StoreUnavailable,
    Workspace,
    check_document,
    key_digest,
)

__all__ = [
    "FORMAT",
    "SCHEMA_VERSION",
    "ImportRefused",
    "RecordChanged",
    "RecordNotFound",
    "SecretChanged",
    "StoreError",
    "StoreUnavailable",
    "Workspace",
    "check_document",
    "key_digest",
    "open_workspace",
]


def open_workspace(
    key: str,
    data_dir: str | Path | None = None,
    database_url: str | None = None,
    *,
    storage_secret: str | None = None,
) -> Workspace:
    """Open (lazily: nothing is written until the first write) the journal for ``key``.

    With a database URL (the argument, else env ``REBOUND_DATABASE_URL``) the journal lives
    in PostgreSQL and nothing at all is written under ``data_dir``. Either way link journals
    are sealed with their token, and login journals with ``storage_secret`` (default: env
    ``REBOUND_STORAGE_SECRET``) when one is set (see ``rebound.storage.seal``).
    """
    secret = storage_secret or os.environ.get("REBOUND_STORAGE_SECRET") or None
    url = database_url or os.environ.get("REBOUND_DATABASE_URL")
    if url:
        from rebound.storage import postgres  # psycopg is needed only when a database is configured

        return postgres.open_workspace(url, key, storage_secret=secret)
    return files.open_workspace(key, data_dir, storage_secret=secret)
