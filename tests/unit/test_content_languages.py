"""Shipped content in every language (data/content/<lang>/), a facilitator's content in several
languages (<override dir>/<lang>/), and feelings stored as ids that read in the current language."""

from __future__ import annotations

import copy
import json
import shutil

import pytest

from rebound import content, i18n, stories
from rebound.forms_spec import show_values
from rebound.specs.reframe import THOUGHT
from rebound.specs.understand import CHECKIN

NAMES = sorted(p.stem for p in content.CONTENT_DIR.glob("*.json"))
LANGUAGES = content.shipped_languages()
# The same word in English and the translation (checked by hand): every other text is translated.
SAME_WORD = {("de", "reflection", "okay"), ("de", "stories", "Software"), ("de", "stories", "Sport")}
SAME_WORD |= {("es", "stories", "Software")}


def english(name: str):
    return json.loads((content.CONTENT_DIR / f"{name}.json").read_text(encoding="utf-8"))


def translated(lang: str, name: str):
    return json.loads((content.CONTENT_DIR / lang / f"{name}.json").read_text(encoding="utf-8"))


def texts(doc, key=None):
    """(key, text) of every text in a document, ids and codes included."""
    if isinstance(doc, str):
        yield key, doc
    elif isinstance(doc, list):
        for item in doc:
            yield from texts(item, key)
    elif isinstance(doc, dict):
        for k, v in doc.items():
            yield from texts(v, k)


def test_german_and_spanish_ship_every_content_file():
    assert {"de", "es"} <= set(LANGUAGES)
    assert set(LANGUAGES) <= set(i18n.languages())  # content only for languages one can pick
    for lang in LANGUAGES:
        assert sorted(p.stem for p in (content.CONTENT_DIR / lang).glob("*.json")) == NAMES


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
def test_translation_matches_english_in_all_but_words(lang, name):
    """Same ids, same keys, same kinds of value, no empty text, citations, names, codes,
    {placeholders} and [[optional parts]] as in English."""
    assert content.translation_problems(name, lang) == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
def test_every_text_is_translated(lang, name):
    kept = {"id", "source", "person", "purpose", "tone", "length", "themes", "distortions"}
    english_texts = {t for k, t in texts(english(name)) if k not in kept}
    left = {t for k, t in texts(translated(lang, name)) if k not in kept and t in english_texts}
    assert left == {w for lg, n, w in SAME_WORD if (lg, n) == (lang, name)}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sources_and_names_are_exactly_the_english_ones(lang):
    for name in NAMES:
        ours = sorted(t for k, t in texts(translated(lang, name)) if k in ("source", "person"))
        assert ours == sorted(t for k, t in texts(english(name)) if k in ("source", "person")), name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translation_is_what_load_gives_in_that_language(lang, monkeypatch):
    monkeypatch.delenv("REBOUND_CONTENT_DIR", raising=False)
    with i18n.use(lang):
        assert content.load("traps") == translated(lang, "traps")
        assert content.emotions() == [e["label"] for e in translated(lang, "understand")["emotions"]]
        assert stories.theme_label("let_go") == next(
            t["label"] for t in translated(lang, "stories")["themes"] if t["id"] == "let_go"
        )
    assert content.load("traps") == english("traps")  # English outside the block


def test_german_and_spanish_read_as_such(monkeypatch):
    monkeypatch.delenv("REBOUND_CONTENT_DIR", raising=False)
    with i18n.use("de"):
        assert content.emotion_labels()["sad"] == "traurig"
        assert "Absage" in content.acceptance_prompts()["not_defined_by"]
        acton = next(s for s in stories.library() if s["id"] == "acton")
        assert "23. Mai 2009" in acton["setback"] and "19 Milliarden Dollar" in acton["after"]
    with i18n.use("es"):
        assert content.emotion_labels()["sad"] == "tristeza"
        acton = next(s for s in stories.library() if s["id"] == "acton")
        assert "23 de mayo de 2009" in acton["setback"] and "19\u00a0000 millones de dólares" in acton["after"]


# --- the check itself finds what a translation must not change ------------------------------


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch):
    """A copy of data/content to spoil (translation_problems reads CONTENT_DIR)."""
    folder = tmp_path / "content"
    shutil.copytree(content.CONTENT_DIR, folder)
    monkeypatch.setattr(content, "CONTENT_DIR", folder)
    return folder


