"""Reflect and Reframe in German, Spanish and the pseudo-locale.

German and Spanish: the pages' own words are translated, dates are written the locale's way,
counts take the right plural, and a form sent empty answers in the person's language. ``en_XA``:
no visible string on either page (each tab, empty and with records, every form sent empty, every
table open) that was never marked for translation; what the person typed stays as typed.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from rebound import clock, content, i18n, journal
from rebound.storage import open_workspace
from rebound.text import md_escape, shorten
from tests import pseudo
from tests.apptest.conftest import button, field, open_page, texts

REFLECT = "pages/2_Reflect.py"
REFRAME = "pages/4_Reframe.py"
CONTENT = ("reflection", "themes", "traps", "stories", "writing_prompts", "understand")
TABLES = ("themes_table_open", "ratings_table_open", "stage_table_open", "rf_table_open")


def today() -> dt.date:
    return clock.today()


def iso(days_ago: int = 0) -> str:
    return (today() - dt.timedelta(days=days_ago)).isoformat()


def open_in(language: str, page: str, tables: bool = False) -> AppTest:
    return open_page(page, language, state=dict.fromkeys(TABLES, True) if tables else None)


def tab(at: AppTest, label: str) -> AppTest:
    """Only Reframe's open tab runs: open another one as a click on it would (by its shown label)."""
    at.session_state["reframe_tab"] = label
    at.run()
    assert not at.exception, at.exception
    return at


def in_language(language: str, text: str) -> str:
    with i18n.use(language):
        return i18n._(text)


def journal_with_records(data_dir) -> dict[str, str]:
    """A rejection, two reflections, two thought records, kept writing, an own story and a story note."""
    ws = open_workspace("personal", data_dir)
    rid = journal.save(
        ws,
        "rejections",
        {"company": "Acme", "role": "Analyst", "stage": "interview", "rejected_on": iso(3), "channel": "referral"},
        today(),
    )
    for went_well, themes in (("Good rapport", ["preparation", "Pairing drills"]), ("Clear SQL", ["preparation"])):
        journal.save(
            ws,
            "reflections",
            {
                "rejection_id": rid,
                "went_well": went_well,
                "to_improve": "Slow start",
                "ratings": {"communication": 4, "preparation": 2},
                "themes": themes,
            },
            today(),
        )
    for before, after in ((80, 40), (60, 70)):
        journal.save(
            ws,
            "reframes",
            {
                "date": iso(2),
                "rejection_id": rid,
                "situation": "Heard no after the final round.",
                "automatic_thought": "I'll never get a job like this.",
                "emotion": "sad",
                "intensity_before": before,
                "distortions": ["personalisation"],
                "balanced_thought": "This one hurt, and I got far.",
                "intensity_after": after,
            },
            today(),
        )
    journal.save(ws, "writings", {"date": iso(1), "text": "Morning pages about it", "minutes": 12}, today())
    journal.save(ws, "stories", {"title": "My comeback", "setback": "Ten noes", "outcome": "A yes in May"}, today())
    return {"rejection": rid}


