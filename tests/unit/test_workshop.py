"""rebound.workshop: anonymous opt-in numbers, never free text, hidden below five people."""

from __future__ import annotations

import json
import typing

import pytest

from rebound import content, workshop
from rebound.models import ACTIVITY_KINDS, MODELS
from rebound.store import open_workspace

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


@pytest.mark.parametrize("n", [0, 1, 4])
def test_fewer_than_five_people_show_nothing(n):
    assert workshop.room_summary([member() for _ in range(n)]) is None


@pytest.mark.parametrize("n", [5, 6, 40])
def test_five_or_more_people_show_the_room(n):
    room = workshop.room_summary([member() for _ in range(n)])
    assert room is not None
    assert room["people"] == n
    assert room["activities"] == {"application": 2 * n}
    assert room["rejections"] == n and room["reflections"] == n


def test_room_averages_skip_people_without_a_value():
    members = [member(mood_change=v, reframe_shift=s) for v, s in [(2, 10.0), (4, None), (None, 20.0), (-1, None)]]
    members.append(member(mood_change=0.5, confidence_change=3))
    room = workshop.room_summary(members)
    assert room["mood_change"] == round((2 + 4 - 1 + 0.5) / 4, 1)
    assert room["confidence_change"] == 3
    assert room["reframe_shift"] == 15.0


def test_room_themes_count_people_not_mentions():
    t1, t2 = THEMES[:2]
    members = [member(themes={t1: 9}), member(themes={t1: 1, t2: 4}), member(), member(), member()]
    room = workshop.room_summary(members)
    assert dict(room["themes"]) == {t1: 2, t2: 1}
    assert room["themes"][0] == (t1, 2)


def test_room_shows_at_most_eight_themes():
    members = [member(themes={t: 1 for t in THEMES}) for _ in range(5)]
    assert len(workshop.room_summary(members)["themes"]) == min(8, len(THEMES))


def test_room_summary_from_store_records(data_dir):
    """What the facilitator page does: members as stored (with id and timestamps)."""
    room_ws = open_workspace(workshop.workshop_key("ROOM"), data_dir)
    ids = [workshop.new_member_id() for _ in range(5)]
    for mid in ids[:4]:
        workshop.push(room_ws, mid, workshop.summarise({"rejections": [{}]}, THEMES))
    assert workshop.room_summary(room_ws.all("members")) is None
    workshop.push(room_ws, ids[4], workshop.summarise({"rejections": [{}, {}]}, THEMES))
    room = workshop.room_summary(room_ws.all("members"))
    assert room["people"] == 5 and room["rejections"] == 6
    workshop.withdraw(room_ws, ids[0])
    assert workshop.room_summary(room_ws.all("members")) is None  # back below five


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
    ],
)
def test_key_matches(given, expected, ok):
    assert workshop.key_matches(given, expected) is ok
