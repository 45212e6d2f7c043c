"""The one call at the top of every page: config, journal, today, sidebar, notices."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from dataclasses import dataclass

import streamlit as st

from components import errors, nav
from components.settings import (
    auth_configured,
    database_url,
    setting,
    storage_secret,
    workshop_config,
    workshop_refusal,
)
from rebound import access, clock, content, journal, workshop
from rebound.models import Invalid
from rebound.store import StoreError, StoreUnavailable, Workspace, open_workspace

_TOKEN = "_rebound_token"  # non-widget session key: survives page changes
_PREVIOUS = "_rebound_previous_token"  # the journal this tab had before a link switched it
JUST_JOINED = "_workshop_just_joined"


@dataclass
class Shell:
    ws: Workspace
    today: dt.date
    mode: str
    token: str | None  # the private-link token (shared mode without login), else None


def shell(title: str, icon: str = ":material/spa:", layout: str = "centered", link_in_address: bool = True) -> Shell:
    """Set up a page. ``link_in_address=False`` keeps the private link out of the address bar
    (the Workshop page is shown on a projector); that page then joins and shares nothing."""
    errors.install()  # first: whatever goes wrong below reaches the person as a kind message
    _freeze_new_imports()
    st.set_page_config(page_title=f"{title} · Rebound", page_icon=icon, layout=layout)
    mode = access.resolve_mode(setting("mode"), st.context.url)
    key, token, arrival = _workspace_key(mode, link_in_address)
    ws = _open(key)
    cfg = workshop_config()
    # Off the address bar means off the links too: this session still knows its journal without them.
    nav.sidebar(token if link_in_address else None, workshop=cfg is not None or workshop_refusal() is not None)
    _footer()
    try:
        notices = ws.take_notices()  # the first read of the journal
    except StoreUnavailable as exc:  # e.g. a sealed journal whose storage secret is not set
        st.error(str(exc), icon=":material/lock:")
        st.stop()
    for notice in notices:
        st.warning(notice, icon=":material/restore:")
    _arrival_notice(arrival, ws)
    today = _today()
    if cfg and link_in_address:
        _join_workshop(ws, cfg, today)
        _share_with_workshop(ws, cfg)
    return Shell(ws=ws, today=today, mode=mode, token=token)


def content_problems() -> list[str]:
    """Problems in the facilitator's content folder: shown on the Workshop page only."""
    folder = content.override_dir()
    return _content_problems(str(folder) if folder else None)


def open_journal(key: str) -> Workspace:
    """The journal for ``key`` in the configured store (PostgreSQL when a URL is set, else files)."""
    return open_workspace(key, setting("data_dir"), database_url=database_url(), storage_secret=storage_secret())


def _open(key: str) -> Workspace:
    """The visitor's journal; an unreachable or refused database gives one clear message, not a traceback."""
    try:
        ws = open_journal(key)
        ws.revision  # noqa: B018 - touches the database once, so an outage shows here, not mid-page
    except StoreUnavailable as exc:
        if database_url():
            message = (
                "Rebound cannot reach its database right now, so it cannot open your journal. "
                "Nothing was changed: please try again in a minute."
            )
        else:  # e.g. a sealed journal whose storage secret is not set
            message = str(exc)
        st.error(message, icon=":material/cloud_off:")
        st.stop()
    except StoreError as exc:  # e.g. a database set up by a newer Rebound: our own words say why
        st.error(f"Rebound cannot open your journal. {exc}", icon=":material/cloud_off:")
        st.stop()
    return ws


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
def _content_problems(folder: str | None) -> list[str]:
    # Checked once per folder and process: the facilitator's folder does not change while the app runs.
    return content.check_overrides()


def _control(cfg: dict[str, str]) -> Workspace:
    return open_journal(workshop.control_key(cfg["join_code"]))


def _room(code: str) -> Workspace:
    return open_journal(workshop.workshop_key(code))


def _join_workshop(ws: Workspace, cfg: dict[str, str], today: dt.date) -> None:
    """A join link (?join=<code>) records the workshop in the journal itself (a reload, a new tab or a
    restart keep it); the journal stays private and nothing is shared until the person chooses to."""
    code = st.query_params.get("join")
    if code is None:
        return
    del st.query_params["join"]
    control = _control(cfg)
    session = workshop.find_session(control, cfg["join_code"], code)
    state = workshop.session_status(session, today) if session else None
    if state == "open":
        current = workshop.membership(journal.profile(ws))
        if current is None or current[0] != session["code"]:
            member = workshop.new_member_id()
            try:
                journal.save_profile(
                    ws, {"workshop": session["code"], "workshop_member_id": member, "workshop_opt_in": False}, today
                )
            except Invalid:  # a damaged profile (e.g. an old restore): say so, never break the page
                st.warning(
                    "Joining the workshop could not be saved: your journal's profile has a problem. "
                    "Restoring a backup on My data, or setting your direction again on Next steps, fixes it.",
                    icon=":material/groups:",
                )
                return
            workshop.mark_joined(_room(session["code"]), member)
        st.session_state[JUST_JOINED] = True
    elif state == "ended":
        st.info("That workshop has ended. Your journal is still yours to use.", icon=":material/groups:")
    elif state == "expired":
        st.warning("That join link has expired. Ask your facilitator for the current one.", icon=":material/groups:")
    else:
        st.warning(
            "That workshop code does not match this app. Ask your facilitator for the link again.",
            icon=":material/groups:",
        )


