"""In a real browser: a dropped rejection e-mail fills the form and nothing is saved before Save;
a spreadsheet with a bad row lists it, imports the rest after the person agrees, and the same file
imported again adds nothing.

Both walks share the module's one personal-mode server (its own empty data folder).
"""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect

from rebound import clock
from rebound.storage import open_workspace
from tests.e2e.helpers import after, assert_no_serious_a11y, choose, click_button, goto, wait_for_app
from tests.rejection_mail import dated


def _journal(server):
    return open_workspace("personal", server.data_dir)


def _drop(page, label_start: str, name: str, mime: str, data: bytes) -> None:
    """Give a file to the st.file_uploader whose label starts with ``label_start`` (what a drop does)."""
    uploader = page.locator("[data-testid='stFileUploader']").filter(has_text=label_start)
    chooser = uploader.locator("input[type='file']")
    after(page, lambda: chooser.set_input_files({"name": name, "mimeType": mime, "buffer": data}))


def test_drop_an_email_and_the_form_is_filled_with_nothing_saved_before_save(page, server_personal):
    today = clock.today()
    heard = today - dt.timedelta(days=2)
    goto(page, server_personal.url("/Understand"))
    after(page, page.get_by_text("Log it from the e-mail", exact=True).click)
    _drop(page, "E-mail file", "Update on your application.eml", "message/rfc822",
          dated("greenhouse_html_only.eml", heard))  # fmt: skip
    form = page.locator("[data-testid='stForm']").filter(has=page.get_by_role("button", name="Save rejection"))
    expect(form.get_by_label("Company", exact=True)).to_have_value("Northwind Traders")
    expect(form.get_by_label("Role", exact=True)).to_have_value("Senior Data Analyst")
    day = re.compile(r"\D*".join((f"{heard.year}", f"{heard.month:02d}", f"{heard.day:02d}")))
    expect(form.get_by_role("group", name="Heard back on", exact=True)).to_have_text(day)  # a date field
    expect(form.get_by_label("Notes (optional)", exact=True)).to_have_value("")
    expect(page.get_by_text("nothing is saved until you do", exact=False)).to_be_visible()

    ws = _journal(server_personal)
    assert ws.all("rejections") == [] and ws.all("applications") == []  # read, filled, not saved

    choose(page, "How far did you get?", "Application")
    click_button(page, "Save rejection")
    expect(page.get_by_text("Saved. That took courage.", exact=False)).to_be_visible()
    ws = _journal(server_personal)
    [rej] = ws.all("rejections")
    assert (rej["company"], rej["role"], rej["rejected_on"]) == (
        "Northwind Traders",
        "Senior Data Analyst",
        heard.isoformat(),
    )
    assert not rej.get("notes")  # the box for the e-mail's text was not ticked
    assert len(ws.all("applications")) == 1
    assert_no_serious_a11y(page, "on Understand after logging from the e-mail")


def _tracker_csv(today: dt.date) -> bytes:
    d = lambda n: (today - dt.timedelta(days=n)).strftime("%d/%m/%Y")  # noqa: E731 - day first, as in the UK
    return (
        "Employer,Job Title,Date Applied,Stage,Response date,Notes\n"
        f"Fabrikam,Backend Engineer,{d(30)},Rejected,{d(20)},Good chat\n"
        f"Contoso,Office Manager,31/02/2026,Applied,,\n"
        f"Litware,Junior Developer,{d(10)},Phone screen,{d(5)},\n"
        f"Adatum,IT Support Specialist,{d(3)},Applied,,\n"
    ).encode()


def test_import_a_csv_with_a_bad_row_then_again_and_nothing_is_added(page, server_personal):
    data = _tracker_csv(clock.today())
    before = len(_journal(server_personal).all("applications"))
    goto(page, server_personal.url("/My_data"))
    _drop(page, "Spreadsheet", "my applications.csv", "text/csv", data)
    after(page, page.get_by_text("Day first (31/12/2026)", exact=True).click)
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_text("3 new · 0 already in your journal · 1 cannot be imported", exact=False)).to_be_visible()
    expect(main.get_by_text("Row 3, Date Applied: “31/02/2026”", exact=False)).to_be_visible()
    expect(main.get_by_text("Row 3 (Contoso · Office Manager): Date applied “31/02/2026”", exact=False)).to_be_visible()
    assert len(_journal(server_personal).all("applications")) == before  # the preview writes nothing
    assert_no_serious_a11y(page, "on My data with an import preview")

    click_button(page, "Skip these rows and import the rest (3)")
    expect(main.get_by_text("Added 3, already there 0, skipped 1.", exact=True)).to_be_visible()
    apps = _journal(server_personal).all("applications")
    assert len(apps) == before + 3
    assert {"Fabrikam", "Litware", "Adatum"} <= {a["company"] for a in apps}

    _drop(page, "Spreadsheet", "my applications.csv", "text/csv", data)
    after(page, page.get_by_text("Day first (31/12/2026)", exact=True).click)
    expect(main.get_by_text("0 new · 3 already in your journal · 1 cannot be imported", exact=False)).to_be_visible()
    expect(main.get_by_text("There is nothing new to add from this file.", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Skip these rows and import the rest", exact=False)).to_have_count(0)
    wait_for_app(page)
    assert len(_journal(server_personal).all("applications")) == before + 3
