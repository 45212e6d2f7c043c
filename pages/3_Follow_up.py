"""Stage 2 · Follow up: ask for feedback, say thank you, and keep track of both."""

import streamlit as st

from components import forms, shell
from components.cards import delete_button, label_value, show_deleted
from components.nav import page_link
from rebound import followup, journal
from rebound.insights import patterns
from rebound.models import ESSAY, NAME, NOTE, STAGE_LABELS, Invalid
from rebound.text import md_escape

app = shell("Follow up", icon=":material/mail:")
ws, today, token = app.ws, app.today, app.token

st.title("Follow up")
st.write(
    "Two short messages can turn a no into something useful: a polite request for feedback, and a thank-you "
    "that keeps the door open. Rebound drafts both from what you logged; you change anything you like, "
    "send it from your own email, and keep track here."
)

rejections = journal.sorted_by(ws.all("rejections"), "rejected_on")
requests = ws.all("feedback_requests")
notes = ws.all("thank_you_notes")
by_id = {r["id"]: r for r in rejections}
used_themes = patterns.used_themes(ws.all("reflections"), requests, ws.all("support_log"))
my_name_default = journal.profile(ws).get("name") or ""

FB, TY, QUICK = "fb", "ty", "fu_quick"
DRAFT_INPUTS = ["specific", "tone", "length"]
FB_RECORD = [
    "contact_name",
    "contact_email",
    "subject",
    "body",
    "status",
    "requested_on",
    "follow_up_on",
    "feedback_text",
    "themes",
    "received_on",
]
TY_RECORD = ["recipient", "contact_email", "subject", "body", "sent_on"]
FB_FIELDS, TY_FIELDS = FB_RECORD + DRAFT_INPUTS, TY_RECORD + DRAFT_INPUTS
FB_DATES, TY_DATES = ("requested_on", "follow_up_on", "received_on"), ("sent_on",)
PURPOSE = {FB: "feedback_request", TY: "thank_you"}
NAME_FIELD = {FB: "contact_name", TY: "recipient"}
TABLE = {FB: "feedback_requests", TY: "thank_you_notes"}
RECORD_FIELDS = {FB: FB_RECORD, TY: TY_RECORD}


def rejection_name(rid: str | None) -> str:
    r = by_id.get(rid or "")
    return f"{r['company']} · {r['role']} ({r['rejected_on']})" if r else "a rejection that was deleted"


def key(form: str, field: str) -> str:
    return forms.wkey(form, field)


# --- Drafting: fill subject and body from the template unless the person has changed them ------
def regenerate(form: str, force: bool = False) -> None:
    ss = st.session_state
    current = (ss.get(key(form, "subject")), ss.get(key(form, "body")))
    last = ss.get(f"_generated_{form}")
    if not force and any(current) and current != last:
        return  # the person edited the draft: keep their words
    tmpl = followup.pick(PURPOSE[form], ss.get(key(form, "tone")), ss.get(key(form, "length")))
    values = followup.draft_values(
        by_id.get(ss.get("_focus_rejection") or ""),
        contact_name=ss.get(key(form, NAME_FIELD[form])),
        specific=ss.get(key(form, "specific")),
        my_name=ss.get(key(form, "my_name")),
    )
    subject, body = followup.draft(tmpl, values)
    ss[key(form, "subject")], ss[key(form, "body")] = subject, body
    ss[f"_generated_{form}"] = (subject, body)


def reset_composers() -> None:
    for form in (FB, TY):
        forms.stop_edit(TABLE[form], form, RECORD_FIELDS[form] + DRAFT_INPUTS)
        st.session_state.pop(f"_generated_{form}", None)


def picked_changed() -> None:
    st.session_state["_focus_rejection"] = st.session_state.get("fu_pick")
    reset_composers()


def start_edit(form: str, record: dict, **overrides) -> None:
    st.session_state["_focus_rejection"] = record["rejection_id"]
    record = {**record, **overrides}
    forms.start_edit(TABLE[form], record["id"], form, record, RECORD_FIELDS[form], FB_DATES if form == FB else TY_DATES)
    tmpl = followup.template(record.get("template_id")) or followup.pick(PURPOSE[form])
    st.session_state[key(form, "tone")] = tmpl["tone"]
    st.session_state[key(form, "length")] = tmpl["length"]
    st.session_state[key(form, "specific")] = None
    st.session_state.pop(f"_generated_{form}", None)
    if overrides.get("status") == "received" and not record.get("received_on"):
        st.session_state[key(form, "received_on")] = today