def _share_with_workshop(ws: Workspace, cfg: dict[str, str]) -> None:
    """Refresh this attendee's anonymous numbers in the workshop when their journal changed."""
    member = workshop.membership(journal.profile(ws))
    if member is None or not member[2]:
        return
    code, member_id, _ = member
    revision = ws.revision
    if st.session_state.get("_workshop_pushed") == revision:
        return
    if workshop.is_counting(_control(cfg), cfg["join_code"], code):
        tables = {
            t: ws.all(t)
            for t in (
                "activities",
                "rejections",
                "reflections",
                "feedback_requests",
                "support_log",
                "reframes",
                "checkins",
            )
        }
        workshop.push(_room(code), member_id, workshop.summarise(tables, content.theme_ids()))
    st.session_state["_workshop_pushed"] = revision


def _workspace_key(mode: str, link_in_address: bool = True) -> tuple[str, str | None, str | None]:
    if mode == "personal":
        return access.PERSONAL_KEY, None, None
    if auth_configured():
        if not st.user.get("is_logged_in"):
            st.title("Welcome to Rebound")
            st.write("Log in to open your private journal.")
            st.button("Log in", on_click=st.login, type="primary")
            st.stop()
        return access.oidc_key(str(st.user.get("iss")), str(st.user.get("sub"))), None, None
    token, arrival = _link_token(link_in_address)
    return access.link_key(token), token, arrival


def _link_token(in_address: bool = True) -> tuple[str, str | None]:
    """The private-link token for this visit, and how it came (None, "link", "switched", "join").

    Fails closed to a fresh journal. A join link never carries anyone into another journal: a
    ``w`` beside ``join`` that is not this session's own is ignored.
    """
    given = st.query_params.get("w")
    mine = st.session_state.get(_TOKEN)
    arrival = None
    if st.query_params.get("join") is not None and given is not None and given != mine:
        token = mine or access.new_token()
        arrival = "join"
    elif access.is_valid_token(given):
        token = given
        if mine and mine != given:
            st.session_state[_PREVIOUS] = mine
            arrival = "switched"
        elif not mine:
            arrival = "link"
    else:
        token = mine
        if given is not None or not token:
            token = access.new_token()
            if given is not None:
                st.info(
                    "That link did not look like a Rebound private link, so a new, empty journal "
                    "was started for you. If you have a link from before, open it exactly as it was given.",
                    icon=":material/link_off:",
                )
    st.session_state[_TOKEN] = token
    if not in_address:
        if "w" in st.query_params:
            del st.query_params["w"]  # never on a projector
    elif st.query_params.get("w") != token:
        st.query_params["w"] = token
    return token, arrival


def _go_back() -> None:
    previous = st.session_state.pop(_PREVIOUS, None)
    if previous:
        st.session_state[_TOKEN] = previous
        st.query_params["w"] = previous


def _arrival_notice(arrival: str | None, ws: Workspace) -> None:
    """Say so whenever a link opened another journal than this tab had, or one that is not there."""
    if arrival == "join":
        st.warning(
            "That join link also carried someone's private link, so it was not opened: a join link only "
            "ever opens your own journal.",
            icon=":material/shield:",
        )
        return
    if arrival == "switched":
        st.warning(
            "This link opened a different journal from the one you had open in this tab.",
            icon=":material/swap_horiz:",
        )
        st.button("Go back to the journal I had open", key="_journal_back", on_click=_go_back)
    if arrival in ("link", "switched") and not ws.exists:
        st.info(
            "There is no journal at this link yet: check that the link is complete. If you are just "
            "starting, go ahead; your journal is saved with your first entry.",
            icon=":material/link:",
        )


def _today() -> dt.date:
    """Today in the browser's time zone, unless REBOUND_TODAY pins it (see rebound.clock)."""
    return clock.today(st.context.timezone)


def _footer() -> None:
    st.sidebar.divider()
    st.sidebar.caption(
        "Rebound is a self-coaching tool, not therapy. If you are struggling, please talk to someone "
        "you trust or a doctor, or find a free helpline near you at findahelpline.com. "
        "In an emergency, call your local emergency number."
    )
