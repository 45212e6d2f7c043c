"""The error boundary: a page that raises shows a kind message, never a traceback or a token."""

from __future__ import annotations

import logging

import pytest

from components import errors
from rebound import access
from rebound.insights import progress as prog
from tests.apptest.conftest import open_page, texts

PAGE = "pages/8_Progress.py"


def _raise(token: str):
    def boom(*_args, **_kwargs):
        # An error text that carries secrets, as a failing link or key lookup might.
        raise RuntimeError(f"could not open /?w={token} (key link:{token})")

    return boom


@pytest.fixture
def shared(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_MODE", "shared")
    return data_dir


def test_a_failing_page_shows_the_kind_message_and_logs_without_the_token(shared, monkeypatch, caplog):
    token = access.new_token()
    at = open_page(w=token)
    monkeypatch.setattr(prog, "fingerprints", _raise(token))
    with caplog.at_level(logging.ERROR):
        at.switch_page(PAGE).run()
    assert not at.exception  # Streamlit's own error box (with its traceback) is not shown
    page = texts(at)
    assert errors.KIND_MESSAGE in page
    for leak in ("Traceback", "RuntimeError", "could not open", token, ".py"):
        assert leak not in page
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "RuntimeError: could not open /?w=[redacted] (key link:[redacted])" in logged  # logged, redacted
    assert token not in logged
    ref = page.split("(Reference ")[1].split(".)")[0]
    assert f"(ref {ref})" in logged  # the reference a person can quote finds the log entry


def test_the_page_works_again_once_the_fault_is_gone(shared, monkeypatch):
    at = open_page()
    monkeypatch.setattr(prog, "fingerprints", _raise(access.new_token()))
    at.switch_page(PAGE).run()
    assert errors.KIND_MESSAGE in texts(at)
    monkeypatch.undo()
    at.run()
    assert errors.KIND_MESSAGE not in texts(at) and "Your progress" in texts(at)


def test_streamlits_own_log_of_the_error_is_redacted_too():
    token = access.new_token()
    try:
        raise RuntimeError(f"GET /?w={token} for key link:{token}")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "streamlit.error_util", logging.ERROR, __file__, 1, "Uncaught app execution", None, sys.exc_info()
        )
    errors._RedactTracebacks().filter(record)
    text = record.getMessage() + (record.exc_text or "")
    assert "RuntimeError: GET /?w=[redacted] for key link:[redacted]" in text and token not in text
