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
    workshop_refusal,
)
from components.shell import content_problems, open_journal
from rebound import access, content, keyguard, room_privacy, workshop
from rebound.insights.effort import KIND_LABELS
from rebound.text import md_escape

# The page may be on a projector: the facilitator's own private link stays out of the address bar.
app = shell("Workshop", icon=":material/groups:", link_in_address=False)
cfg = workshop_config()
OPEN, ATTEMPTS, PRESENTER, CONFIRM = "_facilitator_open", "_facilitator_attempts", "_presenter", "_room_confirm"
KEY_HELP = (
    "The key is set by whoever deployed the app (facilitator_key in the [workshop] secrets). Choose a long "
    "passphrase of four or more unrelated words that you do not use anywhere else, and never type it while "
    "the screen is shared."
)

st.title("Workshop")
if cfg is None and (refusal := workshop_refusal()):
    st.error(refusal, icon=":material/key_off:")  # said in the server log too, once per process
    st.stop()
if cfg is None:
    st.info(
        "Workshop mode is not set up. Add a [workshop] section with name, join_code and facilitator_key to the "
        "app's secrets (see .streamlit/secrets.toml.example).",
        icon=":material/settings:",
    )
    st.stop()

# --- The facilitator key -----------------------------------------------------------------------
if not st.session_state.get(OPEN):
    st.write(f"**{md_escape(cfg['name'])}** — for the facilitator. Attendees use the join link instead.")
    # A masked box still has a "show password" eye: hidden here, so the key never appears on a projector.
    st.html("<style>.st-key-facilitator_key_input button[aria-label$='password'] {display: none;}</style>")
    with st.form("facilitator_login", clear_on_submit=True):
        given = st.text_input("Facilitator key", type="password", key="facilitator_key_input", help=KEY_HELP)
        submitted = st.form_submit_button("Open the facilitator view")
    st.caption(KEY_HELP)
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
        again = f" You can try again in {seconds} second{'s' if seconds != 1 else ''}." if verdict.wait > 0 else ""
        first = {
            None: "That key does not match. Check it.",
            "session": "Please wait a moment before trying again.",
        }[verdict.refused]
        st.error(first + again, icon=":material/error:")
    st.stop()

