"""Drafting messages: templates, filling, mailto links, and the follow-up rules."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rebound import drafts, followup
from rebound.models import Invalid

TODAY = dt.date(2026, 3, 31)
FIELDS = ("id", "purpose", "tone", "length", "subject", "body")
KNOWN = set(drafts.FALLBACKS)
LEAK = re.compile(r"[{}]|\[\[|\]\]")
REJECTION = {"company": "Acme", "role": "Data Engineer", "stage": "final", "rejected_on": "2026-03-20"}


# --- the shipped templates ------------------------------------------------------------------
def test_every_template_has_the_fields_and_a_known_purpose():
    items = followup.templates()
    assert len({t["id"] for t in items}) == len(items)
    for t in items:
        assert all(t.get(f) for f in FIELDS), t["id"]
        assert t["purpose"] in followup.PURPOSES
        assert t["tone"] in followup.TONES and t["length"] in followup.LENGTHS
        used = drafts.placeholders(t["subject"]) | drafts.placeholders(t["body"])
        assert used <= KNOWN, f"{t['id']} uses {used - KNOWN}"


@pytest.mark.parametrize(
    "purpose", ["feedback_request", "thank_you", "reach_out_advice", "reach_out_news", "reach_out_thanks"]
)
def test_each_purpose_offers_every_tone_and_length(purpose):
    combos = {(t["tone"], t["length"]) for t in followup.templates(purpose)}
    assert combos == {(tone, length) for tone in followup.TONES for length in followup.LENGTHS}


@pytest.mark.parametrize("tmpl", followup.templates(), ids=lambda t: t["id"])
@pytest.mark.parametrize(
    "values",
    [
        {},
        {"company": "Acme"},
        {"contact_name": "Sam", "specific": "the caching exercise"},
        followup.draft_values(REJECTION, "Sam Lee", "the whiteboard session", "Alex"),
    ],
    ids=["nothing", "company", "name+specific", "everything"],
)
def test_no_placeholder_ever_leaks(tmpl, values):
    subject, body = followup.draft(tmpl, values)
    assert subject and body
    assert not LEAK.search(subject + body), (subject, body)
    assert "the the " not in body and "  " not in body
    assert "\n\n\n" not in body


def test_full_draft_is_personal():
    values = followup.draft_values(REJECTION, "Sam", "the whiteboard session.", "Alex")
    subject, body = followup.draft(followup.pick("feedback_request", "warm", "short"), values)
    assert "Data Engineer" in subject
    assert body.startswith("Hi Sam,")
    assert "the final round" in body
    assert "I especially enjoyed the whiteboard session." in body  # trailing full stop not doubled
    assert body.endswith("Alex")


def test_missing_fields_degrade_gracefully():
    _, body = followup.draft(followup.pick("feedback_request", "warm", "short"), followup.draft_values(None))
    assert body.startswith("Hi there,")
    assert "especially enjoyed" not in body  # the optional sentence went, not half of it
    assert "during the process" in body
    _, formal = followup.draft(followup.pick("thank_you", "formal", "short"), {})
    assert formal.startswith("Hello there,") and "at your company" in formal


def test_pick_falls_back_to_the_closest_template():
    assert followup.pick("feedback_request", "formal", "detailed")["id"] == "feedback_formal_detailed"
    assert followup.pick("feedback_follow_up", "formal", "detailed")["id"] == "feedback_follow_up_gentle"
    assert followup.pick("thank_you", "unknown", "detailed")["length"] == "detailed"
    with pytest.raises(KeyError):
        followup.pick("nothing")
    assert followup.template("thanks_warm_short")["purpose"] == "thank_you"
    assert followup.template("nope") is None


def test_draft_values_from_a_rejection():
    v = followup.draft_values(REJECTION, "  Sam \n Lee ", None, "")
    assert v == {
        "company": "Acme",
        "role": "Data Engineer",
        "stage": "the final round",
        "contact_name": "Sam Lee",
        "specific": None,
        "my_name": None,
    }
    assert followup.draft_values({"stage": "weird"})["stage"] is None


# --- drafts.fill itself ----------------------------------------------------------------------
def test_fill_optional_parts_and_fallbacks():
    tmpl = "Hi {contact_name},[[ thanks for {specific}.]] About {role} at {company}.[[ ({missing})]]"
    assert drafts.fill(tmpl, {}) == "Hi there, About the role at your company."
    assert drafts.fill(tmpl, {"specific": "the chat", "company": "Acme"}) == (
        "Hi there, thanks for the chat. About the role at Acme."
    )


def test_fill_collapses_line_breaks_inside_values():
    assert drafts.fill("Dear {contact_name}.", {"contact_name": "Sam\n\nBcc: x"}) == "Dear Sam Bcc: x."


def test_fill_unknown_placeholder_becomes_empty_not_braces():
    assert drafts.fill("A {nope} B", {}) == "A B"


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(sorted(KNOWN)),
        st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_characters="{}[]"), max_size=40)),
    )
)
def test_fill_never_leaks_for_any_values(values):
    for tmpl in followup.templates():
        subject, body = followup.draft(tmpl, values)
        assert not LEAK.search(subject + body)


# --- mailto -----------------------------------------------------------------------------------
def _parts(link: str):
    split = urlsplit(link)
    return unquote(split.path), parse_qs(split.query, keep_blank_values=True)


def test_mailto_encodes_every_part():
    link = drafts.mailto("sam@acme.com", "Thanks & more?", "Line 1\nLine 2 = 100% & done #1")
    assert link.startswith("mailto:sam@acme.com?subject=")
    assert " " not in link and "\n" not in link
    to, query = _parts(link)
    assert to == "sam@acme.com"
    assert query["subject"] == ["Thanks & more?"]
    assert query["body"] == ["Line 1\nLine 2 = 100% & done #1"]


@pytest.mark.parametrize(
    "address",
    ["sam@acme.com\r\nBcc: evil@x.com", "a@b.com,c@d.com", "sam@acme.com?cc=evil@x.com", "a@b.com&bcc=e@x.com"],
)
def test_mailto_refuses_header_injection_in_the_address(address):
    link = drafts.mailto(address, "Hi", "Body")
    to, query = _parts(link)
    assert to == ""
    assert set(query) == {"subject", "body"}


def test_mailto_subject_cannot_start_a_new_header():
    link = drafts.mailto(None, "Hello\r\nBcc: evil@x.com", "x")
    _, query = _parts(link)
    assert query["subject"] == ["Hello Bcc: evil@x.com"]
    assert set(query) == {"subject", "body"}
    assert "%0D" not in link.split("&body=")[0] and "%0A" not in link.split("&body=")[0]


def test_mail_link_only_uses_a_valid_address():
    assert followup.mail_link("not an email", "s", "b").startswith("mailto:?")
    assert followup.mail_link("sam@acme.com", "s", "b").startswith("mailto:sam@acme.com?")
    assert followup.mail_link(None, None, None) == "mailto:?subject=&body="


@pytest.mark.parametrize(
    ("address", "ok"),
    [("sam@acme.com", True), ("sam.lee+jobs@mail.acme.co.uk", True), ("sam@acme", False), ("sam", False),
     ("a b@c.com", False), ("<sam@acme.com>", False), ("", False), (None, False)],
)  # fmt: skip
def test_email_ok(address, ok):
    assert followup.email_ok(address) is ok


# --- checking feedback requests and thank-you notes --------------------------------------------
def base(**changes):
    return {"rejection_id": "r1", "status": "draft", **changes}


def errors_of(data, check=followup.check_request):
    with pytest.raises(Invalid) as exc:
        check(data, TODAY)
    return exc.value.errors


def test_check_request_accepts_a_draft_and_cleans_it():
    clean = followup.check_request(base(contact_name=" Sam ", themes=["Communication"], body="Hi"), TODAY)
    assert clean["contact_name"] == "Sam" and clean["themes"] == ["communication"] and clean["status"] == "draft"


def test_check_request_sent_needs_a_date():
    assert "requested_on" in errors_of(base(status="sent"))


def test_check_request_received_needs_the_feedback():
    errs = errors_of(base(status="received", feedback_text="   ", requested_on="2026-03-01"))
    assert errs["feedback_text"].startswith("Write down what they told you")


def test_check_request_follow_up_before_sent():
    errs = errors_of(base(status="sent", requested_on="2026-03-10", follow_up_on="2026-03-09"))
    assert errs == {"follow_up_on": "The follow-up date is before the day you sent it."}


def test_check_request_received_before_asked_and_future_dates():
    errs = errors_of(base(status="received", feedback_text="ok", requested_on="2026-03-10", received_on="2026-03-01"))
    assert errs["received_on"].startswith("This is before the day you asked")
    errs = errors_of(base(status="sent", requested_on="2026-04-02"))
    assert "future" in errs["requested_on"]


def test_check_request_collects_every_problem():
    errs = errors_of(
        base(status="bogus", contact_email="x\nBcc: y@z.com", themes=["<img src=x>"], feedback_text="x" * 5001)
    )
    assert set(errs) == {"status", "contact_email", "themes", "feedback_text"}


def test_check_note_requires_recipient_and_valid_email():
    errs = errors_of({"rejection_id": "r1", "recipient": " ", "contact_email": "nope"}, followup.check_note)
    assert set(errs) == {"recipient", "contact_email"}
    clean = followup.check_note({"rejection_id": "r1", "recipient": "Sam", "sent_on": "2026-03-30"}, TODAY)
    assert clean["sent_on"] == "2026-03-30"
    assert "sent_on" in errors_of(
        {"rejection_id": "r1", "recipient": "Sam", "sent_on": "2026-04-01"}, followup.check_note
    )


# --- nudges and quick changes --------------------------------------------------------------------
def test_overdue_only_sent_requests_past_their_date_oldest_first():
    reqs = [
        {"id": "a", "status": "sent", "follow_up_on": "2026-03-31"},
        {"id": "b", "status": "sent", "follow_up_on": "2026-03-01"},
        {"id": "c", "status": "sent", "follow_up_on": "2026-04-01"},
        {"id": "d", "status": "received", "follow_up_on": "2026-03-01"},
        {"id": "e", "status": "sent"},
    ]
    assert [r["id"] for r in followup.overdue(reqs, TODAY)] == ["b", "a"]
    assert followup.overdue([], TODAY) == []


def test_mark_sent_and_snooze():
    assert followup.mark_sent({"status": "draft"}, TODAY) == {
        "status": "sent",
        "requested_on": "2026-03-31",
        "follow_up_on": "2026-04-07",
    }
    kept = followup.mark_sent({"requested_on": "2026-03-20", "follow_up_on": "2026-03-25"}, TODAY)
    assert kept["requested_on"] == "2026-03-20" and kept["follow_up_on"] == "2026-03-25"
    assert followup.snooze({}, TODAY) == {"follow_up_on": "2026-04-07"}
    assert followup.editable({"id": 1, "created_at": 2, "updated_at": 3, "status": "sent"}) == {"status": "sent"}
