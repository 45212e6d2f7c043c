"""Workshop (for the facilitator): invite the room, present the join link, and see the room's anonymous figures."""

import datetime as dt
import io

import pandas as pd
import segno
import streamlit as st

from components import shell
from components.reminders import app_link
from components.settings import (
    auth_configured,
    behind_proxy,
    setting,
    storage_secret,
    workshop_config,
    workshop_language,
    workshop_refusal,
)
from components.shell import content_problems, open_journal
from rebound import access, content, i18n, keyguard, room_privacy, workshop
from rebound.i18n import N_, _, ngettext
from rebound.insights.effort import KIND_LABELS
from rebound.text import md_escape

# The page may be on a projector: the facilitator's own private link stays out of the address bar.
app = shell("Workshop", icon=":material/groups:", link_in_address=False)
cfg = workshop_config()
OPEN, ATTEMPTS, PRESENTER, CONFIRM = "_facilitator_open", "_facilitator_attempts", "_presenter", "_room_confirm"
KEY_HELP = N_(
    "The key is set by whoever deployed the app (facilitator_key in the [workshop] secrets). Choose a long "
    "passphrase of four or more unrelated words that you do not use anywhere else, and never type it while "
    "the screen is shared."
)

st.title(_("Workshop"))
if cfg is None and (refusal := workshop_refusal()):
    st.error(refusal, icon=":material/key_off:")  # said in the server log too, once per process
    st.stop()
if cfg is None:
    st.info(
        _(
            "Workshop mode is not set up. Add a [workshop] section with name, join_code and facilitator_key to "
            "the app's secrets (see .streamlit/secrets.toml.example)."
        ),
        icon=":material/settings:",
    )
    st.stop()

# --- The facilitator key -----------------------------------------------------------------------
if not st.session_state.get(OPEN):
    st.write(_("**{name}** — for the facilitator. Attendees use the join link instead.", name=md_escape(cfg["name"])))
    # A masked box still has a "show password" eye: hidden here, so the key never appears on a projector.
    st.html("<style>.st-key-facilitator_key_input button[aria-label$='password'] {display: none;}</style>")
    with st.form("facilitator_login", clear_on_submit=True):
        given = st.text_input(_("Facilitator key"), type="password", key="facilitator_key_input", help=_(KEY_HELP))
        submitted = st.form_submit_button(_("Open the facilitator view"))
    st.caption(_(KEY_HELP))
    if submitted:
        attempts = st.session_state.setdefault(ATTEMPTS, keyguard.Attempts())
        # The guard's counts live in the store, so every replica of the app shares them.
        guard = keyguard.KeyGuard(open_journal(workshop.guard_key(cfg["join_code"])), cfg["facilitator_key"])
        address = keyguard.client_address(st.context.headers, behind_proxy())
        verdict = guard.check(attempts, address, given, cfg["facilitator_key"])
        if verdict.ok:
            st.session_state[OPEN] = True
            st.rerun()
        seconds = max(1, round(verdict.wait))
        first = {
            None: _("That key does not match. Check it."),
            "session": _("Please wait a moment before trying again."),
        }[verdict.refused]
        if verdict.wait > 0:
            first += " " + ngettext("You can try again in {n} second.", "You can try again in {n} seconds.", seconds)
        st.error(first, icon=":material/error:")
    st.stop()

if auth_configured() and not storage_secret():
    st.warning(
        _(
            "Attendees' journals are stored as plain text here, because logins are on and no storage secret is "
            "set: anyone with the server's disk or database could read them. Add a [storage] secret to the app's "
            "secrets (or set REBOUND_STORAGE_SECRET) to seal them."
        ),
        icon=":material/lock_open:",
    )

control = open_journal(workshop.control_key(cfg["join_code"]))
session = workshop.current_session(control, cfg["join_code"])
state = workshop.session_status(session, app.today)
room_ws = open_journal(workshop.workshop_key(session["code"]))
join_link = app_link(join=session["code"])
joined = workshop.joined_count(room_ws)
limit = workshop.join_limit(session)


