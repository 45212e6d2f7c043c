"""Reminders and links that several pages show."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode, urlsplit

import streamlit as st

from components.settings import database_url, public_base, setting
from rebound import journal
from rebound.reminders import backup_reminder as reminder_text


def _host() -> str:
    return (urlsplit(st.context.url or "").hostname or "").lower()


def ephemeral_host() -> bool:
    """True on Streamlit Community Cloud (its disk forgets files), or when configured so."""
    configured = str(setting("ephemeral", "")).lower()
    if configured in ("true", "1", "yes", "false", "0", "no"):
        return configured in ("true", "1", "yes")
    return _host().endswith(".streamlit.app") or Path("/mount/src").is_dir()


def ephemeral_store() -> bool:
    """True when the journals themselves can vanish: files on a forgetful host. A database lasts."""
    return ephemeral_host() and not database_url()


def backup_reminder(app) -> None:
    text = reminder_text(journal.profile(app.ws).get("last_backup_on"), app.today, app.ws.exists, ephemeral_store())
    if text:
        st.info(text, icon=":material/cloud_download:")


def app_link(**params: str) -> str:
    """A link to the app's front page with these query parameters."""
    return f"{public_base()}/?{urlencode(params)}"  # public_url and server.baseUrlPath honoured


def private_link(token: str) -> str:
    """The link that opens this journal."""
    return app_link(w=token)
