"""Follow up and Support in German, Spanish and the pseudo-locale; drafts in a language of their own.

The app's words follow the app's language; a feedback request, a thank-you note or a reach-out is
written in the language picked for that draft ("Language of this draft"), which is kept with the
saved record as a code. Today is pinned (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from rebound import content, followup, i18n, journal, support
from rebound.insights import patterns
from rebound.text import md_escape
from tests import pseudo
from tests.apptest.conftest import field, open_page
from tests.apptest.test_follow_up import add_rejection, iso, store, today

FOLLOW_UP = "pages/3_Follow_up.py"
SUPPORT = "pages/5_Support.py"

# Words that belong to other areas' files and are translated on their branches (components/cards.py:
# i18n-understand; theme labels of rebound/insights/patterns.py: i18n-reflect). Harmless once merged.
ELSEWHERE = {"Delete", "Yes, delete", "Keep it", "Deleted.", "Edit"}
LANGUAGE_NAMES = set(i18n.languages().values()) | {i18n.PSEUDO}


def add_contact(data_dir, name="Priya Shah", last=None, **extra) -> str:
    data = {"name": name, "relationship": "mentor", "last_contacted_on": last, **extra}
    return journal.save(store(data_dir), "contacts", data, today())


def open_in(language: str, page: str) -> AppTest:
    return open_page(page, language)


def support_tab(at: AppTest, language: str, label: str) -> AppTest:
    """Only Support's open tab runs; open another one as a click on it would (its label, translated)."""
    with i18n.use(language):
        at.session_state["support_tab"] = i18n._(label)
    at.run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> str:
    return "\n".join(pseudo.visible_strings(at))


def in_language(language: str, text: str, **values) -> str:
    with i18n.use(language):
        return i18n._(text, **values)


# --- the pages in German and Spanish ---------------------------------------------------------------
WORDS = {
    "de": {
        "title": "Nachfassen",
        "tabs": ["Um Feedback bitten", "Danke sagen"],
        "status": "Entwurf (noch nicht gesendet)",
        "stage": "der letzten Runde",
        "support": ["Menschen", "Gespräche", "Melde dich"],
        "ago": "vor 90 Tagen",
        "due": "2 von 3 Menschen, mit denen du seit 30 Tagen oder länger nicht gesprochen hast.",
        "mentor": "Mentor:in",
    },
    "es": {
        "title": "Seguimiento",
        "tabs": ["Pedir comentarios", "Dar las gracias"],
        "status": "Borrador (aún sin enviar)",
        "stage": "la ronda final",
        "support": ["Personas", "Conversaciones", "Ponte en contacto"],
        "ago": "hace 90 días",
        "due": "2 de 3 personas con las que no hablas desde hace 30 días o más.",
        "mentor": "mentor/a",
    },
}


@pytest.mark.parametrize("language", ["de", "es"])
def test_follow_up_speaks_the_language(personal, language):
    add_rejection(personal, days_ago=2)
    words = WORDS[language]
    at = open_in(language, FOLLOW_UP)
    assert at.title[0].value == words["title"]
    assert [t.label for t in at.tabs] == words["tabs"]
    assert words["status"] in field(at.selectbox, "fb__status").options
    with i18n.use(language):
        day = i18n.format_date(today() - dt.timedelta(days=2))
    caption = next(c.value for c in at.caption if day in c.value)
    assert caption.startswith({"de": "Erreichte Phase:", "es": "Fase alcanzada:"}[language])
    assert "2026-" not in caption  # never an ISO date on the page
    # a new draft is written in the app's language until another one is picked for it
    assert field(at.selectbox, "fb__language").value == language
    assert words["stage"] in field(at.text_area, "fb__body").value
    assert "{" not in field(at.text_area, "fb__body").value


@pytest.mark.parametrize("language", ["de", "es"])
def test_support_speaks_the_language_with_plurals(personal, language):
    add_contact(personal, "Old Omar", last=iso(90))
    add_contact(personal, "New Nia")
    add_contact(personal, "Recent Rita", last=iso(2))
    words = WORDS[language]
    at = open_in(language, SUPPORT)
    assert [t.label for t in at.tabs] == words["support"]
    text = shown(at)
    assert words["due"] in text
    omar = next(m.value for m in at.markdown if "Old Omar" in m.value)
    assert words["ago"] in omar and md_escape(words["mentor"]) in omar  # a label, escaped like any text
    assert in_language(language, "no contact logged yet") in shown(at)
    at = support_tab(at, language, "Reach out")
    assert field(at.selectbox, "ro_language").value == language