def qr_svg(link: str, scale: int) -> str:
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="svg", scale=scale, border=2, title=_("QR code of the join link"))
    return out.getvalue().decode()


def room_language() -> str:
    """Which language the room's pages open in, and that each attendee can change it (shown to everyone)."""
    names = i18n.languages()
    fixed = i18n.normalize(workshop_language())
    if fixed:
        return _(
            ":material/translate: The room's pages open in **{language}**. Anyone can pick another language "
            "in the sidebar.",
            language=names.get(i18n.language_of(fixed), fixed),
        )
    return _(
        ":material/translate: The room's pages open in each person's browser language. Anyone can pick "
        "another language in the sidebar."
    )


# --- Presenter view: only what the room may see ---------------------------------------------------
if st.session_state.get(PRESENTER):
    st.subheader(md_escape(cfg["name"]))
    st.metric(_("Joined"), joined)
    if state == "open":
        # Our own URL (urlencoded), not user text: a real link, without the joiner that breaks autolinks.
        st.markdown(f"## <{join_link}>")
        st.image(
            qr_svg(join_link, 16),
            width=520,
            caption=_("Scan to join: you get a private journal of your own."),
            alt=_("QR code of the join link"),
        )
    else:
        st.markdown("## " + (_("This workshop has ended.") if state == "ended" else _("The join link has expired.")))
    st.caption(room_language())
    st.button(_("Leave the presenter view"), on_click=lambda: st.session_state.pop(PRESENTER, None))
    st.stop()

st.write(_("**{name}**. Attendees use the join link; each gets a private journal.", name=md_escape(cfg["name"])))
st.caption(room_language())
top = st.columns([1, 1, 2])
top[0].button(
    _("Presenter view"), icon=":material/present_to_all:", on_click=lambda: st.session_state.update({PRESENTER: True})
)
top[1].button(_("Lock this page"), icon=":material/lock:", on_click=lambda: st.session_state.pop(OPEN, None))

if problems := content_problems():
    st.warning(
        _("Some of your content files could not be used, so attendees see the shipped content there instead:"),
        icon=":material/rule:",
    )
    for problem in problems:
        st.text("• " + problem)

if not setting("public_url") and access.is_loopback_url(st.context.url):
    st.warning(
        _(
            "This join link points to this computer (localhost), which phones in the room cannot reach. Set "
            "public_url (env REBOUND_PUBLIC_URL or public_url in the secrets) to the address attendees use."
        ),
        icon=":material/wifi_off:",
    )

# --- Invite the room -----------------------------------------------------------------------------------
st.header(_("Invite the room"))
if state == "ended":
    st.info(_("This workshop has ended: nobody can join and nothing more is counted."), icon=":material/event_busy:")
else:
    if state == "expired":
        st.warning(
            _("The join link has expired: nobody new can join. Set a later date below."), icon=":material/timer_off:"
        )
    st.code(join_link, language=None, wrap_lines=True)
    st.image(
        qr_svg(join_link, 8),
        width=320,
        caption=_("Scan to join: each person gets their own private journal."),
        alt=_("QR code of the join link"),
    )

    def save_expiry() -> None:
        workshop.set_expiry(control, cfg["join_code"], st.session_state["join_expiry"])

    expires = session.get("expires_on")
    st.date_input(
        _("The join link works until (optional; leave empty for no end date)"),
        value=dt.date.fromisoformat(expires) if expires else None,
        min_value=min(app.today, dt.date.fromisoformat(expires)) if expires else app.today,
        key="join_expiry",
        on_change=save_expiry,
        format=i18n.date_input_format(),
    )

    def save_expected() -> None:
        workshop.set_expected_size(control, cfg["join_code"], st.session_state["expected_size"])

    st.number_input(
        _("How many people do you expect in the room?"),
        min_value=1,
        max_value=1000,
        step=1,
        value=workshop.expected_size(session),
        key="expected_size",
        on_change=save_expected,
        help=_("Up to twice this many can join; the join link refuses anyone beyond that. Now: {limit}.", limit=limit),
    )
    st.caption(
        ngettext(
            "{n} person joined so far; the link admits up to {limit} (twice the room you expect).",
            "{n} people joined so far; the link admits up to {limit} (twice the room you expect).",
            joined,
            limit=limit,
        )
    )

