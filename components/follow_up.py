"""Follow up's moving parts: drafts that rewrite themselves, one-click changes, the saved lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import streamlit as st

from components import forms
from components.cards import delete_button, label_value
from rebound import drafts, followup, i18n, journal
from rebound.forms_spec import FormSpec
from rebound.i18n import N_, _
from rebound.insights import patterns
from rebound.models import Invalid
from rebound.specs.follow_up import FEEDBACK, NAME_FIELD, PURPOSE
from rebound.storage import RecordNotFound, Workspace
from rebound.text import md_escape

QUICK = "fu_quick"
EMPTY_DRAFT = N_("Add who it is for, or write your own words, before saving: an untouched draft is not worth keeping.")


def _generated(spec: FormSpec) -> str:
    return f"_generated_{spec.name}"


def draft_language(spec: FormSpec) -> str:
    """The language the person picked for this draft (the app's until they pick one)."""
    picked = forms.value(spec, "language")
    return picked if picked in i18n.languages() else drafts.default_language()


def regenerate(spec: FormSpec, rejection: Mapping | None, my_name: str, force: bool = False) -> None:
    """Fill subject and body from the template, in the draft's language, unless the person has changed them."""
    ss, value = st.session_state, lambda f: forms.value(spec, f)
    current = (value("subject"), value("body"))
    if not force and any(current) and current != ss.get(_generated(spec)):
        return  # the person edited the draft: keep their words
    _tid, subject, body = followup.compose(
        PURPOSE[spec.name],
        rejection,
        tone=value("tone") or "warm",
        length=value("length") or "short",
        contact_name=value(NAME_FIELD[spec.name]),
        specific=value("specific"),
        my_name=value("my_name") if value("my_name") is not None else my_name,
        language=draft_language(spec),
    )
    ss[forms.widget_key(spec, "subject")], ss[forms.widget_key(spec, "body")] = subject, body
    ss[_generated(spec)] = (subject, body)


def untouched(spec: FormSpec) -> bool:
    """Nothing typed: no name or email, and the message is the template's."""
    record = {f: forms.value(spec, f) for f in (NAME_FIELD[spec.name], "contact_email", "specific")}
    drafted = (forms.value(spec, "subject"), forms.value(spec, "body"))
    return not any(record.values()) and drafted == st.session_state.get(_generated(spec))


def prepare(spec: FormSpec, today: dt.date, known_themes) -> callable:
    """The form's record as Follow up saves it: the template it came from, checked the Follow up way."""

    def run(record: dict) -> dict:
        if spec is FEEDBACK and record.get("status") == "draft" and untouched(spec):
            raise Invalid({NAME_FIELD[spec.name]: _(EMPTY_DRAFT)})
        data = {k: v for k, v in record.items() if k not in ("specific", "tone", "length", "my_name")}
        data["language"] = draft_language(spec)  # a code such as "de": the message's language
        data["template_id"] = followup.pick(PURPOSE[spec.name], record.get("tone"), record.get("length"))["id"]
        if spec is FEEDBACK:
            data["themes"] = data.get("themes") or []
            return followup.check_request(data, today, known_themes=known_themes)
        return followup.check_note(data, today)

    return run


def start_edit(spec: FormSpec, today: dt.date, record: dict, **overrides) -> None:
    """Callback: open a saved request or note, in the tone and length it was written in."""
    st.session_state["_focus_rejection"] = record["rejection_id"]
    # A message saved before drafts had a language was written in English.
    record = {**record, "language": record.get("language") or i18n.SOURCE, **overrides}
    forms.start_editing(spec, record)
    tmpl = followup.template(record.get("template_id")) or followup.pick(PURPOSE[spec.name])
    st.session_state[forms.widget_key(spec, "tone")] = tmpl["tone"]
    st.session_state[forms.widget_key(spec, "length")] = tmpl["length"]
    st.session_state.pop(_generated(spec), None)
    if overrides.get("status") == "received" and not record.get("received_on"):
        st.session_state[forms.widget_key(spec, "received_on")] = today


def status_changed(today: dt.date) -> None:
    ss, key = st.session_state, lambda f: forms.widget_key(FEEDBACK, f)
    if ss.get(key("status")) == "sent" and not ss.get(key("requested_on")):
        ss[key("requested_on")] = today
        if not ss.get(key("follow_up_on")):
            ss[key("follow_up_on")] = followup.default_follow_up(today)
    if ss.get(key("status")) == "received" and not ss.get(key("received_on")):
        ss[key("received_on")] = today


def send_tools(spec: FormSpec, rejection: Mapping | None, my_name: str) -> None:
    """Under the message: start again from the template; copy it or open it in an email app."""
    ss = st.session_state
    body = forms.value(spec, "body") or ""
    if (forms.value(spec, "subject"), body) != ss.get(_generated(spec)):
        st.button(
            _("Start again from the template"),
            key=f"{spec.name}_regen",
            icon=":material/refresh:",
            on_click=regenerate,
            args=(spec, rejection, my_name, True),
            help=_("Replaces the subject and message with a fresh draft from your choices above."),
        )
    if body.strip():
        with st.expander(_("Copy or open in your email app")):
            st.caption(_("Use the copy icon at the top right of the box, then paste into your email."))
            st.code(body, language=None, wrap_lines=True)
            st.link_button(
                _("Open in your email app"),
                followup.mail_link(forms.value(spec, "contact_email"), forms.value(spec, "subject"), body),
                icon=":material/send:",
            )


def quick(ws: Workspace, today: dt.date, table: str, record: dict, changes: dict, message: str) -> None:
    """A one-click change (mark as sent, snooze, no reply), checked like any save.

    ``message`` is marked text (``N_``): the flash translates it when it is shown."""
    data = {**followup.editable(record), **changes}
    try:
        check = followup.check_request if table == "feedback_requests" else followup.check_note
        journal.save(ws, table, check(data, today), today, rid=record["id"])
    except Invalid as exc:
        st.session_state["_fu_quick_error"] = " ".join(exc.errors.values())
        return
    except RecordNotFound:
        st.session_state["_fu_quick_error"] = _("That record no longer exists.")
        return
    forms.flash(QUICK, message)


def quick_messages() -> None:
    forms.show_flash(QUICK)
    if error := st.session_state.pop("_fu_quick_error", None):
        st.error(error, icon=":material/error:")


def nudges(ws: Workspace, today: dt.date, requests: list[dict], by_id: Mapping, my_name: str) -> None:
    """Requests past their follow-up day: a short follow-up to send, or let it go."""
    due = followup.overdue(requests, today)
    if not due:
        return
    st.header(_("A gentle nudge"))
    st.caption(
        _(
            "People are busy, and many companies rarely reply. One friendly follow-up is fine; after that, "
            "it is kind to yourself to let it go."
        )
    )
    for req in due:
        rej = by_id.get(req["rejection_id"], {})
        with st.container(border=True):
            st.markdown(nudge_text(req, rej))
            # The follow-up is written in the language of the request it follows up.
            language = req.get("language") if req.get("language") in i18n.languages() else None
            _tid, subject, body = followup.compose(
                "feedback_follow_up",
                rej,
                contact_name=req.get("contact_name"),
                my_name=my_name,
                language=language or drafts.default_language(),
            )
            with st.expander(_("A short follow-up you could send")):
                st.code(body, language=None, wrap_lines=True)
                st.link_button(
                    _("Open in your email app"),
                    followup.mail_link(req.get("contact_email"), subject, body),
                    icon=":material/send:",
                )
            a, b, c = st.columns(3)
            a.button(
                _("Remind me in a week"),
                key=f"snooze_{req['id']}",
                on_click=quick,
                args=(
                    ws,
                    today,
                    "feedback_requests",
                    req,
                    followup.snooze(req, today),
                    N_("I will remind you in a week."),
                ),
            )
            b.button(
                _("No reply: let it go"),
                key=f"noreply_{req['id']}",
                on_click=quick,
                args=(
                    ws,
                    today,
                    "feedback_requests",
                    req,
                    {"status": "no_reply"},
                    N_("Marked as no reply. You did your part."),
                ),
            )
            c.button(
                _("Log their feedback"),
                key=f"nudge_log_{req['id']}",
                on_click=start_edit,
                args=(FEEDBACK, today, req),
                kwargs={"status": "received"},
            )


def _day(iso_day: str | None) -> str | None:
    """A stored ISO day as the person's locale writes it (None stays None)."""
    if not iso_day:
        return None
    try:
        return i18n.format_date(dt.date.fromisoformat(iso_day))
    except ValueError:
        return iso_day


def nudge_text(req: Mapping, rej: Mapping) -> str:
    """ "You asked Sam at Acme for feedback on …": names escaped, dates in the locale's words."""
    who = md_escape(req.get("contact_name")) if req.get("contact_name") else _("the company")
    company = md_escape(rej["company"]) if rej.get("company") else _("the company")
    follow = _day(req.get("follow_up_on"))
    if req.get("requested_on"):
        return _(
            "You asked **{who}** at {company} for feedback on {sent}; the follow-up date was {follow}.",
            who=who,
            company=company,
            sent=_day(req["requested_on"]),
            follow=follow,
        )
    return _(
        "You asked **{who}** at {company} for feedback a while ago; the follow-up date was {follow}.",
        who=who,
        company=company,
        follow=follow,
    )


def request_entries(ws: Workspace, today: dt.date, mine: list[dict]) -> None:
    for req in mine:
        who = req.get("contact_name") or _("the company")
        label = followup.STATUS_LABELS[req["status"]]
        status = _(label)
        with st.expander(_("To {who} — {status}", who=md_escape(who), status=status)):
            label_value(_("Sent on"), _day(req.get("requested_on")))
            label_value(_("Follow up on"), _day(req.get("follow_up_on")))
            label_value(_("Email"), req.get("contact_email"))
            label_value(_("Feedback"), req.get("feedback_text"))
            label_value(_("Received on"), _day(req.get("received_on")))
            label_value(_("Language of this draft"), drafts.language_name(req.get("language")))
            if req.get("themes"):
                label_value(_("Themes"), ", ".join(patterns.theme_label(t) for t in req["themes"]))
            if req.get("body"):
                st.caption(_("Your message"))
                st.text(req["body"])
            cols = st.columns(3)
            cols[0].button(
                _("Edit"),
                key=f"edit_fb_{req['id']}",
                icon=":material/edit:",
                on_click=start_edit,
                args=(FEEDBACK, today, req),
            )
            if req["status"] == "draft":
                cols[1].button(
                    _("Mark as sent today"),
                    key=f"sent_fb_{req['id']}",
                    icon=":material/send:",
                    on_click=quick,
                    args=(
                        ws,
                        today,
                        "feedback_requests",
                        req,
                        followup.mark_sent(req, today),
                        N_("Marked as sent. Rebound will nudge you in a week if you have not heard back."),
                    ),
                )
            elif req["status"] in ("sent", "no_reply"):
                cols[1].button(
                    _("Log their feedback"),
                    key=f"log_fb_{req['id']}",
                    icon=":material/inbox:",
                    on_click=start_edit,
                    args=(FEEDBACK, today, req),
                    kwargs={"status": "received"},
                )
            with cols[2]:
                delete_button(ws, "feedback_requests", req["id"], _("the feedback request to {who}", who=who))


def note_entries(ws: Workspace, today: dt.date, spec: FormSpec, mine: list[dict]) -> None:
    for note in mine:
        state = _("sent {day}", day=_day(note["sent_on"])) if note.get("sent_on") else _("not sent yet")
        with st.expander(_("To {who} — {state}", who=md_escape(note["recipient"]), state=state)):
            label_value(_("Email"), note.get("contact_email"))
            label_value(_("Subject"), note.get("subject"))
            label_value(_("Language of this draft"), drafts.language_name(note.get("language")))
            if note.get("body"):
                st.text(note["body"])
            cols = st.columns(3)
            cols[0].button(
                _("Edit"),
                key=f"edit_ty_{note['id']}",
                icon=":material/edit:",
                on_click=start_edit,
                args=(spec, today, note),
            )
            if not note.get("sent_on"):
                cols[1].button(
                    _("Mark as sent today"),
                    key=f"sent_ty_{note['id']}",
                    icon=":material/send:",
                    on_click=quick,
                    args=(
                        ws,
                        today,
                        "thank_you_notes",
                        note,
                        {"sent_on": today.isoformat()},
                        N_("Marked as sent. Nicely done."),
                    ),
                )
            with cols[2]:
                delete_button(
                    ws, "thank_you_notes", note["id"], _("the thank-you note to {who}", who=note["recipient"])
                )
