"""Applications in a real browser: log one, pick it when the no comes, print the job-search record to PDF.

One walk on one server (the module's), so the module adds one server start and one page walk:
1. on Understand, log an application through its form;
2. pick it above the rejection form: the form fills in (nothing saved yet), save, and the
   application reads "Rejected", linked in the journal;
3. on Progress, the answer rate and time to an answer show it, with their summaries;
4. on My data, download the job-search record (to print) with a name, open it in Chromium and
   print it to PDF (``page.pdf``, headless Chromium); the PDF's text holds the name, the period,
   the application and its outcome, the activity, and none of the person's notes or feelings.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from rebound import clock, i18n, journal
from rebound.storage import open_workspace
from tests.e2e.helpers import (
    after,
    assert_no_serious_a11y,
    choose,
    click_button,
    click_sidebar,
    goto,
    unique,
    wait_for_app,
)


def test_log_pick_and_print_the_record(page, server_personal, tmp_path):
    today = clock.today()
    company = unique("Northwind")
    ws = open_workspace("personal", server_personal.data_dir)
    journal.save(  # an activity logged on Next steps, with a note that must not reach the record
        ws,
        "activities",
        {"date": today.isoformat(), "kind": "networking", "count": 2, "note": "I felt hopeless after"},
        today,
    )

    # 1. log an application
    goto(page, server_personal.url("/Understand"))
    form = page.locator("[data-testid='stForm']").filter(has=page.get_by_label("Company you applied to", exact=True))
    form.get_by_label("Company you applied to", exact=True).fill(company)
    form.get_by_label("Role you applied for", exact=True).fill("Data analyst")
    form.get_by_label("Notes on it (optional)", exact=True).fill("Salary felt low, I was anxious")
    after(page, form.get_by_role("button", name="Save application", exact=True).click)
    expect(page.get_by_text("Saved. Another one sent", exact=False)).to_be_visible()
    [app] = [a for a in ws.all("applications") if a["company"] == company]
    assert app["status"] == "waiting" and app["applied_on"] == today.isoformat()

    # 2. the no comes: pick the open application instead of typing it again
    option = f"{company} · Data analyst (applied {i18n.format_date(today)})"  # as the page writes it
    choose(page, "Is this about an application you logged? Pick it to fill in the form.", option)
    wait = page.get_by_text(f"Filled in from your application to {company}", exact=False)
    expect(wait).to_be_visible()
    expect(page.get_by_label("Company", exact=True)).to_have_value(company)
    expect(page.get_by_label("Role", exact=True)).to_have_value("Data analyst")
    assert not ws.all("rejections")  # nothing saved before Save
    choose(page, "How far did you get?", "Application")
    click_button(page, "Save rejection")
    expect(page.get_by_text("Saved. That took courage.", exact=False)).to_be_visible()
    [rej] = ws.all("rejections")
    assert rej["application_id"] == app["id"] and rej["company"] == company
    assert ws.get("applications", app["id"])["status"] == "rejected"
    assert len(ws.all("applications")) == 1
    expect(page.get_by_text(f"{company} · Data analyst — Rejected", exact=False)).to_be_visible()
    assert_no_serious_a11y(page, "on Understand with an application picked and answered")

    # 3. Progress: the answer rate beside the funnel, with its summary and table
    click_sidebar(page, "Progress")
    wait_for_app(page, timeout=60_000)
    expect(page.get_by_role("heading", name="Answers per month")).to_be_visible()
    expect(
        page.get_by_text("Of 1 application sent in this period, 1 got an answer (100%)", exact=False)
    ).to_be_visible()
    expect(page.get_by_text("Half of the answers came on the day you sent them", exact=False)).to_be_visible()
    assert page.locator("[data-testid='stPlotlyChart']").count() >= 2
    assert_no_serious_a11y(page, "on Progress with answers to applications")

    # 4. the job-search record, printed to PDF
    click_sidebar(page, "My data")
    name = page.get_by_label("Your name on the record (optional)", exact=True)
    name.fill("Sam Rivera")
    after(page, name.blur)
    expect(page.get_by_role("button", name="Job-search record (to print)")).to_be_visible()
    assert_no_serious_a11y(page, "on My data with the job-search record")
    with page.expect_download() as info:
        page.get_by_role("button", name="Job-search record (to print)").click()
    download = info.value
    assert download.suggested_filename.startswith("job-search-record-") and download.suggested_filename.endswith(
        ".html"
    )
    html = Path(download.path()).read_text(encoding="utf-8")
    printed = page.context.new_page()
    printed.set_content(html, wait_until="load")
    pdf = tmp_path / "record.pdf"
    printed.pdf(path=str(pdf), format="A4", print_background=True)
    printed.close()
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    words = " ".join(text.split())
    assert "Job-search record" in words and "Sam Rivera" in words
    assert f"to {today:%d %B %Y}".replace(" 0", " ") in words or f"to {today:%d %B %Y}" in words
    assert company in words and "Data analyst" in words and "Rejected" in words
    assert "Networking" in words
    for private in ("hopeless", "anxious", "Salary felt low", "mood", "reflection"):
        assert private not in words
    assert i18n.format_date(today) in words  # the dates as the person reads them (one format)
