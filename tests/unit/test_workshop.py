"""rebound.workshop: anonymous opt-in numbers, never free text, hidden below five people."""

from __future__ import annotations

import datetime as dt
import json
import typing

import pytest

from rebound import backup, content, i18n, journal, room_privacy, workshop
from rebound.models import ACTIVITY_KINDS, MODELS
from rebound.storage import open_workspace

THEMES = content.theme_ids()
CANARY = "CANARYzq7"
TOKEN = "T0kenT0kenT0kenT0kenT0kenT0ken12"


def canary_value(table: str, field: str, i: int):
    """A plausible value for a field; every piece of text carries the canary."""
    info = MODELS[table].model_fields[field]
    ann = info.annotation
    text = repr(ann)
    mark = f"{CANARY}-{table}-{field}-{i}"
    if table == "activities" and field == "kind":
        return ACTIVITY_KINDS[i % len(ACTIVITY_KINDS)]
    if "Literal" in text:
        args = [a for a in typing.get_args(ann) if a is not type(None)]
        while args and typing.get_origin(args[0]) is typing.Literal:
            args = list(typing.get_args(args[0]))
        return args[0]
    if text.startswith("list"):
        return [mark, THEMES[i % len(THEMES)]]  # an own tag (private words) next to a shipped theme
    if text.startswith("dict"):
        return {mark: 3}
    if "date" in text:
        return f"2026-03-{10 + i:02d}"
    if "bool" in text:
        return True
    if "int" in text:
        return {"intensity_before": 80, "intensity_after": 50, "mood": 3 + i, "confidence": 4 + 2 * i}.get(field, 2)
    return mark


def canary_journal(n: int = 3) -> dict[str, list[dict]]:
    """Every table, every field filled; names, companies, notes, tags all canaries."""
    tables = {}
    for table, model in MODELS.items():
        tables[table] = [
            {
                "id": f"{CANARY}-id-{table}-{i}",
                **{field: canary_value(table, field, i) for field in model.model_fields},
                "unexpected_field": f"{CANARY}-extra",
                "created_at": f"2026-03-{10 + i:02d}T10:00:00+00:00",
            }
            for i in range(n)
        ]
    # the obvious ones, spelled out
    tables["rejections"][0].update(company=f"{CANARY} Corp", role=f"{CANARY} Analyst")
    tables["contacts"][0].update(name=f"{CANARY} Person", organization=f"{CANARY} Org")
    return tables


def test_canary_journal_really_carries_canaries():
    tables = canary_journal()
    assert CANARY in tables["rejections"][0]["company"]
    assert any(CANARY in t for t in tables["reflections"][0]["themes"])
    assert json.dumps(tables).count(CANARY) > 200


def test_summary_never_holds_text_names_companies_or_own_tags():
    summary = workshop.summarise(canary_journal(), THEMES)
    dumped = json.dumps(summary)
    assert CANARY not in dumped
    # and it is not empty: the numbers did come through
    assert summary["rejections"] == 3 and summary["reflections"] == 3 and summary["reframes"] == 3
    assert summary["themes"] and set(summary["themes"]) <= set(THEMES)
    assert sum(summary["activities"].values()) > 0
    assert summary["mood_change"] == 2.0 and summary["confidence_change"] == 4.0
    assert summary["reframe_shift"] == 30.0


def test_only_numbers_and_shipped_theme_ids_in_the_summary():
    summary = workshop.summarise(canary_journal(), THEMES)

    def leaves(value, path=""):
        if isinstance(value, dict):
            for k, v in value.items():
                assert k in THEMES or k in ACTIVITY_KINDS or k in summary, f"{path}.{k}"
                yield from leaves(v, f"{path}.{k}")
        elif isinstance(value, list):
            for v in value:
                yield from leaves(v, path)
        else:
            yield path, value

    for path, value in leaves(summary):
        assert value is None or (isinstance(value, int | float) and not isinstance(value, bool)), (path, value)