# --- German and Spanish ----------------------------------------------------------------------------
WORDS = {
    "de": {
        "reflect_title": "Denk darüber nach, was passiert ist",
        "empty": "Eine Reflexion beginnt mit einer Absage",
        "patterns": "Muster über deine Absagen hinweg",
        "save": "Reflexion speichern",
        "fill": "Bitte fülle das aus.",
        "tabs": ("Gedankenprotokolle", "Expressives Schreiben", "Erfolgsgeschichten"),
        "record": "Ein Gedankenprotokoll schreiben",
        "save_record": "Gedankenprotokoll speichern",
        "intensity": "Bewerte es mit einer ganzen Zahl von 0 (gar nicht) bis 100",
        "balanced": "Schreib vor dem Speichern einen ausgewogeneren Gedanken",
        "three_records": "Über 3 Gedankenprotokolle hinweg",
        "one_record": "Über 1 Gedankenprotokoll hinweg",
        "minutes": "20 Minuten",
        "start": "Mit dem Schreiben beginnen",
        "nothing": "Es ist noch nichts geschrieben.",
        "stories_filter": "Geschichten zeigen über",
        "save_story": "Geschichte speichern",
        "traps": "Denkfallen, auf die du achten kannst",
        "twice": "2-mal",
    },
    "es": {
        "reflect_title": "Reflexiona sobre lo que pasó",
        "empty": "La reflexión parte de un rechazo",
        "patterns": "Patrones en tus rechazos",
        "save": "Guardar reflexión",
        "fill": "Rellena este campo, por favor.",
        "tabs": ("Registros de pensamientos", "Escritura expresiva", "Historias de éxito"),
        "record": "Escribir un registro de pensamientos",
        "save_record": "Guardar registro de pensamientos",
        "intensity": "Valóralo con un número entero de 0 (nada) a 100",
        "balanced": "Escribe un pensamiento más equilibrado antes de guardar",
        "three_records": "En 3 registros de pensamientos,",
        "one_record": "En 1 registro de pensamientos,",
        "minutes": "20 minutos",
        "start": "Empezar a escribir",
        "nothing": "Aún no hay nada escrito.",
        "stories_filter": "Mostrar historias sobre",
        "save_story": "Guardar historia",
        "traps": "Trampas de pensamiento a las que prestar atención",
        "twice": "2 veces",
    },
}


def day_in(language: str, days_ago: int) -> str:
    with i18n.use(language):
        return i18n.format_date(today() - dt.timedelta(days=days_ago))


@pytest.mark.parametrize("language", ["de", "es"])
def test_reflect_empty_and_with_records_in_the_persons_language(personal, language):
    w = WORDS[language]
    at = open_in(language, REFLECT)
    page = texts(at)
    assert w["reflect_title"] in page and w["empty"] in page and w["patterns"] in page
    assert "Reflect on what happened" not in page

    journal_with_records(personal)
    at = open_in(language, REFLECT, tables=True)
    page = texts(at)
    heard = day_in(language, 3)
    assert heard in at.selectbox(key="reflect_pick").format_func(at.selectbox(key="reflect_pick").value)
    assert any(heard in c.value for c in at.caption)  # "Stage reached: … · heard back on 9. März 2026"
    assert w["twice"] in page  # the recurring theme's count, in the language's plural
    assert f"{w['save']}" in [b.label for b in at.button]
    written = open_workspace("personal", personal).all("reflections")[0]["created_at"][:10]
    with i18n.use(language):
        written = i18n.format_date(dt.date.fromisoformat(written))
    assert any(written in e.label.replace("\\", "") for e in at.expander)  # "Reflexion vom 3. Dez. 2026"

    # Sent empty: the messages are in the person's language, under each field.
    field(at.text_area, "refl__went_well").set_value("")
    button(at, w["save"]).click().run()
    assert not at.exception, at.exception
    errors = [m.value for m in at.markdown if m.value.startswith(":red[")]
    assert len(errors) >= 2, errors
    assert not any("Please" in e or "Write at least" in e for e in errors), errors


