"""The store's cheap views: count() and table_revision(), and all() returning private copies."""

from __future__ import annotations

from rebound.storage import open_workspace


def test_count_matches_all_without_copying(data_dir):
    ws = open_workspace("personal", data_dir)
    assert ws.count("wins") == 0
    for i in range(3):
        ws.add("wins", {"text": f"win {i}"})
    assert ws.count("wins") == len(ws.all("wins")) == 3


def test_table_revision_changes_only_with_its_table(data_dir):
    ws = open_workspace("personal", data_dir)
    wins, acts = ws.table_revision("wins"), ws.table_revision("activities")
    rid = ws.add("activities", {"kind": "application", "count": 1})
    assert ws.table_revision("wins") == wins
    after_add = ws.table_revision("activities")
    assert after_add != acts
    ws.update("activities", rid, {"count": 2})
    assert ws.table_revision("activities") != after_add
    ws.delete("activities", rid)
    assert ws.table_revision("wins") == wins


def test_table_revision_sees_another_workspace_objects_write(data_dir, tmp_path):
    ws = open_workspace("personal", data_dir)
    before = ws.table_revision("wins")
    # A second process would hold its own journal object; simulate with a fresh open after the cache is dropped.
    from rebound.storage import files as store

    store._journals.clear()
    other = open_workspace("personal", data_dir)
    other.add("wins", {"text": "from elsewhere"})
    assert ws.table_revision("wins") != before


def test_all_returns_fresh_copies_each_time(data_dir):
    ws = open_workspace("personal", data_dir)
    ws.add("reflections", {"themes": ["a"], "ratings": {"x": 3}})
    first = ws.all("reflections")
    first[0]["themes"].append("mutated")
    first[0]["ratings"]["x"] = 5
    again = ws.all("reflections")
    assert again[0]["themes"] == ["a"] and again[0]["ratings"] == {"x": 3}
