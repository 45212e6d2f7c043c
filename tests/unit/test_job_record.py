"""rebound.job_record: the dated record for a benefits office — only the search's facts, safe CSV, escaped page."""

from __future__ import annotations

import csv
import datetime as dt
import io

from rebound import job_record

TODAY = dt.date(2026, 3, 12)
START, END = dt.date(2026, 2, 1), TODAY

APPS = [
    {"applied_on": "2026-02-03", "company": "=HYPERLINK(\"http://x\")", "role": "Analyst", "channel": "job board",
     "status": "rejected", "status_on": "2026-02-20", "answered_on": "2026-02-20", "notes": "felt awful"},
    {"applied_on": "2026-02-05", "company": "<b>Bold</b> Ltd", "role": "Clerk", "status": "waiting"},  # 35 days
    {"applied_on": "2026-01-10", "company": "Before", "role": "Old", "status": "waiting"},  # outside the range
    {"applied_on": "2026-03-02", "company": "Cafe", "role": "Barista", "status": "interview", "status_on": "2026-03-09"},
]  # fmt: skip
ACTS = [
    {"date": "2026-02-03", "kind": "application", "count": 2, "note": "two today"},
    {"date": "2026-02-04", "kind": "networking", "count": 1, "minutes": 30, "note": "coffee; I cried after"},
    {"date": "2026-02-06", "kind": "rest", "count": 0},
    {"date": "2026-03-13", "kind": "learning", "count": 1},  # after the range
]


def build(**kw):
    return job_record.build(APPS, ACTS, START, END, TODAY, weeks=kw.pop("weeks", 4), **kw)


def test_rows_in_range_oldest_first_with_outcomes():
    rec = build()
    assert [r["Company"] for r in rec.applications] == ['=HYPERLINK("http://x")', "<b>Bold</b> Ltd", "Cafe"]
    assert [(r["Outcome"], r["Outcome date"]) for r in rec.applications] == [
        ("Rejected", "2026-02-20"),
        ("No answer after 4 weeks", ""),
        ("Interview", "2026-03-09"),
    ]
    assert [(r["Date"], r["Activity"]) for r in rec.activities] == [
        ("2026-02-03", "Applications"),
        ("2026-02-04", "Networking"),
    ]
    # 2026-02-03: 1 record and 2 logged -> 2; 2026-02-05 and 2026-03-02: 1 each
    assert rec.applications_total == 4


def test_no_notes_unless_asked():
    rec = build()
    page, sheet = job_record.to_html(rec), job_record.to_csv(rec).decode("utf-8-sig")
    for words in ("felt awful", "I cried", "two today"):
        assert words not in page and words not in sheet
    asked = build(notes=True)
    assert "felt awful" in job_record.to_html(asked) and "I cried" in job_record.to_csv(asked).decode("utf-8-sig")


def test_csv_is_formula_safe_and_complete():
    rows = list(csv.DictReader(io.StringIO(job_record.to_csv(build()).decode("utf-8-sig"))))
    assert [r["Type"] for r in rows] == ["Application", "Activity", "Activity", "Application", "Application"]
    assert rows[0]["Company"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["How"] == "job board" and rows[0]["Outcome"] == "Rejected"


def test_page_escapes_the_persons_text_and_carries_the_name():
    page = job_record.to_html(build(name="Sam <Doe>"))
    assert "&lt;b&gt;Bold&lt;/b&gt; Ltd" in page and "<b>Bold</b>" not in page
    assert "Sam &lt;Doe&gt;" in page
    assert "1 February 2026 to 12 March 2026" in page
    assert "Name" not in job_record.to_html(build())


def test_only_the_chosen_kinds_and_never_rest():
    rec = build(kinds=["networking", "rest"])
    assert [r["Activity"] for r in rec.activities] == ["Networking"]
