"""rebound.exports: every table as CSV in one zip (formula-safe), and the 'My rebound plan' report."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import zipfile

import pytest

from rebound import exports
from rebound.content import theme_labels

TODAY = dt.date(2026, 3, 31)


def by_code(text: str, table: str) -> list[dict]:
    """A table's CSV read back keyed by column codes (its header row is in the person's language)."""
    rows = list(csv.reader(io.StringIO(text)))
    codes = [code or title for code, title in zip(exports.codes_of(table, rows[0]), rows[0], strict=True)]
    return [dict(zip(codes, row, strict=True)) for row in rows[1:]]


def unzip(raw: bytes) -> dict[str, list[dict]]:
    """Every CSV in the zip, read back with the csv module (UTF-8, BOM allowed), keyed by column codes."""
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        out = {}
        for name in zf.namelist():
            text = zf.read(name).decode("utf-8")  # raises if not UTF-8
            assert text.startswith("\ufeff"), "spreadsheets need the BOM to read UTF-8"
            out[name] = by_code(text.removeprefix("\ufeff"), name.removesuffix(".csv"))
        return out


REJ = {
    "id": "r1",
    "company": "Acme",
    "role": "Analyst",
    "stage": "interview",
    "rejected_on": "2026-03-20",
    "created_at": "2026-03-20T10:00:00+00:00",
    "updated_at": "2026-03-20T10:00:00+00:00",
}


# --- CSV ------------------------------------------------------------------------------------------


def test_every_non_empty_table_in_one_zip():
    tables = {
        "rejections": [REJ],
        "wins": [{"id": "w1", "date": "2026-03-01", "text": "Finished the course"}],
        "checkins": [{"id": "c1", "date": "2026-03-02", "mood": 4, "confidence": 6}],
        "skills": [],  # empty tables are left out
    }
    files = unzip(exports.csv_zip(tables))
    assert sorted(files) == ["checkins.csv", "rejections.csv", "wins.csv"]
    assert files["rejections.csv"][0]["company"] == "Acme"
    assert files["wins.csv"][0]["text"] == "Finished the course"
    assert files["checkins.csv"][0]["mood"] == "4"


def test_empty_journal_gives_an_empty_but_valid_zip():
    assert unzip(exports.csv_zip({})) == {}


def test_columns_id_model_fields_extras_then_timestamps():
    rec = {**REJ, "zzz_extra": "kept"}
    header = next(csv.reader(io.StringIO(exports.table_csv([rec], "rejections"))))
    assert header[0] == "Record id"
    assert header[1:4] == ["Company", "Role", "Stage reached"]  # the model's order, as in the form, titled
    assert header[-3:] == ["zzz_extra", "Created", "Last changed"]  # a field Rebound does not know keeps its code
    codes = exports.codes_of("rejections", header)
    assert codes[:4] == ["id", "company", "role", "stage"] and codes[-3:] == [None, "created_at", "updated_at"]


def test_unknown_table_still_exported():
    rows = by_code(exports.table_csv([{"id": "x", "b": 2, "a": 1}], "not_a_model"), "not_a_model")
    assert rows == [{"id": "x", "a": "1", "b": "2", "created_at": "", "updated_at": ""}]


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        "=1+1\nsecond line",
        '=HYPERLINK("http://evil.example","click")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_formula_cells_are_neutralised(value):
    tables = {"rejections": [{**REJ, "notes": value, "company": value}]}
    row = unzip(exports.csv_zip(tables))["rejections.csv"][0]
    assert row["notes"] == "'" + value
    assert row["company"] == "'" + value


@pytest.mark.parametrize("value", ["Acme", " =not at start", "a=b", "100", "2026-03-20", "'quoted"])
def test_ordinary_cells_are_untouched(value):
    row = unzip(exports.csv_zip({"rejections": [{**REJ, "notes": value}]}))["rejections.csv"][0]
    assert row["notes"] == value


def test_numbers_are_not_prefixed_even_when_negative():
    assert exports.safe_cell(-3) == -3
    assert exports.safe_cell(2.5) == 2.5
    assert exports.safe_cell(None) is None
    assert exports.safe_cell(True) is True


def test_lists_and_dicts_are_flattened_and_still_neutralised():
    rec = {
        "id": "k1",
        "rejection_id": "r1",
        "went_well": "Rapport",
        "to_improve": "Depth",
        "themes": ["preparation", "communication"],
        "ratings": {"preparation": 2, "communication": 4},
    }
    row = unzip(exports.csv_zip({"reflections": [rec]}))["reflections.csv"][0]
    assert row["themes"] == "preparation; communication"
    assert row["ratings"] == "preparation: 2; communication: 4"
    assert exports.safe_cell(["=cmd()", "x"]) == "'=cmd(); x"
    assert exports.safe_cell({"@a": 1}) == "'@a: 1"
    assert exports.safe_cell([]) == ""


def test_utf8_commas_quotes_and_newlines_round_trip():
    notes = 'Zoë said "no", politely —\nthen: 東京 office, café ☕\r\nsecond line'
    rec = {**REJ, "company": "Société Générale", "notes": notes}
    row = unzip(exports.csv_zip({"rejections": [rec]}))["rejections.csv"][0]
    assert row["company"] == "Société Générale"
    # the csv module turns a stored \r\n inside a quoted cell back into itself
    assert row["notes"] == notes
    assert row["id"] == "r1" and row["created_at"] == REJ["created_at"]


def test_a_bare_carriage_return_inside_text_stays_in_its_cell():
    rec = {**REJ, "company": "Old Mac\rline", "notes": "pasted\rtext"}
    rows = unzip(exports.csv_zip({"rejections": [rec]}))["rejections.csv"]
    assert len(rows) == 1
    assert rows[0]["company"] == "Old Mac\rline" and rows[0]["notes"] == "pasted\rtext"


def test_many_records_keep_their_order_and_count():
    recs = [{**REJ, "id": f"r{i}", "company": f"Company {i}"} for i in range(50)]
    rows = unzip(exports.csv_zip({"rejections": recs}))["rejections.csv"]
    assert [r["company"] for r in rows] == [f"Company {i}" for i in range(50)]


# --- theme counts -------------------------------------------------------------------------------


def test_theme_counts_across_reflections_feedback_and_mentors():
    labels = theme_labels()
    shipped = sorted(labels)[:2]
    tables = {
        "reflections": [{"themes": [shipped[0], "my own tag"]}, {"themes": [shipped[0]]}],
        "feedback_requests": [{"themes": [shipped[1]]}, {"themes": None}],
        "support_log": [{"themes": [shipped[0], shipped[1]]}, {}],
        "skills": [{"themes": [shipped[0]] * 5}],  # not a source of themes
    }
    counts = exports.theme_counts(tables)
    assert counts[0] == (labels[shipped[0]], 3)
    assert dict(counts) == {labels[shipped[0]]: 3, labels[shipped[1]]: 2, "my own tag": 1}


# --- the report ---------------------------------------------------------------------------------


def rich_tables() -> dict[str, list[dict]]:
    labels = theme_labels()
    theme = sorted(labels)[0]
    return {
        "profile": [
            {
                "long_term_goal": "Lead a data team",
                "values": ["curiosity", "kindness"],
                "target_roles": ["Data analyst", "Analytics engineer"],
            }
        ],
        "rejections": [REJ, {**REJ, "id": "r2", "stage": "final"}, {**REJ, "id": "r3", "stage": "interview"}],
        "reflections": [
            {"id": "k1", "themes": [theme], "lesson": "Prepare two questions about the team"},
            {"id": "k2", "themes": [theme], "lesson": "Ask about the roadmap"},
        ],
        "feedback_requests": [{"id": "f1", "themes": [theme]}],
        "skills": [
            {"id": "s1", "name": "SQL window functions", "level": 2, "target_level": 4, "plan": "Ten exercises a week"},
            {"id": "s2", "name": "Storytelling", "level": 3, "target_level": 4},
        ],
        "interview_stories": [{"id": "i1", "title": "The broken dashboard", "result": "Saved the launch"}],
        "connections": [
            {"id": "c1", "company": "Globex", "next_check_on": "2026-04-15", "contact": "Dana", "done": ["applied"]},
            {"id": "c2", "company": "Oldco", "next_check_on": "2026-01-01", "reapply_after": "2026-06-01"},
        ],
        "plans": [{"id": "p1", "cue": "I finish lunch on Monday", "action": "I send one application", "per_week": 2}],
        "contacts": [
            {"id": "t1", "name": "Priya", "relationship": "mentor", "organization": "Initech", "how_they_help": "CV"},
            {"id": "t2", "name": "ann", "relationship": "friend", "last_contacted_on": "2026-03-02"},
        ],
        "actions": [
            {"id": "a1", "title": "Send thank-you to Priya", "due_on": "2026-04-02", "done": False},
            {"id": "a2", "title": "Finished already", "due_on": "2026-04-03", "done": True},
            {"id": "a3", "title": "Someday, no date", "done": False},
        ],
        "wins": [{"id": "w1", "date": "2026-03-10", "text": "Got to the final round"}],
    }


def section(report: str, title: str) -> str:
    """The text of one section of the HTML plan (tags removed, entities decoded)."""
    match = re.search(rf"<h2>{re.escape(html.escape(title))}</h2>(.*?)(?=<h2>|</main>)", report, re.S)
    assert match, f"no section {title!r} in:\n{report}"
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))


def test_report_has_every_section_with_its_content():
    report = exports.plan_report(rich_tables(), TODAY)
    assert report.startswith("<!DOCTYPE html>") and "<h1>My rebound plan</h1>" in report
    assert "@media print" in report  # a print stylesheet
    assert "31 March 2026" in report
    direction = section(report, "Direction")
    assert "Lead a data team" in direction
    assert "curiosity, kindness" in direction
    assert "Data analyst, Analytics engineer" in direction
    lessons = section(report, "Lessons I am keeping")
    assert "Prepare two questions about the team" in lessons and "Ask about the roadmap" in lessons
    theme_label = theme_labels()[sorted(theme_labels())[0]]
    assert f"{theme_label}: 3 times" in section(report, "Recurring themes")
    skills = section(report, "Skills I am building")
    assert "SQL window functions: level 2 → 4" in skills and "Ten exercises a week" in skills
    assert skills.index("SQL window functions") < skills.index("Storytelling")  # biggest gap first
    assert "The broken dashboard" in section(report, "Interview stories")
    assert "Saved the launch" in section(report, "Interview stories")
    text = exports.plan_text(rich_tables(), TODAY)  # the same lines, without markup
    steps = section(report, "Next steps")
    assert "- Send thank-you to Priya (by 2 April 2026)" in text and "Someday, no date" in steps
    assert steps.index("Send thank-you") < steps.index("Someday")  # dated first
    assert "Finished already" not in steps  # done
    assert "- If I finish lunch on Monday, then I send one application (2 times a week)" in text
    assert "If-then plans" in report
    companies = section(report, "Companies I stay in touch with")
    assert "- Oldco: check again now; apply again after 1 June 2026" in text  # a past check is due now
    assert "- Globex (Dana): check again on 15 April 2026 — so far: applied" in text
    assert companies.index("Oldco") < companies.index("Globex")
    people = section(report, "People in my corner")
    assert "- ann, friend (last talked 2 March 2026)" in text
    assert "- Priya, mentor at Initech — CV" in text
    assert people.index("ann") < people.index("Priya")  # by name, whatever the case
    assert "10 March 2026: Got to the final round" in section(report, "Wins")
    # One date format everywhere: no ISO date is left in the plan.
    assert not re.search(r"\d{4}-\d{2}-\d{2}", re.sub(r"<[^>]+>", "", report)), report
    road = section(report, "The road so far")
    assert road.strip().startswith("3 applications")
    assert "Final round 1" in road or "final" in road.lower()


# What the store holds for a profile that was saved without a direction (e.g. only the last backup date).
BARE_PROFILE = {"long_term_goal": None, "values": [], "target_roles": [], "last_backup_on": "2026-03-01"}


def test_report_of_an_empty_journal_is_kind_and_complete():
    report = exports.plan_report({"profile": [BARE_PROFILE]}, TODAY)
    for title in (
        "Direction",
        "Lessons I am keeping",
        "Recurring themes",
        "Skills I am building",
        "Interview stories",
        "Next steps",
        "If-then plans",
        "Companies I stay in touch with",
        "People in my corner",
        "Wins",
    ):
        assert re.search(rf"<h2>{re.escape(title)}</h2>\n<p class=\"empty\">", report), title  # 'nothing yet'
    assert "The road so far" not in report


def test_a_theme_seen_once_is_not_recurring():
    theme = sorted(theme_labels())[0]
    report = exports.plan_report({"profile": [BARE_PROFILE], "reflections": [{"themes": [theme]}]}, TODAY)
    assert "No recurring themes yet." in section(report, "Recurring themes")


@pytest.mark.parametrize("tables", [{}, {"rejections": [REJ]}, {"profile": [{"values": ["kindness"]}]}])
def test_report_without_a_profile_record_does_not_crash(tables):
    report = exports.plan_report(tables, TODAY)
    assert "<h2>Direction</h2>" in report


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "![pixel](http://evil.example/p.png)",
    "[click me](javascript:alert(1))",
    "**loud** _slanted_ `code`",
    "# Not a heading",
    "| a | b |",
]


@pytest.mark.parametrize("evil", HOSTILE)
def test_user_text_with_markdown_or_html_is_escaped(evil):
    tables = {
        "profile": [{"long_term_goal": evil, "values": [evil], "target_roles": [evil]}],
        "reflections": [{"lesson": evil, "themes": [evil]}, {"lesson": "x", "themes": [evil]}],
        "skills": [{"name": evil, "level": 1, "target_level": 2, "plan": evil}],
        "interview_stories": [{"title": evil, "result": evil}],
        "connections": [{"company": evil, "contact": evil, "next_check_on": "2026-04-10", "done": [evil]}],
        "actions": [{"title": evil, "due_on": "2026-04-01"}],
        "plans": [{"cue": evil, "action": evil}],
        "contacts": [{"name": evil, "relationship": evil, "organization": evil, "how_they_help": evil}],
        "wins": [{"date": "2026-03-01", "text": evil}],
    }
    report = exports.plan_report(tables, TODAY)
    escaped = html.escape(evil)
    assert report.count(escaped) == 20  # every field came through, escaped
    if escaped != evil:  # text holding HTML never appears raw
        assert evil not in report
    assert "\\" not in report  # no Markdown escape backslashes
    text = exports.plan_text(tables, TODAY)
    assert text.count(evil) == 20 and "\\" not in text  # the plain text is exactly as typed


def test_the_plan_reads_in_peoples_words():
    tables = rich_tables() | {"wins": [{"id": "w", "date": "2026-03-01", "text": "A mission-driven team (finally)!"}]}
    report = exports.plan_report(tables, TODAY)
    assert "A mission-driven team (finally)!" in report and "mission\\-driven" not in report
    assert "3 applications that did not work out" in section(report, "The road so far")
    one = exports.plan_report({"rejections": [REJ]}, TODAY)
    assert "1 application that did not work out" in section(one, "The road so far")
