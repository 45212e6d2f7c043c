"""Stage 3 · Support: the people who help, what they said, who to call next, and a note to send."""

import streamlit as st

from components import shell
from components import support as ui
from components.cards import show_deleted
from rebound import journal
from rebound.i18n import N_, _
from rebound.insights import patterns

app = shell(N_("Support"), icon=":material/group:")
ws, today, token = app.ws, app.today, app.token

st.title(_("Lean on people"))
st.write(
    _(
        "You do not have to do this alone. Keep track of the people in your corner, what you learn from them "
        "and the leads they share, and notice when it has been a while since you talked."
    )
)
st.caption(
    _(
        "Job-search programmes that worked best combined search skills with motivation, goal setting and support "
        "from other people (a 2014 review of 47 programmes, Psychological Bulletin)."
    )
)
show_deleted()
contacts = sorted(ws.all("contacts"), key=lambda c: c["name"].casefold())
contacts_by_id = {c["id"]: c for c in contacts}
logs = ws.all("support_log")  # sorted only where they are listed (Conversations): People just counts them


def people() -> None:
    ui.who_to_contact(contacts, today)
    ui.person_form(ws, today)
    ui.people_list(ws, contacts, logs)


def conversations() -> None:
    known_themes = patterns.used_themes(ws.all("reflections"), ws.all("feedback_requests"), logs)
    ui.conversation_form(ws, today, contacts, known_themes)
    ui.conversation_list(ws, today, token, contacts_by_id, journal.sorted_by(logs, "date"))


def reach_out() -> None:
    ui.reach_out(ws, today, contacts, contacts_by_id)


# Only the open tab runs, so a full room does not rerun the whole page on every click.
tabs = st.tabs([_("People"), _("Conversations"), _("Reach out")], key="support_tab", on_change="rerun")
for tab, draw in zip(tabs, (people, conversations, reach_out), strict=True):
    if tab.open:
        with tab:
            draw()
