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
from rebound import access, content, keyguard, workshop
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
            "address": "Too many wrong keys came from your network just now. Please wait before trying again.",
            "app": "Too many wrong keys were tried on this app in the last minute, so it is not checking keys for "
            "a moment. Please wait before trying again.",
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
joined, sharing = workshop.counts(room_ws)


def qr_svg(link: str, scale: int) -> str:
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="svg", scale=scale, border=2, title="QR code of the join link")
    return out.getvalue().decode()


# --- Presenter view: only what the room may see ---------------------------------------------------
if st.session_state.get(PRESENTER):
    st.subheader(md_escape(cfg["name"]))
    left, right = st.columns(2)
    left.metric("Joined", joined)
    right.metric("Sharing numbers", sharing)
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

# --- The room, in numbers ---------------------------------------------------------------------------------
st.header("The room, in numbers")
st.write(
    f"**{joined}** joined, **{sharing}** sharing numbers. "
    f"The rule: each figure appears only once at least {workshop.MINIMUM_ROOM} sharing people add to it (an "
    f"empty journal adds nothing), and the figures are updated only after at least {workshop.MINIMUM_ROOM} "
    "people's numbers changed, so no one person's entries can be read off the room."
)
snap = workshop.refresh(room_ws)
figures = snap["figures"]
shown = figures["figures"]
labels = content.theme_labels()
st.caption(
    f"Figures as of {snap['taken_at'].replace('T', ' ')} UTC; {snap['pending']} "
    f"{'person has' if snap['pending'] == 1 else 'people have'} changed since "
    f"(they update at {workshop.MINIMUM_ROOM})."
)

if not shown:
    st.info(
        f"No figure has {workshop.MINIMUM_ROOM} people behind it yet. They appear as people share and log things.",
        icon=":material/visibility_off:",
    )
else:
    totals = [
        (n, label)
        for n, label in (
            ("rejections", "rejections logged"),
            ("reflections", "reflections"),
            ("reframes", "thought records"),
        )
        if n in shown
    ]
    if totals:
        st.write("Together: " + ", ".join(f"{shown[n]} {label}" for n, label in totals) + ".")
    cols = st.columns(3)
    for col, (name, label, unit) in zip(
        cols,
        [
            ("mood_change", "Average mood change", ""),
            ("confidence_change", "Average confidence change", ""),
            ("reframe_shift", "Average thought-record shift", " points"),
        ],
        strict=True,
    ):
        value = shown.get(name)
        col.metric(
            label,
            "—" if value is None else (f"{value}{unit}" if unit else f"{value:+}"),
            help=None if value is not None else f"Shown once {workshop.MINIMUM_ROOM} people have a value for it.",
        )

    st.subheader("What the room did")
    activity = pd.DataFrame(
        [
            {"Activity": KIND_LABELS.get(k, k), "Total": shown["activity:" + k]}
            for k in workshop.SHARED_KINDS
            if "activity:" + k in shown
        ]
    )
    if activity.empty or not activity["Total"].any():
        st.caption(f"No kind of activity has {workshop.MINIMUM_ROOM} people behind it yet.")
    else:
        st.bar_chart(activity, x="Activity", y="Total", horizontal=True)
        st.caption(
            "Totals of logged effort: " + ", ".join(f"{r.Activity} {r.Total}" for r in activity.itertuples()) + "."
        )

    st.subheader("Themes that came up")
    themes = sorted(
        ((shown[n], labels.get(n[6:], n[6:])) for n in shown if n.startswith("theme:")), key=lambda t: -t[0]
    )
    if themes:
        st.dataframe(pd.DataFrame([{"Theme": t, "People": n} for n, t in themes[:8]]), hide_index=True)
    else:
        st.caption(f"No listed theme came up for {workshop.MINIMUM_ROOM} people yet.")

rows = workshop.figures_table(figures, labels, KIND_LABELS)
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


pending = st.session_state.get(CONFIRM)
left, right = st.columns(2)
if state != "ended":
    left.button("End this workshop", icon=":material/event_busy:", on_click=confirm, args=("end",))
right.button("Start a new workshop (new code)", icon=":material/restart_alt:", on_click=confirm, args=("new",))
if pending:
    st.warning(
        "Ending stops counting; the figures above stay, and attendees see that the workshop ended."
        if pending == "end"
        else "This ends the current workshop and starts an empty room with a new join link; the old link stops working.",
        icon=":material/warning:",
    )
    yes, no = st.columns(2)
    yes.button(
        "Yes, end it" if pending == "end" else "Yes, start a new one", type="primary", on_click=do, args=(pending,)
    )
    no.button("Cancel", on_click=lambda: st.session_state.pop(CONFIRM, None))
