"""Stage 3 · Support: the people who help, what they said, who to call next, and a note to send."""

import streamlit as st

from components import forms, shell
from components.cards import edit_and_delete, first_page, label_value, show_deleted, show_more
from components.nav import page_link
from rebound import journal, support
from rebound.insights import patterns
from rebound.models import NAME, NOTE
from rebound.text import md_escape

app = shell("Support", icon=":material/group:")
ws, today, token = app.ws, app.today, app.token

st.title("Lean on people")
st.write(
    "You do not have to do this alone. Keep track of the people in your corner, what you learn from them "
    "and the leads they share, and notice when it has been a while since you talked."
)
st.caption(
    "Job-search programmes that worked best combined search skills with motivation, goal setting and support "
    "from other people (a 2014 review of 47 programmes, Psychological Bulletin)."
)
show_deleted()
contacts = sorted(ws.all("contacts"), key=lambda c: c["name"].casefold())
contacts_by_id = {c["id"]: c for c in contacts}
logs = journal.sorted_by(ws.all("support_log"), "date")
# Form fields: typing does not rerun the page, and what is typed survives a switch to another tab.
KEEP = {"on_change": "ignore", "persist_state": "page"}

# =====================================================================================
# People
# =====================================================================================
PPL = "ppl"
PPL_FIELDS = ["name", "relationship", "organization", "email", "how_they_help", "notes", "last_contacted_on"]
DUP = "_ppl_duplicate"


def save_contact(values: dict) -> None:
    data = {k: forms.iso(v) for k, v in values.items()}
    rid = forms.editing("contacts")
    support.check_contact(data, today)
    twins = support.same_name(ws.all("contacts"), data.get("name"), exclude_id=rid)
    journal.save(ws, "contacts", data, today, rid=rid)
    st.session_state.pop("_editing_contacts", None)
    if twins:
        st.session_state[DUP] = " ".join(str(data["name"]).split())


