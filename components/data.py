"""Cache keys for data derived from a journal, and files made when a download button is clicked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rebound import i18n
from rebound.storage import Workspace


def tables_revision(ws: Workspace, *tables: str) -> str:
    """Changes exactly when one of these tables changes: key cached frames on what they read."""
    return "/".join(ws.table_revision(t) for t in tables)


def in_language(make: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """``make(*args)`` for a download button's deferred ``data``, in the language of this run.

    Streamlit calls a deferred ``data`` when the person clicks, outside the page's script thread,
    where the session's language is not known: the file would come out in English. The locale is
    taken now and set around the call."""
    locale = i18n.current_locale()

    def made() -> Any:
        with i18n.use(locale):
            return make(*args)

    return made