def cancel_edit(form: str) -> None:
    forms.stop_edit(TABLE[form], form, RECORD_FIELDS[form] + DRAFT_INPUTS)
    st.session_state.pop(f"_generated_{form}", None)


def status_changed() -> None:
    ss = st.session_state
    if ss.get(key(FB, "status")) == "sent" and not ss.get(key(FB, "requested_on")):
        ss[key(FB, "requested_on")] = today
        if not ss.get(key(FB, "follow_up_on")):
            ss[key(FB, "follow_up_on")] = followup.default_follow_up(today)
    if ss.get(key(FB, "status")) == "received" and not ss.get(key(FB, "received_on")):
        ss[key(FB, "received_on")] = today


def save(form: str, values: dict) -> None:
    ss = st.session_state
    data = {f: forms.iso(values.get(f)) for f in RECORD_FIELDS[form]}
    data["rejection_id"] = ss.get("_focus_rejection")
    if form == FB:
        data["themes"] = data.get("themes") or []
    data["template_id"] = followup.pick(PURPOSE[form], values.get("tone"), values.get("length"))["id"]
    if form == FB:
        clean = followup.check_request(data, today, known_themes=used_themes)
    else:
        clean = followup.check_note(data, today)
    journal.save(ws, TABLE[form], clean, today, rid=forms.editing(TABLE[form]))
    ss.pop(f"_editing_{TABLE[form]}", None)
    ss.pop(f"_generated_{form}", None)


def quick(table: str, record: dict, changes: dict, message: str) -> None:
    """A one-click change (mark as sent, snooze, no reply), checked like any save."""
    data = {**followup.editable(record), **changes}
    try:
        clean = (
            followup.check_request(data, today) if table == "feedback_requests" else followup.check_note(data, today)
        )
        journal.save(ws, table, clean, today, rid=record["id"])
    except Invalid as exc:
        st.session_state["_fu_quick_error"] = " ".join(exc.errors.values())
        return
    except KeyError:
        st.session_state["_fu_quick_error"] = "That record no longer exists."
        return
    forms.flash(QUICK, message)


def composer(form: str) -> None:
    """Who it is for, tone and length, then the editable draft with copy and email buttons."""
    ss = st.session_state
    ss.setdefault(key(form, "tone"), "warm")
    ss.setdefault(key(form, "length"), "short")
    if key(form, "body") not in ss:
        regenerate(form)
    left, right = st.columns(2)
    with left:
        st.text_input(
            "Their name" if form == FB else "Who is it for?",
            max_chars=NAME,
            placeholder="e.g. Sam Lee, the recruiter",
            key=key(form, NAME_FIELD[form]),
            on_change=regenerate,
            args=(form,),
        )
        forms.field_error(form, NAME_FIELD[form])
    with right:
        st.text_input("Their email (optional)", max_chars=NAME, key=key(form, "contact_email"))
        forms.field_error(form, "contact_email")
    st.text_input(
        "Something specific from the process (optional)",
        max_chars=NAME,
        placeholder="e.g. the system design exercise, meeting the team",
        help="A detail makes the message personal. Rebound adds it to the draft.",
        key=key(form, "specific"),
        on_change=regenerate,
        args=(form,),
    )
    left, mid, right = st.columns(3)
    with left:
        st.radio(
            "Tone",
            list(followup.TONES),
            format_func=followup.TONES.get,
            horizontal=True,
            key=key(form, "tone"),
            on_change=regenerate,
            args=(form,),
        )
    with mid:
        st.radio(
            "Length",
            list(followup.LENGTHS),
            format_func=followup.LENGTHS.get,
            horizontal=True,
            key=key(form, "length"),
            on_change=regenerate,
            args=(form,),
        )
    with right:
        st.text_input("Your name", max_chars=NAME, key=key(form, "my_name"), on_change=regenerate, args=(form,))

    edited = (ss.get(key(form, "subject")), ss.get(key(form, "body"))) != ss.get(f"_generated_{form}")
    st.text_input("Subject", max_chars=NAME, key=key(form, "subject"))
    forms.field_error(form, "subject")
    st.text_area(
        "Your request (edit freely)" if form == FB else "Your note (edit freely)",
        max_chars=ESSAY,
        height=260,
        key=key(form, "body"),
    )
    forms.field_error(form, "body")
    if edited:
        st.button(
            "Start again from the template",
            key=f"{form}_regen",
            icon=":material/refresh:",
            on_click=regenerate,
            args=(form, True),
            help="Replaces the subject and message with a fresh draft from your choices above.",
        )
    body = ss.get(key(form, "body")) or ""
    if body.strip():
        with st.expander("Copy or open in your email app"):
            st.caption("Use the copy icon at the top right of the box, then paste into your email.")
            st.code(body, language=None, wrap_lines=True)
            st.link_button(
                "Open in your email app",
                followup.mail_link(ss.get(key(form, "contact_email")), ss.get(key(form, "subject")), body),
                icon=":material/send:",
            )


