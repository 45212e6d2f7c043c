"""Every shipped content file parses and its ids are unique; traps and stories have what the app needs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rebound import content, reframe, stories

CONTENT = Path(content.CONTENT_DIR)
FILES = sorted(CONTENT.glob("*.json"))

# Stable ids: notes and records in people's journals point at these. Removing or renaming one breaks them.
STABLE_TRAPS = {
    "personalisation",
    "all_or_nothing",
    "overgeneralisation",
    "catastrophising",
    "mind_reading",
    "labelling",
    "discounting_positive",
    "fortune_telling",
}
STABLE_STORIES = {
    "acton",
    "howell",
    "jobs",
    "winfrey",
    "wang",
    "rowling",
    "king",
    "kariko",
    "seacole",
    "oconnor",
    "warner",
    "einstein",
}
ID = re.compile(r"[a-z][a-z0-9_]*")


def id_lists(doc, where=""):
    """Every list of objects carrying an id, anywhere in the document."""
    if isinstance(doc, list):
        if doc and all(isinstance(i, dict) and "id" in i for i in doc):
            yield where or "(top)", doc
        for n, item in enumerate(doc):
            yield from id_lists(item, f"{where}[{n}]")
    elif isinstance(doc, dict):
        for key, value in doc.items():
            yield from id_lists(value, f"{where}.{key}" if where else key)


def test_there_are_content_files():
    names = {f.stem for f in FILES}
    assert {"traps", "stories", "writing_prompts"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_parses_and_ids_are_unique(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    for where, items in id_lists(doc):
        ids = [i["id"] for i in items]
        assert all(isinstance(i, str) and i for i in ids), f"{path.name} {where}: empty or non-text id"
        dupes = {i for i in ids if ids.count(i) > 1}
        assert not dupes, f"{path.name} {where}: duplicate ids {dupes}"


def test_traps_have_example_and_question():
    traps = reframe.traps()
    assert len(traps) >= 8
    assert {t["id"] for t in traps} >= STABLE_TRAPS
    for t in traps:
        assert ID.fullmatch(t["id"]), t["id"]
        for field in ("label", "what", "example", "question"):
            assert isinstance(t.get(field), str) and t[field].strip(), (t["id"], field)
        assert t["question"].rstrip().endswith("?"), t["id"]


def test_stories_have_source_kind_and_known_themes():
    lib = stories.library()
    assert len(lib) >= 8
    assert {s["id"] for s in lib} >= STABLE_STORIES
    theme_ids = {t["id"] for t in content.load("stories")["themes"]}
    for s in lib:
        assert ID.fullmatch(s["id"]), s["id"]
        for field in ("person", "field", "setback", "after", "source_kind", "reflect"):
            assert isinstance(s.get(field), str) and s[field].strip(), (s["id"], field)
        assert s["themes"] and set(s["themes"]) <= theme_ids, s["id"]
    assert len({s["field"] for s in lib}) >= 6  # varied fields, not only founders


def test_stories_keep_the_caveats_and_avoid_myths():
    by_id = {s["id"]: s for s in stories.library()}
    assert "not literally" in by_id["howell"]["caveat"]
    text = json.dumps(stories.library()).casefold()
    for myth in ("disney", "jordan", "30 rejections", "thirty rejections", "jack ma"):
        assert myth not in text


def test_every_story_theme_is_used_and_labelled():
    used = {t for s in stories.library() for t in s["themes"]}
    assert {t["id"] for t in stories.themes()} == used
    assert all(stories.theme_label(t) != t for t in used)


def test_writing_prompts():
    guide = reframe.writing()
    assert guide["durations"] == [15, 20]
    assert "1994" in guide["why"]["source"]
    assert all(p["text"].strip() for p in guide["prompts"])
