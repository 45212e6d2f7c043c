"""The Support page's three tabs: people, conversations, reach out.

The record forms are declared in ``rebound.specs.support`` and drawn by ``components.forms``;
this module says where each goes and adds what only this page shows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from components import forms
from components.cards import first_page, label_value, record_actions, show_more
from components.nav import page_link
from rebound import drafts, followup, i18n, journal, support
from rebound.i18n import N_, _, ngettext
from rebound.insights import patterns
from rebound.models import Invalid
from rebound.specs.support import CONVERSATION, PERSON
from rebound.storage import Workspace
from rebound.text import md_escape

DUP = "_ppl_duplicate"


def contact_names(contacts: list[dict]) -> dict[str, str]:
    return {c["id"]: f"{c['name']} · {support.relationship_label(c['relationship'])}" for c in contacts}


def _day(iso_day: str | None) -> str | None:
    """A stored ISO day as the person's locale writes it."""
    if not iso_day:
        return None
    try:
        return i18n.format_date(dt.date.fromisoformat(iso_day))
    except ValueError:
        return iso_day


# --- People ---------------------------------------------------------------------------------------


def who_to_contact(contacts: list[dict], today: dt.date) -> None:
    st.header(_("Who haven't I talked to lately?"), anchor="lately")
    if not contacts:
        st.info(
            _(
                "Add the people who help you below: mentors, peers, recruiters, friends, former colleagues. "
                "Then this list shows who you have not talked to in a while."
            ),
            icon=":material/group_add:",
        )
        return
    threshold = st.number_input(
        _("Gently point out people after this many days"),
        min_value=7,
        max_value=365,
        value=support.DEFAULT_THRESHOLD,
        step=1,
        key="sup_threshold",
    )
    rows = support.who_to_contact(contacts, today, int(threshold))
    due = [r for r in rows if r.overdue]
    if due:
        # Translators: completes "… you have not talked to in 30 days or more".
        days = ngettext("in {n} day or more", "in {n} days or more", int(threshold))
        st.write(
            ngettext(
                "{due} of {n} person you have not talked to {days}. A short hello is enough.",
                "{due} of {n} people you have not talked to {days}. A short hello is enough.",
                len(rows),
                due=len(due),
                days=days,
            )
        )
    else:
        st.success(_("You have been in touch with everyone recently. Nice work."), icon=":material/favorite:")
    for r in rows[:15]:
        mark = ":orange[:material/schedule:]" if r.overdue else ":green[:material/check_circle:]"
        # never "last contact no contact …"
        when = r.text if r.days is None else _("last contact {when}", when=r.text)
        name, relationship = (
            md_escape(r.contact["name"]),
            md_escape(support.relationship_label(r.contact["relationship"])),
        )
        st.markdown(f"{mark} **{name}** · {relationship} — {when}")
    if len(rows) > 15:
        st.caption(_("Showing the 15 who have waited longest, of {n}.", n=len(rows)))


def person_form(ws: Workspace, today: dt.date) -> None:
    st.header(_("Edit this person") if forms.editing(PERSON) else _("Add a person"), anchor="people")
    twin = st.session_state.pop(DUP, None)
    if twin:
        st.warning(
            _(
                "You now have more than one person called {name}. That is fine if they are different "
                "people; if not, edit or delete one of them below.",
                name=md_escape(twin),
            ),
            icon=":material/group:",
        )

    def check(record: dict[str, Any]) -> dict[str, Any]:
        support.check_contact(record, today)  # plain words for a missing relationship, a bad email
        return record

    def saved(rid: str, record: dict[str, Any]) -> None:
        if support.same_name(ws.all("contacts"), record.get("name"), exclude_id=rid):
            st.session_state[DUP] = " ".join(str(record["name"]).split())

    forms.render(PERSON, ws, today, prepare=check, on_saved=saved)


def people_list(ws: Workspace, contacts: list[dict], logs: list[dict]) -> None:
    st.subheader(_("Your people"))
    if not contacts:
        st.caption(_("The people you add appear here."))
    talks: dict[str, int] = {}
    for log in logs:
        talks[log["contact_id"]] = talks.get(log["contact_id"], 0) + 1
    for c in first_page(contacts, "contacts"):
        # Only an open expander draws what it holds: ten closed people cost about what one does.
        title = f"{c['name']} · {support.relationship_label(c['relationship'])}"
        person = st.expander(md_escape(title), key=f"person_{c['id']}", on_change="rerun")
        if not person.open:
            continue
        with person:
            label_value(_("Organisation"), c.get("organization"))
            label_value(_("Email"), c.get("email"))
            label_value(_("How they help"), c.get("how_they_help"))
            label_value(_("Notes"), c.get("notes"))
            label_value(_("Last contact"), _day(c.get("last_contacted_on")))
            n = talks.get(c["id"], 0)
            st.caption(ngettext("{n} conversation logged.", "{n} conversations logged.", n))
            record_actions(ws, PERSON, c, c["name"], edit_key=f"edit_ppl_{c['id']}")
    show_more(contacts, "contacts")


