"""The one call at the top of every page: config, journal, today, sidebar, notices."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from dataclasses import dataclass

import streamlit as st

from components import device, errors, language, login, nav, save_link
from components.settings import (
    auth_configured,
    database_url,
    links_with_login,
    setting,
    storage_secret,
    workshop_config,
    workshop_language,
    workshop_refusal,
)
from rebound import access, clock, content, i18n, journal, remember, workshop
from rebound.i18n import _, ngettext
from rebound.models import Invalid
from rebound.storage import SecretChanged, StoreError, StoreUnavailable, Workspace, open_workspace
from rebound.text import md_escape

_TOKEN = "_rebound_token"  # non-widget session key: survives page changes
_FOLLOWED = "_rebound_followed_link"  # the person chose to open the journal of a link
JUST_JOINED = "_workshop_just_joined"
_JOIN_AGREED = "_workshop_join_agreed"  # the join code the person agreed to join with this journal


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
    room_language = workshop_language()
    language.settle(room=room_language)  # before the title; again below once the profile is read
    st.set_page_config(page_title=_("{page} · Rebound", page=_(title)), page_icon=icon, layout=layout)
    mode = access.resolve_mode(setting("mode"), st.context.url)
    key, token, arrival = _workspace_key(mode, link_in_address)
    ws = _open(key)
    cfg = workshop_config()
    today = _today()
    try:
        notices = ws.take_notices()  # the first read of the journal
    except StoreUnavailable as exc:  # e.g. a sealed journal whose storage secret is not set
        st.error(str(exc), icon=":material/lock:")
        st.stop()
    language.settle(_profile_language(ws), room_language)
    # Off the address bar means off the links too: this session still knows its journal without them.
    nav.sidebar(token if link_in_address else None, workshop=cfg is not None or workshop_refusal() is not None)
    if auth_configured() and mode == "shared":
        login.sidebar_account(links_with_login())
    language.picker(ws, today)
    _footer()
    for notice in notices:
        st.warning(notice, icon=":material/restore:")
    _arrival_notice(arrival, ws)
    if cfg and link_in_address:
        _join_workshop(ws, cfg, today)
        if token:
            save_link.step(ws, token, today)
        _share_with_workshop(ws, cfg)
    return Shell(ws=ws, today=today, mode=mode, token=token)


def content_problems() -> list[str]:
    """Problems in the facilitator's content folder: shown on the Workshop page only."""
    folder = content.override_dir()
    return _content_problems(str(folder) if folder else None, i18n.current())


def open_journal(key: str) -> Workspace:
    """The journal for ``key`` in the configured store (PostgreSQL when a URL is set, else files)."""
    return open_workspace(key, setting("data_dir"), database_url=database_url(), storage_secret=storage_secret())


def _open(key: str) -> Workspace:
    """The visitor's journal; an unreachable or refused database gives one clear message, not a traceback."""
    try:
        ws = open_journal(key)
        ws.revision  # noqa: B018 - touches the database once, so an outage shows here, not mid-page
    except SecretChanged as exc:  # the deployment's storage secret changed: its own words, not "unreachable"
        st.error(str(exc), icon=":material/lock:")
        st.stop()
    except StoreUnavailable as exc:
        if database_url():
            message = _(
                "Rebound cannot reach its database right now, so it cannot open your journal. "
                "Nothing was changed: please try again in a minute."
            )
        else:  # e.g. a sealed journal whose storage secret is not set
            message = str(exc)
        st.error(message, icon=":material/cloud_off:")
        st.stop()
    except StoreError as exc:  # e.g. a database set up by a newer Rebound: our own words say why
        st.error(_("Rebound cannot open your journal. {reason}", reason=exc), icon=":material/cloud_off:")
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
def _content_problems(folder: str | None, language: str) -> list[str]:
    # Checked once per folder, language and process: the folder does not change while the app runs.
    return content.check_overrides()


def _control(cfg: dict[str, str]) -> Workspace:
    return open_journal(workshop.control_key(cfg["join_code"]))


def _room(code: str) -> Workspace:
    return open_journal(workshop.workshop_key(code))


