"""Settings from one place: environment first, then st.secrets, then the default.

``st.secrets`` raises when no secrets file exists, so every read goes through here.
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st


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


def auth_configured() -> bool:
    """True when an [auth] section for OIDC login is in the secrets."""
    return bool(_secrets().get("auth"))