def spoil(folder, lang, name, change):
    path = folder / lang / f"{name}.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return content.translation_problems(name, "de")


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        ("traps", lambda d: d["traps"][0].update(id="made_up"), "'made_up' is not an id in English"),
        ("traps", lambda d: d["traps"].pop(), "'comparing' is missing"),
        ("traps", lambda d: d["traps"][0].update(label=""), "'label' is empty"),
        ("traps", lambda d: d["traps"][0].update(extra="x"), "has 'extra', which English has not"),
        ("traps", lambda d: d["traps"][0].pop("question"), "is missing 'question'"),
        ("understand", lambda d: d["facts"][0].update(source="Breines und Chen"), "must stay as in English"),
        ("stories", lambda d: d["stories"][0].update(person="Brian"), "must stay as in English"),
        ("stories", lambda d: d["stories"][0].update(themes=["persistence"]), "must stay as in English"),
        ("templates", lambda d: d[0].update(tone="herzlich"), "must stay as in English"),
        ("templates", lambda d: d[0].update(subject="Danke, {rolle}"), "placeholders"),
        ("templates", lambda d: d[0].update(body=d[0]["body"].replace("[[", "")), "optional parts"),
        ("next_steps", lambda d: d["streak_messages"].update(met_streak="Super!"), "placeholders"),
        ("writing_prompts", lambda d: d.update(durations=[15]), "should have 2 entries, like English"),
        ("writing_prompts", lambda d: d.update(durations=[15, 30]), "must stay as in English"),
        ("writing_prompts", lambda d: d.update(how=7), "should be text, not a whole number"),
    ],
)
def test_the_check_finds_what_a_translation_must_not_change(shipped_copy, name, change, expected):
    problems = spoil(shipped_copy, "de", name, change)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(f"de/{name}.json") for p in problems)


def test_an_untranslated_item_reads_in_english(shipped_copy, monkeypatch):
    monkeypatch.delenv("REBOUND_CONTENT_DIR", raising=False)
    spoil(shipped_copy, "de", "traps", lambda d: d["traps"].pop())
    content._load.cache_clear()
    try:
        with i18n.use("de"):
            traps = content.load("traps")["traps"]
        assert traps[-1] == english("traps")["traps"][-1]  # the missing one, in English
        assert traps[0]["label"] == translated("de", "traps")["traps"][0]["label"]
    finally:
        content._load.cache_clear()


# --- a facilitator's content in several languages ------------------------------------------


@pytest.fixture
def folder(tmp_path, monkeypatch):
    path = tmp_path / "content_override"
    path.mkdir()
    monkeypatch.setenv("REBOUND_CONTENT_DIR", str(path))
    return path


def write(folder, name, doc, lang=None):
    where = folder / lang if lang else folder
    where.mkdir(exist_ok=True)
    text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False)
    (where / f"{name}.json").write_text(text, encoding="utf-8")


def relabelled(doc, prefix):
    doc = copy.deepcopy(doc)
    for e in doc["emotions"]:
        e["label"] = f"{prefix} {e['label']}"
    return doc


def test_a_facilitator_language_file_is_used_in_that_language(folder):
    write(folder, "understand", relabelled(english("understand"), "Workshop"))
    write(folder, "understand", relabelled(translated("de", "understand"), "Werkstatt"), "de")
    assert content.check_overrides() == []
    with i18n.use("de"):
        assert content.emotion_labels()["sad"] == "Werkstatt traurig"
    with i18n.use("es"):  # no Spanish file: the facilitator's English one
        assert content.emotion_labels()["sad"] == "Workshop sad"
    assert content.emotion_labels()["sad"] == "Workshop sad"


def test_a_bad_facilitator_language_file_is_reported_and_ignored(folder):
    write(folder, "understand", relabelled(english("understand"), "Workshop"))
    broken = relabelled(translated("de", "understand"), "Werkstatt")
    del broken["facts"]
    write(folder, "understand", broken, "de")
    write(folder, "traps", '{"traps": [', "es")
    problems = content.check_overrides()
    assert any(p.startswith("de/understand.json") and "is missing 'facts'" in p for p in problems), problems
    assert any(p.startswith("es/traps.json") and "not valid JSON" in p for p in problems), problems
    assert len(problems) == 2
    with i18n.use("de"):  # the facilitator's English file, not the broken German one
        assert content.emotion_labels()["sad"] == "Workshop sad"
    with i18n.use("es"):  # no valid override at all: the shipped Spanish
        assert content.load("traps") == translated("es", "traps")


def test_every_shipped_translation_passes_the_facilitator_check(folder):
    for lang in LANGUAGES:
        for name in NAMES:
            write(folder, name, translated(lang, name), lang)
    assert content.check_overrides() == []