# --- The room, in numbers ---------------------------------------------------------------------------------
RELEASED = "_room_release_message"
st.header(_("The room, in numbers"))
budget = workshop.budget_state(room_ws)
epsilon = i18n.format_number(room_privacy.RELEASE_EPSILON)
st.write(
    ngettext("**{n}** joined.", "**{n}** joined.", joined)
    + " "
    + _(
        "Figures count people, and you see them only as a *release*: the room's running totals with random "
        "noise added (differential privacy, with the OpenDP library), so that no figure changes much because "
        "of any one person, and nobody can be picked out, not even with fake attendees. Each person counts at "
        "most once in each figure, and a figure appears only when at least {minimum} people are in it.",
        minimum=workshop.MINIMUM_ROOM,
    )
)
left, mid, right = st.columns(3)
left.metric(
    _("Privacy budget (ε)"),
    i18n.format_number(budget["budget"]),
    help=_("Smaller is more private. Set for the whole workshop."),
)
mid.metric(
    _("Budget left (ε)"),
    i18n.format_number(budget["left"]),
    help=_("Each release spends ε = {epsilon}.", epsilon=epsilon),
)
right.metric(_("Releases left"), budget["remaining"])
st.caption(
    _(
        "Each release spends ε = {epsilon} of the budget: a count is off by about {typical} people on average, "
        "and by at most {worst} people 9 times in 10. Between releases nothing changes on this page, so no one "
        "person's entries can be read off it.",
        epsilon=epsilon,
        typical=i18n.format_number(room_privacy.typical_error()),
        worst=i18n.format_number(room_privacy.error_at()),
    )
)


def take_release() -> None:
    try:
        taken = workshop.release(room_ws, content.theme_ids(), app.today)
    except workshop.BudgetSpent:
        st.session_state[RELEASED] = ("warning", _("The privacy budget is spent: no new release was made."))
    except workshop.TooFewSharing:
        st.session_state[RELEASED] = (
            "info",
            _(
                "Fewer than {minimum} people have joined yet, so a release would show nothing. Nothing was spent.",
                minimum=workshop.MINIMUM_ROOM,
            ),
        )
    else:
        st.session_state[RELEASED] = ("success", _("Release {number} is ready below.", number=taken["number"]))


if state != "ended" and budget["remaining"] > 0:
    st.button(
        _("Release the room's figures now (spends ε = {epsilon})", epsilon=epsilon),
        icon=":material/visibility:",
        on_click=take_release,
        key="room_release",
    )
if message := st.session_state.pop(RELEASED, None):
    getattr(st, message[0])(message[1])
if budget["remaining"] == 0:
    st.warning(
        _(
            "The privacy budget is spent (ε = {spent} of {budget}), so the figures are frozen as last released. "
            "Every release tells a little more about each person; more of them would, together, start to single "
            "people out. Start a new workshop for a fresh room with a budget of its own.",
            spent=i18n.format_number(budget["spent"]),
            budget=i18n.format_number(budget["budget"]),
        ),
        icon=":material/lock_clock:",
    )

if not room_ws.sealed:
    st.caption(
        _(
            "The room's running counts are stored as plain text here, because no storage secret is set. They "
            "hold no one's own numbers, but the store keeps its last few versions (for recovery), and comparing "
            "two of them shows one change, though not whose. A [storage] secret (or REBOUND_STORAGE_SECRET) "
            "seals them."
        )
    )

latest = workshop.latest_release(room_ws)
labels = content.theme_labels()
if latest is None:
    st.info(
        _("No release yet. Once people share, release the figures when you want to talk about them:")
        + " "
        + ngettext("this workshop allows {n}.", "this workshop allows {n}.", budget["remaining"]),
        icon=":material/visibility_off:",
    )
    rows: list[dict] = []
