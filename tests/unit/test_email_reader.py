"""The e-mail reader on rejection e-mails we wrote (tests/fixtures/emails), and on files that are not e-mails."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from rebound.intake import email_reader as er

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "emails"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def test_there_are_at_least_twelve_rejection_emails():
    assert len(EXPECTED) >= 12
    assert {p.name for p in FIXTURES.glob("*.eml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_email_gives_its_company_role_and_date(name):
    want = EXPECTED[name]
    draft = er.read_file((FIXTURES / name).read_bytes(), tz=want["tz"])
    assert (draft.company, draft.role, draft.heard_back_on) == (
        want["company"],
        want["role"],
        dt.date.fromisoformat(want["date"]),
    ), want["what"]
    assert draft.text.strip()  # the message's own text, ready for the notes if the person wants it


def test_date_is_the_persons_day_not_the_servers():
    raw = (FIXTURES / "greenhouse_html_only.eml").read_bytes()  # 02:30 UTC on the 14th
    assert er.read_file(raw, tz="America/Los_Angeles").heard_back_on == dt.date(2026, 10, 13)
    assert er.read_file(raw, tz="Europe/Berlin").heard_back_on == dt.date(2026, 10, 14)
    assert er.read_file(raw, tz="Not/A_Zone").heard_back_on == dt.date(2026, 10, 14)  # the e-mail's own day


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_never_a_mail_providers_or_tracking_systems_name(name):
    draft = er.read_file((FIXTURES / name).read_bytes())
    low = (draft.company or "").lower()
    for word in ("gmail", "outlook", "hotmail", "greenhouse", "lever", "workday", "smartrecruiters", "ashby",
                 "workable", "icims", "taleo"):  # fmt: skip
        assert word not in low


def test_html_only_body_becomes_readable_text():
    draft = er.read_file((FIXTURES / "greenhouse_html_only.eml").read_bytes())
    assert "Thank you for your interest in Northwind Traders and for the time" in draft.text
    assert "<" not in draft.text and "margin" not in draft.text  # no tags, no style sheet


def test_forwards_are_read_as_the_original():
    inline = er.read_file((FIXTURES / "forwarded_gmail.eml").read_bytes())
    attached = er.read_file((FIXTURES / "forwarded_attachment.eml").read_bytes())
    assert inline.forwarded and attached.forwarded
    assert "litware" in inline.sender and "adatum" in attached.sender
    assert "for my records" not in inline.text and "Thursday" not in attached.text


def test_quoted_history_stays_out_of_the_text():
    draft = er.read_file((FIXTURES / "recruiter_reply_corporate.eml").read_bytes())
    assert "Globex" not in draft.text and "Account Executive" not in draft.text


# --- what is not an e-mail is refused in words ---------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",  # an Outlook .msg
        b"Company,Role,Date Applied\nAcme,Analyst,2026-10-01\n",
        b"Shopping list:\n- milk\n- bread\n",
        b"",
        b"   \n",
    ],
    ids=["pdf", "png", "docx", "outlook-msg", "csv", "notes", "empty", "blank"],
)
def test_a_file_that_is_not_an_email_is_refused_in_words(data):
    with pytest.raises(er.NotAnEmail) as caught:
        er.read_file(data)
    message = caught.value.message
    assert message and "e-mail" in message and "Traceback" not in message


def test_a_saved_text_file_with_headers_is_read():
    text = (
        "From:\tContoso Careers <careers@contoso.com>\n"
        "Sent:\tFriday, October 9, 2026 4:05 PM\n"
        "To:\tSam Rivera\n"
        "Subject:\tYour application for Office Manager\n\n"
        "Dear Sam,\nThank you for applying. We will not be taking your application further.\n"
    )
    draft = er.read_file(text.encode("cp1252"))
    assert (draft.company, draft.role, draft.heard_back_on) == ("Contoso", "Office Manager", dt.date(2026, 10, 9))


# --- pasted text ----------------------------------------------------------------------------


def test_pasted_body_only_still_gives_what_it_says():
    pasted = """Your application to Northwind Traders
    Northwind Traders Hiring Team <no-reply@greenhouse.io>

    Hi Sam,
    Thank you for applying for the Warehouse Supervisor position. We have decided to move forward with
    other candidates.
    """
    draft = er.read_text(pasted, tz="Europe/London")
    assert draft.company == "Northwind Traders"
    assert draft.role == "Warehouse Supervisor"
    assert draft.heard_back_on is None  # no date in the text: the form keeps its own


def test_pasted_whole_email_with_headers():
    pasted = (FIXTURES / "recruiter_gmail.eml").read_bytes().decode()
    draft = er.read_text(pasted, tz="Europe/London")
    assert (draft.company, draft.role, draft.heard_back_on) == ("Blue Yonder Analytics", "Data Engineer",
                                                                dt.date(2026, 10, 1))  # fmt: skip


def test_empty_paste_is_refused():
    with pytest.raises(er.NotAnEmail):
        er.read_text("   \n ")


# --- small parts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "kind"),
    [
        ("gmail.com", "provider"),
        ("mail.proton.me", "provider"),
        ("us.greenhouse-mail.io", "tracker"),
        ("hire.lever.co", "tracker"),
        ("acme.wd5.myworkdayjobs.com", "tracker"),
        ("email.smartrecruiters.com", "tracker"),
        ("acme.co.uk", "own"),
    ],
)
def test_domain_kinds(domain, kind):
    assert er.domain_kind(domain) == kind


def test_domain_label():
    assert er.domain_label("careers.acme-corp.co.uk") == "acme-corp"
    assert er.domain_label("jobs.adatum.com") == "adatum"


def test_a_person_on_a_company_domain_is_not_the_company():
    raw = (
        b"From: Jane Whitfield <jane.whitfield@northwindtraders.com>\r\nSubject: Quick update\r\n"
        b"Date: Tue, 6 Oct 2026 10:00:00 +0000\r\n\r\nHi Sam, we have chosen another candidate for the "
        b"Logistics Planner role. All the best, Jane\r\n"
    )
    draft = er.read_file(raw)
    assert draft.company == "Northwindtraders"  # not written out in the e-mail: the domain's own name
    assert draft.role == "Logistics Planner"


# --- the matching open application ------------------------------------------------------------

APPS = [
    {"id": "a1", "company": "Northwind Traders Ltd", "role": "Senior Data Analyst", "applied_on": "2026-09-01"},
    {"id": "a2", "company": "Northwind Traders", "role": "Data Engineer", "applied_on": "2026-09-20"},
    {"id": "a3", "company": "Fabrikam", "role": "Backend Engineer", "applied_on": "2026-09-10"},
]


def test_match_picks_the_same_company_and_the_closest_role():
    draft = er.read_file((FIXTURES / "greenhouse_html_only.eml").read_bytes())
    assert er.match_application(draft, APPS)["id"] == "a1"


def test_match_without_a_role_takes_the_latest_application_there():
    draft = er.Draft(company="northwind traders", role=None, heard_back_on=None)
    assert er.match_application(draft, APPS)["id"] == "a2"


def test_no_match_for_another_company_or_no_company():
    assert er.match_application(er.Draft(company="Litware", role="Backend Engineer", heard_back_on=None), APPS) is None
    assert er.match_application(er.Draft(company=None, role="Backend Engineer", heard_back_on=None), APPS) is None


@pytest.mark.parametrize(
    ("raw", "company", "role"),
    [
        (
            "From: LinkedIn <jobs-noreply@linkedin.com>\nSubject: Your application to Data Analyst at Acme Corp\n"
            "Date: Tue, 3 Mar 2026 10:00:00 +0000\n\nYour update from Acme Corp\n",
            "Acme Corp",
            "Data Analyst",
        ),
        (
            "From: Beispiel Recruiting <jobs@recruitee.com>\nSubject: Update zu Ihrer Bewerbung bei Beispiel GmbH\n"
            "Date: Tue, 3 Mar 2026 10:00:00 +0100\n\nvielen Dank für Ihre Bewerbung auf die Stelle als Junior Controller.\n",
            "Beispiel GmbH",
            "Junior Controller",
        ),
        (
            'From: "Jane Doe (Initech)" <jane.doe@gmail.com>\nSubject: Re: our call\n'
            "Date: Tue, 3 Mar 2026 10:00:00 -0500\n\nHi, sadly we went another way for the QA Lead role.\n",
            "Initech",
            "QA Lead",
        ),
        (
            "From: hr@globex.com\nSubject: Application outcome\nDate: Tue, 3 Mar 2026 10:00:00 -0500\n\n"
            "Regarding your application for the role of Warehouse Associate at Globex Corporation, we regret...\n",
            "Globex Corporation",
            "Warehouse Associate",
        ),
    ],
    ids=["linkedin-role-at-company", "recruitee-german", "person-with-company-in-name", "bare-address"],
)
def test_more_senders(raw, company, role):
    draft = er.read_file(raw.encode())
    assert (draft.company, draft.role) == (company, role)


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Mon, Oct 12, 2026 at 3:14 PM", dt.datetime(2026, 10, 12, 15, 14)),
        ("Thursday, October 8, 2026 11:20 AM", dt.datetime(2026, 10, 8, 11, 20)),
        ("Fr., 6. März 2026 um 14:02 Uhr", dt.datetime(2026, 3, 6, 14, 2)),
        ("06.03.2026, 14:02", dt.datetime(2026, 3, 6, 14, 2)),
        ("mar. 13 oct. 2026 à 09:41", dt.datetime(2026, 10, 13, 9, 41)),
        ("12 de octubre de 2026, 9:05", dt.datetime(2026, 10, 12, 9, 5)),
        ("03/06/2026 10:00", None),  # day or month first? not guessed
        ("sometime last week", None),
    ],
)
def test_dates_written_in_forwards(text, when):
    assert er.parse_date_text(text) == when


def test_a_german_gmail_forward():
    raw = (
        "From: Sam <sam@gmail.com>\nSubject: WG: Ihre Bewerbung als Data Engineer\n"
        "Date: Mon, 9 Mar 2026 08:00:00 +0100\nContent-Type: text/plain; charset=utf-8\n\n"
        "---------- Weitergeleitete Nachricht ---------\n"
        "Von: Personalabteilung Musterwerk AG <bewerbung@musterwerk.de>\n"
        "Date: Fr., 6. März 2026 um 14:02 Uhr\nBetreff: Ihre Bewerbung als Data Engineer\nAn: <sam@gmail.com>\n\n"
        "Sehr geehrte Frau Rivera, leider haben wir uns anders entschieden.\n"
    )
    draft = er.read_file(raw.encode())
    assert (draft.company, draft.role, draft.heard_back_on, draft.forwarded) == (
        "Musterwerk AG",
        "Data Engineer",
        dt.date(2026, 3, 6),
        True,
    )