# --- Gentle nudges ---------------------------------------------------------------------------
forms.show_flash(QUICK)
show_deleted()
quick_error = st.session_state.pop("_fu_quick_error", None)
if quick_error:
    st.error(quick_error, icon=":material/error:")

due = followup.overdue(requests, today)
if due:
    st.header("A gentle nudge")
    st.caption(
        "People are busy, and many companies rarely reply. One friendly follow-up is fine; after that, "
        "it is kind to yourself to let it go."
    )
    for req in due:
        who = req.get("contact_name") or "the company"
        rej = by_id.get(req["rejection_id"], {})
        with st.container(border=True):
            st.markdown(
                f"You asked **{md_escape(who)}** at {md_escape(rej.get('company', 'the company'))} for feedback "
                f"on {req.get('requested_on') or 'a while ago'}; the follow-up date was {req['follow_up_on']}."
            )
            nudge_values = followup.draft_values(rej, contact_name=req.get("contact_name"), my_name=my_name_default)
            n_subject, n_body = followup.draft(followup.pick("feedback_follow_up"), nudge_values)
            with st.expander("A short follow-up you could send"):
                st.code(n_body, language=None, wrap_lines=True)
                st.link_button(
                    "Open in your email app",
                    followup.mail_link(req.get("contact_email"), n_subject, n_body),
                    icon=":material/send:",
                )
            a, b, c = st.columns(3)
            a.button(
                "Remind me in a week",
                key=f"snooze_{req['id']}",
                on_click=quick,
                args=("feedback_requests", req, followup.snooze(req, today), "I will remind you in a week."),
            )
            b.button(
                "No reply: let it go",
                key=f"noreply_{req['id']}",
                on_click=quick,
                args=("feedback_requests", req, {"status": "no_reply"}, "Marked as no reply. You did your part."),
            )
            c.button(
                "Log their feedback",
                key=f"nudge_log_{req['id']}",
                on_click=start_edit,
                args=(FB, req),
                kwargs={"status": "received"},
            )

# --- Which rejection ------------------------------------------------------------------------
if not rejections:
    st.info(
        "Follow-ups start from a rejection you have logged. Log one on Understand, then come back to draft "
        "your messages.",
        icon=":material/mail:",
    )
    page_link("pages/1_Understand.py", "Log a rejection", token, icon=":material/arrow_forward:")
    st.stop()

focus = st.session_state.get("_focus_rejection")
if focus not in by_id:
    focus = rejections[0]["id"]
    st.session_state["_focus_rejection"] = focus
    reset_composers()
if st.session_state.get("fu_pick") != focus:
    st.session_state["fu_pick"] = focus
for form in (FB, TY):
    st.session_state.setdefault(key(form, "my_name"), my_name_default)
if st.session_state.get("_fu_drafted_for") != focus:  # a new rejection: fresh drafts (edits in progress stay)
    for form in (FB, TY):
        if not forms.editing(TABLE[form]):
            for field in ("subject", "body"):
                st.session_state.pop(key(form, field), None)
            st.session_state.pop(f"_generated_{form}", None)
    st.session_state["_fu_drafted_for"] = focus