# --- Conversations --------------------------------------------------------------------------------


def conversation_form(ws: Workspace, today: dt.date, contacts: list[dict], known_themes: set[str]) -> None:
    editing = forms.editing(CONVERSATION)
    st.header(_("Edit this conversation") if editing else _("Log a conversation"), anchor="conversations")
    st.write(
        _(
            "What did you talk about, and what will you take from it? Themes you tag here join the recurring "
            "patterns on Reflect, next to your own reflections and the feedback you receive."
        )
    )
    if not contacts:
        forms.field_error(CONVERSATION.name, "contact_id")  # e.g. the person was deleted in another tab meanwhile
        st.info(_("Add a person on the People tab first, then log your conversations with them here."))
        return

    def clean(record: dict[str, Any]) -> dict[str, Any]:
        return record | {"themes": patterns.clean_themes(record.get("themes"), known=known_themes)}

    themes = {t: patterns.theme_label(t) for t in patterns.theme_options(known_themes)}
    forms.render(
        CONVERSATION,
        ws,
        today,
        choices={"contact_id": contact_names(contacts), "themes": themes},
        prepare=clean,
        save=lambda ws, _table, record, today, **kw: support.save_conversation(ws, record, today, **kw),
    )


def make_step(ws: Workspace, lead: str, name: str, today: dt.date) -> None:
    support.make_lead_action(ws, lead, name, today)
    st.session_state["_lead_flash"] = N_("Added to your next steps.")


def conversation_list(ws: Workspace, today: dt.date, token: str, contacts_by_id: dict, logs: list[dict]) -> None:
    st.subheader(_("Conversations so far"))
    msg = st.session_state.pop("_lead_flash", None)
    if msg:
        st.success(_(msg), icon=":material/check_circle:")  # marked text (N_), translated as shown
    if not logs:
        st.caption(_("Your conversations appear here, newest first."))
    actions = ws.all("actions")
    shown = st.session_state.setdefault("_talk_shown", 15)
    for log in logs[:shown]:
        person = contacts_by_id.get(log["contact_id"], {}).get("name") or _("someone")
        kind = f" · {support.kind_label(log['kind'])}" if log.get("kind") else ""
        with st.expander(md_escape(f"{_day(log['date'])} · {person}{kind}")):
            label_value(_("Takeaways"), log.get("takeaways"))
            if log.get("themes"):
                label_value(_("Themes"), ", ".join(patterns.theme_label(t) for t in log["themes"]))
            leads = support.split_leads(log.get("leads"))
            if leads:
                st.markdown(f"**{_('Leads')}**")
            for i, lead in enumerate(leads):
                lead_col, act_col = st.columns([3, 2])
                lead_col.markdown(f"- {md_escape(lead)}")
                if support.lead_action(actions, support.lead_titles(lead, person)):  # made in any language
                    act_col.markdown(f":green[:material/check_circle: {_('In your next steps')}]")
                else:
                    act_col.button(
                        _("Make it a next step"),
                        key=f"lead_{log['id']}_{i}",
                        icon=":material/add_task:",
                        on_click=make_step,
                        args=(ws, lead, person, today),
                    )
            what = _("the conversation with {person} on {day}", person=person, day=_day(log["date"]))
            record_actions(ws, CONVERSATION, log, what, edit_key=f"edit_talk_{log['id']}")
    if len(logs) > shown:
        st.caption(
            ngettext(
                "Showing the {shown} most recent of {n}.",
                "Showing the {shown} most recent of {n}.",
                len(logs),
                shown=shown,
            )
        )
        st.button(
            ngettext("Show {n} more", "Show {n} more", 20),
            key="talk_more",
            on_click=st.session_state.__setitem__,
            args=("_talk_shown", shown + 20),
        )
    if any(a.get("source") == "support" for a in actions):
        page_link("pages/6_Next_steps.py", _("See your next steps"), token, icon=":material/arrow_forward:")


# --- Reach out ------------------------------------------------------------------------------------


