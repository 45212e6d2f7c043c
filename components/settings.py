"""Settings from one place: environment first, then st.secrets, then the default.

``st.secrets`` raises when no secrets file exists, so every read goes through here.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import streamlit as st

from rebound.i18n import _


def _secrets() -> Any:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml, or it does not parse: run on defaults
        return {}


def setting(name: str, default: Any = None) -> Any:
    env = os.environ.get("REBOUND_" + name.upper())
    if env not in (None, ""):
        return env
    value = _secrets().get(name)
    return default if value in (None, "") else value


def database_url() -> str | None:
    """The PostgreSQL URL, or None for the file store.

    Env ``REBOUND_DATABASE_URL`` wins over ``[connections.rebound] url`` in the secrets
    (Streamlit's ``st.connection`` convention for where connection settings live).
    """
    env = os.environ.get("REBOUND_DATABASE_URL")
    if env:
        return env
    section = (_secrets().get("connections") or {}).get("rebound") or {}
    return str(section.get("url") or "") or None


def storage_secret() -> str | None:
    """The deployment's storage secret that seals login journals, or None when not set.

    ``REBOUND_STORAGE_SECRET`` in the environment, else ``[storage] secret`` in the secrets.
    """
    env = os.environ.get("REBOUND_STORAGE_SECRET")
    if env:
        return env
    value = (_secrets().get("storage") or {}).get("secret")
    return str(value) if value else None


def auth_configured() -> bool:
    """True when an [auth] section for OIDC login is in the secrets."""
    return bool(_secrets().get("auth"))


def auth_section() -> dict:
    """The [auth] section (Streamlit's st.login settings), or {} when there is none."""
    section = _secrets().get("auth")
    return section if isinstance(section, dict) else {}


def links_with_login() -> bool:
    """With [auth] set: may people also use private links (``private_links = true``, env
    ``REBOUND_PRIVATE_LINKS``)? Off by default: with logins on, a journal needs a login."""
    value = setting("private_links", False)
    return value is True or str(value).strip().lower() in ("true", "1", "yes", "on")


def workshop_config() -> dict[str, str] | None:
    """The [workshop] section (name, join_code, facilitator_key), or None when not set up.

    Each value can also come from the environment: REBOUND_WORKSHOP_NAME,
    REBOUND_WORKSHOP_JOIN_CODE, REBOUND_WORKSHOP_FACILITATOR_KEY.
    """
    section = _secrets().get("workshop") or {}
    cfg = {
        field: os.environ.get("REBOUND_WORKSHOP_" + field.upper()) or section.get(field)
        for field in ("name", "join_code", "facilitator_key")
    }
    if not cfg["join_code"] or not cfg["facilitator_key"] or _refused(str(cfg["facilitator_key"])):
        return None
    cfg["name"] = cfg["name"] or _("your workshop")
    return {k: str(v) for k, v in cfg.items()}


def workshop_language() -> str | None:
    """The room's language (``[workshop] language``, env REBOUND_WORKSHOP_LANGUAGE), e.g. ``es``; None: the browser's.

    Only while workshop mode is on; each attendee can still pick another in the sidebar."""
    section = _secrets().get("workshop") or {}
    value = os.environ.get("REBOUND_WORKSHOP_LANGUAGE") or section.get("language")
    return str(value) if value and workshop_config() else None


_told: set[str] = set()  # refusals already logged by this process: said once, not on every page run


def _refused(key: str) -> str | None:
    from rebound import i18n
    from rebound.keyguard import key_problem

    with i18n.use(i18n.SOURCE):  # the server log is in English, whatever the visitor reads
        logged = key_problem(key)
    if logged and logged not in _told:
        _told.add(logged)
        logging.getLogger("rebound.workshop").error(logged)
    return key_problem(key) if logged else None


def workshop_refusal() -> str | None:
    """Why workshop mode is off although a [workshop] section is set (a facilitator key too short)."""
    section = _secrets().get("workshop") or {}
    join = os.environ.get("REBOUND_WORKSHOP_JOIN_CODE") or section.get("join_code")
    key = os.environ.get("REBOUND_WORKSHOP_FACILITATOR_KEY") or section.get("facilitator_key")
    return _refused(str(key)) if join and key else None


def behind_proxy() -> bool:
    """True when the app runs behind its own proxy (deploy/serve-room sets REBOUND_BEHIND_PROXY), so the
    client address the proxy puts in X-Real-IP can be trusted. Off by default: anyone can send headers."""
    return str(setting("behind_proxy", "")).strip().lower() in ("true", "1", "yes")


def public_base() -> str:
    """Where shared links point: the ``public_url`` setting (env REBOUND_PUBLIC_URL or secrets
    ``public_url``), else the host this browser used; with ``server.baseUrlPath`` either way."""
    from rebound.access import public_base as base  # the rule itself is plain Python

    return base(setting("public_url"), st.context.url, st.get_option("server.baseUrlPath"))
