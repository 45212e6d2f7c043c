"""AppTest: "Log it from the e-mail" on Understand, and "Import applications" on My data."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from rebound import clock, journal
from rebound.storage import open_workspace
from tests.apptest.conftest import button, field, open_page, texts
from tests.rejection_mail import dated

UNDERSTAND = "pages/1_Understand.py"
MY_DATA = "pages/9_My_data.py"


def today() -> dt.date:
    return clock.today()


def store(data_dir):
    return open_workspace("personal", data_dir)


def drop(at, content: bytes, name: str = "rejection.eml"):
    uploader = [u for u in at.file_uploader if (u.key or "").startswith("email_file_")][0]
    uploader.set_value((name, content, "message/rfc822")).run()
    assert not at.exception, at.exception
    return at


# --- the e-mail -----------------------------------------------------------------------------


def test_a_dropped_email_fills_the_form_and_nothing_is_saved_before_save(personal):
    heard = today() - dt.timedelta(days=1)
    at = drop(open_page(UNDERSTAND), dated("greenhouse_html_only.eml", heard))
    assert field(at.text_input, "rej__company").value == "Northwind Traders"
    assert field(at.text_input, "rej__role").value == "Senior Data Analyst"
    assert field(at.date_input, "rej__rejected_on").value == heard
    assert field(at.text_area, "rej__notes").value in ("", None)  # the e-mail's text only when ticked
    assert "nothing is saved until you do" in texts(at)
    ws = store(personal)
    assert ws.all("rejections") == [] and ws.all("applications") == [] and not ws.exists
    field(at.selectbox, "rej__stage").set_value("applied")
    button(at, "Save rejection").click().run()
    assert not at.exception
    [rej] = store(personal).all("rejections")
    assert (rej["company"], rej["role"], rej["rejected_on"]) == ("Northwind Traders", "Senior Data Analyst",
                                                                 heard.isoformat())  # fmt: skip
    assert not rej.get("notes")
    assert [u for u in at.file_uploader if (u.key or "").startswith("email_file_")][0].key == "email_file_1"


def test_the_emails_text_goes_into_the_notes_only_when_ticked(personal):
    at = open_page(UNDERSTAND)
    at.checkbox(key="email_to_notes").check().run()
    drop(at, dated("lever_multipart.eml", today()))
    notes = field(at.text_area, "rej__notes").value
    assert "Thank you for applying for the Backend Engineer position" in notes
    at.checkbox(key="email_to_notes").uncheck().run()
    assert not field(at.text_area, "rej__notes").value
    assert store(personal).all("rejections") == []


def test_the_matching_open_application_is_picked(personal):
    ws = store(personal)
    applied = (today() - dt.timedelta(days=20)).isoformat()
    other = journal.save(ws, "applications", {"company": "Northwind Traders", "role": "Data Engineer",
                                               "applied_on": applied}, today())  # fmt: skip
    aid = journal.save(ws, "applications", {"company": "Northwind Traders Ltd", "role": "Senior Data Analyst",
                                             "applied_on": applied}, today())  # fmt: skip
    at = drop(open_page(UNDERSTAND), dated("greenhouse_html_only.eml", today()))
    assert field(at.selectbox, "rej__application_id").value == aid
    assert field(at.text_input, "rej__company").value == "Northwind Traders Ltd"  # the person's own spelling
    assert "It answers your application Northwind Traders Ltd · Senior Data Analyst" in texts(at)
    field(at.selectbox, "rej__stage").set_value("applied")
    button(at, "Save rejection").click().run()
    assert store(personal).get("applications", aid)["status"] == "rejected"
    assert store(personal).get("applications", other)["status"] == "waiting"


def test_a_file_that_is_not_an_email_is_refused_in_words(personal):
    at = drop(open_page(UNDERSTAND), b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", name="cv.txt")
    assert "This is not an e-mail but another kind of file (a PDF document)" in texts(at)
    assert not field(at.text_input, "rej__company").value
    assert not store(personal).exists


def test_pasted_text_fills_the_form(personal):
    at = open_page(UNDERSTAND)
    [box] = [t for t in at.text_area if (t.key or "").startswith("email_text_")]
    box.set_value(dated("recruiter_gmail.eml", today()).decode()).run()
    button(at, "Fill in the form from this text").click().run()
    assert field(at.text_input, "rej__company").value == "Blue Yonder Analytics"
    assert field(at.text_input, "rej__role").value == "Data Engineer"
    assert field(at.date_input, "rej__rejected_on").value == today()
    assert not store(personal).exists


# --- the spreadsheet ------------------------------------------------------------------------


def tracker_csv() -> bytes:
    d = lambda n: (today() - dt.timedelta(days=n)).strftime("%d/%m/%Y")  # noqa: E731
    return (
        "Employer,Job Title,Date Applied,Stage,Response date,Notes\n"
        f"Northwind Traders,Data Analyst,{d(30)},Rejected,{d(20)},Good chat\n"
        f"Fabrikam,Backend Engineer,{d(25)},Applied,,\n"
        f"Contoso,Office Manager,31/02/2026,Applied,,\n"
        f"Litware,Junior Developer,{d(10)},Phone screen,{d(5)},\n"
    ).encode()


def upload_sheet(at, content: bytes, name="tracker.csv"):
    [uploader] = [u for u in at.file_uploader if (u.key or "").startswith("import_file_")]
    uploader.set_value((name, content, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def table(at, column: str):
    """The dataframe that has ``column`` (AppTest does not keep a dataframe's key)."""
    [frame] = [d.value for d in at.dataframe if column in d.value.columns]
    return frame


def test_import_lists_bad_rows_imports_after_agreeing_and_adds_nothing_the_second_time(personal):
    at = upload_sheet(open_page(MY_DATA), tracker_csv())
    assert at.radio(key="imp_order_0").value == "MDY"  # AppTest's browser says en-US: month first
    assert "**0** new" in texts(at)  # 20/02/2026 has no month 20: read as the file's own order below
    at.radio(key="imp_order_0").set_value("DMY").run()
    assert at.selectbox(key="imp_map_company_0").value == "Employer"
    assert at.selectbox(key="imp_map_role_0").value == "Job Title"
    assert at.selectbox(key="imp_map_answered_on_0").value == "Response date"
    page = texts(at)
    assert "**3** new · **0** already in your journal · **1** cannot be imported" in page
    lines = [t.value for t in at.text]
    assert "• Row 4, Date Applied: “31/02/2026”" in lines
    assert "• Row 4 (Contoso · Office Manager): Date applied “31/02/2026” cannot be read as a date." in lines
    assert table(at, "Company")["Row"].tolist() == [2, 3, 5]  # the rows that will be added
    assert store(personal).all("applications") == []  # the preview writes nothing
    button(at, "Skip these rows and import the rest (3)").click().run()
    assert not at.exception
    assert "Added 3, already there 0, skipped 1." in [s.value for s in at.success]
    assert len(store(personal).all("applications")) == 3

    at = upload_sheet(at, tracker_csv())
    at.radio(key="imp_order_1").set_value("DMY").run()
    assert "**0** new · **3** already in your journal · **1** cannot be imported" in texts(at)
    assert "There is nothing new to add from this file." in texts(at)
    assert not [b for b in at.button if b.label.startswith(("Skip these rows", "Import "))]
    assert len(store(personal).all("applications")) == 3


def test_a_changed_mapping_is_used(personal):
    csv = f"Firm,What,When,Remarks\nAcme,Analyst,{today().isoformat()},called\n".encode()
    at = upload_sheet(open_page(MY_DATA), csv)
    assert "Choose the column that holds role" in texts(at)
    at.selectbox(key="imp_map_role_0").set_value("What").run()
    at.selectbox(key="imp_map_applied_on_0").set_value("When").run()
    at.selectbox(key="imp_map_notes_0").set_value("Remarks").run()
    button(at, "Import 1 application").click().run()
    [app] = store(personal).all("applications")
    assert (app["company"], app["role"], app["notes"], app["status"]) == ("Acme", "Analyst", "called", "waiting")


def test_an_xlsx_is_imported(personal):
    book = openpyxl.Workbook()
    book.active.append(["Company", "Position", "Applied on", "Status"])
    book.active.append(["Tailspin Toys", "Designer", dt.datetime.combine(today(), dt.time()), "Interview"])
    buf = io.BytesIO()
    book.save(buf)
    at = upload_sheet(open_page(MY_DATA), buf.getvalue(), name="apps.xlsx")
    button(at, "Import 1 application").click().run()
    [app] = store(personal).all("applications")
    assert (app["company"], app["applied_on"], app["status"]) == ("Tailspin Toys", today().isoformat(), "interview")


def test_a_file_that_is_not_a_spreadsheet_is_refused(personal):
    at = upload_sheet(open_page(MY_DATA), b"PK\x03\x04 not really", name="apps.xlsx")
    assert "could not be read as a spreadsheet" in texts(at) and "Nothing was changed" in texts(at)


def test_the_emails_own_words_are_shown_as_plain_text(personal):
    from rebound.text import md_escape
    from tests.hostile import SHORT

    raw = (
        f"From: {SHORT} <jobs@acme.com>\nSubject: {SHORT}\nDate: {today().strftime('%a, %d %b %Y')} 09:00:00 +0000\n\n"
        "We went with someone else for the Analyst role.\n"
    ).encode()
    at = drop(open_page(UNDERSTAND), raw)
    [caption] = [c.value for c in at.caption if c.value.startswith("From ")]
    assert md_escape(SHORT) in caption and ":violet[" not in caption.replace("\\:violet\\[", "")