else:
    groups = workshop.shown_figures(latest["figures"])
    st.caption(
        _(
            "Release {number}, taken on {day}.",
            number=latest["number"],
            day=i18n.format_date(dt.date.fromisoformat(latest["taken_on"])),
        )
    )
    sharing = groups.get("sharing", {}).get("sharing")
    st.write(
        ngettext("About **{n}** person shares numbers.", "About **{n}** people share numbers.", sharing)
        if sharing
        else _(
            "Fewer than {minimum} people share numbers, as far as this release can tell.",
            minimum=workshop.MINIMUM_ROOM,
        )
    )
    mood = groups.get("mood", {})
    cols = st.columns(3)
    for col, bin_ in zip(cols, ("better", "same", "lower"), strict=True):
        value = mood.get(bin_)
        col.metric(
            _(workshop.MOOD_LABELS[bin_]),
            "—" if value is None else _("about {value}", value=value),
            help=None if value is not None else _("Too few people in this figure to show it."),
        )
    st.caption(_("People whose latest check-in mood is above, level with or below their first one."))

    st.subheader(_("What people did most"))
    activity_col, people_col = _("Activity"), _("People")
    activity = pd.DataFrame(
        [
            {activity_col: _(KIND_LABELS[k]) if k in KIND_LABELS else k, people_col: groups["activity"][k]}
            for k in workshop.SHARED_KINDS
            if k in groups.get("activity", {})
        ]
    )
    if activity.empty:
        st.caption(_("No kind of effort is the main one for enough people to show yet."))
    else:
        st.bar_chart(activity, x=activity_col, y=people_col, horizontal=True)
        figures = [
            _("{activity} about {people}", activity=a, people=n)
            for a, n in zip(activity[activity_col], activity[people_col], strict=True)
        ]
        st.caption(_("People by the kind of effort they logged most: {figures}.", figures=i18n.format_list(figures)))

    st.subheader(_("Themes that came up"))
    themes = sorted(((n, labels.get(t, t)) for t, n in groups.get("theme", {}).items()), key=lambda t: -t[0])
    if themes:
        st.dataframe(pd.DataFrame([{_("Theme"): t, _("People (about)"): n} for n, t in themes[:8]]), hide_index=True)
    else:
        st.caption(_("No listed theme is the main one for enough people to show yet."))
    rows = workshop.figures_table(latest["figures"], labels, {k: _(v) for k, v in KIND_LABELS.items()})

st.download_button(
    _("Download the room's figures (CSV)"),
    data=workshop.room_csv(rows),
    file_name=f"workshop-figures-{app.today.isoformat()}.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
    disabled=not rows,
    key="room_csv",
)

# --- Room tools ---------------------------------------------------------------------------------------------
st.header(_("Room tools"))


def confirm(action: str) -> None:
    st.session_state[CONFIRM] = action


def do(action: str) -> None:
    st.session_state.pop(CONFIRM, None)
    if action == "end":
        workshop.end_session(control, cfg["join_code"], app.today)
    else:
        workshop.start_session(control, cfg["join_code"], app.today)
        st.session_state.pop("expected_size", None)  # the new room starts from its own (default) size


pending = st.session_state.get(CONFIRM)
left, right = st.columns(2)
if state != "ended":
    left.button(_("End this workshop"), icon=":material/event_busy:", on_click=confirm, args=("end",))
right.button(_("Start a new workshop (new code)"), icon=":material/restart_alt:", on_click=confirm, args=("new",))
if pending:
    st.warning(
        _("Ending stops counting; the last release above stays, and attendees see that the workshop ended.")
        if pending == "end"
        else _(
            "This ends the current workshop and starts an empty room with a new join link; the old link stops working."
        ),
        icon=":material/warning:",
    )
    yes, no = st.columns(2)
    yes.button(
        _("Yes, end it") if pending == "end" else _("Yes, start a new one"),
        type="primary",
        on_click=do,
        args=(pending,),
    )
    no.button(_("Cancel"), on_click=lambda: st.session_state.pop(CONFIRM, None))
