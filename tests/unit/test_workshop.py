"""rebound.workshop: anonymous opt-in numbers, never free text, hidden below five people."""

from __future__ import annotations

import datetime as dt
import json
import typing

import pytest

from rebound import backup, content, journal, workshop
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
    member = workshop.new_member_id()
    workshop.push(room, member, workshop.summarise(canary_journal(), THEMES))
    workshop.push(room, member, workshop.summarise(canary_journal(2), THEMES))  # refresh
    files = list(data_dir.glob("*.json"))
    assert files
    for path in data_dir.iterdir():
        raw = path.read_bytes()
        assert CANARY.encode() not in raw, path.name
        assert TOKEN.encode() not in raw and b"ROOM42" not in raw, path.name  # keys never reach the disk
    assert len(room.all("members")) == 1
    assert room.get("members", member)["rejections"] == 2


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


def member(**fields) -> dict:
    base = {
        "activities": {"application": 2},
        "rejections": 1,
        "reflections": 1,
        "reframes": 0,
        "themes": {},
        "mood_change": None,
        "confidence_change": None,
        "reframe_shift": None,
    }
    return {**base, **fields}


def test_minimum_room_is_five():
    assert workshop.MINIMUM_ROOM == 5


def shown(members, **kw) -> dict:
    return workshop.room_figures(members, **kw)["figures"]


@pytest.mark.parametrize("n", [0, 1, 4])
def test_fewer_than_five_people_show_nothing(n):
    assert shown([member(mood_change=1.0) for _ in range(n)]) == {}


@pytest.mark.parametrize("n", [5, 6, 40])
def test_five_or_more_people_show_the_room(n):
    room = workshop.room_figures([member() for _ in range(n)])
    assert room["sharing"] == n
    assert room["figures"] == {"activity:application": 2 * n, "rejections": n, "reflections": n}
    assert set(room["contributors"].values()) == {n}


def test_empty_journals_contribute_nothing_finding_3():
    """One real attendee plus four empty journals that opted in: the room shows nothing of that one person."""
    real = workshop.summarise(
        {
            "rejections": [{}, {}, {}],
            "checkins": [{"date": "2026-03-01", "mood": 2, "confidence": 3}, {"date": "2026-03-09", "mood": 9}],
            "activities": [{"kind": "application", "count": 4}],
        },
        THEMES,
    )
    empties = [workshop.summarise({}, THEMES) for _ in range(4)]
    room = workshop.room_figures([real, *empties])
    assert room["sharing"] == 5
    assert room["figures"] == {}  # not "3 rejections", not "mood +7.0"
    assert "rejections" in room["hidden"] and "mood_change" in room["hidden"]


def test_each_figure_needs_its_own_five_contributors():
    members = [member(mood_change=float(i), themes={THEMES[0]: 1}) for i in range(5)]
    members += [member(confidence_change=2.0) for _ in range(4)]
    members[0]["themes"] = {THEMES[0]: 3, THEMES[1]: 1}
    figures = shown(members)
    assert figures["mood_change"] == 2.0  # mean of 0..4, five people
    assert "confidence_change" not in figures  # only four people have one
    assert figures["theme:" + THEMES[0]] == 5  # people, not mentions
    assert "theme:" + THEMES[1] not in figures  # one person: hidden
    assert figures["rejections"] == 9


def test_room_averages_skip_people_without_a_value():
    members = [member(mood_change=v) for v in (2, 4, None, -1, 0.5, 3)]
    assert shown(members)["mood_change"] == round((2 + 4 - 1 + 0.5 + 3) / 5, 1)


def test_zero_counts_and_malformed_values_contribute_nothing():
    members = [member(rejections=0, activities={"application": 0, "rest": 5, "made_up": 3}) for _ in range(6)]
    members += [member(mood_change=True, reflections="7") for _ in range(5)]
    figures = shown(members)
    assert "activity:rest" not in figures and "activity:made_up" not in figures
    assert figures["activity:application"] == 10  # the five with 2 each
    assert figures["reflections"] == 6 and "mood_change" not in figures


