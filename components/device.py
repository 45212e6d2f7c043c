"""This device remembers its journal: reading the cookie, and the two buttons that set or clear it.

The buttons are plain HTML form posts to the routes in components/device_routes.py (a page can
read an HttpOnly cookie but not set one). They are offered only where those routes are served
(``streamlit run serve.py``); under a plain ``streamlit run app.py`` or in AppTest, nothing is
remembered and nothing breaks.
"""

from __future__ import annotations

import html

import streamlit as st

from components import device_routes
from rebound import remember
from rebound.i18n import N_, _

# Static style for the two form buttons (st.html is not themed); never user text.
_BUTTON_CSS = (
    "font:inherit;font-weight:600;padding:0.45rem 0.9rem;border-radius:0.5rem;cursor:pointer;"
    "border:1px solid #1d4ed8;background:{bg};color:{fg};min-height:2.5rem"
)


def served() -> bool:
    """True when this process serves the routes that set the cookie."""
    return device_routes.SERVED


def remembered_token() -> str | None:
    """The journal this browser remembers (None without the cookie, and always in AppTest)."""
    try:
        cookies = st.context.cookies
    except Exception:  # noqa: BLE001 - no request behind this run (bare mode): nothing remembered
        return None
    return remember.remembered(cookies)


def _form(path: str, page: str, label: str, token: str | None, primary: bool) -> None:
    base = remember.cookie_path(st.get_option("server.baseUrlPath")).rstrip("/")
    style = _BUTTON_CSS.format(bg="#1d4ed8" if primary else "#ffffff", fg="#ffffff" if primary else "#1d4ed8")
    hidden = f'<input type="hidden" name="token" value="{html.escape(token)}">' if token else ""
    st.html(
        f'<form method="post" action="{html.escape(base + path)}">{hidden}'
        f'<input type="hidden" name="page" value="{html.escape(page)}">'
        f'<button type="submit" style="{style}">{html.escape(label)}</button></form>'
    )


REMEMBER_LABEL = N_("Remember my journal on this device")


def remember_button(token: str, page: str, label: str | None = None) -> None:
    """A button that makes this browser remember the journal of ``token``, then returns to ``page``.

    ``label``: already translated (default: "Remember my journal on this device")."""
    _form(remember.REMEMBER_PATH, page, label or _(REMEMBER_LABEL), token, primary=True)


def forget_button(token: str | None, page: str) -> None:
    """A button that makes this browser forget its journal; this tab keeps ``token`` open."""
    _form(remember.FORGET_PATH, page, _("Forget this device"), token, primary=False)


def take_marker(name: str) -> bool:
    """True once after a route sent the person back with ``?<name>=1``; the marker leaves the address."""
    if st.query_params.get(name) is None:
        return False
    del st.query_params[name]
    return True