def test_the_workshop_file_holds_no_canary_and_no_private_link(data_dir):
    room = open_workspace(workshop.workshop_key("ROOM42"), data_dir)
    attendee = open_workspace("link:" + TOKEN, data_dir)
    journal.save_profile(attendee, {"workshop": "ROOM42", "workshop_opt_in": True}, dt.date(2026, 5, 4))
    workshop.sync(attendee, room, workshop.summarise(canary_journal(), THEMES), dt.date(2026, 5, 4), THEMES)
    workshop.sync(attendee, room, workshop.summarise(canary_journal(2), THEMES), dt.date(2026, 5, 4), THEMES)
    assert list(data_dir.glob("*.json"))
    for path in data_dir.iterdir():
        raw = path.read_bytes()
        assert CANARY.encode() not in raw, path.name
        assert TOKEN.encode() not in raw and b"ROOM42" not in raw, path.name  # keys never reach the disk
    assert room.tables() == [workshop.COUNTS_TABLE]
    assert workshop.room_counts(room)[1]["sharing"] == 1


def test_summary_counts_activities_but_not_rest_or_unknown_kinds():
    tables = {
        "activities": [
            {"kind": "application", "count": 3},
            {"kind": "application", "count": 2},
            {"kind": "networking", "count": 1},
            {"kind": "rest", "count": 1},
            {"kind": f"{CANARY} kind", "count": 9},
            {"kind": "learning", "count": None},
        ]
    }
    assert workshop.summarise(tables, THEMES)["activities"] == {"application": 5, "networking": 1, "learning": 0}


def test_summary_of_an_empty_journal():
    assert workshop.summarise({}, THEMES) == {
        "activities": {},
        "rejections": 0,
        "reflections": 0,
        "reframes": 0,
        "themes": {},
        "mood_change": None,
        "confidence_change": None,
        "reframe_shift": None,
    }


def test_mood_change_is_last_minus_first_by_date():
    checkins = [
        {"date": "2026-03-20", "mood": 7, "confidence": 5},
        {"date": "2026-03-01", "mood": 2, "confidence": 6},
        {"date": "2026-03-10", "mood": 9, "confidence": 1},
    ]
    s = workshop.summarise({"checkins": checkins}, THEMES)
    assert s["mood_change"] == 5.0 and s["confidence_change"] == -1.0
    one = workshop.summarise({"checkins": checkins[:1]}, THEMES)
    assert one["mood_change"] is None  # a single check-in shows no change


# --- the room ---------------------------------------------------------------------------------


def test_minimum_room_is_five():
    assert workshop.MINIMUM_ROOM == 5


def room_ws(data_dir, code="ROOM"):
    return open_workspace(workshop.workshop_key(code), data_dir)


def test_an_empty_journal_adds_only_that_it_shares_finding_3():
    """Empty journals that opt in add to no figure but "sharing": they cannot fill a figure for one person."""
    c = room_privacy.contribution(workshop.summarise({}, THEMES), workshop.SHARED_KINDS, THEMES)
    assert c == {"sharing": 1}


def test_nothing_moves_between_releases_finding_7(data_dir):
    """No signal that one person changed: the facilitator sees only releases, and a change alone makes none."""
    room = room_ws(data_dir)
    workshop.apply_delta(room, {"sharing": 8, "mood:better": 8}, joined=8)
    first = workshop.release(room, THEMES, dt.date(2026, 5, 4))
    workshop.apply_delta(room, {"mood:better": -1, "mood:lower": 1})  # one person's mood drops
    latest = workshop.latest_release(room)
    assert (latest["number"], latest["figures"]) == (first["number"], first["figures"])  # nothing new to compare
    assert set(workshop.latest_release(room)) == {
        "id",
        "number",
        "figures",
        "epsilon",
        "taken_on",
        "created_at",
        "updated_at",
    }


def test_figures_table_uses_attendees_labels():
    figures = {"sharing": 30, "activity:materials": 12, "theme:" + THEMES[0]: 14, "theme:" + THEMES[1]: 2}
    rows = workshop.figures_table(figures, content.theme_labels(), {"materials": "Résumé & portfolio"})
    labels = [r["figure"] for r in rows]
    assert "People sharing" in labels and "Did most: Résumé & portfolio" in labels
    assert "Main theme: " + content.theme_labels()[THEMES[0]] in labels
    assert not any(content.theme_labels()[THEMES[1]] in label for label in labels)  # 2 people: below threshold
    csv_text = workshop.room_csv(rows + [{"figure": "=HYPERLINK(1)", "people": 5}])
    assert csv_text.splitlines()[0] == "Figure,People"
    with i18n.use("de"):  # headed in the facilitator's language, like the figures
        assert workshop.room_csv(rows).splitlines()[0] == "Kennzahl,Menschen"
    assert "'=HYPERLINK(1)" in csv_text