# --- a draft in a language of its own --------------------------------------------------------------
def test_feedback_request_in_german_while_the_app_is_english(personal):
    add_rejection(personal)
    at = open_in("en", FOLLOW_UP)
    assert field(at.selectbox, "fb__language").value == "en"
    assert "the final round" in field(at.text_area, "fb__body").value
    field(at.text_input, "fb__contact_name").set_value("Sam").run()
    field(at.selectbox, "fb__language").set_value("de").run()
    subject, body = field(at.text_input, "fb__subject").value, field(at.text_area, "fb__body").value
    rejection = {"company": "Acme", "role": "Data Engineer", "stage": "final"}
    _tid, want_subject, want_body = followup.compose(
        "feedback_request", rejection, tone="warm", length="short", contact_name="Sam", language="de"
    )
    assert (subject, body) == (want_subject, want_body)
    assert "der letzten Runde" in body and "the final round" not in body and "Sam" in body
    if (content.CONTENT_DIR / "de" / "templates.json").exists():  # the content's German templates
        assert body.startswith("Hallo Sam,") and subject != "Thank you, and a quick question about Data Engineer"
    # the app around the draft stays English
    assert [t.label for t in at.tabs] == ["Ask for feedback", "Say thank you"]
    assert field(at.selectbox, "fb__language").label == "Language of this draft"
    at.button(key="fb_save").click().run()
    assert [s.value for s in at.success] == ["Saved. Asking for feedback takes courage. Well done."]
    (saved,) = store(personal).all("feedback_requests")
    assert saved["language"] == "de" and saved["body"] == body  # the code, never a label
    # a fresh draft is in the app's language again; opening the saved one brings its language back
    assert field(at.selectbox, "fb__language").value == "en"
    at.button(key=f"edit_fb_{saved['id']}").click().run()
    assert field(at.selectbox, "fb__language").value == "de"


def test_thank_you_note_in_english_while_the_app_is_german(personal):
    add_rejection(personal, stage="interview")
    at = open_in("de", FOLLOW_UP)
    assert field(at.selectbox, "ty__language").value == "de"
    field(at.text_input, "ty__recipient").set_value("Priya").run()
    field(at.radio, "ty__length").set_value("detailed").run()
    assert "der Interviewphase" in field(at.text_area, "ty__body").value
    field(at.selectbox, "ty__language").set_value("en").run()
    body = field(at.text_area, "ty__body").value
    assert body.startswith("Hi Priya,") and "the interviews" in body and "Interviewphase" not in body
    assert [t.label for t in at.tabs] == ["Um Feedback bitten", "Danke sagen"]  # the app stays German
    at.button(key="ty_save").click().run()
    assert [s.value for s in at.success] == ["Dankesnachricht gespeichert."]
    (note,) = store(personal).all("thank_you_notes")
    assert note["language"] == "en" and note["body"] == body


def test_nudge_follows_up_in_the_language_of_the_request(personal):
    rid = add_rejection(personal, days_ago=20)
    data = {"rejection_id": rid, "status": "sent", "contact_name": "Sam", "language": "es"}
    journal.save(
        store(personal), "feedback_requests", data | {"requested_on": iso(14), "follow_up_on": iso(7)}, today()
    )
    at = open_in("de", FOLLOW_UP)
    assert "Eine sanfte Erinnerung" in [h.value for h in at.header]
    with i18n.use("es"):
        rejection = {"company": "Acme", "role": "Data Engineer"}
        _tid, _subject, want = followup.compose("feedback_follow_up", rejection, contact_name="Sam")
    assert want in [c.value for c in at.code]
    with i18n.use("de"):
        sent = i18n.format_date(today() - dt.timedelta(days=14))
    assert any(f"am {sent} um Feedback gebeten" in m.value for m in at.markdown)


def test_reach_out_in_spanish_while_the_app_is_english(personal):
    add_contact(personal, "Priya Shah", email="priya@example.com")
    rid = add_rejection(personal)
    at = support_tab(open_in("en", SUPPORT), "en", "Reach out")
    at.selectbox(key="ro_purpose").set_value("reach_out_advice").run()
    at.radio(key="ro_length").set_value("detailed").run()
    at.selectbox(key="ro_rejection").set_value(rid).run()
    assert "the final round" in at.text_area(key="ro_body").value
    at.selectbox(key="ro_language").set_value("es").run()
    body = at.text_area(key="ro_body").value
    assert "la ronda final" in body and "the final round" not in body
    template = support.pick_template("reach_out_advice", "warm", "detailed")
    rejection = {"stage": "final", "company": "Acme", "role": "Data Engineer"}
    want = support.compose(template, {"name": "Priya Shah"}, {"name": ""}, rejection, "", "es")
    assert (at.text_input(key="ro_subject").value, body) == want
    assert at.header[-1].value == "Reach out"  # the page stays English


