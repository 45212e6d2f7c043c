"""The session's language: settled at the top of every run, picked in the sidebar, kept in the profile.

Which language a page is drawn in, first found wins: the person's pick in this session, the one in
their profile (kept from an earlier visit), the workshop's ``[workshop] language``, the browser's
(``st.context.locale``), English. ``rebound.i18n`` reads the settled locale from this session's state
through the resolver installed here, so callbacks (which run before the page) translate in it too.
"""

from __future__ import annotations

import datetime as dt
import logging

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from rebound import i18n, journal
from rebound.i18n import _
from rebound.storage import StoreError, Workspace

LOCALE = "_rebound_locale"  # the locale this session's runs are drawn in (e.g. "de_AT")
PICKED = "_rebound_language_picked"  # the language the person picked in this session
_PICKER = "_rebound_language_picker"


_CACHED = "_rebound_locale"  # the settled locale, also kept on the session's run context: read on every _()


def _session_locale() -> str | None:
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return None
    cached = getattr(ctx, _CACHED, None)  # a plain attribute: session state's lock costs ~7 µs a string
    if cached is not None:
        return cached
    try:
        return ctx.session_state[LOCALE]
    except KeyError:
        return None


def _keep(locale: str) -> None:
    st.session_state[LOCALE] = locale
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None:
        setattr(ctx, _CACHED, locale)


i18n.set_resolver(_session_locale)


def settle(profile: str | None = None, room: str | None = None) -> str:
    """Decide this run's locale (see the module docstring) and keep it for the session's callbacks."""
    browser = st.context.locale
    language = i18n.language_of(i18n.choose(st.session_state.get(PICKED), profile, room, browser))
    locale = i18n.refine(language, browser)
    _keep(locale)
    return locale


def picker(ws: Workspace, today: dt.date) -> None:
    """The sidebar's language choice; a pick is kept in the profile for the next visit."""
    names = dict(i18n.languages())
    current = i18n.current()
    if current not in names:  # the pseudo-locale, chosen by a test's browser
        names[current] = f"⟦{current}⟧"  # wrapped like every other string of that locale
    st.session_state[_PICKER] = current
    st.sidebar.selectbox(
        _("Language"),
        list(names),
        format_func=names.__getitem__,
        placeholder=_("Choose…"),
        key=_PICKER,
        on_change=_picked,
        args=(ws, today),
    )


def _picked(ws: Workspace, today: dt.date) -> None:
    language = st.session_state[_PICKER]
    st.session_state[PICKED] = language
    _keep(i18n.refine(language, st.context.locale))
    try:
        journal.save_profile(ws, {"language": language}, today)
    except StoreError:  # the pick still holds for this session; the profile keeps the old one
        logging.getLogger("rebound.language").warning("could not keep the language in the profile", exc_info=True)