def _mark_sent(ws: Workspace, contact_id: str, purpose: str, subject: str, today: dt.date) -> None:
    try:
        support.log_reach_out(ws, contact_id, purpose, subject, today)
    except Invalid:
        st.session_state["_ro_error"] = _("The subject is too long to keep in your log. Please shorten it.")
        return
    st.session_state.pop("_ro_error", None)
    forms.flash("ro", N_("Logged as a conversation for today. Their last contact is updated."))


def reach_out(ws: Workspace, today: dt.date, contacts: list[dict], contacts_by_id: dict) -> None:
    st.header(_("Reach out"), anchor="reach-out")
    st.write(
        _(
            "A short, honest note is often all it takes. Pick who and why; Rebound drafts it, you make it yours. "
            "Nothing is sent from here: copy it or open it in your own email."
        )
    )
    if not contacts:
        st.info(_("Add a person on the People tab first."))
        return
    # Labels worked out in the script (AppTest calls format_func outside the script's thread).
    names = contact_names(contacts)
    rejections = journal.sorted_by(ws.all("rejections"), "rejected_on")
    rej_names = {
        r["id"]: _("{company} · {role} ({day})", company=r["company"], role=r["role"], day=_day(r["rejected_on"]))
        for r in rejections
    }
    purposes = {p: _(label) for p, label in support.PURPOSES.items()}
    left, right = st.columns(2)
    with left:
        cid = st.selectbox(_("To"), list(names), format_func=names.get, key="ro_contact", placeholder=_("Choose…"))
    with right:
        # Translators: "To…" as in "(write) to… ask for advice / share your news / say thank you".
        purpose = st.selectbox(
            _("To…"), list(purposes), format_func=purposes.get, key="ro_purpose", placeholder=_("Choose…")
        )
    tones = {t: _(followup.TONES.get(t, t)) for t in support.tones(purpose)}
    lengths = {v: _(followup.LENGTHS.get(v, v)) for v in support.lengths(purpose)}
    left, right = st.columns(2)
    with left:
        tone = st.radio(_("Tone"), list(tones), format_func=tones.get, horizontal=True, key="ro_tone")
    with right:
        length = st.radio(_("Length"), list(lengths), format_func=lengths.get, horizontal=True, key="ro_length")
    rej_id = st.selectbox(
        _("About a rejection (optional)"),
        list(rej_names),
        index=None,
        format_func=rej_names.get,
        placeholder=_("No particular one"),
        key="ro_rejection",
    )
    specific = st.text_input(
        _("Anything specific? (optional)"),
        placeholder=_("e.g. my portfolio, the salary conversation, your tip about the case study"),
        key="ro_specific",
    )
    st.session_state.setdefault("ro_my_name", journal.profile(ws).get("name") or "")
    my_name = st.text_input(_("Your name, for the sign-off"), key="ro_my_name")
    languages = dict(i18n.languages())  # each in its own words, never translated
    if st.session_state.get("ro_language") not in languages:
        st.session_state["ro_language"] = drafts.default_language()
    language = st.selectbox(
        _("Language of this draft"),
        list(languages),
        format_func=languages.get,
        key="ro_language",
        help=_("Rebound writes the message in this language. The app stays in yours."),
        placeholder=_("Choose…"),
    )
    template = support.pick_template(purpose, tone, length)
    contact = contacts_by_id.get(cid)
    if template is None or contact is None:
        st.warning(_("There is no template for this yet."))
        return
    rejection = next((r for r in rejections if r["id"] == rej_id), None)
    subject, body = support.compose(template, contact, {"name": my_name}, rejection, specific, language)
    signature = [cid, purpose, template["id"], rej_id, specific, " ".join((my_name or "").split()), language]
    if st.session_state.get("_ro_signature") != signature:  # new choices: a fresh draft
        st.session_state["_ro_signature"] = signature
        st.session_state["ro_subject"], st.session_state["ro_body"] = subject, body
    st.text_input(_("Subject"), key="ro_subject")
    st.text_area(_("Message (edit freely)"), height=260, key="ro_body")
    subject_now = st.session_state.get("ro_subject") or subject
    text = st.session_state.get("ro_body") or body
    send_col, log_col = st.columns(2)
    send_col.link_button(
        _("Open in your email app"), support.reach_out_link(contact, subject_now, text), icon=":material/mail:"
    )
    log_col.button(
        _("I sent it"),
        key="ro_sent",
        icon=":material/done:",
        on_click=_mark_sent,
        args=(ws, cid, purpose, subject_now, today),
    )
    if st.session_state.get("_ro_error"):
        st.error(st.session_state["_ro_error"], icon=":material/error:")
    forms.show_flash("ro")
    with st.expander(_("Copy the text")):
        st.code(f"{subject_now}\n\n{text}", language=None, wrap_lines=True)