def test_a_journal_joins_once_and_moving_rooms_takes_its_numbers_back(data_dir):
    day = dt.date(2026, 5, 4)
    ws = open_workspace("link:" + TOKEN, data_dir)
    rooms = {}

    def open_room(code):
        return rooms.setdefault(code, room_ws(data_dir, code))

    assert workshop.join(ws, open_room, {"code": "A"}, day)
    assert not workshop.join(ws, open_room, {"code": "A"}, day)  # again: not counted twice
    journal.save_profile(ws, {"workshop_opt_in": True}, day)
    workshop.sync(ws, open_room("A"), {"mood_change": 1.0}, day, THEMES)
    assert workshop.room_counts(open_room("A")) == (1, {"sharing": 1, "mood:better": 1})
    assert workshop.join(ws, open_room, {"code": "B"}, day)
    assert workshop.room_counts(open_room("A")) == (1, {})  # what it added to A went back
    assert workshop.room_counts(open_room("B")) == (1, {})
    assert journal.profile(ws)["workshop_opt_in"] is False  # a new room: nothing shared until chosen


def test_member_ids_are_random_and_not_tokens():
    ids = {workshop.new_member_id() for _ in range(100)}
    assert len(ids) == 100
    assert all(len(i) == 32 for i in ids)


def test_workshop_key_is_per_join_code():
    assert workshop.workshop_key("abc") != workshop.workshop_key("abd")
    assert workshop.workshop_key("abc").startswith("workshop:")


@pytest.mark.parametrize(
    ("given", "expected", "ok"),
    [
        ("secret", "secret", True),
        ("Secret", "secret", False),
        ("secre", "secret", False),
        ("secret ", "secret", False),
        ("", "secret", False),
        (None, "secret", False),
        ("", "", False),
        (None, None, False),
        ("x", None, False),
        ("x", "", False),
        ("frühling-2027", "frühling-2027", True),  # finding 2: non-ASCII used to raise TypeError
        ("fruhling-2027", "frühling-2027", False),
        ("ключ", "ключ", True),
        ("ключ", "ключь", False),
    ],
)
def test_key_matches(given, expected, ok):
    assert workshop.key_matches(given, expected) is ok


# --- membership and the facilitator's workshops ------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ({}, None),
        ({"workshop": "C", "workshop_opt_in": True}, None),  # finding 1: no member id
        ({"workshop": "C", "workshop_member_id": 5, "workshop_opt_in": True}, None),
        ({"workshop": None, "workshop_member_id": "m"}, None),
        ({"workshop": "C", "workshop_member_id": "m"}, ("C", "m", False)),
        ({"workshop": "C", "workshop_member_id": "m", "workshop_opt_in": "yes"}, ("C", "m", False)),
        ({"workshop": "C", "workshop_member_id": "m", "workshop_opt_in": True}, ("C", "m", True)),
    ],
)
def test_membership_only_when_well_formed(profile, expected):
    assert workshop.membership(profile) == expected


DAY = dt.date(2026, 5, 4)


def control(data_dir):
    return open_workspace(workshop.control_key("base-code"), data_dir)


def test_the_configured_code_is_the_first_workshop(data_dir):
    c = control(data_dir)
    session = workshop.current_session(c, "base-code")
    assert session["code"] == "base-code" and workshop.session_status(session, DAY) == "open"
    assert workshop.find_session(c, "base-code", "base-code")["code"] == "base-code"
    assert workshop.find_session(c, "base-code", "other") is None
    assert workshop.is_counting(c, "base-code", "base-code")


def test_end_a_workshop_stops_counting(data_dir):
    c = control(data_dir)
    workshop.end_session(c, "base-code", DAY)
    session = workshop.current_session(c, "base-code")
    assert workshop.session_status(session, DAY) == "ended"
    assert not workshop.is_counting(c, "base-code", "base-code")
    assert workshop.find_session(c, "base-code", "base-code")["ended"] is True


