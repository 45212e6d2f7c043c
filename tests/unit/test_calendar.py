"""The stay-connected calendar export: all-day events, the right dates, user text as data only."""

from __future__ import annotations

import datetime as dt

import icalendar

from rebound.calendar import calendar_events, connections_ics

TODAY = dt.date(2026, 3, 10)
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def parse(data: bytes) -> list:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def test_dates_become_all_day_events():
    conns = [
        {"id": "a1", "company": "Acme", "contact": "Ana", "next_check_on": "2026-03-20", "reapply_after": "2026-09-01"},
        {"id": "b2", "company": "Blue", "next_check_on": "2026-03-01", "reapply_after": "2026-01-01"},
        {"id": "c3", "company": "Cold", "notes": "no dates here"},
    ]
    events = parse(connections_ics(conns, TODAY, NOW))
    got = [(str(e["uid"]), e.decoded("dtstart"), e.decoded("dtend"), str(e["summary"])) for e in events]
    assert got == [
        # overdue check moved to today, with its date kept in the text
        ("b2-next-check@rebound", TODAY, dt.date(2026, 3, 11), "Check in on Blue (was due 1 Mar 2026)"),
        ("a1-next-check@rebound", dt.date(2026, 3, 20), dt.date(2026, 3, 21), "Check in on Acme (contact: Ana)"),
        (
            "a1-reapply@rebound",
            dt.date(2026, 9, 1),
            dt.date(2026, 9, 2),
            "You can apply to Acme again (contact: Ana)",
        ),
    ]
    # the passed re-apply date of Blue is not a task: left out
    for e in events:
        assert isinstance(e.decoded("dtstart"), dt.date) and not isinstance(e.decoded("dtstart"), dt.datetime)
    raw = connections_ics(conns, TODAY, NOW).decode()
    assert "DTSTART;VALUE=DATE:20260320" in raw
    assert raw.startswith("BEGIN:VCALENDAR") and "PRODID:-//Rebound//Stay connected//EN" in raw


def test_user_text_cannot_add_properties_or_events():
    evil = "Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned;x,y\x07"
    conns = [
        {
            "id": "e1",
            "company": evil,
            "contact": "Bob\nATTENDEE:mailto:x@y",
            "notes": "line 1\nDTSTART:19700101",
            "next_check_on": "2026-03-12",
        }
    ]
    data = connections_ics(conns, TODAY, NOW)
    events = parse(data)
    assert len(events) == 1
    summary = str(events[0]["summary"])
    assert summary == "Check in on Evil END:VEVENT BEGIN:VEVENT SUMMARY:pwned;x,y (contact: Bob ATTENDEE:mailto:x@y)"
    assert "ATTENDEE" not in events[0]  # not a property, only text
    assert events[0].decoded("dtstart") == dt.date(2026, 3, 12)
    assert str(events[0]["description"]).splitlines()[-1] == "DTSTART:19700101"
    lines = data.decode().split("\r\n")
    assert sum(line == "BEGIN:VEVENT" for line in lines) == 1
    assert not any(line.startswith(("ATTENDEE", "SUMMARY:pwned")) for line in lines)


def test_empty_export_is_a_valid_calendar():
    data = connections_ics([], TODAY, NOW)
    cal = icalendar.Calendar.from_ical(data)
    assert cal.walk("VEVENT") == []
    assert calendar_events([{"company": "X", "next_check_on": "not a date"}], TODAY) == []