@pytest.mark.parametrize("language", ["de", "es"])
def test_reframe_tabs_forms_and_counts_in_the_persons_language(personal, language):
    w = WORDS[language]
    at = open_in(language, REFRAME)
    assert [t.label for t in at.tabs] == list(w["tabs"])
    page = texts(at)
    assert w["record"] in page and w["traps"] in page

    # The thought record sent empty: each message in the person's language.
    button(at, w["save_record"]).click().run()
    assert not at.exception, at.exception
    page = texts(at)
    assert w["fill"] in page and w["intensity"] in page and w["balanced"] in page
    assert "Please fill this in." not in page and "Rate it with" not in page

    # One record, then two: the summary's plural follows the count.
    field(at.text_area, "rf__automatic_thought").set_value("Nie wieder")
    field(at.text_area, "rf__situation").set_value("Absage")
    field(at.text_area, "rf__balanced_thought").set_value("Es tat weh")
    field(at.number_input, "rf__intensity_before").set_value(80)
    field(at.number_input, "rf__intensity_after").set_value(50)
    button(at, w["save_record"]).click().run()
    assert not at.exception, at.exception
    assert w["one_record"] in texts(at)
    journal_with_records(personal)
    at = open_in(language, REFRAME)
    assert w["three_records"] in texts(at)
    assert any(day_in(language, 2) in e.label.replace("\\", "") for e in at.expander)  # the locale's day

    # Expressive writing: durations with their plural, the empty save answered in the language.
    at = tab(at, w["tabs"][1])
    radio = at.radio(key="xw_minutes")
    assert w["minutes"] in [radio.format_func(o) for o in radio.options] or w["minutes"] in radio.options
    button(at, w["start"]).click().run()
    button(at, in_language(language, "Save my writing")).click().run()
    assert not at.exception, at.exception
    assert w["nothing"] in texts(at)

    # Success stories: filters and the own story's form sent empty.
    at = tab(at, w["tabs"][2])
    assert at.selectbox(key="story_theme").label == w["stories_filter"]
    button(at, w["save_story"]).click().run()
    assert not at.exception, at.exception
    assert texts(at).count(w["fill"]) >= 2


def test_stored_values_stay_language_neutral(personal):
    """A thought record saved in German keeps trap ids; a German typed theme stays the person's words."""
    journal_with_records(personal)
    at = open_in("de", REFRAME)
    field(at.text_area, "rf__automatic_thought").set_value("Nie wieder")
    field(at.text_area, "rf__situation").set_value("Absage")
    field(at.text_area, "rf__balanced_thought").set_value("Es tat weh")
    field(at.number_input, "rf__intensity_before").set_value(80)
    field(at.number_input, "rf__intensity_after").set_value(50)
    traps = field(at.multiselect, "rf__distortions")
    traps.set_value(["personalisation"])
    button(at, "Gedankenprotokoll speichern").click().run()
    assert not at.exception, at.exception
    ws = open_workspace("personal", personal)
    saved = [r for r in ws.all("reframes") if r["automatic_thought"] == "Nie wieder"]
    assert [r["distortions"] for r in saved] == [["personalisation"]]
    assert sorted(r["themes"] for r in ws.all("reflections")) == [["preparation"], ["preparation", "Pairing drills"]]


# --- en_XA: nothing unmarked ---------------------------------------------------------------------
# Drawn on these pages by code of other areas, marked there (the app-wide sweep, test_pseudo_locale, holds
# them to the same rule): the cards' Edit/Delete, the stage names (rebound.models), the patterns' sentences
# (rebound.insights.patterns), the charts' words (rebound.charts), the emotions (rebound.content).
OTHER_AREAS = re.compile(
    "|".join(
        (
            r"Edit|Delete|Interview|Screening call|Final round|Offer stage|Application",
            r"Your reflections|Feedback received|Conversations",
            r"‘.*’ has come up .*|Coming up more lately.*|Fading.*|Each theme has come up once.*",
            r"Your average rating is.*|Your strongest area on average.*|.* has gone from .*",
            r"Of your \d+ rejections?, .*|All \d+ of your rejections? came before .*",
            r"Rejections|rejections|times mentioned|rating \(1–5\)|Before|After|Date of the thought record",
            r"Intensity \(0–100\)|\s*(Before|After):\s*Eased by\s*|\s*:\s*Your reflections\s*",
            r"angry|anxious|calm|determined|disappointed|embarrassed|frustrated|hopeful|numb|relieved|sad|tired",
        )
    )
)


def edit_first(at: AppTest, prefix: str) -> None:
    """Press the first Edit button whose key starts with ``prefix``."""
    [first, *_] = [b for b in at.button if (b.key or "").startswith(prefix)]
    first.click().run()
    assert not at.exception, at.exception


def report(found: dict[str, list[str]]) -> str:
    return "strings never marked for translation:\n" + "\n".join(
        f"  [{where}] {text!r}" for where, texts in found.items() for text in texts
    )