def test_start_a_new_workshop_with_a_new_code(data_dir):
    c = control(data_dir)
    new = workshop.start_session(c, "base-code", DAY)
    assert new["code"] != "base-code" and len(new["code"]) >= 12
    assert workshop.current_session(c, "base-code")["code"] == new["code"]
    assert workshop.find_session(c, "base-code", "base-code")["ended"] is True  # the old one ended
    assert not workshop.is_counting(c, "base-code", "base-code")
    assert workshop.is_counting(c, "base-code", new["code"])
    again = workshop.start_session(c, "base-code", DAY)
    assert again["code"] not in (new["code"], "base-code")
    assert workshop.find_session(c, "base-code", new["code"])["ended"] is True


def test_join_link_expiry(data_dir):
    c = control(data_dir)
    workshop.set_expiry(c, "base-code", DAY)
    session = workshop.current_session(c, "base-code")
    assert workshop.session_status(session, DAY) == "open"  # works through that day
    assert workshop.session_status(session, DAY + dt.timedelta(days=1)) == "expired"
    workshop.set_expiry(c, "base-code", None)
    assert workshop.session_status(workshop.current_session(c, "base-code"), DAY + dt.timedelta(days=9)) == "open"


# --- restores never break a journal ----------------------------------------------------------


def joined_journal(data_dir):
    ws = open_workspace("link:" + TOKEN, data_dir)
    journal.save_profile(
        ws,
        {"long_term_goal": "Old goal", "workshop": "ROOM", "workshop_member_id": "m1", "workshop_opt_in": False},
        DAY,
    )
    return ws


def restore(ws, doc, mode):
    plan = backup.plan_import(ws, doc, mode, DAY)
    assert plan.ok, plan.problems
    backup.apply_import(ws, plan)


@pytest.mark.parametrize("mode", ["merge", "replace"])
def test_the_170_byte_backup_keeps_the_membership_well_formed_finding_1(data_dir, mode):
    ws = joined_journal(data_dir)
    doc = {
        "format": "rebound",
        "version": 1,
        "tables": {"profile": [{"id": "pX", "workshop": "ROOM", "workshop_opt_in": True}]},
    }
    restore(ws, doc, mode)
    profiles = ws.all("profile")
    assert len(profiles) == 1
    # membership comes from the journal, never from the file: still member m1, still not sharing
    assert workshop.membership(profiles[0]) == ("ROOM", "m1", False)


@pytest.mark.parametrize("mode", ["merge", "replace"])
def test_a_restore_never_adds_a_second_profile_and_the_goal_is_restored_finding_9(data_dir, mode):
    ws = joined_journal(data_dir)
    other = open_workspace("link:" + "B" * 32, data_dir)
    journal.save_profile(other, {"long_term_goal": "Restored goal"}, DAY)
    restore(ws, other.export(), mode)
    profiles = ws.all("profile")
    assert len(profiles) == 1
    assert journal.profile(ws)["long_term_goal"] == "Restored goal"
    assert workshop.membership(profiles[0]) == ("ROOM", "m1", False)


def test_a_backup_with_two_profiles_is_refused(data_dir):
    ws = joined_journal(data_dir)
    doc = {"format": "rebound", "version": 1, "tables": {"profile": [{"id": "a"}, {"id": "b"}]}}
    plan = backup.plan_import(ws, doc, "merge", DAY)
    assert not plan.ok and "a journal has one" in plan.problems[0]
    assert len(ws.all("profile")) == 1


def test_a_restore_repairs_a_broken_membership(data_dir):
    ws = open_workspace("link:" + TOKEN, data_dir)
    ws.add("profile", {"workshop": "ROOM", "workshop_opt_in": True})  # broken: no member id
    restore(ws, {"format": "rebound", "version": 1, "tables": {"profile": [{"id": "z", "name": "Sam"}]}}, "merge")
    (profile,) = ws.all("profile")
    assert profile["name"] == "Sam" and workshop.membership(profile) is None and profile["workshop_opt_in"] is False
