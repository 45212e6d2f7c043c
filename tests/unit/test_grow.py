"""Grow rules: practice moves the current level, rehearsals are logged as interview practice."""

from __future__ import annotations

import datetime as dt

import pytest

from rebound import grow, journal
from rebound.models import Invalid
from rebound.storage import open_workspace

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def ws(data_dir):
    return open_workspace("personal", data_dir)


@pytest.fixture
def sql(ws):
    return grow.save_skill(ws, {"name": "SQL", "level": 2, "target_level": 4}, TODAY)


def test_practice_sets_current_level_in_one_write(ws, sql):
    before = ws.revision
    rid, new = grow.log_practice(ws, {"skill_id": sql, "date": "2026-02-20", "level": 3, "minutes": 30}, TODAY)
    assert new == 3 and ws.get("skills", sql)["level"] == 3
    assert ws.get("skill_logs", rid)["minutes"] == 30
    assert ws.revision != before
    # A backdated session does not undo a newer one's level.
    _, new = grow.log_practice(ws, {"skill_id": sql, "date": "2026-01-05", "level": 1}, TODAY)
    assert new is None and ws.get("skills", sql)["level"] == 3
    # Editing the newest session to level 4 moves the skill too.
    _, new = grow.log_practice(ws, {"skill_id": sql, "date": "2026-02-20", "level": 4}, TODAY, rid=rid)
    assert new == 4 and ws.get("skills", sql)["level"] == 4


def test_bad_practice_writes_nothing(ws, sql):
    with pytest.raises(Invalid) as exc:
        grow.log_practice(ws, {"skill_id": sql, "date": "2026-03-02", "level": 6}, TODAY)
    assert set(exc.value.errors) == {"date", "level"}
    with pytest.raises(Invalid) as exc:
        grow.log_practice(ws, {"skill_id": "gone", "date": "2026-03-01", "level": 2}, TODAY)
    assert "skill_id" in exc.value.errors
    assert ws.all("skill_logs") == [] and ws.get("skills", sql)["level"] == 2


def test_skill_from_theme_keeps_its_origin(ws):
    start = grow.skill_from_theme("system_design", {"system_design": "System design"})
    assert start == {
        "name": "System design",
        "themes": ["system_design"],
        "from_theme": "system_design",
        "level": 2,
        "target_level": 4,
    }
    rid = grow.save_skill(ws, start | {"themes": []}, TODAY)
    assert ws.get("skills", rid)["themes"] == ["system_design"]  # the origin theme is always among its themes
    grow.save_skill(ws, {"name": "Design", "level": 3, "target_level": 4, "themes": []}, TODAY, rid=rid)
    assert ws.get("skills", rid)["from_theme"] == "system_design"


def test_rehearsal_is_interview_practice(ws, sql):
    story = grow.save_story(
        ws, {"title": "Late report", "situation": "s", "action": "a", "result": "r", "skill_id": sql}, TODAY
    )
    aid = grow.rehearse_story(ws, story, TODAY, minutes=15)
    act = ws.get("activities", aid)
    assert (act["kind"], act["count"], act["minutes"], act["date"]) == ("interview_practice", 1, 15, "2026-03-01")
    grow.rehearse_story(ws, story, TODAY, on=dt.date(2026, 2, 1))
    s = ws.get("interview_stories", story)
    assert s["times_rehearsed"] == 2 and s["last_rehearsed_on"] == "2026-03-01"
    # Editing the story keeps its tally.
    grow.save_story(ws, {"title": "Late report v2", "situation": "s", "action": "a", "result": "r"}, TODAY, rid=story)
    assert ws.get("interview_stories", story)["times_rehearsed"] == 2
    with pytest.raises(Invalid) as exc:
        grow.rehearse_story(ws, story, TODAY, minutes=-5)
    assert "minutes" in exc.value.errors
    assert len(ws.all("activities")) == 2
    # Deleting the skill keeps the story, unlinked; the practice log goes with the skill.
    journal.delete(ws, "skills", sql)
    assert ws.get("interview_stories", story)["skill_id"] is None


def test_skill_summary_newest_practice_first():
    skills = [
        {"id": "a", "name": "A", "level": 1, "target_level": 3},
        {"id": "b", "name": "B", "level": 2, "target_level": 2, "category": "Tools"},
    ]
    logs = [
        {"skill_id": "a", "date": "2026-01-01", "minutes": 20},
        {"skill_id": "b", "date": "2026-02-01", "minutes": None},
        {"skill_id": "b", "date": "2026-01-15", "minutes": 10},
    ]
    rows = grow.skill_summary(skills, logs)
    assert [r["Skill"] for r in rows] == ["B", "A"]
    assert (rows[0]["Sessions"], rows[0]["Minutes"], rows[0]["Last practised"]) == (2, 10, "2026-02-01")
    assert (rows[1]["Sessions"], rows[1]["Minutes"], rows[1]["Category"]) == (1, 20, "")


def test_theme_vocabulary_labels():
    vocab = grow.themes()
    assert vocab.get("preparation") == "Preparation"
    assert grow.theme_label("my_own-tag", {}) == "My own tag"


def test_practice_log_and_uncovered_themes():
    logs = [
        {"skill_id": "a", "date": "2026-01-01", "created_at": "1"},
        {"skill_id": "b", "date": "2026-02-01", "created_at": "2"},
        {"skill_id": "a", "date": "2026-03-01", "created_at": "3"},
    ]
    assert [r["date"] for r in grow.practice_log(logs, "a")] == ["2026-03-01", "2026-01-01"]
    assert grow.practice_log(logs, "zzz") == []
    recurring = [("prep", "Preparation", 5), ("nerves", "Nerves", 4), ("sd", "System design", 2)]
    skills = {"x": {"from_theme": "prep", "themes": []}, "y": {"themes": ["sd"]}}
    assert grow.uncovered(recurring, skills) == [("nerves", "Nerves", 4)]
    assert grow.uncovered(recurring, {}, n=2) == recurring[:2]


def test_recurring_themes_need_two_mentions():
    tables = {
        "rejections": [{"id": "r1", "rejected_on": "2026-02-01"}, {"id": "r2", "rejected_on": "2026-02-10"}],
        "reflections": [
            {"id": "f1", "rejection_id": "r1", "themes": ["preparation", "confidence"]},
            {"id": "f2", "rejection_id": "r2", "themes": ["preparation"]},
        ],
        "support_log": [{"id": "s1", "date": "2026-02-12", "themes": ["preparation"]}],
    }
    assert grow.recurring_themes(tables, TODAY) == [("preparation", "Preparation", 3)]
