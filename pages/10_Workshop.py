"""Facilitator: the join link and QR code, and the room's anonymous numbers (5 people or more)."""

import io

import pandas as pd
import segno
import streamlit as st

from components import shell
from components.reminders import app_link
from components.settings import auth_configured, storage_secret, workshop_config
from components.shell import open_journal
from rebound import content, workshop
from rebound.models import ACTIVITY_KINDS
from rebound.text import md_escape

app = shell("Facilitator", icon=":material/groups:")
cfg = workshop_config()

st.title("Workshop")
if cfg is None:
    st.info(
        "Workshop mode is not set up. Add a [workshop] section with name, join_code and facilitator_key to the "
        "app's secrets (see .streamlit/secrets.toml.example).",
        icon=":material/settings:",
    )
    st.stop()

st.write(
    f"**{md_escape(cfg['name'])}** — for the facilitator. Attendees use the join link; each gets a private journal."
)

with st.form("facilitator_login"):
    given = st.text_input("Facilitator key", type="password", key="facilitator_key_input")
    st.form_submit_button("Open the facilitator view")
if given and not workshop.key_matches(given, cfg["facilitator_key"]):
    st.markdown(":red[:material/error: That key does not match. Check it and try again.]")
if not workshop.key_matches(given, cfg["facilitator_key"]):
    st.stop()

if auth_configured() and not storage_secret():
    st.warning(
        "Attendees' journals are stored as plain text here, because logins are on and no storage secret is set: "
        "anyone with the server's disk or database could read them. Add a [storage] secret to the app's secrets "
        "(or set REBOUND_STORAGE_SECRET) to seal them.",
        icon=":material/lock_open:",
    )

# --- Join link -----------------------------------------------------------------------------
st.header("Invite the room")
join_link = app_link(join=cfg["join_code"])
st.code(join_link, language=None, wrap_lines=True)
qr = io.BytesIO()
segno.make(join_link, error="m").save(qr, kind="png", scale=6, border=2)
st.image(qr.getvalue(), caption="Scan to join: each person gets their own private journal.", width=220)

# --- The room ---------------------------------------------------------------------------------
st.header("The room, in numbers")
members = open_journal(workshop.workshop_key(cfg["join_code"])).all("members")
room = workshop.room_summary(members)
if room is None:
    st.info(
        f"{len(members)} of the {workshop.MINIMUM_ROOM} people needed have chosen to share. The numbers appear "
        "once enough people share, so nobody can be picked out.",
        icon=":material/visibility_off:",
    )
    st.stop()

st.write(
    f"{room['people']} people are sharing. Together they logged {room['rejections']} rejections, wrote "
    f"{room['reflections']} reflections and {room['reframes']} thought records."
)
cols = st.columns(3)
cols[0].metric("Average mood change", "—" if room["mood_change"] is None else f"{room['mood_change']:+}")
cols[1].metric(
    "Average confidence change", "—" if room["confidence_change"] is None else f"{room['confidence_change']:+}"
)
cols[2].metric(
    "Average thought-record shift", "—" if room["reframe_shift"] is None else f"{room['reframe_shift']} points"
)

activity = pd.DataFrame(
    [{"Activity": k.replace("_", " "), "Total": room["activities"].get(k, 0)} for k in ACTIVITY_KINDS if k != "rest"]
)
st.subheader("What the room did")
st.bar_chart(activity, x="Activity", y="Total", horizontal=True)
st.caption(
    "Totals of logged effort across everyone who shares: "
    + ", ".join(f"{r.Activity} {r.Total}" for r in activity.itertuples())
    + "."
)

st.subheader("Themes that came up")
labels = content.theme_labels()
if room["themes"]:
    st.dataframe(
        pd.DataFrame([{"Theme": labels.get(t, t), "People": n} for t, n in room["themes"]]),
        hide_index=True,
    )
else:
    st.caption("No listed themes yet.")