def unmarked(at: AppTest, allowed: set[str]) -> list[str]:
    return [t for t in pseudo.unwrapped(pseudo.visible_strings(at), allowed) if not OTHER_AREAS.fullmatch(t)]


def content_words() -> set[str]:
    """The shipped content's texts: translated by their own files (data/content/<lang>), not by gettext,
    so English in the pseudo-locale."""
    with i18n.use("en"):
        docs = {name: content.load(name) for name in CONTENT}
    return pseudo.user_texts(docs) | set(i18n.languages().values()) | {i18n.PSEUDO}


def user_words(data_dir) -> set[str]:
    """The person's texts and the content's, as typed and as shown (escaped for Markdown, shortened)."""
    typed = pseudo.user_texts(open_workspace("personal", data_dir).export()) | content_words() | {"referral", "sad"}
    return typed | {md_escape(t) for t in typed} | {shorten(t, 110) for t in typed}


@pytest.mark.parametrize("filled", [False, True], ids=["empty", "with records"])
def test_reflect_shows_no_unmarked_string(personal, filled):
    if filled:
        journal_with_records(personal)
    allowed = user_words(personal)
    at = open_in("en_XA", REFLECT, tables=True)
    found = {"page": unmarked(at, allowed)}
    if filled:
        field(at.text_area, "refl__went_well").set_value("")
        submit = [b for b in at.button if b.proto.is_form_submitter][0]
        submit.click().run()
        assert not at.exception, at.exception
        found["sent empty"] = unmarked(at, allowed)
        at.toggle(key="refl_show_all").set_value(True).run()
        at.radio(key="refl_stage_by").set_value("source").run()
        found["all reflections, by source"] = unmarked(at, allowed)
        edit_first(at, "edit_refl_")
        assert in_language("en_XA", "You are editing a saved reflection.") in texts(at) + str(
            [w.label for w in at.text_area]
        )
        found["editing a reflection"] = unmarked(at, allowed)
    assert not any(found.values()), report(found)


@pytest.mark.parametrize("filled", [False, True], ids=["empty", "with records"])
def test_reframe_shows_no_unmarked_string_on_any_tab(personal, filled):
    if filled:
        journal_with_records(personal)
    allowed = user_words(personal)
    at = open_in("en_XA", REFRAME, tables=True)
    labels = [t.label for t in at.tabs]
    found = {"tabs": [t for t in labels if pseudo.plain_words(t)], "thought records": unmarked(at, allowed)}
    button(at, in_language("en_XA", "Save thought record")).click().run()
    found["thought record sent empty"] = unmarked(at, allowed)
    if filled:
        edit_first(at, "edit_rf_")
        assert in_language("en_XA", "Edit this thought record") in texts(at) + str([w.label for w in at.text_area])
        found["editing a thought record"] = unmarked(at, allowed)

    at = tab(at, labels[1])
    found["writing"] = unmarked(at, allowed)
    button(at, in_language("en_XA", "Start writing")).click().run()
    found["writing started"] = unmarked(at, allowed)
    button(at, in_language("en_XA", "Save my writing")).click().run()
    found["writing saved empty"] = unmarked(at, allowed)
    button(at, in_language("en_XA", "Let it go")).click().run()
    found["letting go"] = unmarked(at, allowed)
    if filled:
        edit_first(at, "xw_edit_")
        assert in_language("en_XA", "Edit your writing") in texts(at) + str([w.label for w in at.text_area])
        found["editing a kept writing"] = unmarked(at, allowed)

    at = tab(at, labels[2])
    found["stories"] = unmarked(at, allowed)
    button(at, in_language("en_XA", "Save story")).click().run()
    found["story sent empty"] = unmarked(at, allowed)
    at.toggle(key="story_favs").set_value(True).run()
    found["only favourites"] = unmarked(at, allowed)
    if filled:
        at.toggle(key="story_favs").set_value(False).run()
        edit_first(at, "edit_story_")
        assert in_language("en_XA", "Edit this story") in texts(at) + str([w.label for w in at.text_area])
        found["editing an own story"] = unmarked(at, allowed)
    assert not any(found.values()), report(found)