def _join_workshop(ws: Workspace, cfg: dict[str, str], today: dt.date) -> None:
    """A join link (?join=<code>) records the workshop in the journal itself (a reload, a new tab or a
    restart keep it); the journal stays private and nothing is shared until the person chooses to.

    A journal with entries joins only when the person says so: the link offers to join with it."""
    code = st.query_params.get("join")
    if code is None:
        return
    control = _control(cfg)
    session = workshop.find_session(control, cfg["join_code"], code)
    state = workshop.session_status(session, today) if session else None
    if state == "open":
        current = workshop.membership(journal.profile(ws))
        if current is None or current[0] != session["code"]:
            if ws.exists and st.session_state.get(_JOIN_AGREED) != session["code"]:
                _offer_join(cfg, session["code"])  # keeps ?join= until the person answers
                return
            try:
                # Counted once per journal, under its lock; a journal moving on from an earlier
                # room takes back what it added there.
                joined = workshop.join(ws, _room, session, today)
            except StoreUnavailable:  # keeps ?join=, so the same link joins once the store is back
                st.warning(
                    _(
                        "Joining the workshop cannot be saved just now: the app's storage is not answering. Your "
                        "journal is fine. Open the same join link again in a minute."
                    ),
                    icon=":material/cloud_off:",
                )
                return
            except workshop.RoomFull as full:
                del st.query_params["join"]
                st.session_state.pop(_JOIN_AGREED, None)
                st.warning(
                    ngettext(
                        "This workshop is full: it was set up for about {n} person, and {joined} have joined.",
                        "This workshop is full: it was set up for about {n} people, and {joined} have joined.",
                        workshop.expected_size(session),
                        joined=full.args[0],
                    )
                    + " "
                    + _("Your journal is still yours to use; ask your facilitator if you should be in this room."),
                    icon=":material/groups:",
                )
                return
            except Invalid:  # a damaged profile (e.g. an old restore): say so, never break the page
                del st.query_params["join"]
                st.warning(
                    _(
                        "Joining the workshop could not be saved: your journal's profile has a problem. "
                        "Restoring a backup on My data, or setting your direction again on Next steps, fixes it."
                    ),
                    icon=":material/groups:",
                )
                return
            if joined:
                st.session_state[JUST_JOINED] = True
        st.session_state.pop(_JOIN_AGREED, None)
        st.session_state[save_link.JOINED_HERE] = True
    elif state == "ended":
        st.info(_("That workshop has ended. Your journal is still yours to use."), icon=":material/groups:")
    elif state == "expired":
        st.warning(_("That join link has expired. Ask your facilitator for the current one."), icon=":material/groups:")
    else:
        st.warning(
            _("That workshop code does not match this app. Ask your facilitator for the link again."),
            icon=":material/groups:",
        )
    del st.query_params["join"]


def _offer_join(cfg: dict[str, str], code: str) -> None:
    """Joining with a journal that already has entries: the person's choice, never a silent new journal."""

    def agree(code: str) -> None:
        st.session_state[_JOIN_AGREED] = code

    def decline() -> None:
        del st.query_params["join"]

    with st.container(border=True):
        st.markdown(_(":material/groups: **Join {name} with your journal?**", name=md_escape(cfg["name"])))
        st.write(
            _(
                "Everything you wrote stays yours and private: your facilitator never sees it, and nothing is "
                "shared unless you choose to."
            )
        )
        left, right = st.columns(2)
        left.button(
            _("Join with my journal"),
            type="primary",
            on_click=agree,
            args=(code,),
            key="_join_with_mine",
        )
        right.button(_("Not now"), on_click=decline, key="_join_not_now")


def _share_with_workshop(ws: Workspace, cfg: dict[str, str]) -> None:
    """Refresh this attendee's anonymous numbers in the workshop when their journal changed."""
    profile = journal.profile(ws)
    member = workshop.membership(profile)
    if member is None:
        return
    code = member[0]
    revision = ws.revision
    if st.session_state.get("_workshop_pushed") == revision:
        return
    if not member[2]:
        # Not sharing, yet the room still holds what this journal added (an opt-out whose withdrawal
        # could not reach the room's store then): take it back now.
        if workshop.last_contribution(profile):
            try:
                workshop.sync(ws, _room(code), None, _today(), content.theme_ids())
            except (Invalid, StoreUnavailable):
                return  # tried again on the next run
        st.session_state["_workshop_pushed"] = ws.revision
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
        theme_ids = content.theme_ids()
        try:
            workshop.sync(ws, _room(code), workshop.summarise(tables, theme_ids), _today(), theme_ids)
        except Invalid:  # a damaged profile: nothing was sent; My data offers the repair
            return
        except StoreUnavailable:  # the database is away: the numbers go on a later run, the page still works
            return
        revision = ws.revision  # syncing wrote this journal: that write needs no second look
    st.session_state["_workshop_pushed"] = revision


def _workspace_key(mode: str, link_in_address: bool = True) -> tuple[str, str | None, str | None]:
    if mode == "personal":
        return access.PERSONAL_KEY, None, None
    if auth_configured():
        if login.logged_in():  # the login's journal, whatever link the address carries
            login.refuse_link_in_address()
            return access.oidc_key(*login.identity()), None, None
        if not links_with_login():
            login.welcome()  # stops the run: a journal needs a login here
    token, arrival = _link_token(link_in_address)
    return access.link_key(token), token, arrival


