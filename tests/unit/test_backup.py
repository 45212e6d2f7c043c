"""rebound.backup: read, plan (dry run), apply — a refused plan changes nothing."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from rebound import backup, journal
from rebound.storage import SCHEMA_VERSION, open_workspace

TODAY = dt.date(2026, 3, 31)
REJ = {"company": "Acme", "role": "Analyst", "stage": "interview", "rejected_on": "2026-03-20"}


@pytest.fixture
def ws(data_dir):
    return open_workspace("personal", data_dir)


@pytest.fixture
def other(data_dir):
    return open_workspace("link:" + "B" * 32, data_dir)


def doc(tables: dict, **extra) -> dict:
    return {"format": "rebound", "version": SCHEMA_VERSION, "tables": tables, **extra}


def rej(rid: str, **changes) -> dict:
    return {"id": rid, **REJ, **changes}


def refl(rid: str, rejection_id: str) -> dict:
    return {"id": rid, "rejection_id": rejection_id, "went_well": "a", "to_improve": "b"}


def fill(ws) -> dict[str, str]:
    r = journal.save(ws, "rejections", REJ, TODAY)
    r2 = journal.save(ws, "rejections", {**REJ, "company": "Beta"}, TODAY)
    return {
        "r": r,
        "r2": r2,
        "refl": journal.save(ws, "reflections", {"rejection_id": r, "went_well": "x", "to_improve": "y"}, TODAY),
        "chk": journal.save(
            ws,
            "checkins",
            {"date": "2026-03-21", "mood": 3, "confidence": 4, "emotions": ["sad"], "rejection_id": r},
            TODAY,
        ),
    }


def file_bytes(ws) -> bytes | None:
    path = ws._j.path
    return path.read_bytes() if path.exists() else None


# --- reading ------------------------------------------------------------------------------------


def test_read_backup_parses_json():
    assert backup.read_backup(b'{"a": [1, 2]}') == {"a": [1, 2]}


@pytest.mark.parametrize("raw", [b"not json", b"{", b"\xff\xfe\x00", b'{"a": 1,}', b"[1, 2] trailing"])
def test_read_backup_refuses_non_json(raw):
    with pytest.raises(backup.BackupError) as info:
        backup.read_backup(raw)
    assert str(info.value).startswith("This file is not a Rebound backup: it is not valid JSON")


def test_read_backup_empty_file():
    with pytest.raises(backup.BackupError, match="The file is empty."):
        backup.read_backup(b"")


def test_backup_file_name():
    assert backup.backup_file_name(TODAY) == "rebound-backup-2026-03-31.json"


def test_export_bytes_is_the_export(ws):
    ids = fill(ws)
    exported = json.loads(backup.export_bytes(ws))
    assert exported["format"] == "rebound" and exported["version"] == SCHEMA_VERSION
    assert {r["id"] for r in exported["tables"]["rejections"]} == {ids["r"], ids["r2"]}


# --- refused documents --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad,expected",
    [
        ([1, 2, 3], "The file is not a Rebound backup (expected a JSON object)."),
        ("hello", "The file is not a Rebound backup (expected a JSON object)."),
        (None, "The file is not a Rebound backup (expected a JSON object)."),
        ({"foo": "bar"}, 'This is not a Rebound backup (the "format" field is missing or different).'),
        (
            {"format": "other-app", "version": 1, "tables": {}},
            'This is not a Rebound backup (the "format" field is missing or different).',
        ),
        ({"format": "rebound", "version": "1", "tables": {}}, 'The backup has no valid "version" number.'),
        ({"format": "rebound", "version": True, "tables": {}}, 'The backup has no valid "version" number.'),
        ({"format": "rebound", "version": 1}, 'The backup has no "tables" section.'),
        ({"format": "rebound", "version": 1, "tables": []}, 'The backup has no "tables" section.'),
        (
            {"format": "rebound", "version": 1, "tables": {"rejections": {}}},
            '"rejections" should be a list of records.',
        ),
        ({"format": "rebound", "version": 1, "tables": {"_meta": []}}, "Table name '_meta' is not allowed."),
        ({"format": "rebound", "version": 1, "tables": {"rejections": [5]}}, "rejections, record 1: not an object."),
        (
            {"format": "rebound", "version": 1, "tables": {"rejections": [{"company": "A"}]}},
            'rejections, record 1: missing or invalid "id".',
        ),
    ],
)
def test_plan_refuses_wrong_shapes(ws, bad, expected):
    plan = backup.plan_import(ws, bad, "merge", TODAY)
    assert not plan.ok
    assert expected in plan.problems
    assert plan.counts == {}


def test_newer_version_says_so(ws):
    plan = backup.plan_import(ws, doc({}, version=SCHEMA_VERSION + 1), "merge", TODAY)
    assert not plan.ok
    assert len(plan.problems) == 1
    assert "newer version of Rebound" in plan.problems[0]
    assert "Update Rebound" in plan.problems[0]


@pytest.mark.parametrize("version", [0, -1])
def test_version_below_one_is_refused_not_crashing(ws, version):
    plan = backup.plan_import(ws, doc({"rejections": [rej("a")]}, version=version), "merge", TODAY)
    assert not plan.ok
    assert any("version" in p for p in plan.problems)


def test_duplicated_ids(ws):
    plan = backup.plan_import(ws, doc({"rejections": [rej("a"), rej("b"), rej("a")]}), "merge", TODAY)
    assert plan.problems == ['rejections, record 3: the id "a" appears twice.']


def test_unknown_table(ws):
    plan = backup.plan_import(ws, doc({"rejections": [rej("a")], "spaceships": [{"id": "x"}]}), "merge", TODAY)
    assert plan.problems == ['"spaceships" is not something Rebound keeps.']


def test_invalid_records_name_table_record_and_field(ws):
    tables = {
        "rejections": [
            rej("a"),
            rej("b", company="Beta", stage="lunch"),
            rej("c", company="", rejected_on="2026-05-01"),
        ],
        "checkins": [{"id": "k", "date": "2026-03-01", "mood": 11, "confidence": 5}],
    }
    plan = backup.plan_import(ws, doc(tables), "merge", TODAY)
    assert not plan.ok
    assert plan.problems == [
        "rejections, record 2 (Beta): stage — Please choose one of: 'applied', 'screen', 'interview', 'final' or 'offer'.",
        "rejections, record 3: company — Please fill this in.",
        "rejections, record 3: rejected on — This date is in the future. Pick today or an earlier day.",
        "checkins, record 1 (2026-03-01): mood — Please pick a number no higher than 10.",
    ]


def test_tomorrow_is_tolerated_for_time_zones(ws):
    plan = backup.plan_import(ws, doc({"rejections": [rej("a", rejected_on="2026-04-01")]}), "merge", TODAY)
    assert plan.ok, plan.problems
    plan = backup.plan_import(ws, doc({"rejections": [rej("a", rejected_on="2026-04-02")]}), "merge", TODAY)
    assert not plan.ok


def test_problems_are_capped(ws):
    tables = {"rejections": [{"id": f"r{i}", "company": "A"} for i in range(40)]}
    plan = backup.plan_import(ws, doc(tables), "merge", TODAY)
    assert len(plan.problems) == backup.MAX_PROBLEMS


# --- dangling references --------------------------------------------------------------------------


def test_dangling_reference_refused(ws):
    plan = backup.plan_import(ws, doc({"reflections": [refl("x", "nowhere")]}), "merge", TODAY)
    assert plan.problems == ["reflections, record 1: points to a rejection that is not in the backup."]


def test_reference_inside_the_backup_is_fine(ws):
    plan = backup.plan_import(ws, doc({"rejections": [rej("a")], "reflections": [refl("x", "a")]}), "replace", TODAY)
    assert plan.ok, plan.problems


def test_merge_may_point_at_the_journal_but_replace_may_not(ws):
    ids = fill(ws)
    tables = {"reflections": [refl("new", ids["r"])]}
    merge = backup.plan_import(ws, doc(tables), "merge", TODAY)
    assert merge.ok, merge.problems
    replace = backup.plan_import(ws, doc(tables), "replace", TODAY)
    assert replace.problems == ["reflections, record 1: points to a rejection that is not in the backup."]


def test_dangling_optional_link_refused_too(ws):
    chk = {"id": "k", "date": "2026-03-01", "mood": 5, "confidence": 5, "rejection_id": "gone"}
    plan = backup.plan_import(ws, doc({"checkins": [chk]}), "merge", TODAY)
    assert plan.problems == ["checkins, record 1 (2026-03-01): points to a rejection that is not in the backup."]


# --- a refused plan changes nothing ---------------------------------------------------------------


@pytest.mark.parametrize("mode", ["merge", "replace"])
def test_refused_plan_changes_nothing(ws, mode):
    fill(ws)
    before = file_bytes(ws)
    revision = ws.revision
    for bad in (
        doc({"rejections": [rej("a", stage="lunch")]}),
        doc({"reflections": [refl("x", "nowhere")]}),
        doc({"rejections": [rej("a"), rej("a")]}),
        doc({}, version=99),
        {"format": "nope"},
    ):
        plan = backup.plan_import(ws, bad, mode, TODAY)
        assert not plan.ok
        with pytest.raises(ValueError):
            backup.apply_import(ws, plan)
    assert file_bytes(ws) == before
    assert ws.revision == revision


def test_planning_a_good_import_changes_nothing(ws):
    fill(ws)
    before = file_bytes(ws)
    plan = backup.plan_import(ws, doc({"rejections": [rej("zzz")]}), "replace", TODAY)
    assert plan.ok
    assert file_bytes(ws) == before


def test_plan_on_empty_journal_creates_no_file(ws):
    backup.plan_import(ws, doc({"rejections": [rej("a")]}), "merge", TODAY)
    assert not ws.exists


# --- counts ----------------------------------------------------------------------------------------


def test_counts_merge(ws):
    ids = fill(ws)  # 2 rejections, 1 reflection, 1 check-in
    tables = {
        "rejections": [rej(ids["r"], role="Changed"), rej("new1"), rej("new2")],
        "reflections": [refl("newrefl", "new1")],
    }
    plan = backup.plan_import(ws, doc(tables), "merge", TODAY)
    assert plan.ok, plan.problems
    assert plan.counts == {
        "reflections": {"added": 1, "updated": 0, "removed": 0},
        "rejections": {"added": 2, "updated": 1, "removed": 0},
    }
    assert plan.total == 4


def test_counts_replace(ws):
    ids = fill(ws)
    tables = {"rejections": [rej(ids["r"], role="Changed"), rej("new1")]}
    plan = backup.plan_import(ws, doc(tables), "replace", TODAY)
    assert plan.ok, plan.problems
    assert plan.counts == {
        "applications": {"added": 0, "updated": 0, "removed": 2},  # the ones logged with the rejections
        "checkins": {"added": 0, "updated": 0, "removed": 1},
        "reflections": {"added": 0, "updated": 0, "removed": 1},
        "rejections": {"added": 1, "updated": 1, "removed": 1},
    }


def test_apply_merge(ws):
    ids = fill(ws)
    tables = {"rejections": [rej(ids["r"], role="Changed"), rej("new1")]}
    plan = backup.plan_import(ws, doc(tables), "merge", TODAY)
    report = backup.apply_import(ws, plan)
    assert report == {"rejections": {"added": 1, "updated": 1, "removed": 0}}
    assert ws.get("rejections", ids["r"])["role"] == "Changed"
    assert ws.get("rejections", "new1")["company"] == "Acme"
    assert ws.get("rejections", ids["r2"]) is not None  # merge keeps the rest
    assert ws.get("reflections", ids["refl"]) is not None


def test_apply_replace(ws):
    ids = fill(ws)
    plan = backup.plan_import(ws, doc({"rejections": [rej("new1")]}), "replace", TODAY)
    backup.apply_import(ws, plan)
    assert [r["id"] for r in ws.all("rejections")] == ["new1"]
    assert ws.all("reflections") == [] and ws.all("checkins") == []
    assert ws.get("rejections", ids["r"]) is None


def test_apply_is_one_atomic_write(ws, monkeypatch):
    import os

    fill(ws)
    plan = backup.plan_import(
        ws, doc({"rejections": [rej("n1"), rej("n2")], "reflections": [refl("x", "n1")]}), "replace", TODAY
    )
    calls = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda s, d, *a, **k: (calls.append(d), real(s, d, *a, **k))[1])
    backup.apply_import(ws, plan)
    assert len([c for c in calls if str(c) == str(ws._j.path)]) == 1


def test_import_cleans_records(ws):
    tables = {"rejections": [rej("a", company="  Acme  ", notes="  ", extra_field="dropped")]}
    plan = backup.plan_import(ws, doc(tables), "merge", TODAY)
    backup.apply_import(ws, plan)
    rec = ws.get("rejections", "a")
    assert rec["company"] == "Acme" and rec["notes"] is None
    assert "extra_field" not in rec


# --- round trip ---------------------------------------------------------------------------------------


def rich_journal(ws) -> None:
    ids = fill(ws)
    journal.save(
        ws, "feedback_requests", {"rejection_id": ids["r"], "status": "sent", "requested_on": "2026-03-22"}, TODAY
    )
    journal.save(ws, "thank_you_notes", {"rejection_id": ids["r"], "recipient": "Dana", "sent_on": "2026-03-23"}, TODAY)
    c = journal.save(ws, "contacts", {"name": "Ana", "relationship": "mentor"}, TODAY)
    journal.save(ws, "support_log", {"contact_id": c, "date": "2026-03-24", "themes": ["storytelling"]}, TODAY)
    s = journal.save(ws, "skills", {"name": "SQL", "level": 2, "target_level": 4}, TODAY)
    journal.save(ws, "skill_logs", {"skill_id": s, "date": "2026-03-25", "level": 3, "minutes": 30}, TODAY)
    journal.save(ws, "actions", {"title": "Mock interview", "due_on": "2026-04-10", "rejection_id": ids["r"]}, TODAY)
    journal.save(ws, "activities", {"date": "2026-03-26", "kind": "application", "count": 3}, TODAY)
    journal.save(
        ws,
        "reframes",
        {
            "date": "2026-03-27",
            "situation": "s",
            "automatic_thought": "t",
            "intensity_before": 80,
            "balanced_thought": "b",
            "intensity_after": 30,
            "distortions": ["all_or_nothing"],
            "rejection_id": ids["r"],
        },
        TODAY,
    )
    journal.save_profile(ws, {"name": "Sam", "weekly_goals": {"application": 5}}, TODAY)


def by_id(tables: dict) -> dict:
    return {name: {r["id"]: r for r in recs} for name, recs in tables.items() if recs}


@pytest.mark.parametrize("mode", ["merge", "replace"])
def test_round_trip_export_destroy_restore(ws, data_dir, mode):
    rich_journal(ws)
    before = by_id(ws.export()["tables"])
    raw = backup.export_bytes(ws)
    ws.destroy()
    fresh = open_workspace("personal", data_dir)
    assert fresh.export()["tables"] == {}
    plan = backup.plan_import(fresh, backup.read_backup(raw), mode, TODAY)
    assert plan.ok, plan.problems
    assert plan.counts == {name: {"added": len(recs), "updated": 0, "removed": 0} for name, recs in before.items()}
    backup.apply_import(fresh, plan)
    after = by_id(fresh.export()["tables"])
    assert after == before  # ids, created_at and updated_at included


def test_restore_into_another_journal(ws, other):
    rich_journal(ws)
    raw = backup.export_bytes(ws)
    plan = backup.plan_import(other, backup.read_backup(raw), "merge", TODAY)
    backup.apply_import(other, plan)
    assert by_id(other.export()["tables"]) == by_id(ws.export()["tables"])


def test_restoring_the_same_backup_twice_updates_only(ws):
    rich_journal(ws)
    before = by_id(ws.export()["tables"])
    exported = copy.deepcopy(ws.export())
    plan = backup.plan_import(ws, exported, "merge", TODAY)
    assert all(c["added"] == 0 and c["removed"] == 0 for c in plan.counts.values())
    backup.apply_import(ws, plan)
    assert by_id(ws.export()["tables"]) == before


# --- hostile text is kept as plain data ---------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "![x](http://evil.example/pixel.png)",
    "[click](javascript:alert(1))",
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
]


def test_hostile_strings_kept_verbatim(ws, data_dir):
    tables = {
        "rejections": [rej(f"r{i}", company=s[:120], notes=s) for i, s in enumerate(HOSTILE)],
        "wins": [{"id": "w", "date": "2026-03-01", "text": HOSTILE[0]}],
    }
    plan = backup.plan_import(ws, doc(tables), "merge", TODAY)
    assert plan.ok, plan.problems
    backup.apply_import(ws, plan)
    for i, s in enumerate(HOSTILE):
        rec = ws.get("rejections", f"r{i}")
        assert rec["notes"] == s
        assert rec["company"] == s[:120]
    assert ws.get("wins", "w")["text"] == "<script>alert(1)</script>"
    # and they survive another export/restore unchanged
    raw = backup.export_bytes(ws)
    ws.destroy()
    fresh = open_workspace("personal", data_dir)
    backup.apply_import(fresh, backup.plan_import(fresh, backup.read_backup(raw), "replace", TODAY))
    assert sorted(r["notes"] for r in fresh.all("rejections")) == sorted(HOSTILE)