def test_unknown_file_and_unknown_language_in_a_facilitator_folder(folder):
    write(folder, "my_prompts", [{"id": "a", "text": "b"}], "de")
    write(folder, "traps", english("traps"), "xx")
    (folder / "notes").mkdir()  # a folder without content files is nobody's business
    problems = content.check_overrides()
    assert any(p.startswith("de/my_prompts.json") and "no content file of that name" in p for p in problems)
    assert any(p.startswith("xx/") and "no language with that code" in p for p in problems)
    assert len(problems) == 2


# --- feelings: stored as ids, shown in the language of whoever reads ------------------------


def test_feelings_are_offered_as_ids_with_the_current_languages_labels():
    emotions = next(f for f in CHECKIN.fields if f.name == "emotions")
    emotion = next(f for f in THOUGHT.fields if f.name == "emotion")
    for field in (emotions, emotion):
        assert field.choices() == [e["id"] for e in english("understand")["emotions"]]
        with i18n.use("de"):
            assert field.labels()["numb"] == "wie betäubt"
        with i18n.use("es"):
            assert field.labels()["numb"] == "vacío"
        assert field.labels()["numb"] == "numb"


def test_a_check_in_saved_in_german_reads_with_spanish_labels(monkeypatch):
    monkeypatch.delenv("REBOUND_CONTENT_DIR", raising=False)
    with i18n.use("de"):
        by_label = {label: key for key, label in content.emotion_labels().items()}
        picked = [by_label["traurig"], by_label["erleichtert"], "ein bisschen verloren"]  # own words stay
    record = {"date": "2026-03-21", "mood": 3, "confidence": 4, "emotions": picked}
    assert record["emotions"][:2] == ["sad", "relieved"]  # what the journal holds
    with i18n.use("es"):
        assert content.emotion_names(record["emotions"]) == ["tristeza", "alivio", "ein bisschen verloren"]
        shown = dict(show_values(CHECKIN, record))
        assert shown[next(f.text_label() for f in CHECKIN.fields if f.name == "emotions")] == (
            "tristeza, alivio, ein bisschen verloren"
        )
    assert content.emotion_names(record["emotions"]) == ["sad", "relieved", "ein bisschen verloren"]


def test_old_records_with_english_labels_still_read():
    # Before ids were stored, a record held the English label: the shipped labels are the ids.
    assert all(e["id"] == e["label"] for e in english("understand")["emotions"])
    with i18n.use("de"):
        assert content.emotion_label("disappointed") == "enttäuscht"
        assert content.emotion_label("Disappointed") == "enttäuscht"  # by its English label, any case
        assert content.emotion_label("a bit lost") == "a bit lost"


def test_a_facilitators_english_label_that_is_not_an_id_still_reads(folder):
    doc = english("understand")
    doc["emotions"][0]["label"] = "let down"  # id "disappointed"
    write(folder, "understand", doc)
    de = translated("de", "understand")
    write(folder, "understand", de, "de")
    with i18n.use("de"):
        assert content.emotion_label("let down") == "enttäuscht"
        assert content.emotion_label("disappointed") == "enttäuscht"


def test_the_facilitators_problems_are_told_in_the_current_language(folder):
    doc = english("traps")
    doc["traps"][0]["label"] = 42
    write(folder, "traps", doc, "de")
    write(folder, "themes", "not json")
    with i18n.use("de"):
        problems = content.check_overrides()
    assert problems == [
        "themes.json ist kein gültiges JSON (sieh dir die Gegend um Zeile 1 an) und wurde daher nicht verwendet.",
        "de/traps.json, 'traps', Eintrag 'personalisation', 'label' sollte Text sein, nicht eine ganze Zahl.",
    ]
    with i18n.use("es"):
        assert "no es un JSON válido" in content.check_overrides()[0]


@pytest.mark.parametrize("name", NAMES)
def test_in_the_pseudo_locale_every_shown_text_is_wrapped_and_ids_and_codes_are_not(name, monkeypatch):
    monkeypatch.delenv("REBOUND_CONTENT_DIR", raising=False)
    with i18n.use(i18n.PSEUDO):
        doc = content.load(name)
    codes = {"id", "themes", "distortions", "purpose", "tone", "length"}
    for (key, shown), (_, source) in zip(texts(doc), texts(english(name)), strict=True):
        if key in codes:
            assert shown == source
        else:
            assert shown.startswith("⟦") and shown.endswith("⟧"), (key, shown)
            assert sorted(content._PLACEHOLDER.findall(shown)) == sorted(content._PLACEHOLDER.findall(source))
    with i18n.use(i18n.PSEUDO):
        assert content.emotion_ids() == [e["id"] for e in english("understand")["emotions"]]