# --- the pseudo-locale: nothing left unmarked --------------------------------------------------------
def _allowed(data_dir) -> set[str]:
    typed = pseudo.user_texts(store(data_dir).export())
    with i18n.use("en"):
        themes = {patterns.theme_label(t) for t in patterns.theme_options(set())}
    return typed | {md_escape(t) for t in typed} | LANGUAGE_NAMES | ELSEWHERE | themes


def _unmarked(at: AppTest, data_dir) -> list[str]:
    return pseudo.unwrapped(pseudo.visible_strings(at), _allowed(data_dir))


def test_follow_up_in_en_xa_has_no_unmarked_string(personal):
    at = open_in("en_XA", FOLLOW_UP)
    assert not _unmarked(at, personal), "empty journal"
    rid = add_rejection(personal, days_ago=20)
    req = {"rejection_id": rid, "status": "sent", "contact_name": "Sam", "contact_email": "s@a.co"}
    ws = store(personal)
    journal.save(ws, "feedback_requests", req | {"requested_on": iso(14), "follow_up_on": iso(7)}, today())
    journal.save(ws, "feedback_requests", {"rejection_id": rid, "status": "draft", "language": "de"}, today())
    journal.save(ws, "thank_you_notes", {"rejection_id": rid, "recipient": "Priya", "sent_on": iso(1)}, today())
    journal.save(ws, "thank_you_notes", {"rejection_id": rid, "recipient": "Ann"}, today())
    at.run()
    assert not at.exception, at.exception
    assert not _unmarked(at, personal), "nudge, lists, composers"
    at.button(key="fb_save").click().run()  # an untouched draft: the form's own error
    at.button(key="ty_save").click().run()  # no recipient
    field(at.selectbox, "fb__status").set_value("received").run()
    field(at.text_input, "fb__contact_email").set_value("not an email")
    at.button(key="fb_save").click().run()
    assert len([m for m in at.markdown if m.value.startswith(":red[")]) >= 3
    assert not _unmarked(at, personal), "form errors"
    at.button(key=f"del_feedback_requests_{ws.all('feedback_requests')[0]['id']}").click().run()
    # the confirmation's own words are components/cards.py's; what it names is ours, marked
    (warning,) = at.warning
    assert pseudo.plain_words(warning.value.split("?")[0].removeprefix("Delete"), _allowed(personal)) == []


def test_support_in_en_xa_has_no_unmarked_string(personal):
    at = open_in("en_XA", SUPPORT)
    for label in ("People", "Conversations", "Reach out"):
        at = support_tab(at, "en_XA", label)
        assert not _unmarked(at, personal), f"empty {label}"
    cid = add_contact(personal, "Old Omar", last=iso(90), email="o@example.com")
    add_contact(personal, "New Nia", relationship="former colleague")
    ws = store(personal)
    log = {"contact_id": cid, "date": iso(3), "kind": "advice", "takeaways": "Shorter stories.", "leads": "Acme"}
    support.save_conversation(ws, log, today())
    add_rejection(personal)
    at = support_tab(at, "en_XA", "People")
    at.session_state[f"person_{cid}"] = True  # an open person draws what it holds
    at.run()
    assert not _unmarked(at, personal), "people"
    submit = next(b for b in at.button if b.proto.is_form_submitter)
    submit.click().run()
    assert any(m.value.startswith(":red[") for m in at.markdown)
    assert not _unmarked(at, personal), "person form sent empty"
    at = support_tab(at, "en_XA", "Conversations")
    assert not _unmarked(at, personal), "conversations"
    next(b for b in at.button if b.proto.is_form_submitter).click().run()
    assert any(m.value.startswith(":red[") for m in at.markdown)
    assert not _unmarked(at, personal), "conversation form sent empty"
    at = support_tab(at, "en_XA", "Reach out")
    at.selectbox(key="ro_rejection").set_value(ws.all("rejections")[0]["id"]).run()
    assert not _unmarked(at, personal), "reach out"
    at.button(key="ro_sent").click().run()
    assert not _unmarked(at, personal), "reach out sent"