if auth_configured() and not storage_secret():
    st.warning(
        "Attendees' journals are stored as plain text here, because logins are on and no storage secret is set: "
        "anyone with the server's disk or database could read them. Add a [storage] secret to the app's secrets "
        "(or set REBOUND_STORAGE_SECRET) to seal them.",
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
    segno.make(link, error="m").save(out, kind="svg", scale=scale, border=2, title="QR code of the join link")
    return out.getvalue().decode()


# --- Presenter view: only what the room may see ---------------------------------------------------
if st.session_state.get(PRESENTER):
    st.subheader(md_escape(cfg["name"]))
    st.metric("Joined", joined)
    if state == "open":
        # Our own URL (urlencoded), not user text: a real link, without the joiner that breaks autolinks.
        st.markdown(f"## <{join_link}>")
        st.image(
            qr_svg(join_link, 16),
            width=520,
            caption="Scan to join: you get a private journal of your own.",
            alt="QR code of the join link",
        )
    else:
        st.markdown("## " + ("This workshop has ended." if state == "ended" else "The join link has expired."))
    st.button("Leave the presenter view", on_click=lambda: st.session_state.pop(PRESENTER, None))
    st.stop()

st.write(f"**{md_escape(cfg['name'])}**. Attendees use the join link; each gets a private journal.")
top = st.columns([1, 1, 2])
top[0].button(
    "Presenter view", icon=":material/present_to_all:", on_click=lambda: st.session_state.update({PRESENTER: True})
)
top[1].button("Lock this page", icon=":material/lock:", on_click=lambda: st.session_state.pop(OPEN, None))

if problems := content_problems():
    st.warning(
        "Some of your content files could not be used, so attendees see the shipped content there instead:",
        icon=":material/rule:",
    )
    for problem in problems:
        st.text("• " + problem)

if not setting("public_url") and access.is_loopback_url(st.context.url):
    st.warning(
        "This join link points to this computer (localhost), which phones in the room cannot reach. Set "
        "public_url (env REBOUND_PUBLIC_URL or public_url in the secrets) to the address attendees use.",
        icon=":material/wifi_off:",
    )

# --- Invite the room -----------------------------------------------------------------------------------
st.header("Invite the room")
if state == "ended":
    st.info("This workshop has ended: nobody can join and nothing more is counted.", icon=":material/event_busy:")
else:
    if state == "expired":
        st.warning(
            "The join link has expired: nobody new can join. Set a later date below.", icon=":material/timer_off:"
        )
    st.code(join_link, language=None, wrap_lines=True)
    st.image(
        qr_svg(join_link, 8),
        width=320,
        caption="Scan to join: each person gets their own private journal.",
        alt="QR code of the join link",
    )

    def save_expiry() -> None:
        workshop.set_expiry(control, cfg["join_code"], st.session_state["join_expiry"])

    expires = session.get("expires_on")
    st.date_input(
        "The join link works until (optional; leave empty for no end date)",
        value=dt.date.fromisoformat(expires) if expires else None,
        min_value=min(app.today, dt.date.fromisoformat(expires)) if expires else app.today,
        key="join_expiry",
        on_change=save_expiry,
        format="YYYY-MM-DD",
    )

    def save_expected() -> None:
        workshop.set_expected_size(control, cfg["join_code"], st.session_state["expected_size"])

    st.number_input(
        "How many people do you expect in the room?",
        min_value=1,
        max_value=1000,
        step=1,
        value=workshop.expected_size(session),
        key="expected_size",
        on_change=save_expected,
        help=f"Up to twice this many can join; the join link refuses anyone beyond that. Now: {limit}.",
    )
    st.caption(f"{joined} joined so far; the link admits up to {limit} (twice the room you expect).")

# --- The room, in numbers ---------------------------------------------------------------------------------
RELEASED = "_room_release_message"
st.header("The room, in numbers")
budget = workshop.budget_state(room_ws)
st.write(
    f"**{joined}** joined. Figures count people, and you see them only as a *release*: the room's running "
    "totals with random noise added (differential privacy, with the OpenDP library), so that no figure "
    "changes much because of any one person, and nobody can be picked out, not even with fake attendees. "
    f"Each person counts at most once in each figure, and a figure appears only when at least "
    f"{workshop.MINIMUM_ROOM} people are in it."
)
left, mid, right = st.columns(3)
left.metric("Privacy budget (ε)", f"{budget['budget']:g}", help="Smaller is more private. Set for the whole workshop.")
mid.metric("Budget left (ε)", f"{budget['left']:g}", help=f"Each release spends ε = {room_privacy.RELEASE_EPSILON:g}.")
right.metric("Releases left", budget["remaining"])
st.caption(
    f"Each release spends ε = {room_privacy.RELEASE_EPSILON:g} of the budget: a count is off by about "
    f"{room_privacy.typical_error():g} people on average, and by at most {room_privacy.error_at()} people 9 times "
    "in 10. Between releases nothing changes on this page, so no one person's entries can be read off it."
)


def take_release() -> None:
    try:
        taken = workshop.release(room_ws, content.theme_ids(), app.today)
    except workshop.BudgetSpent:
        st.session_state[RELEASED] = ("warning", "The privacy budget is spent: no new release was made.")
    except workshop.TooFewSharing:
        st.session_state[RELEASED] = (
            "info",
            f"Fewer than {workshop.MINIMUM_ROOM} people have joined yet, so a release would show nothing. "
            "Nothing was spent.",
        )
    else:
        st.session_state[RELEASED] = ("success", f"Release {taken['number']} is ready below.")


if state != "ended" and budget["remaining"] > 0:
    st.button(
        f"Release the room's figures now (spends ε = {room_privacy.RELEASE_EPSILON:g})",
        icon=":material/visibility:",
        on_click=take_release,
        key="room_release",
    )
if message := st.session_state.pop(RELEASED, None):
    getattr(st, message[0])(message[1])
if budget["remaining"] == 0:
    st.warning(
        f"The privacy budget is spent (ε = {budget['spent']:g} of {budget['budget']:g}), so the figures are frozen "
        "as last released. Every release tells a little more about each person; more of them would, together, "
        "start to single people out. Start a new workshop for a fresh room with a budget of its own.",
        icon=":material/lock_clock:",
    )

if not room_ws.sealed:
    st.caption(
        "The room's running counts are stored as plain text here, because no storage secret is set. They hold "
        "no one's own numbers, but the store keeps its last few versions (for recovery), and comparing two of "
        "them shows one change, though not whose. A [storage] secret (or REBOUND_STORAGE_SECRET) seals them."
    )

latest = workshop.latest_release(room_ws)
labels = content.theme_labels()
if latest is None:
    st.info(
        "No release yet. Once people share, release the figures when you want to talk about them: "
        f"this workshop allows {budget['remaining']}.",
        icon=":material/visibility_off:",
    )
    rows: list[dict] = []
else:
    groups = workshop.shown_figures(latest["figures"])
    st.caption(f"Release {latest['number']}, taken on {latest['taken_on']}.")
    sharing = groups.get("sharing", {}).get("sharing")
    st.write(
        f"About **{sharing}** people share numbers."
        if sharing
        else f"Fewer than {workshop.MINIMUM_ROOM} people share numbers, as far as this release can tell."
    )
    mood = groups.get("mood", {})
    cols = st.columns(3)
    for col, (bin_, label) in zip(
        cols, [("better", "Mood better"), ("same", "Mood about the same"), ("lower", "Mood lower")], strict=True
    ):
        value = mood.get(bin_)
        col.metric(
            label,
            "—" if value is None else f"about {value}",
            help=None if value is not None else "Too few people in this figure to show it.",
        )
    st.caption("People whose latest check-in mood is above, level with or below their first one.")

    st.subheader("What people did most")
    activity = pd.DataFrame(
        [
            {"Activity": KIND_LABELS.get(k, k), "People": groups["activity"][k]}
            for k in workshop.SHARED_KINDS
            if k in groups.get("activity", {})
        ]
    )
    if activity.empty:
        st.caption("No kind of effort is the main one for enough people to show yet.")
    else:
        st.bar_chart(activity, x="Activity", y="People", horizontal=True)
        st.caption(
            "People by the kind of effort they logged most: "
            + ", ".join(f"{r.Activity} about {r.People}" for r in activity.itertuples())
            + "."
        )

    st.subheader("Themes that came up")
    themes = sorted(((n, labels.get(t, t)) for t, n in groups.get("theme", {}).items()), key=lambda t: -t[0])
    if themes:
        st.dataframe(pd.DataFrame([{"Theme": t, "People (about)": n} for n, t in themes[:8]]), hide_index=True)
    else:
        st.caption("No listed theme is the main one for enough people to show yet.")
    rows = workshop.figures_table(latest["figures"], labels, KIND_LABELS)

st.download_button(
    "Download the room's figures (CSV)",
    data=workshop.room_csv(rows),
    file_name=f"workshop-figures-{app.today.isoformat()}.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
    disabled=not rows,
    key="room_csv",
)

# --- Room tools ---------------------------------------------------------------------------------------------
st.header("Room tools")


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
    left.button("End this workshop", icon=":material/event_busy:", on_click=confirm, args=("end",))
right.button("Start a new workshop (new code)", icon=":material/restart_alt:", on_click=confirm, args=("new",))
if pending:
    st.warning(
        "Ending stops counting; the last release above stays, and attendees see that the workshop ended."
        if pending == "end"
        else "This ends the current workshop and starts an empty room with a new join link; the old link stops working.",
        icon=":material/warning:",
    )
    yes, no = st.columns(2)
    yes.button(
        "Yes, end it" if pending == "end" else "Yes, start a new one", type="primary", on_click=do, args=(pending,)
    )
    no.button("Cancel", on_click=lambda: st.session_state.pop(CONFIRM, None))
