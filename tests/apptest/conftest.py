"""AppTest helpers: start at app.py (absolute path), move with switch_page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from components.language import PICKED
from rebound import clock
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def personal(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_MODE", "personal")
    return data_dir


def open_page(page: str | None = None, language: str | None = None, state: dict | None = None, **query) -> AppTest:
    """``page`` after the app's first run; ``language`` as if picked in the sidebar (e.g. "de", "en_XA"),
    ``state`` set in the session before the first run."""
    at = AppTest.from_file(APP, default_timeout=60 if language else 30)
    if language:
        at.session_state[PICKED] = language
    for k, v in (state or {}).items():
        at.session_state[k] = v
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """All visible text of a run, for 'is it on the page' checks."""
    parts = []
    for kind in (
        "markdown",
        "caption",
        "text",
        "success",
        "info",
        "warning",
        "error",
        "title",
        "header",
        "subheader",
        "expander",
        "code",
    ):
        for el in at.get(kind):
            parts.append(str(getattr(el, "value", None) or getattr(el, "label", None) or el.proto))
    return "\n".join(parts)


def button(at: AppTest, label: str, nth: int = 0):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; have {[b.label for b in at.button]}"
    return matches[nth]


def today() -> dt.date:
    return clock.today()


def figure(el) -> dict:
    return json.loads(el.proto.spec)


def field(widgets, key: str):
    """The widget of a declared form field, whatever its generation (``rej__company`` or ``rej__company__3``).

    ``widgets`` is one of AppTest's lists (``at.text_input``, ``at.date_input``, ...).
    """
    matches = [w for w in widgets if w.key == key or (w.key or "").startswith(key + "__")]
    assert len(matches) == 1, f"{len(matches)} widgets for {key!r}: {[w.key for w in widgets]}"
    return matches[0]
