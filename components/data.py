"""Cache keys for data derived from a journal."""

from __future__ import annotations

from rebound.storage import Workspace


def tables_revision(ws: Workspace, *tables: str) -> str:
    """Changes exactly when one of these tables changes: key cached frames on what they read."""
    return "/".join(ws.table_revision(t) for t in tables)
