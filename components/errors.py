"""The one error boundary: a person sees a kind message, the server log gets the (redacted) details.

Streamlit calls the script run's ``on_script_error`` handler for an uncaught exception (the hook
``st.App(on_script_error=...)`` sets); the shell installs ours on every run, so it also works under
``streamlit run``. ``client.showErrorDetails = "none"`` (.streamlit/config.toml) covers anything that
fails before the shell runs.
"""

from __future__ import annotations

import logging
import secrets
import traceback

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from rebound.i18n import N_, _
from rebound.redact import redact

LOG = logging.getLogger("rebound.errors")
KIND_MESSAGE = N_(
    "Sorry, something went wrong on our side while showing this page. Your journal is safe: "
    "nothing you saved is lost. Try again, or open another page from the sidebar."
)
_TOKEN_KEY = "_rebound_token"  # the shell's session key for the private-link token


class _RedactTracebacks(logging.Filter):
    """Streamlit logs every uncaught exception itself; hide tokens in that record too."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info))
            record.exc_info = None
        record.msg, record.args = record.getMessage(), None
        record.msg = redact(str(record.msg), _current_token())
        if record.exc_text:
            record.exc_text = redact(record.exc_text, _current_token())
        return True


def _current_token() -> str | None:
    try:
        return st.session_state.get(_TOKEN_KEY)
    except Exception:  # no session (e.g. a log line from another thread)
        return None


def _install_log_filter() -> None:
    logger = logging.getLogger("streamlit.error_util")
    if not any(isinstance(f, _RedactTracebacks) for f in logger.filters):
        logger.addFilter(_RedactTracebacks())


def on_error(exc: Exception) -> bool:
    """Show the kind message and log a reference; True tells Streamlit not to show its own."""
    from rebound.storage import SecretChanged

    if isinstance(exc, SecretChanged):  # the deployment's storage secret changed: say exactly that
        LOG.error("A login journal is sealed under another storage secret than this server's.")
        st.error(str(exc), icon=":material/lock:")
        return True
    ref = secrets.token_hex(3)
    details = "".join(traceback.format_exception(exc))
    LOG.error("Page error (ref %s), shown to the person as a kind message:\n%s", ref, redact(details, _current_token()))
    st.error(_(KIND_MESSAGE) + " " + _("(Reference {ref}.)", ref=ref), icon=":material/sentiment_dissatisfied:")
    return True


def install() -> None:
    """Route this run's uncaught exceptions to ``on_error`` (keeps a handler st.App already set)."""
    _install_log_filter()
    ctx = get_script_run_ctx()
    if ctx is not None and ctx.on_script_error in (None, on_error):
        ctx.on_script_error = on_error