st.selectbox(
    "Which rejection is this about?",
    list(by_id),
    format_func=rejection_name,
    key="fu_pick",
    on_change=picked_changed,
)
forms.field_error(FB, "rejection_id")
forms.field_error(TY, "rejection_id")
picked = st.session_state["fu_pick"]
rej = by_id[picked]
st.caption(
    f"Stage reached: {md_escape(STAGE_LABELS.get(rej['stage'], rej['stage']))} · heard back on {rej['rejected_on']}"
)

ask_tab, thanks_tab = st.tabs(["Ask for feedback", "Say thank you"])

# --- Ask for feedback -------------------------------------------------------------------------
with ask_tab:
    editing = forms.editing("feedback_requests")
    st.subheader("Edit this feedback request" if editing else "Ask for feedback")
    if not editing:
        st.caption(
            "A short, polite request gets the most replies. Ask soon after you hear back, thank them "
            "for their time, and make it easy to answer in a line or two."
        )
    forms.show_flash(FB)
    composer(FB)
    st.markdown("**Keep track**")
    st.session_state.setdefault(key(FB, "status"), "draft")
    st.selectbox(
        "Where is it at?",
        list(followup.STATUS_LABELS),
        format_func=followup.STATUS_LABELS.get,
        key=key(FB, "status"),
        on_change=status_changed,
    )
    forms.field_error(FB, "status")
    left, right = st.columns(2)
    with left:
        st.date_input("Sent on", value=None, max_value=today, key=key(FB, "requested_on"))
        forms.field_error(FB, "requested_on")
    with right:
        st.date_input(
            "Follow up on (optional)",
            value=None,
            help=f"Rebound nudges you on this day if you have not heard back. A week ({followup.FOLLOW_UP_DAYS} days) is usual.",
            key=key(FB, "follow_up_on"),
        )
        forms.field_error(FB, "follow_up_on")
    feedback_errors = {"feedback_text", "themes", "received_on"} & set(forms.errors(FB))
    with st.expander(
        "Their feedback (when it arrives)",
        expanded=st.session_state.get(key(FB, "status")) == "received" or bool(feedback_errors),
    ):
        st.text_area(
            "What did they say?",
            max_chars=NOTE,
            placeholder="Their words as closely as you remember them. Facts first; how you feel about it can go in a reflection.",
            key=key(FB, "feedback_text"),
        )
        forms.field_error(FB, "feedback_text")
        st.multiselect(
            "Themes in their feedback (pick, or type your own and press Enter)",
            patterns.theme_options(used_themes),
            format_func=patterns.theme_label,
            accept_new_options=True,
            max_selections=patterns.TAGS_MAX,
            key=key(FB, "themes"),
            help="Themes feed the patterns on the Reflect page.",
        )
        forms.field_error(FB, "themes")
        st.date_input("Feedback received on", value=None, max_value=today, key=key(FB, "received_on"))
        forms.field_error(FB, "received_on")
    if editing:
        save_col, cancel_col = st.columns(2)
        save_col.button(
            "Save changes",
            key="fb_save",
            type="primary",
            on_click=forms.submit(FB, FB_FIELDS, lambda v: save(FB, v), "Changes saved."),
        )
        cancel_col.button("Cancel", key="fb_cancel", on_click=cancel_edit, args=(FB,))
    else:
        st.button(
            "Save feedback request",
            key="fb_save",
            type="primary",
            on_click=forms.submit(
                FB, FB_FIELDS, lambda v: save(FB, v), "Saved. Asking for feedback takes courage. Well done."
            ),
        )

    mine = journal.sorted_by([r for r in requests if r.get("rejection_id") == picked], "requested_on")
    st.subheader("Your feedback requests for this rejection")
    if not mine:
        st.info("None yet. The draft above is ready when you are.", icon=":material/forward_to_inbox:")
    for req in mine:
        who = req.get("contact_name") or "the company"
        status = followup.STATUS_LABELS[req["status"]]
        with st.expander(f"To {md_escape(who)} — {status}"):
            label_value("Sent on", req.get("requested_on"))
            label_value("Follow up on", req.get("follow_up_on"))
            label_value("Email", req.get("contact_email"))
            label_value("Feedback", req.get("feedback_text"))
            label_value("Received on", req.get("received_on"))
            if req.get("themes"):
                label_value("Themes", ", ".join(patterns.theme_label(t) for t in req["themes"]))
            if req.get("body"):
                st.caption("Your message")
                st.text(req["body"])
            cols = st.columns(3)
            with cols[0]:
                st.button(
                    "Edit", key=f"edit_fb_{req['id']}", icon=":material/edit:", on_click=start_edit, args=(FB, req)
                )
            with cols[1]:
                if req["status"] == "draft":
                    st.button(
                        "Mark as sent today",
                        key=f"sent_fb_{req['id']}",
                        icon=":material/send:",
                        on_click=quick,
                        args=(
                            "feedback_requests",
                            req,
                            followup.mark_sent(req, today),
                            "Marked as sent. Rebound will nudge you in a week if you have not heard back.",
                        ),
                    )
                elif req["status"] in ("sent", "no_reply"):
                    st.button(
                        "Log their feedback",
                        key=f"log_fb_{req['id']}",
                        icon=":material/inbox:",
                        on_click=start_edit,
                        args=(FB, req),
                        kwargs={"status": "received"},
                    )
            with cols[2]:
                delete_button(ws, "feedback_requests", req["id"], f"the feedback request to {who}")

