"""AppTest: shipped content in German and Spanish on the pages, and feelings stored as ids.

A check-in saved in German holds the feelings' ids (and the person's own words as typed); the
same journal in Spanish offers and shows them with the Spanish labels."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from rebound import content, i18n
from rebound.storage import open_workspace
from tests.apptest.conftest import APP, button, field, texts


def translated(lang: str, name: str):
    return json.loads((content.CONTENT_DIR / lang / f"{name}.json").read_text(encoding="utf-8"))


def labels(lang: str) -> dict[str, str]:
    return {e["id"]: e["label"] for e in translated(lang, "understand")["emotions"]}


def open_in(lang: str, page: str, at: AppTest | None = None) -> AppTest:
    at = at or AppTest.from_file(APP, default_timeout=30)
    at.session_state["_rebound_language_picked"] = lang
    at.run()
    assert not at.exception, at.exception
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def in_(lang: str, text: str) -> str:
    with i18n.use(lang):
        return i18n._(text)


def test_check_in_saved_in_german_holds_ids_and_reads_in_spanish(personal):
    at = open_in("de", "pages/1_Understand.py")
    feelings = field(at.multiselect, "chk__emotions")
    assert {"traurig", "erleichtert", "wie betäubt"} <= set(feelings.options)
    assert "sad" not in feelings.options
    feelings.set_value(["sad", "relieved", "ein bisschen verloren"])  # own words allowed
    button(at, in_("de", "Save check-in")).click().run()
    assert not at.exception, at.exception
    [chk] = open_workspace("personal", personal).all("checkins")
    assert chk["emotions"] == ["sad", "relieved", "ein bisschen verloren"]

    at = open_in("es", "pages/1_Understand.py")
    feelings = field(at.multiselect, "chk__emotions")
    assert set(labels("es").values()) <= set(feelings.options)
    assert content.emotion_names(chk["emotions"]) == ["sad", "relieved", "ein bisschen verloren"]  # English here
    with i18n.use("es"):
        assert content.emotion_names(chk["emotions"]) == ["tristeza", "alivio", "ein bisschen verloren"]


def test_thought_record_offers_the_feelings_in_the_persons_language(personal):
    for lang in ("de", "es"):
        at = open_in(lang, "pages/4_Reframe.py")
        options = field(at.selectbox, "rf__emotion").options
        assert set(labels(lang).values()) <= set(options), (lang, options)
        shown = texts(at)
        first_trap = translated(lang, "traps")["traps"][0]["label"]
        assert first_trap in shown, lang  # the thinking traps list, in that language


def test_rejection_facts_and_prompts_in_german_and_spanish(personal):
    for lang in ("de", "es"):
        at = open_in(lang, "pages/1_Understand.py")
        doc = translated(lang, "understand")
        labels_shown = [t.label for t in at.text_area]
        assert doc["acceptance_prompts"]["kind_words"] in labels_shown, lang
