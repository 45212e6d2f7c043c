"""Importing applications from CSV and .xlsx: mapping, locale dates, bad rows, one batch, no duplicates."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from rebound.intake import spreadsheet as sp
from rebound.models import Invalid
from rebound.storage import open_workspace

TODAY = dt.date(2026, 11, 2)

CSV = (
    "Employer, Job Title ,Date Applied,Stage,Response date,Comments\n"
    "Northwind Traders,Data Analyst,03/10/2026,Rejected,15/10/2026,Good chat with Ana\n"
    "Fabrikam,Backend Engineer,2026-10-05,Applied,,\n"
    "Contoso,Office Manager,31/02/2026,Applied,,\n"  # no such day: a bad row
    ",,,,,\n"  # blank: ignored
    "Litware,Junior Developer,12 Oct 2026,Phone screen,20 Oct 2026,\n"
)


@pytest.fixture
def ws(tmp_path):
    return open_workspace("personal", tmp_path)


def test_mapping_is_guessed_from_common_headers():
    sheet = sp.read_sheet(CSV.encode(), "tracker.csv")
    assert sp.guess_mapping(sheet.columns) == {
        "company": "Employer",
        "role": "Job Title",
        "applied_on": "Date Applied",
        "status": "Stage",
        "answered_on": "Response date",
        "channel": None,
        "source": None,
        "notes": "Comments",
    }


@pytest.mark.parametrize(
    ("headers", "want"),
    [
        (["Organisation", "Position", "Applied on", "Outcome"], ("Organisation", "Position", "Applied on", "Outcome")),
        (
            ["COMPANY NAME", "role", "application_date", "status"],
            ("COMPANY NAME", "role", "application_date", "status"),
        ),
        (["Unternehmen", "Stelle", "Beworben am", "Status"], ("Unternehmen", "Stelle", "Beworben am", "Status")),
    ],
)
def test_header_spellings(headers, want):
    got = sp.guess_mapping(headers)
    assert (got["company"], got["role"], got["applied_on"], got["status"]) == want


@pytest.mark.parametrize(
    ("locale", "order"),
    [("en_US", "MDY"), ("en-US", "MDY"), ("en_GB", "DMY"), ("de", "DMY"), ("es_ES", "DMY"), ("fr", "DMY"),
     ("ja", "YMD"), ("xx_nonsense", "MDY")],
)  # fmt: skip
def test_date_order_comes_from_the_locale(locale, order):
    assert sp.date_order(locale) == order


def test_dates_are_read_in_the_persons_locale():
    us, gb, de, es = sp.DateReader("en_US"), sp.DateReader("en_GB"), sp.DateReader("de_DE"), sp.DateReader("es")
    assert us.read("03/10/2026") == dt.date(2026, 3, 10)
    assert gb.read("03/10/2026") == dt.date(2026, 10, 3)
    assert de.read("03.10.26") == dt.date(2026, 10, 3)
    for reader in (us, gb, de):
        assert reader.read("2026-10-03") == dt.date(2026, 10, 3)  # ISO always
        assert reader.read("2026-10-03 14:22:00") == dt.date(2026, 10, 3)
        assert reader.read(dt.datetime(2026, 10, 3, 9)) == dt.date(2026, 10, 3)
        assert reader.read("") is None
    assert de.read("3. Oktober 2026") == dt.date(2026, 10, 3)
    assert es.read("3 de octubre de 2026") == dt.date(2026, 10, 3)
    assert gb.read("Oct 3, 2026") == dt.date(2026, 10, 3)
    for bad in ("13/13/2026", "31/02/2026", "next week", "2026"):
        with pytest.raises(ValueError):
            gb.read(bad)


def test_plan_lists_bad_rows_by_spreadsheet_row_and_unreadable_dates():
    sheet = sp.read_sheet(CSV.encode(), "tracker.csv")
    plan = sp.plan(sheet, sp.guess_mapping(sheet.columns), TODAY, "en_GB")
    assert [row for row, _ in plan.records] == [2, 3, 6]
    assert [(p.row, p.company) for p in plan.problems] == [(4, "Contoso")]
    assert "“31/02/2026” cannot be read as a date" in plan.problems[0].reasons[0]
    assert plan.unreadable_dates == [(4, "Date Applied", "31/02/2026")]
    assert plan.blank == 1
    first = dict(plan.records[0][1])
    assert (first["applied_on"], first["status"], first["answered_on"]) == ("2026-10-03", "rejected", "2026-10-15")
    assert first["notes"] == "Good chat with Ana"
    assert dict(plan.records[2][1])["status"] == "screen"


def test_same_file_in_a_month_first_locale_reads_other_dates():
    sheet = sp.read_sheet(CSV.encode(), "tracker.csv")
    plan = sp.plan(sheet, sp.guess_mapping(sheet.columns), TODAY, "en_US")
    # 15/10/2026 has no month 15 in month-first order: row 2 is now the bad one (and 31/02 still is)
    assert [p.row for p in plan.problems] == [2, 4]


def test_other_row_problems_are_named():
    csv = (
        "Company,Role,Date applied,Status,Date of answer\n"
        ",Analyst,2026-10-01,,\n"
        "Acme,,2026-10-01,,\n"
        "Acme,Analyst,2027-01-01,,\n"
        "Acme,Designer,2026-10-01,Maybe,\n"
        "Acme,Writer,2026-10-05,Rejected,2026-10-01\n"
        "Acme,Tester,2026-10-05,Applied,2026-10-07\n"
    )
    sheet = sp.read_sheet(csv.encode(), "x.csv")
    plan = sp.plan(sheet, sp.guess_mapping(sheet.columns), TODAY, "en_GB")
    reasons = {p.row: " ".join(p.reasons) for p in plan.problems}
    assert set(reasons) == {2, 3, 4, 5, 6, 7}
    assert "Company is empty" in reasons[2] and "Role is empty" in reasons[3]
    assert "future" in reasons[4] and "“Maybe”" in reasons[5]
    assert "before the day you applied" in reasons[6] and "still waiting" in reasons[7]


def test_import_needs_agreement_to_skip_then_adds_in_one_batch_and_never_twice(store_backend):
    ws = store_backend("personal")
    data = CSV.encode()
    sheet = sp.read_sheet(data, "tracker.csv")
    mapping = sp.guess_mapping(sheet.columns)
    plan = sp.plan(sheet, mapping, TODAY, "en_GB", ws.all("applications"))
    with pytest.raises(Invalid):
        sp.apply(ws, plan)  # bad rows wait for the person
    assert ws.all("applications") == []
    before = ws.revision
    report = sp.apply(ws, plan, skip_bad=True)
    assert (report.added, report.already, report.skipped) == (3, 0, 1)
    assert report.sentence() == "Added 3, already there 0, skipped 1."
    assert ws.revision != before
    assert len(ws.all("applications")) == 3
    assert all(len(a["fingerprint"]) == 64 for a in ws.all("applications"))

    again = sp.plan(sp.read_sheet(data, "tracker.csv"), mapping, TODAY, "en_GB", ws.all("applications"))
    assert again.records == [] and again.already == [2, 3, 6]
    assert sp.apply(ws, again, skip_bad=True).sentence() == "Added 0, already there 3, skipped 1."
    assert len(ws.all("applications")) == 3


def test_one_import_is_one_write_of_the_journal_file(ws, tmp_path):
    ws.add("profile", {})  # the file exists: each later write keeps one snapshot of the one before
    before = len(list(tmp_path.glob("*.snap-*")))
    sheet = sp.read_sheet(CSV.encode(), "tracker.csv")
    sp.apply(ws, sp.plan(sheet, sp.guess_mapping(sheet.columns), TODAY, "en_GB", []), skip_bad=True)
    assert len(list(tmp_path.glob("*.snap-*"))) == before + 1
    assert len(ws.all("applications")) == 3


def test_a_stale_plan_applied_twice_adds_nothing_the_second_time(ws):
    sheet = sp.read_sheet(CSV.encode(), "tracker.csv")
    plan = sp.plan(sheet, sp.guess_mapping(sheet.columns), TODAY, "en_GB", [])
    sp.apply(ws, plan, skip_bad=True)
    report = sp.apply(ws, plan, skip_bad=True)  # e.g. a second tab with the same preview
    assert (report.added, report.already) == (0, 3)
    assert len(ws.all("applications")) == 3


def test_a_typed_application_counts_as_already_there(ws):
    ws.add("applications", {"company": "fabrikam ", "role": "BACKEND engineer", "applied_on": "2026-10-05",
                            "status": "waiting"})  # fmt: skip
    sheet = sp.read_sheet(CSV.encode(), "tracker.csv")
    plan = sp.plan(sheet, sp.guess_mapping(sheet.columns), TODAY, "en_GB", ws.all("applications"))
    assert plan.already == [3]


def test_fingerprint_is_stable_across_spelling_of_case_and_spaces():
    a = sp.fingerprint("Northwind  Traders", "Data Analyst", "2026-10-03")
    assert a == sp.fingerprint("northwind traders", " data analyst", dt.date(2026, 10, 3))
    assert a != sp.fingerprint("Northwind Traders", "Data Analyst", "2026-10-04")
    assert len(a) == 64


def test_xlsx_made_with_openpyxl_is_read_with_real_date_cells(ws):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Company", "Position", "Applied on", "Status", "Notes"])
    sheet.append(["Tailspin Toys", "Product Marketing Manager", dt.datetime(2026, 9, 1), "Interview", "Call with Lee"])
    sheet.append(["Lumen Labs", "Product Designer", "02/09/2026", "No response", None])
    sheet.append(["Adatum", "IT Support", "soon", "Applied", None])
    buf = io.BytesIO()
    book.save(buf)
    read = sp.read_sheet(buf.getvalue(), "applications.xlsx")
    assert read.columns == ["Company", "Position", "Applied on", "Status", "Notes"]
    plan = sp.plan(read, sp.guess_mapping(read.columns), TODAY, "de_DE", [])
    got = {rec["company"]: (rec["applied_on"], rec["status"]) for _, rec in plan.records}
    assert got == {"Tailspin Toys": ("2026-09-01", "interview"), "Lumen Labs": ("2026-09-02", "ghosted")}
    assert [(p.row, p.company) for p in plan.problems] == [(4, "Adatum")]
    assert plan.unreadable_dates == [(4, "Applied on", "soon")]


def test_a_custom_mapping_is_used_and_checked():
    csv = "Firm name,What,When\nAcme,Analyst,2026-10-01\n"
    sheet = sp.read_sheet(csv.encode(), "x.csv")
    with pytest.raises(Invalid) as caught:
        sp.plan(sheet, sp.guess_mapping(sheet.columns), TODAY)
    assert set(caught.value.errors) >= {"role", "applied_on"}
    mapping = {"company": "Firm name", "role": "What", "applied_on": "When"}
    assert len(sp.plan(sheet, mapping, TODAY).records) == 1
    assert "already used" in sp.check_mapping({**mapping, "notes": "What"}, sheet.columns)["notes"]


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"", "x.csv"), (b"\x00\x01garbage", "x.xlsx"), (b"whatever", "old.xls"), (b",,\n,,\n", "x.csv")],
)
def test_files_that_are_not_spreadsheets_are_refused_in_words(data, name):
    with pytest.raises(sp.SheetError) as caught:
        sp.read_sheet(data, name)
    assert caught.value.message


def test_semicolon_csv_from_a_european_excel():
    csv = "Firma;Stelle;Beworben am;Status\nMüller GmbH;Werkstudent;02.10.2026;Absage\n".encode("cp1252")
    sheet = sp.read_sheet(csv, "bewerbungen.csv")
    plan = sp.plan(sheet, sp.guess_mapping(sheet.columns), TODAY, "de_DE")
    assert [(r["company"], r["applied_on"], r["status"]) for _, r in plan.records] == [
        ("Müller GmbH", "2026-10-02", "rejected")
    ]


@pytest.mark.parametrize(
    ("cell", "status"),
    [("Rejected", "rejected"), ("rejected after interview", "rejected"), ("Phone screen", "screen"),
     ("2nd interview", "interview"), ("Final round", "final"), ("Offer!", "offer"), ("No response", "ghosted"),
     ("Ghosted", "ghosted"), ("Applied", "waiting"), ("Withdrew", "withdrawn"), ("Absage", "rejected"),
     ("No", "rejected"), ("", None), ("Maybe", None)],
)  # fmt: skip
def test_status_words(cell, status):
    assert sp.read_status(cell) == status


def test_a_title_above_the_header_and_blank_lines_keep_the_spreadsheets_row_numbers():
    csv = "My job search 2026,,\n\nCompany,Role,Date applied\nAcme,Analyst,2026-10-01\n\nGlobex,Tester,someday\n"
    sheet = sp.read_sheet(csv.encode(), "x.csv")
    assert sheet.header_row == 3 and sheet.columns == ["Company", "Role", "Date applied"]
    plan = sp.plan(sheet, sp.guess_mapping(sheet.columns), TODAY, "en_GB")
    assert [row for row, _ in plan.records] == [4]
    assert [p.row for p in plan.problems] == [6] and plan.blank == 1


def test_xlsx_rows_keep_their_numbers_below_a_title():
    book = openpyxl.Workbook()
    book.active["A1"] = "Applications"
    book.active.append([])
    book.active.append(["Employer", "Job Title", "Applied on"])
    book.active.append(["Acme", "Analyst", "not a date"])
    buf = io.BytesIO()
    book.save(buf)
    sheet = sp.read_sheet(buf.getvalue(), "a.xlsx")
    plan = sp.plan(sheet, sp.guess_mapping(sheet.columns), TODAY, "en_GB")
    assert sheet.header_row == 3 and [p.row for p in plan.problems] == [4]
