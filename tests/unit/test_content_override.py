"""rebound.content overrides: a facilitator's folder (REBOUND_CONTENT_DIR) replaces shipped files only when valid."""

from __future__ import annotations

import copy
import json

import pytest

from rebound import content, exports, text


def shipped(name: str):
    with open(content.CONTENT_DIR / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A fresh override folder per test (content.load caches per folder path)."""
    path = tmp_path / "content_override"
    path.mkdir()
    monkeypatch.setenv("REBOUND_CONTENT_DIR", str(path))
    return path


def write(folder, name: str, doc) -> None:
    text = doc if isinstance(doc, str) else json.dumps(doc)
    (folder / f"{name}.json").write_text(text, encoding="utf-8")


def relabelled_understand():
    doc = copy.deepcopy(shipped("understand"))
    for e in doc["emotions"]:
        e["label"] = "Workshop " + e["label"]
    return doc


def test_no_folder_set_means_shipped_content_and_no_problems(monkeypatch):
    monkeypatch.delenv("REBOUND_CONTENT_DIR", raising=False)
    assert content.check_overrides() == []
    assert content.load("understand") == shipped("understand")


def test_empty_folder_changes_nothing(folder):
    assert content.check_overrides() == []
    assert content.load("themes") == shipped("themes")


def test_valid_override_is_used(folder):
    write(folder, "understand", relabelled_understand())
    assert content.check_overrides() == []
    assert content.emotions() == ["Workshop " + e["label"] for e in shipped("understand")["emotions"]]
    # other files still come from the shipped folder
    assert content.load("themes") == shipped("themes")


def test_valid_override_may_add_items_and_keeps_ids(folder):
    doc = copy.deepcopy(shipped("themes"))
    for t in doc:
        t["label"] = t["label"].upper()
    doc.append({"id": "workshop_extra", "label": "Salary talks", "description": "Talking about pay."})
    write(folder, "themes", doc)
    assert content.check_overrides() == []
    ids = content.theme_ids()
    assert ids[: len(shipped("themes"))] == [t["id"] for t in shipped("themes")]
    assert ids[-1] == "workshop_extra"
    # a journal's stored theme id still resolves, now to the facilitator's label
    first = shipped("themes")[0]
    assert content.theme_labels()[first["id"]] == first["label"].upper()
    assert exports.theme_counts({"reflections": [{"themes": [first["id"]]}]}) == [(first["label"].upper(), 1)]


def assert_shipped_used(name: str) -> None:
    assert content.load(name) == shipped(name)


def test_invalid_json_is_reported_and_ignored(folder):
    write(folder, "understand", '{"emotions": [ {"id": "sad", ')
    problems = content.check_overrides()
    assert len(problems) == 1
    assert "understand.json" in problems[0] and "not valid JSON" in problems[0]
    assert_shipped_used("understand")
    assert content.emotions() == [e["label"] for e in shipped("understand")["emotions"]]


def test_not_utf8_is_reported_and_ignored(folder):
    (folder / "themes.json").write_bytes(b'[{"id": "x", "label": "\xff\xfe"}]')
    problems = content.check_overrides()
    assert len(problems) == 1 and "themes.json" in problems[0]
    assert_shipped_used("themes")


@pytest.mark.parametrize(
    ("name", "doc", "expected"),
    [
        ("themes", {"themes": []}, "should be a list, not a group of named values"),
        ("understand", [{"id": "a", "label": "b"}], "should be a group of named values, not a list"),
        ("understand", "just text", "should be a group of named values, not text"),
    ],
)
def test_wrong_type_is_reported_and_ignored(folder, name, doc, expected):
    write(folder, name, json.dumps(doc))
    problems = content.check_overrides()
    assert len(problems) == 1 and expected in problems[0] and f"{name}.json" in problems[0]
    assert_shipped_used(name)


def test_missing_section_is_reported_and_ignored(folder):
    doc = relabelled_understand()
    del doc["facts"]
    write(folder, "understand", doc)
    problems = content.check_overrides()
    assert any("is missing 'facts'" in p for p in problems), problems
    assert_shipped_used("understand")
    assert content.rejection_facts() == shipped("understand")["facts"]


def test_duplicate_ids_are_reported_and_ignored(folder):
    doc = copy.deepcopy(shipped("themes"))
    doc.append(dict(doc[0], label="Copy"))
    write(folder, "themes", doc)
    problems = content.check_overrides()
    assert any("ids must be unique" in p for p in problems), problems
    assert_shipped_used("themes")


@pytest.mark.parametrize("bad_id", [None, "", 7])
def test_items_without_a_text_id_are_reported_and_ignored(folder, bad_id):
    doc = copy.deepcopy(shipped("themes"))
    doc[1]["id"] = bad_id
    write(folder, "themes", doc)
    assert any("every entry needs a text id" in p for p in content.check_overrides())
    assert_shipped_used("themes")


def test_missing_required_item_keys_are_reported_and_ignored(folder):
    doc = relabelled_understand()
    del doc["facts"][0]["source"]  # every shipped fact names its source
    write(folder, "understand", doc)
    problems = content.check_overrides()
    fact_id = doc["facts"][0]["id"]
    assert any(fact_id in p and "missing source" in p for p in problems), problems
    assert_shipped_used("understand")


def test_unknown_file_is_reported_and_not_used(folder):
    write(folder, "my_extra_prompts", [{"id": "a", "text": "b"}])
    problems = content.check_overrides()
    assert len(problems) == 1
    assert "my_extra_prompts.json" in problems[0] and "no content file of that name" in problems[0]
    with pytest.raises(FileNotFoundError):
        content.load("my_extra_prompts")


def test_folder_that_does_not_exist_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("REBOUND_CONTENT_DIR", str(tmp_path / "nowhere"))
    problems = content.check_overrides()
    assert len(problems) == 1 and "not a folder" in problems[0]
    assert content.load("themes") == shipped("themes")


def test_one_bad_file_does_not_spoil_a_good_one(folder):
    write(folder, "understand", relabelled_understand())
    write(folder, "themes", "not json at all")
    problems = content.check_overrides()
    assert len(problems) == 1 and "themes.json" in problems[0]
    assert content.emotions()[0].startswith("Workshop ")
    assert_shipped_used("themes")


def test_every_problem_in_a_file_is_listed(folder):
    doc = relabelled_understand()
    del doc["acceptance_prompts"]
    doc["emotions"].append(dict(doc["emotions"][0]))  # duplicate id
    del doc["facts"][1]["text"]
    write(folder, "understand", doc)
    problems = content.check_overrides()
    joined = "\n".join(problems)
    assert "is missing 'acceptance_prompts'" in joined
    assert "ids must be unique" in joined
    assert "missing text" in joined
    assert all(p.startswith("understand.json") for p in problems)


# --- types and shapes (finding 8) --------------------------------------------------------------


def first_trap(doc):
    return doc["traps"][0]


@pytest.mark.parametrize(
    ("name", "spoil", "expected"),
    [
        # a number where text belongs: used to pass, then broke Reframe for everyone
        ("traps", lambda d: first_trap(d).update(label=42), "should be text, not a whole number"),
        ("traps", lambda d: first_trap(d).update(label=None), "should be text, not empty (null)"),
        ("traps", lambda d: d.update(traps={"a": 1}), "should be a list, not a group of named values"),
        ("traps", lambda d: d.update(traps=[]), "is empty"),
        ("traps", lambda d: d["traps"].append("just a string"), "should be a group of named values, not text"),
        ("themes", lambda d: d[0].update(label=["a", "b"]), "should be text, not a list"),
        ("writing_prompts", lambda d: d.update(durations=["five"]), "should be a whole number, not text"),
        ("writing_prompts", lambda d: d.update(durations=[True]), "should be a whole number, not true or false"),
        ("writing_prompts", lambda d: d.update(how=7), "should be text, not a whole number"),
        ("writing_prompts", lambda d: d["why"].update(text={"x": 1}), "should be text, not a group"),
        ("reflection", lambda d: d["rating_scale"].update({"3": 3}), "should be text, not a whole number"),
    ],
)
def test_every_fields_type_and_shape_is_checked(folder, name, spoil, expected):
    doc = copy.deepcopy(shipped(name))
    spoil(doc)
    write(folder, name, doc)
    problems = content.check_overrides()
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(f"{name}.json") for p in problems)
    assert_shipped_used(name)


def test_trap_label_number_names_the_place_in_plain_words(folder):
    doc = copy.deepcopy(shipped("traps"))
    first_trap(doc)["label"] = 42
    write(folder, "traps", doc)
    (problem,) = content.check_overrides()
    assert (
        problem == f"traps.json, 'traps', item {first_trap(doc)['id']!r}, 'label' should be text, not a whole number."
    )


def test_parser_details_are_not_shown(folder):
    write(folder, "understand", '{"emotions": [ {"id": "sad", ')
    (problem,) = content.check_overrides()
    assert problem.startswith("understand.json is not valid JSON (look near line 1)")
    assert "Expecting" not in problem and "char" not in problem


def test_every_shipped_file_passes_its_own_check(folder):
    for path in content.CONTENT_DIR.glob("*.json"):
        write(folder, path.stem, shipped(path.stem))
    assert content.check_overrides() == []


# --- an override's text is shown as plain text, with at most bold, italics and lists ---------------

HOSTILE = "**Bold** ![x](http://127.0.0.1:9/x.png) <img src=x> http://e.example [l](http://e.example)\n# H\n- item"


def test_override_text_keeps_no_image_link_html_or_heading_but_keeps_bold_and_lists(folder):
    doc = copy.deepcopy(shipped("stories"))
    doc["stories"][0]["setback"] = HOSTILE
    doc["stories"][0]["themes"] = ["persistence"]
    write(folder, "stories", doc)
    story = content.load("stories")["stories"][0]
    plain = story["setback"].replace(text.WJ, "")
    assert plain == HOSTILE  # only invisible joiners added: it reads the same as typed
    for made in ("](", "<img", "http://", "\n#"):
        assert made not in story["setback"]
    assert story["setback"].startswith("**Bold** ") and "\n- item" in story["setback"]
    assert story["id"] == doc["stories"][0]["id"] and story["themes"] == ["persistence"]  # ids untouched


def test_override_templates_stay_as_written(folder):
    doc = copy.deepcopy(shipped("templates"))
    doc[0]["body"] = "Hi [[{name}]](see http://e.example)"
    write(folder, "templates", doc)
    assert content.load("templates")[0]["body"] == doc[0]["body"]  # drafts are plain text, never Markdown
