"""The one call at the top of every page: config, journal, today, sidebar, notices."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import streamlit as st

from components import nav
from components.settings import auth_configured, setting, workshop_config
from rebound import access, content, journal, workshop
from rebound.store import Workspace, open_workspace

_TOKEN = "_rebound_token"  # non-widget session key: survives page changes


@dataclass
class Shell:
    ws: Workspace
    today: dt.date
    mode: str
    token: str | None  # the private-link token (shared mode without login), else None


def shell(title: str, icon: str = ":material/spa:", layout: str = "centered") -> Shell:
    _freeze_new_imports()
    st.set_page_config(page_title=f"{title} · Rebound", page_icon=icon, layout=layout)
    mode = access.resolve_mode(setting("mode"), st.context.url)
    key, token = _workspace_key(mode)
    ws = open_workspace(key, setting("data_dir"))
    cfg = workshop_config()
    nav.sidebar(token, workshop=cfg is not None)
    _footer()
    for notice in ws.take_notices():
        st.warning(notice, icon=":material/restore:")
    for problem in _content_problems():
        st.error(f"Content override ignored: {problem}", icon=":material/rule:")
    if cfg:
        _join_workshop(cfg)
        _share_with_workshop(ws, cfg)
    return Shell(ws=ws, today=_today(), mode=mode, token=token)


_frozen_at = 0  # len(sys.modules) at the last gc.freeze(): a process-wide count, no user data


def _freeze_new_imports() -> None:
    """Move what is alive now (mostly imported modules) out of the cyclic collector's sweeps.

    Streamlit runs gc.collect() after every script run (runner.postScriptGC). With pandas and
    Plotly loaded that full sweep walks ~150 000 long-lived objects and was the largest single
    cost of a run (~0.1 s). Frozen objects are skipped; everything is still freed by reference
    counting, and new garbage is still collected. Freezing again only when modules were added
    keeps it to a handful of times per process.
    """
    global _frozen_at
    if len(sys.modules) != _frozen_at:
        gc.freeze()
        _frozen_at = len(sys.modules)


@st.cache_data(show_spinner=False)
def _content_problems() -> list[str]:
    # Checked once per process (cached): the facilitator's folder does not change while the app runs.
    return content.check_overrides()


def _join_workshop(cfg: dict[str, str]) -> None:
    """A join link (?join=<code>) marks this visit as part of the workshop; the journal stays private."""
    code = st.query_params.get("join")
    if code is None:
        return
    del st.query_params["join"]
    if workshop.key_matches(code, cfg["join_code"]):
        st.session_state["_workshop_joined"] = cfg["join_code"]
    else:
        st.warning(
            "That workshop code does not match this app. Ask your facilitator for the link again.",
            icon=":material/groups:",
        )


def _share_with_workshop(ws: Workspace, cfg: dict[str, str]) -> None:
    """Refresh this attendee's anonymous numbers in the workshop when their journal changed."""
    profile = journal.profile(ws)
    if not (profile.get("workshop_opt_in") and profile.get("workshop") == cfg["join_code"]):
        return
    revision = ws.revision
    if st.session_state.get("_workshop_pushed") == revision:
        return
    tables = {
        t: ws.all(t)
        for t in ("activities", "rejections", "reflections", "feedback_requests", "support_log", "reframes", "checkins")
    }
    room = open_workspace(workshop.workshop_key(cfg["join_code"]), setting("data_dir"))
    workshop.push(room, profile["workshop_member_id"], workshop.summarise(tables, content.theme_ids()))
    st.session_state["_workshop_pushed"] = revision


def _workspace_key(mode: str) -> tuple[str, str | None]:
    if mode == "personal":
        return access.PERSONAL_KEY, None
    if auth_configured():
        if not st.user.get("is_logged_in"):
            st.title("Welcome to Rebound")
            st.write("Log in to open your private journal.")
            st.button("Log in", on_click=st.login, type="primary")
            st.stop()
        return access.oidc_key(str(st.user.get("iss")), str(st.user.get("sub"))), None
    token = _link_token()
    return access.link_key(token), token


def _link_token() -> str:
    """The private-link token for this visit; fails closed to a fresh journal."""
    given = st.query_params.get("w")
    if access.is_valid_token(given):
        token = given
    else:
        token = st.session_state.get(_TOKEN)
        if given is not None or not token:
            token = access.new_token()
            if given is not None:
                st.info(
                    "That link did not look like a Rebound private link, so a new, empty journal "
                    "was started for you. If you have a link from before, open it exactly as it was given.",
                    icon=":material/link_off:",
                )
    st.session_state[_TOKEN] = token
    if st.query_params.get("w") != token:
        st.query_params["w"] = token
    return token


def _today() -> dt.date:
    """Today in the browser's time zone (falls back to the server's date)."""
    try:
        tz = st.context.timezone
        return dt.datetime.now(ZoneInfo(tz)).date() if tz else dt.date.today()
    except Exception:  # unknown zone name: the server's date is the best guess
        return dt.date.today()


def _footer() -> None:
    st.sidebar.divider()
    st.sidebar.caption(
        "Rebound is a self-coaching tool, not therapy. If you are struggling, please talk to someone "
        "you trust or a doctor, or find a free helpline near you at findahelpline.com. "
        "In an emergency, call your local emergency number."
    )