def people() -> None:
    # --- Who haven't I talked to lately ----------------------------------------------------
    st.header("Who haven't I talked to lately?", anchor="lately")
    if not contacts:
        st.info(
            "Add the people who help you below: mentors, peers, recruiters, friends, former colleagues. "
            "Then this list shows who you have not talked to in a while.",
            icon=":material/group_add:",
        )
    else:
        threshold = st.number_input(
            "Gently point out people after this many days",
            min_value=7,
            max_value=365,
            value=support.DEFAULT_THRESHOLD,
            step=1,
            key="sup_threshold",
        )
        rows = support.who_to_contact(contacts, today, int(threshold))
        due = [r for r in rows if r.overdue]
        if due:
            st.write(
                f"{len(due)} of {len(rows)} {'person' if len(rows) == 1 else 'people'} "
                f"you have not talked to in {int(threshold)} days or more. A short hello is enough."
            )
        else:
            st.success("You have been in touch with everyone recently. Nice work.", icon=":material/favorite:")
        for r in rows[:15]:
            mark = ":orange[:material/schedule:]" if r.overdue else ":green[:material/check_circle:]"
            st.markdown(
                f"{mark} **{md_escape(r.contact['name'])}** · {md_escape(r.contact['relationship'])} — "
                f"last contact {r.text}"
            )
        if len(rows) > 15:
            st.caption(f"Showing the 15 who have waited longest, of {len(rows)}.")

    # --- Add / edit a person ------------------------------------------------------------------
    editing_contact = forms.editing("contacts")
    st.header("Edit this person" if editing_contact else "Add a person", anchor="people")
    forms.show_flash(PPL)
    twin = st.session_state.pop(DUP, None)
    if twin:
        st.warning(
            f"You now have more than one person called {md_escape(twin)}. That is fine if they are different "
            "people; if not, edit or delete one of them below.",
            icon=":material/group:",
        )
    with st.container(border=True):
        left, right = st.columns(2)
        with left:
            st.text_input("Name", max_chars=NAME, key=forms.wkey(PPL, "name"), **KEEP)
            forms.field_error(PPL, "name")
        with right:
            st.selectbox(
                "Relationship",
                support.RELATIONSHIPS,
                index=None,
                accept_new_options=True,
                placeholder="Choose or type",
                key=forms.wkey(PPL, "relationship"),
                **KEEP,
            )
            forms.field_error(PPL, "relationship")
        left, right = st.columns(2)
        with left:
            st.text_input("Organisation (optional)", max_chars=NAME, key=forms.wkey(PPL, "organization"), **KEEP)
            forms.field_error(PPL, "organization")
        with right:
            st.text_input("Email (optional, for drafts)", max_chars=NAME, key=forms.wkey(PPL, "email"), **KEEP)
            forms.field_error(PPL, "email")
        st.text_area(
            "How they help (optional)",
            max_chars=NOTE,
            placeholder="e.g. honest CV feedback, knows the industry, good for morale",
            key=forms.wkey(PPL, "how_they_help"),
            **KEEP,
        )
        forms.field_error(PPL, "how_they_help")
        st.text_area("Notes (optional)", max_chars=NOTE, key=forms.wkey(PPL, "notes"), **KEEP)
        forms.field_error(PPL, "notes")
        st.date_input(
            "Last contact (optional; logging a conversation updates it)",
            value=None,
            max_value=today,
            key=forms.wkey(PPL, "last_contacted_on"),
            **KEEP,
        )
        forms.field_error(PPL, "last_contacted_on")
        forms.form_buttons(
            PPL,
            "contacts",
            PPL_FIELDS,
            save_contact,
            "Save person",
            "Saved. Good to have them in your corner.",
            in_form=False,
        )

    st.subheader("Your people")
    if not contacts:
        st.caption("The people you add appear here.")
    talks_per_person: dict[str, int] = {}
    for log in logs:
        talks_per_person[log["contact_id"]] = talks_per_person.get(log["contact_id"], 0) + 1
    for c in first_page(contacts, "contacts"):
        with st.expander(md_escape(f"{c['name']} · {c['relationship']}")):
            label_value("Organisation", c.get("organization"))
            label_value("Email", c.get("email"))
            label_value("How they help", c.get("how_they_help"))
            label_value("Notes", c.get("notes"))
            label_value("Last contact", c.get("last_contacted_on"))
            n = talks_per_person.get(c["id"], 0)
            st.caption(f"{n} conversation{'s' if n != 1 else ''} logged.")
            edit_and_delete(
                ws,
                "contacts",
                c,
                PPL,
                PPL_FIELDS,
                c["name"],
                edit_key=f"edit_ppl_{c['id']}",
                dates=("last_contacted_on",),
            )
    show_more(contacts, "contacts")


# =====================================================================================
# Conversations
# =====================================================================================
TALK = "talk"
TALK_FIELDS = support.LOG_FIELDS
known_themes = patterns.used_themes(ws.all("reflections"), ws.all("feedback_requests"), logs)


def save_talk(values: dict) -> None:
    data = {k: forms.iso(v) for k, v in values.items()}
    data["themes"] = patterns.clean_themes(data.get("themes"), known=known_themes)
    support.save_conversation(ws, data, today, rid=forms.editing("support_log"))
    st.session_state.pop("_editing_support_log", None)


def make_step(lead: str, name: str) -> None:
    support.make_lead_action(ws, lead, name, today)
    forms.flash(TALK, "Added to your next steps.")


