"""The attendee's side of a workshop: which one they joined, and the one share choice (Home and My data)."""

from __future__ import annotations

import streamlit as st

from components.settings import workshop_config
from components.shell import JUST_JOINED, Shell, open_journal
from rebound import content, i18n, journal, room_privacy, workshop
from rebound.i18n import N_, _
from rebound.models import Invalid
from rebound.storage import StoreUnavailable
from rebound.text import md_escape

PROBLEM = "_workshop_share_problem"
SHARE_LABEL = N_("Share anonymous numbers with my workshop")


def joined(app: Shell) -> tuple[dict[str, str], dict, tuple[str, str, bool]] | None:
    """(config, workshop session, membership) when this journal joined this app's workshop."""
    cfg = workshop_config()
    member = workshop.membership(journal.profile(app.ws)) if cfg else None
    if member is None:
        return None
    control = open_journal(workshop.control_key(cfg["join_code"]))
    session = workshop.find_session(control, cfg["join_code"], member[0])
    return (cfg, session, member) if session else None


def what_is_shared() -> str:
    budget = room_privacy.BUDGET_EPSILON
    return _(
        "You can share a few anonymous numbers with your facilitator: whether your mood went up, stayed or "
        "went down, which kind of effort you logged most, and which listed theme came up most for you. Never "
        "your words, names, companies or your own counts. The room keeps only running totals, and your "
        "facilitator sees them only with random noise added (differential privacy): you count at most once "
        "in each figure, each figure appears only once at least {minimum} people are in it, and the "
        "workshop's privacy budget (ε = {budget}) allows only {releases} releases. So nobody — not your "
        "facilitator, not the people who host this app, not someone making fake attendees — can pick out "
        "your answers.",
        minimum=workshop.MINIMUM_ROOM,
        budget=i18n.format_number(budget),
        releases=room_privacy.releases_allowed(budget),
    )


def _set_sharing(app: Shell, code: str, key: str) -> None:
    share = bool(st.session_state[key])
    try:
        if not share:  # first the room gets back exactly what this journal added to it, then the choice
            workshop.sync(app.ws, open_journal(workshop.workshop_key(code)), None, app.today, content.theme_ids())
        journal.save_profile(app.ws, {"workshop_opt_in": share}, app.today)
    except Invalid:
        st.session_state[PROBLEM] = _(
            "Your choice could not be saved: your journal's profile has a problem. Restoring a backup fixes it."
        )
        return
    except StoreUnavailable:
        st.session_state[PROBLEM] = _(
            "Your choice could not be saved just now: the app's storage is not answering. Nothing changed; "
            "please try again in a minute."
        )
        return
    st.session_state.pop("_workshop_pushed", None)  # the shell shares fresh numbers on the next run


def leave_room(app: Shell) -> None:
    """Before a journal is deleted: take back what it added to its room (a broken profile never blocks it)."""
    profile = journal.profile(app.ws)
    member = workshop.membership(profile)
    if member is None:
        return
    room = open_journal(workshop.workshop_key(member[0]))
    try:
        workshop.sync(app.ws, room, None, app.today, content.theme_ids())
    except Invalid:  # a profile that no longer validates: the journal goes anyway, so take its numbers back
        workshop.apply_delta(room, {k: -v for k, v in workshop.last_contribution(profile).items()})


def share_toggle(app: Shell, key: str) -> None:
    """The share choice, wherever it is offered; both places write the same profile field."""
    info = joined(app)
    if info is None:
        return
    _cfg, session, (code, _member_id, opted_in) = info
    if session.get("ended"):
        st.caption(_("This workshop has ended: nothing more is shared."))
        return
    if problem := st.session_state.pop(PROBLEM, None):
        st.error(problem, icon=":material/error:")
    st.toggle(
        _(SHARE_LABEL),
        value=opted_in,
        key=key,
        on_change=_set_sharing,
        args=(app, code, key),
    )


def home_notice(app: Shell) -> None:
    """Home, after joining: which workshop, that the journal stays private, and the share choice."""
    info = joined(app)
    if info is None:
        return
    cfg, session, (_code, _member, opted_in) = info
    name = md_escape(cfg["name"])
    with st.container(border=True):
        if session.get("ended"):
            st.markdown(
                _(
                    ":material/groups: **{name}** has ended. Your journal is still yours, and stays private.",
                    name=name,
                )
            )
            return
        first = st.session_state.pop(JUST_JOINED, False)
        st.markdown(
            _(":material/groups: **You have joined {name}.**", name=name)
            if first
            else _(":material/groups: **You are part of {name}.**", name=name)
        )
        st.write(
            _("Your journal stays private: your facilitator never sees what you write.")
            + " "
            + (_("You are sharing anonymous numbers.") if opted_in else _("Nothing is shared unless you choose to."))
        )
        share_toggle(app, key="workshop_share_home")
        st.caption(what_is_shared())
        if first:
            st.caption(
                _("Joined before on another device? Open the private link you kept there to get back to that journal.")
            )
