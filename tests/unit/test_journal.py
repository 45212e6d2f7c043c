"""rebound.journal: save = validate + link check; delete = the DESIGN rule in one atomic write."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from rebound import journal
from rebound.models import Invalid
from rebound.storage import RecordChanged, RecordNotFound, open_workspace

TODAY = dt.date(2026, 3, 31)

REJ = {"company": "Acme", "role": "Analyst", "stage": "interview", "rejected_on": "2026-03-20"}


@pytest.fixture
def ws(data_dir):
    return open_workspace("personal", data_dir)


@pytest.fixture
def count_writes(monkeypatch):
    """Counts os.replace calls onto journal files (one per atomic file write)."""
    calls: list[str] = []
    real = os.replace

    def counting(src, dst, *a, **kw):
        if str(dst).endswith(".json"):
            calls.append(str(dst))
        return real(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", counting)
    return calls


def add_rejection(ws, **changes) -> str:
    return journal.save(ws, "rejections", {**REJ, **changes}, TODAY)


def populated(ws):
    """A rejection with 2 reflections, 1 feedback request, 1 thank-you, 1 check-in, 1 reframe, 1 action,
    plus an unrelated rejection with its own reflection and check-in."""
    r = add_rejection(ws)
    other = add_rejection(ws, company="Other Co")
    ids = {"r": r, "other": other}
    ids["refl1"] = journal.save(ws, "reflections", {"rejection_id": r, "went_well": "a", "to_improve": "b"}, TODAY)
    ids["refl2"] = journal.save(ws, "reflections", {"rejection_id": r, "went_well": "c", "to_improve": "d"}, TODAY)
    ids["refl_other"] = journal.save(
        ws, "reflections", {"rejection_id": other, "went_well": "x", "to_improve": "y"}, TODAY
    )
    ids["fb"] = journal.save(ws, "feedback_requests", {"rejection_id": r, "status": "sent"}, TODAY)
    ids["ty"] = journal.save(ws, "thank_you_notes", {"rejection_id": r, "recipient": "Dana"}, TODAY)
    ids["chk"] = journal.save(
        ws, "checkins", {"date": "2026-03-21", "mood": 3, "confidence": 4, "note": "rough", "rejection_id": r}, TODAY
    )
    ids["chk_other"] = journal.save(
        ws, "checkins", {"date": "2026-03-21", "mood": 5, "confidence": 5, "rejection_id": other}, TODAY
    )
    ids["rf"] = journal.save(
        ws,
        "reframes",
        {
            "date": "2026-03-22",
            "situation": "s",
            "automatic_thought": "t",
            "intensity_before": 90,
            "balanced_thought": "b",
            "intensity_after": 50,
            "rejection_id": r,
        },
        TODAY,
    )
    ids["act"] = journal.save(ws, "actions", {"title": "Practise STAR answers", "rejection_id": r}, TODAY)
    return ids


# --- save ------------------------------------------------------------------------------------


def test_save_adds_a_clean_record(ws):
    rid = journal.save(ws, "rejections", {**REJ, "company": "  Acme  ", "notes": " "}, TODAY)
    rec = ws.get("rejections", rid)
    assert rec["company"] == "Acme"
    assert rec["notes"] is None
    assert rec["id"] == rid and rec["created_at"]


def test_save_invalid_writes_nothing(ws):
    with pytest.raises(Invalid) as info:
        journal.save(ws, "rejections", {**REJ, "rejected_on": "2026-04-01"}, TODAY)
    assert set(info.value.errors) == {"rejected_on"}
    assert ws.all("rejections") == []
    assert not ws.exists  # not even a file


def test_save_checks_links(ws):
    with pytest.raises(Invalid) as info:
        journal.save(ws, "reflections", {"rejection_id": "nope", "went_well": "a", "to_improve": "b"}, TODAY)
    assert info.value.errors == {"rejection_id": "That rejection no longer exists. Please pick another."}
    assert ws.all("reflections") == []
    assert not ws.exists


def test_save_checks_optional_links_too(ws):
    with pytest.raises(Invalid) as info:
        journal.save(ws, "checkins", {"date": "2026-03-30", "mood": 5, "confidence": 5, "rejection_id": "gone"}, TODAY)
    assert list(info.value.errors) == ["rejection_id"]
    # ... and without a link a check-in is fine
    journal.save(ws, "checkins", {"date": "2026-03-30", "mood": 5, "confidence": 5, "rejection_id": None}, TODAY)
    assert len(ws.all("checkins")) == 1


@pytest.mark.parametrize(
    "table,record,field,noun",
    [
        ("support_log", {"contact_id": "x", "date": "2026-03-30"}, "contact_id", "person"),
        ("skill_logs", {"skill_id": "x", "date": "2026-03-30", "level": 2}, "skill_id", "skill"),
        ("plan_reviews", {"plan_id": "x", "week_start": "2026-03-30", "kept": True}, "plan_id", "if-then plan"),
    ],
)
def test_link_message_names_the_thing(ws, table, record, field, noun):
    with pytest.raises(Invalid) as info:
        journal.save(ws, table, record, TODAY)
    assert info.value.errors == {field: f"That {noun} no longer exists. Please pick another."}


def test_save_update(ws):
    rid = add_rejection(ws)
    assert journal.save(ws, "rejections", {**REJ, "role": "Senior Analyst"}, TODAY, rid=rid) == rid
    assert [r["role"] for r in ws.all("rejections")] == ["Senior Analyst"]


def test_save_update_invalid_keeps_old(ws):
    rid = add_rejection(ws)
    with pytest.raises(Invalid):
        journal.save(ws, "rejections", {**REJ, "role": ""}, TODAY, rid=rid)
    assert ws.get("rejections", rid)["role"] == "Analyst"


def test_save_update_refuses_a_record_changed_since_it_was_opened(ws):
    rid = add_rejection(ws)
    opened = ws.get("rejections", rid)["updated_at"]
    journal.save(ws, "rejections", {**REJ, "role": "Changed in tab 2"}, TODAY, rid=rid)  # the other tab
    with pytest.raises(RecordChanged) as info:
        journal.save(ws, "rejections", {**REJ, "role": "Tab 1"}, TODAY, rid=rid, expected_updated_at=opened)
    assert info.value.current["role"] == "Changed in tab 2"
    assert ws.get("rejections", rid)["role"] == "Changed in tab 2"
    # saving against what is there now goes through
    now = info.value.current["updated_at"]
    journal.save(ws, "rejections", {**REJ, "role": "Tab 1"}, TODAY, rid=rid, expected_updated_at=now)
    assert ws.get("rejections", rid)["role"] == "Tab 1"


def test_save_update_of_a_deleted_record(ws):
    rid = add_rejection(ws)
    opened = ws.get("rejections", rid)["updated_at"]
    journal.delete(ws, "rejections", rid)
    with pytest.raises(RecordNotFound):
        journal.save(ws, "rejections", REJ, TODAY, rid=rid, expected_updated_at=opened)
    assert ws.all("rejections") == []


def test_save_update_unknown_id_raises_keyerror(ws):
    add_rejection(ws)
    with pytest.raises(KeyError):
        journal.save(ws, "rejections", REJ, TODAY, rid="missing")


# --- delete plan ---------------------------------------------------------------------------------


def test_plan_delete_of_rejection(ws):
    ids = populated(ws)
    plan = journal.plan_delete(ws, "rejections", ids["r"])
    assert {t: sorted(v) for t, v in plan.removes.items()} == {
        "reflections": sorted([ids["refl1"], ids["refl2"]]),
        "feedback_requests": [ids["fb"]],
        "thank_you_notes": [ids["ty"]],
    }
    assert plan.unlinks == {"checkins": [ids["chk"]], "reframes": [ids["rf"]], "actions": [ids["act"]]}
    assert plan.describe() == (
        "This also deletes 2 reflections, 1 feedback request and 1 thank-you note. "
        "1 check-in, 1 thought record and 1 next step will stay, no longer linked to it."
    )


def test_describe_examples():
    plan = journal.DeletePlan(
        "rejections", "r", removes={"reflections": ["a", "b"], "feedback_requests": ["c"]}, unlinks={"checkins": ["d"]}
    )
    assert plan.describe() == (
        "This also deletes 2 reflections and 1 feedback request. 1 check-in will stay, no longer linked to it."
    )
    assert journal.DeletePlan("rejections", "r").describe() == "Nothing else is linked to it."
    only_unlinks = journal.DeletePlan("rejections", "r", unlinks={"checkins": ["a", "b", "c"]})
    assert only_unlinks.describe() == "3 check-ins will stay, no longer linked to it."
    only_removes = journal.DeletePlan("contacts", "c", removes={"support_log": ["a"]})
    assert only_removes.describe() == "This also deletes 1 conversation."


def test_count_phrase():
    assert journal.count_phrase("reflections", 1) == "1 reflection"
    assert journal.count_phrase("reflections", 0) == "0 reflections"
    assert journal.count_phrase("contacts", 2) == "2 people"
    assert journal.count_phrase("skill_logs", 3) == "3 practice log entries"


def test_plan_delete_changes_nothing(ws):
    ids = populated(ws)
    before = ws.export()["tables"]
    journal.plan_delete(ws, "rejections", ids["r"])
    assert ws.export()["tables"] == before


# --- delete ----------------------------------------------------------------------------------------


def test_delete_rejection_follows_the_rule(ws):
    ids = populated(ws)
    chk_before = ws.get("checkins", ids["chk"])
    journal.delete(ws, "rejections", ids["r"])

    assert [r["id"] for r in ws.all("rejections")] == [ids["other"]]
    # dependants gone, the other rejection's reflection kept
    assert [r["id"] for r in ws.all("reflections")] == [ids["refl_other"]]
    assert ws.all("feedback_requests") == []
    assert ws.all("thank_you_notes") == []
    # optional links cleared, content kept
    chk = ws.get("checkins", ids["chk"])
    assert chk["rejection_id"] is None
    assert (chk["note"], chk["mood"], chk["confidence"], chk["date"]) == ("rough", 3, 4, "2026-03-21")
    assert chk["created_at"] == chk_before["created_at"]
    rf = ws.get("reframes", ids["rf"])
    assert rf["rejection_id"] is None and rf["automatic_thought"] == "t" and rf["intensity_before"] == 90
    act = ws.get("actions", ids["act"])
    assert act["rejection_id"] is None and act["title"] == "Practise STAR answers"
    # the other rejection's link untouched
    assert ws.get("checkins", ids["chk_other"])["rejection_id"] == ids["other"]


def test_delete_is_one_atomic_write(ws, count_writes):
    ids = populated(ws)
    count_writes.clear()
    journal.delete(ws, "rejections", ids["r"])
    assert len(count_writes) == 1
    assert count_writes[0] == str(ws._j.path)


def test_delete_keeps_one_snapshot_per_write(ws, data_dir):
    ids = populated(ws)
    snaps_before = sorted(data_dir.glob("*.snap-*.json"))
    journal.delete(ws, "rejections", ids["r"])
    snaps_after = sorted(data_dir.glob("*.snap-*.json"))
    # the store keeps 3 rolling snapshots: one new snapshot appears, the oldest may roll off
    assert len(set(snaps_after) - set(snaps_before)) == 1


def test_delete_failure_midway_changes_nothing(ws, monkeypatch):
    ids = populated(ws)
    before = ws.export()["tables"]
    real_update = type(ws).update
    calls = {"n": 0}

    def flaky_update(self, table, rid, changes):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        return real_update(self, table, rid, changes)

    monkeypatch.setattr(type(ws), "update", flaky_update)
    with pytest.raises(RuntimeError):
        journal.delete(ws, "rejections", ids["r"])
    monkeypatch.setattr(type(ws), "update", real_update)
    assert ws.export()["tables"] == before


def test_delete_returns_the_plan(ws):
    ids = populated(ws)
    plan = journal.delete(ws, "rejections", ids["other"])
    assert plan.removes == {"reflections": [ids["refl_other"]]}
    assert plan.unlinks == {"checkins": [ids["chk_other"]]}


def test_delete_unknown_raises_keyerror_and_changes_nothing(ws):
    ids = populated(ws)
    before = ws.export()["tables"]
    with pytest.raises(KeyError):
        journal.delete(ws, "rejections", "missing")
    assert ws.export()["tables"] == before
    assert ws.get("rejections", ids["r"]) is not None


def test_delete_contact_deletes_conversations(ws):
    c = journal.save(ws, "contacts", {"name": "Ana", "relationship": "mentor"}, TODAY)
    keep = journal.save(ws, "contacts", {"name": "Ben", "relationship": "friend"}, TODAY)
    for d in ("2026-03-01", "2026-03-02"):
        journal.save(ws, "support_log", {"contact_id": c, "date": d, "takeaways": "t"}, TODAY)
    kept_log = journal.save(ws, "support_log", {"contact_id": keep, "date": "2026-03-03"}, TODAY)
    plan = journal.plan_delete(ws, "contacts", c)
    assert plan.describe() == "This also deletes 2 conversations."
    journal.delete(ws, "contacts", c)
    assert [r["id"] for r in ws.all("support_log")] == [kept_log]
    assert [r["id"] for r in ws.all("contacts")] == [keep]


def test_delete_skill_deletes_logs_and_unlinks_stories(ws):
    s = journal.save(ws, "skills", {"name": "SQL", "level": 2, "target_level": 4}, TODAY)
    journal.save(ws, "skill_logs", {"skill_id": s, "date": "2026-03-30", "level": 3}, TODAY)
    story = journal.save(
        ws,
        "interview_stories",
        {"title": "Dashboard", "situation": "s", "action": "a", "result": "r", "skill_id": s},
        TODAY,
    )
    assert journal.plan_delete(ws, "skills", s).describe() == (
        "This also deletes 1 practice log entry. 1 interview story will stay, no longer linked to it."
    )
    journal.delete(ws, "skills", s)
    assert ws.all("skill_logs") == []
    kept = ws.get("interview_stories", story)
    assert kept["skill_id"] is None and kept["title"] == "Dashboard" and kept["result"] == "r"


def test_delete_plan_deletes_reviews(ws):
    p = journal.save(ws, "plans", {"cue": "After lunch", "action": "One application"}, TODAY)
    journal.save(ws, "plan_reviews", {"plan_id": p, "week_start": "2026-03-23", "kept": False}, TODAY)
    journal.delete(ws, "plans", p)
    assert ws.all("plan_reviews") == [] and ws.all("plans") == []


def test_delete_leaf_record(ws):
    ids = populated(ws)
    assert journal.plan_delete(ws, "checkins", ids["chk"]).describe() == "Nothing else is linked to it."
    journal.delete(ws, "checkins", ids["chk"])
    assert ws.get("checkins", ids["chk"]) is None
    assert ws.get("rejections", ids["r"]) is not None


# --- profile ----------------------------------------------------------------------------------------


def test_profile_empty(ws):
    assert journal.profile(ws) == {}


def test_save_profile_adds_then_updates(ws):
    rid = journal.save_profile(ws, {"name": "Sam", "values": ["growth"]}, TODAY)
    assert len(ws.all("profile")) == 1
    rid2 = journal.save_profile(ws, {"long_term_goal": "Data analyst role"}, TODAY)
    assert rid2 == rid
    records = ws.all("profile")
    assert len(records) == 1
    assert records[0]["name"] == "Sam"  # merged, not replaced
    assert records[0]["values"] == ["growth"]
    assert records[0]["long_term_goal"] == "Data analyst role"
    assert journal.profile(ws)["id"] == rid


def test_save_profile_invalid_keeps_old(ws):
    journal.save_profile(ws, {"name": "Sam"}, TODAY)
    with pytest.raises(Invalid) as info:
        journal.save_profile(ws, {"name": "x" * 121}, TODAY)
    assert list(info.value.errors) == ["name"]
    assert journal.profile(ws)["name"] == "Sam"


# --- sorting -----------------------------------------------------------------------------------------


def test_sorted_by_newest_first_then_created():
    recs = [
        {"id": "a", "date": "2026-03-01", "created_at": "2026-03-01T10:00:00"},
        {"id": "b", "date": "2026-03-05", "created_at": "2026-03-05T10:00:00"},
        {"id": "c", "date": "2026-03-05", "created_at": "2026-03-06T10:00:00"},
        {"id": "d", "date": None, "created_at": "2026-03-07T10:00:00"},
    ]
    assert [r["id"] for r in journal.sorted_by(recs, "date")] == ["c", "b", "a", "d"]
    assert [r["id"] for r in journal.sorted_by(recs, "date", reverse=False)] == ["d", "a", "b", "c"]