def conversations() -> None:
    editing_talk = forms.editing("support_log")
    st.header("Edit this conversation" if editing_talk else "Log a conversation", anchor="conversations")
    st.write(
        "What did you talk about, and what will you take from it? Themes you tag here join the recurring "
        "patterns on Reflect, next to your own reflections and the feedback you receive."
    )
    forms.show_flash(TALK)
    if not contacts:
        forms.field_error(TALK, "contact_id")  # e.g. the person was deleted in another tab meanwhile
        st.info("Add a person on the People tab first, then log your conversations with them here.")
    else:
        st.session_state.setdefault(forms.wkey(TALK, "date"), today)
        names = {c["id"]: f"{c['name']} · {c['relationship']}" for c in contacts}
        with st.container(border=True):
            left, right = st.columns(2)
            with left:
                st.selectbox(
                    "Who",
                    list(names),
                    index=None,
                    format_func=lambda cid: names.get(cid, "someone no longer in your list"),
                    placeholder="Choose a person",
                    key=forms.wkey(TALK, "contact_id"),
                    **KEEP,
                )
                forms.field_error(TALK, "contact_id")
            with right:
                st.date_input("When", max_value=today, key=forms.wkey(TALK, "date"), **KEEP)
                forms.field_error(TALK, "date")
            st.selectbox(
                "Kind of conversation (optional)",
                support.CONVERSATION_KINDS,
                index=None,
                accept_new_options=True,
                placeholder="Choose or type",
                key=forms.wkey(TALK, "kind"),
                **KEEP,
            )
            forms.field_error(TALK, "kind")
            st.text_area(
                "Takeaways (optional)",
                max_chars=NOTE,
                placeholder="Advice, encouragement, something they noticed about you…",
                key=forms.wkey(TALK, "takeaways"),
                **KEEP,
            )
            forms.field_error(TALK, "takeaways")
            st.multiselect(
                "Themes in what they said (pick or type your own)",
                patterns.theme_options(known_themes),
                format_func=patterns.theme_label,
                accept_new_options=True,
                placeholder="e.g. Communication, Networking and referrals",
                key=forms.wkey(TALK, "themes"),
                **KEEP,
            )
            forms.field_error(TALK, "themes")
            st.text_area(
                "Leads (optional, one per line)",
                max_chars=NOTE,
                placeholder="A company hiring, a person to meet, an event… Each line can become a next step.",
                key=forms.wkey(TALK, "leads"),
                **KEEP,
            )
            forms.field_error(TALK, "leads")
            forms.form_buttons(
                TALK, "support_log", TALK_FIELDS, save_talk, "Save conversation", "Conversation saved.", in_form=False
            )

    st.subheader("Conversations so far")
    if not logs:
        st.caption("Your conversations appear here, newest first.")
    actions = ws.all("actions")
    shown = st.session_state.setdefault("_talk_shown", 15)
    for log in logs[:shown]:
        person = contacts_by_id.get(log["contact_id"], {}).get("name", "someone")
        kind = f" · {log['kind']}" if log.get("kind") else ""
        with st.expander(md_escape(f"{log['date']} · {person}{kind}")):
            label_value("Takeaways", log.get("takeaways"))
            if log.get("themes"):
                label_value("Themes", ", ".join(patterns.theme_label(t) for t in log["themes"]))
            leads = support.split_leads(log.get("leads"))
            if leads:
                st.markdown("**Leads**")
            for i, lead in enumerate(leads):
                lead_col, act_col = st.columns([3, 2])
                lead_col.markdown(f"- {md_escape(lead)}")
                if support.lead_action(actions, support.lead_title(lead, person)):
                    act_col.markdown(":green[:material/check_circle: In your next steps]")
                else:
                    act_col.button(
                        "Make it a next step",
                        key=f"lead_{log['id']}_{i}",
                        icon=":material/add_task:",
                        on_click=make_step,
                        args=(lead, person),
                    )
            edit_and_delete(
                ws,
                "support_log",
                log,
                TALK,
                TALK_FIELDS,
                f"the conversation with {person} on {log['date']}",
                edit_key=f"edit_talk_{log['id']}",
                dates=("date",),
            )
    if len(logs) > shown:
        st.caption(f"Showing the {shown} most recent of {len(logs)}.")
        st.button(
            "Show 20 more", key="talk_more", on_click=st.session_state.__setitem__, args=("_talk_shown", shown + 20)
        )
    if any(a.get("source") == "support" for a in actions):
        page_link("pages/6_Next_steps.py", "See your next steps", token, icon=":material/arrow_forward:")


