"""Drafts written in the language picked for them (rebound.drafts.compose), whatever the app's language.

The template comes from the draft language's templates (data/content/<lang>/templates.json laid over
the English by id; a template not yet translated reads in English), the stage phrase and the neutral
words for missing values from that language's catalogue; what the person typed is never translated.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rebound import content, drafts, followup, i18n, support
from rebound.storage import open_workspace

REJECTION = {"company": "Acme", "role": "Data Engineer", "stage": "final"}
STAGE = {"en": "the final round", "de": "der letzten Runde", "es": "la ronda final"}
NEUTRAL = {"en": "there", "de": "zusammen", "es": "equipo"}


def values():
    return followup.draft_values(REJECTION, contact_name=None, specific="  the whiteboard\n session ", my_name="Alex")


def translated_templates(language: str) -> bool:
    return (content.CONTENT_DIR / language / "templates.json").exists()


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_catalogue_words_come_out_in_the_draft_language(language):
    _subject, body = drafts.compose("feedback_warm_detailed", values, language)
    assert STAGE[language] in body
    assert NEUTRAL[language] in body.splitlines()[0]  # no name given: the language's neutral greeting word
    assert "the whiteboard session" in body and "Alex" in body  # typed words: as typed, never translated
    assert "{" not in body and "[[" not in body


def test_german_and_spanish_drafts_differ_and_never_mix():
    de = drafts.compose("feedback_warm_short", values, "de")
    es = drafts.compose("feedback_warm_short", values, "es")
    assert de != es
    assert STAGE["es"] not in "".join(de) and STAGE["de"] not in "".join(es)
    assert STAGE["en"] not in "".join(de) + "".join(es)


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_template_is_the_draft_languages(language):
    english = drafts.compose("thanks_warm_short", values, "en")
    other = drafts.compose("thanks_warm_short", values, language)
    with i18n.use(language):
        tmpl = drafts.template("thanks_warm_short")
    assert tmpl["id"] == "thanks_warm_short"
    if translated_templates(language):
        assert other[0] != english[0] and other[1] != english[1]
    else:  # the content's translation is not there yet: its English template, with this language's words
        assert tmpl["subject"] == drafts.template("thanks_warm_short")["subject"]


def test_the_app_language_does_not_leak_into_a_draft():
    with i18n.use("es"):
        in_es_app = drafts.compose("feedback_formal_detailed", values, "de")
        assert i18n.current() == "es"  # the block restores the app's language
    with i18n.use("de"):
        in_de_app = drafts.compose("feedback_formal_detailed", values, "de")
    assert in_es_app == in_de_app == drafts.compose("feedback_formal_detailed", values, "de")


def test_values_given_as_a_mapping_are_read_as_they_are():
    given = {"contact_name": "Sam", "stage": "the hackathon", "company": "Acme", "role": "Analyst"}
    _subject, body = drafts.compose("feedback_warm_short", given, "de")
    assert "Sam" in body and "the hackathon" in body and STAGE["de"] not in body


def test_followup_and_support_compose_in_the_draft_language():
    for language in ("de", "es"):
        tid, subject, body = followup.compose("feedback_request", REJECTION, tone="formal", language=language)
        assert tid == "feedback_formal_short" and STAGE[language] in body
        template = support.pick_template("reach_out_advice", "warm", "detailed")
        _s, reach = support.compose(template, {"name": "Priya Shah"}, {"name": "Alex"}, REJECTION, None, language)
        assert STAGE[language] in reach and "Priya" in reach and "Priya Shah" not in reach


def test_default_language_and_names():
    with i18n.use("de"):
        assert drafts.default_language() == "de"
    with i18n.use(i18n.PSEUDO):
        assert drafts.default_language() == "en"  # the pseudo-locale writes English drafts
    assert drafts.language_name("de") == "Deutsch" and drafts.language_name("es") == "Español"
    assert drafts.language_name(None) == "" and drafts.language_name("xx") == "xx"


def test_unknown_template_is_an_error():
    with pytest.raises(KeyError):
        drafts.compose("nope", {}, "de")


def test_a_lead_made_a_next_step_in_german_is_found_in_spanish(tmp_path):
    ws = open_workspace("personal", tmp_path)
    today = dt.date(2026, 3, 12)
    with i18n.use("de"):
        rid = support.make_lead_action(ws, "Acme stellt ein", "Sam", today)
        assert ws.get("actions", rid)["title"].startswith("Einem Hinweis von Sam nachgehen: ")
    with i18n.use("es"):
        assert support.make_lead_action(ws, "Acme stellt ein", "Sam", today) == rid  # not a second one
        assert support.lead_action(ws.all("actions"), support.lead_titles("Acme stellt ein", "Sam"))["id"] == rid
    assert len(ws.all("actions")) == 1