def room_ws(data_dir, code="ROOM"):
    return open_workspace(workshop.workshop_key(code), data_dir)


def test_differencing_one_persons_change_is_never_published(data_dir):
    """Two snapshots before and after one person's change must not reveal that person's numbers."""
    ws = room_ws(data_dir)
    ids = [workshop.new_member_id() for _ in range(8)]
    for mid in ids[:6]:
        workshop.push(ws, mid, member(rejections=2, mood_change=1.0))
    before = workshop.refresh(ws)
    assert before["figures"]["figures"]["rejections"] == 12

    # one person logs 5 more rejections and a big mood drop
    workshop.push(ws, ids[0], member(rejections=7, mood_change=-6.0))
    after = workshop.refresh(ws)
    assert after["figures"] == before["figures"] and after["pending"] == 1
    # a seventh person joining the room does not publish the first one's change either
    workshop.push(ws, ids[6], member(rejections=1, mood_change=1.0))
    assert workshop.refresh(ws)["figures"] == before["figures"]

    for mid in ids[1:4]:  # three more people change: five in all (one change, one join, three changes)
        workshop.push(ws, mid, member(rejections=3, mood_change=2.0))
    published = workshop.refresh(ws)
    assert published["pending"] == 0
    assert published["figures"]["figures"]["rejections"] == 7 + 3 * 3 + 2 * 2 + 1
    # the difference is five people's changes added up, never one person's alone
    assert workshop.changed_people(before["prints"], published["prints"]) >= workshop.MINIMUM_ROOM


def test_a_withdrawal_alone_is_not_published(data_dir):
    ws = room_ws(data_dir)
    ids = [workshop.new_member_id() for _ in range(6)]
    for i, mid in enumerate(ids):
        workshop.push(ws, mid, member(rejections=i + 1))
    first = workshop.refresh(ws)
    workshop.withdraw(ws, ids[5])  # leaving would otherwise reveal exactly their 6 rejections
    assert workshop.refresh(ws)["figures"] == first["figures"]


def test_differencing_negative_control_live_totals_reveal_one_person():
    """What the rule guards against: live figures (no snapshot) give away one person's change."""
    members = [member(rejections=2) for _ in range(6)]
    before = shown(members)["rejections"]
    members[0] = member(rejections=7)
    assert shown(members)["rejections"] - before == 5  # exactly that person's new rejections


def test_figures_table_uses_attendees_labels():
    members = [member(activities={"materials": 1}, themes={THEMES[0]: 1}) for _ in range(5)]
    rows = workshop.figures_table(
        workshop.room_figures(members), content.theme_labels(), {"materials": "Résumé & portfolio"}
    )
    labels = [r["figure"] for r in rows]
    assert "Résumé & portfolio" in labels and "materials" not in labels
    assert "Theme: " + content.theme_labels()[THEMES[0]] in labels
    csv_text = workshop.room_csv(rows + [{"figure": "=HYPERLINK(1)", "value": 1, "people": 5}])
    assert csv_text.splitlines()[0] == "figure,value,people"
    assert "'=HYPERLINK(1)" in csv_text


def test_joined_and_sharing_counts(data_dir):
    ws = room_ws(data_dir)
    a, b = workshop.new_member_id(), workshop.new_member_id()
    workshop.mark_joined(ws, a)
    workshop.mark_joined(ws, a)
    workshop.mark_joined(ws, b)
    workshop.push(ws, a, member())
    assert workshop.counts(ws) == (2, 1)


def test_push_refreshes_and_withdraw_removes(data_dir):
    room = open_workspace(workshop.workshop_key("ROOM"), data_dir)
    mid = workshop.new_member_id()
    workshop.push(room, mid, member(rejections=1))
    workshop.push(room, mid, member(rejections=4))
    assert [m["rejections"] for m in room.all("members")] == [4]
    workshop.withdraw(room, mid)
    assert room.all("members") == []
    workshop.withdraw(room, mid)  # twice is fine
    workshop.withdraw(open_workspace(workshop.workshop_key("OTHER"), data_dir), mid)


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