# --- Say thank you --------------------------------------------------------------------------
with thanks_tab:
    editing_note = forms.editing("thank_you_notes")
    st.subheader("Edit this thank-you note" if editing_note else "Say thank you")
    if not editing_note:
        st.caption(
            "A short thank-you after a no is rare, and people remember it. It keeps the door open for "
            "the next role there."
        )
    forms.show_flash(TY)
    composer(TY)
    st.date_input(
        "Sent on (leave empty while it is a draft)",
        value=None,
        max_value=today,
        key=key(TY, "sent_on"),
    )
    forms.field_error(TY, "sent_on")
    if editing_note:
        save_col, cancel_col = st.columns(2)
        save_col.button(
            "Save changes",
            key="ty_save",
            type="primary",
            on_click=forms.submit(TY, TY_FIELDS, lambda v: save(TY, v), "Changes saved."),
        )
        cancel_col.button("Cancel", key="ty_cancel", on_click=cancel_edit, args=(TY,))
    else:
        st.button(
            "Save thank-you note",
            key="ty_save",
            type="primary",
            on_click=forms.submit(TY, TY_FIELDS, lambda v: save(TY, v), "Thank-you note saved."),
        )

    mine_notes = journal.sorted_by([n for n in notes if n.get("rejection_id") == picked], "sent_on")
    st.subheader("Your thank-you notes for this rejection")
    if not mine_notes:
        st.info("None yet. A few warm lines are plenty.", icon=":material/favorite:")
    for note in mine_notes:
        state = f"sent {note['sent_on']}" if note.get("sent_on") else "not sent yet"
        with st.expander(f"To {md_escape(note['recipient'])} — {state}"):
            label_value("Email", note.get("contact_email"))
            label_value("Subject", note.get("subject"))
            if note.get("body"):
                st.text(note["body"])
            cols = st.columns(3)
            with cols[0]:
                st.button(
                    "Edit", key=f"edit_ty_{note['id']}", icon=":material/edit:", on_click=start_edit, args=(TY, note)
                )
            with cols[1]:
                if not note.get("sent_on"):
                    st.button(
                        "Mark as sent today",
                        key=f"sent_ty_{note['id']}",
                        icon=":material/send:",
                        on_click=quick,
                        args=("thank_you_notes", note, {"sent_on": today.isoformat()}, "Marked as sent. Nicely done."),
                    )
            with cols[2]:
                delete_button(ws, "thank_you_notes", note["id"], f"the thank-you note to {note['recipient']}")

st.divider()
page_link("pages/2_Reflect.py", "See the patterns across your rejections", token, icon=":material/insights:")