# =====================================================================================
# Reach out
# =====================================================================================
def reach_out() -> None:
    st.header("Reach out", anchor="reach-out")
    st.write(
        "A short, honest note is often all it takes. Pick who and why; Rebound drafts it, you make it yours. "
        "Nothing is sent from here: copy it or open it in your own email."
    )
    if not contacts:
        st.info("Add a person on the People tab first.")
    else:
        names = {c["id"]: f"{c['name']} · {c['relationship']}" for c in contacts}
        rejections = journal.sorted_by(ws.all("rejections"), "rejected_on")
        rej_names = {r["id"]: f"{r['company']} · {r['role']} ({r['rejected_on']})" for r in rejections}
        left, right = st.columns(2)
        with left:
            cid = st.selectbox("To", list(names), format_func=names.get, key="ro_contact")
        with right:
            purpose = st.selectbox("To…", list(support.PURPOSES), format_func=support.PURPOSES.get, key="ro_purpose")
        left, right = st.columns(2)
        with left:
            tone = st.radio("Tone", support.tones(purpose), format_func=str.capitalize, horizontal=True, key="ro_tone")
        with right:
            length = st.radio(
                "Length", support.lengths(purpose), format_func=str.capitalize, horizontal=True, key="ro_length"
            )
        rej_id = st.selectbox(
            "About a rejection (optional)",
            list(rej_names),
            index=None,
            format_func=rej_names.get,
            placeholder="No particular one",
            key="ro_rejection",
        )
        specific = st.text_input(
            "Anything specific? (optional)",
            max_chars=NAME,
            placeholder="e.g. my portfolio, the salary conversation, your tip about the case study",
            key="ro_specific",
        )
        profile = journal.profile(ws)
        st.session_state.setdefault("ro_my_name", profile.get("name") or "")
        my_name = st.text_input("Your name, for the sign-off", max_chars=NAME, key="ro_my_name")
        template = support.pick_template(purpose, tone, length)
        contact = contacts_by_id.get(cid)
        if template is None or contact is None:
            st.warning("There is no template for this yet.")
        else:
            values = support.draft_values(
                contact, {"name": my_name}, next((r for r in rejections if r["id"] == rej_id), None), specific, tone
            )
            subject, body = support.reach_out_draft(template, values)
            signature = [cid, purpose, template["id"], rej_id, specific, values.get("my_name")]
            if st.session_state.get("_ro_signature") != signature:  # new choices: a fresh draft
                st.session_state["_ro_signature"] = signature
                st.session_state["ro_subject"], st.session_state["ro_body"] = subject, body
            st.text_input("Subject", max_chars=NAME * 2, key="ro_subject")
            st.text_area("Message (edit freely)", height=260, max_chars=NOTE, key="ro_body")
            subject_now = st.session_state.get("ro_subject") or subject
            text = st.session_state.get("ro_body") or body
            send_col, log_col = st.columns(2)
            send_col.link_button(
                "Open in your email app",
                support.reach_out_link(contact, subject_now, text),
                icon=":material/mail:",
            )

            def mark_sent(contact_id=cid, purpose=purpose, subject=subject_now) -> None:
                support.log_reach_out(ws, contact_id, purpose, subject, today)
                forms.flash("ro", "Logged as a conversation for today. Their last contact is updated.")

            log_col.button("I sent it", key="ro_sent", icon=":material/done:", on_click=mark_sent)
            forms.show_flash("ro")
            with st.expander("Copy the text"):
                st.code(f"{subject_now}\n\n{text}", language=None, wrap_lines=True)


# Only the open tab runs, so a full room does not rerun the whole page on every click.
tabs = st.tabs(["People", "Conversations", "Reach out"], key="support_tab", on_change="rerun")
for tab, draw in zip(tabs, (people, conversations, reach_out), strict=True):
    if tab.open:
        with tab:
            draw()
