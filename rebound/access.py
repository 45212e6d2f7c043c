"""Who may open which journal: modes, private-link tokens and workspace keys.

Pure functions; the Streamlit shell feeds them the URL, the query parameter and
the login, and opens the workspace for the key they return.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

PERSONAL_KEY = "personal"
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
TOKEN_BYTES = 24  # 192 random bits -> 32 URL-safe characters
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22,128}")


def resolve_mode(setting: str | None, url: str | None) -> str:
    """``personal`` when configured so, or when the browser reached us on a loopback host.

    Anything else is ``shared``: a public deployment never shows one journal to all.
    """
    if setting:
        mode = setting.strip().lower()
        if mode in ("personal", "shared"):
            return mode
        raise ValueError(f"REBOUND_MODE must be 'personal' or 'shared', not {setting!r}.")
    host = (urlsplit(url or "").hostname or "").lower()
    return "personal" if host in LOOPBACK_HOSTS else "shared"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_valid_token(value: object) -> bool:
    """A private-link token must look like one: URL-safe base64, at least 128 bits."""
    return isinstance(value, str) and bool(_TOKEN_RE.fullmatch(value))


def link_key(token: str) -> str:
    if not is_valid_token(token):
        raise ValueError("Not a private-link token.")
    return "link:" + token


def oidc_key(issuer: str, subject: str) -> str:
    if not issuer or not subject:
        raise ValueError("A login needs both an issuer and a subject.")
    return f"oidc:{issuer}:{subject}"


def token_from_link(text: str) -> str | None:
    """The token in a pasted private link (or a bare token), or None."""
    text = (text or "").strip()
    if is_valid_token(text):
        return text
    match = re.search(r"[?&]w=([A-Za-z0-9_-]+)", text)
    return match.group(1) if match and is_valid_token(match.group(1)) else None


# --- public links ------------------------------------------------------------------------------


def public_base(public_url: str | None, request_url: str | None, base_path: str | None) -> str:
    """The base every shared link starts with: scheme, host and the app's path, no trailing slash.

    ``public_url`` (a setting) wins: phones in a room cannot reach ``localhost``. Without it, the
    host the browser used. Either way the app's ``server.baseUrlPath`` is kept (added to a
    ``public_url`` that does not already end with it).
    """
    path = "/" + (base_path or "").strip("/") if (base_path or "").strip("/") else ""
    if public_url and public_url.strip():
        base = public_url.strip().rstrip("/")
        return base if not path or base.endswith(path) else base + path
    parts = urlsplit(request_url or "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return origin + path


def is_loopback_url(url: str | None) -> bool:
    return (urlsplit(url or "").hostname or "").lower() in LOOPBACK_HOSTS