def _link_token(in_address: bool = True) -> tuple[str, str | None]:
    """The private-link token for this visit, and how it came (see rebound.remember.Visit).

    Fails closed to a fresh journal. A link to another journal than this tab's or this device's
    never opens silently: the person chooses first (``_choose_journal``), on a real page load too,
    because the remembered journal comes from the cookie, not from session state.
    """
    raw = st.query_params.get("w")
    given = raw if access.is_valid_token(raw) else None
    cookie = device.remembered_token()
    joining = st.query_params.get("join") is not None
    visit = remember.resolve(given, st.session_state.get(_TOKEN), cookie, joining)
    if visit.arrival in ("conflict", "join_link"):
        _choose_journal(visit, cookie)  # stops the page
    token = visit.token or access.new_token()
    arrival = "link" if st.session_state.pop(_FOLLOWED, False) else visit.arrival
    if raw is not None and given is None:
        st.info(
            (
                _("That link did not look like a Rebound private link, so your own journal opened instead.")
                if visit.token
                else _(
                    "That link did not look like a Rebound private link, so a new, empty journal was started for you."
                )
            )
            + " "
            + _("If you have a link from before, open it exactly as it was given."),
            icon=":material/link_off:",
        )
    st.session_state[_TOKEN] = token
    if not in_address:
        if "w" in st.query_params:
            del st.query_params["w"]  # never on a projector
    elif st.query_params.get("w") != token:
        st.query_params["w"] = token
    return token, arrival


def _open_instead(token: str | None, followed_link: bool = False) -> None:
    """The person's choice in ``_choose_journal``: this journal opens in this tab (a join link stays)."""
    token = token or access.new_token()
    st.session_state[_TOKEN] = token
    st.session_state[_FOLLOWED] = followed_link
    st.query_params["w"] = token


def _choose_journal(visit: remember.Visit, cookie: str | None) -> None:
    """Say plainly that the link is not this person's journal, and let them choose; nothing else shows."""
    st.title(_("This is not your journal"))
    if visit.arrival == "conflict":
        st.warning(
            (
                _("The link you opened goes to a different journal from the one this device remembers.")
                if visit.token == cookie
                else _("The link you opened goes to a different journal from the one you had open in this tab.")
            )
            + " "
            + _("If someone gave you this link, whoever made it could read anything you write there."),
            icon=":material/shield:",
        )
        left, right = st.columns(2)
        left.button(
            _("Go back to my journal"),
            type="primary",
            on_click=_open_instead,
            args=(visit.token,),
            key="_journal_back",
        )
        right.button(_("Switch to this one"), on_click=_open_instead, args=(visit.other, True), key="_journal_switch")
    else:
        st.warning(
            _(
                "That join link also carried someone's private link, so it was not opened: a join link only "
                "ever opens your own journal. If it is your own link (you joined before on another device), "
                "you can join with it."
            ),
            icon=":material/shield:",
        )
        left, right = st.columns(2)
        left.button(_("Start my own journal"), type="primary", on_click=_open_instead, args=(None,), key="_journal_own")
        right.button(_("Switch to this one"), on_click=_open_instead, args=(visit.other, True), key="_journal_switch")
    st.stop()


def _arrival_notice(arrival: str | None, ws: Workspace) -> None:
    """Say so when this device's remembered journal opened, or a link opened one that is not there."""
    if arrival == "remembered":
        if device.take_marker("remembered"):
            st.success(_("Done: this device now remembers your journal."), icon=":material/devices:")
        elif st.query_params.get("join") is not None:
            st.info(
                _(
                    "Welcome back. This device remembers your journal, so the join link opened it: "
                    "no new journal was started."
                ),
                icon=":material/devices:",
            )
        else:
            st.caption(_(":material/devices: This device remembers your journal, so it opened here."))
    if arrival == "link" and not ws.exists:
        st.info(
            _(
                "There is no journal at this link yet: check that the link is complete. If you are just "
                "starting, go ahead; your journal is saved with your first entry."
            ),
            icon=":material/link:",
        )


def _profile_language(ws: Workspace) -> str | None:
    try:
        return journal.profile(ws).get("language")
    except StoreError:  # a damaged profile: My data offers the repair, and the browser's language is used
        return None


def _today() -> dt.date:
    """Today in the browser's time zone, unless REBOUND_TODAY pins it (see rebound.clock)."""
    return clock.today(st.context.timezone)


def _footer() -> None:
    st.sidebar.divider()
    st.sidebar.caption(
        _(
            "Rebound is a self-coaching tool, not therapy. If you are struggling, please talk to someone "
            "you trust or a doctor, or find a free helpline near you at findahelpline.com. "
            "In an emergency, call your local emergency number."
        )
    )
