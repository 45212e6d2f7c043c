"""Home and Understand in German, Spanish and the pseudo-locale: real translations, the locale's dates,
plural counts, form errors in the person's language, and no string left unmarked (en_XA)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from rebound import applications, clock, content, i18n, journal
from rebound.storage import open_workspace
from rebound.text import md_escape
from tests import pseudo
from tests.apptest.conftest import button, open_page, texts

UNDERSTAND = "pages/1_Understand.py"


def today() -> dt.date:
    return clock.today()


def store(data_dir):
    return open_workspace("personal", data_dir)


def open_in(language: str, page: str | None = None) -> AppTest:
    return open_page(page, language)


def add_rejection(ws, company="Acme", role="Analyst", days_ago=3, **more) -> str:
    day = (today() - dt.timedelta(days=days_ago)).isoformat()
    data = {"company": company, "role": role, "stage": "interview", "rejected_on": day, **more}
    return journal.save(ws, "rejections", data, today())


def add_reflections(ws, rid: str, n: int) -> None:
    for i in range(n):
        journal.save(ws, "reflections", {"rejection_id": rid, "went_well": f"w{i}", "to_improve": f"t{i}"}, today())


def expanders(at) -> list[str]:
    return [e.label for e in at.expander]


# --- German and Spanish ------------------------------------------------------------------------


def test_home_in_german_and_spanish_when_empty(personal):
    at = open_in("de")
    headers = [h.value for h in at.header]
    assert "Willkommen. Du bist hier richtig." in headers and "Dein Weg" in headers
    shown = texts(at)
    assert "**1 · Verstehen**" in shown and "← hier anfangen" in shown and "noch nicht" in shown
    at = open_in("es")
    assert "Tu camino" in [h.value for h in at.header]
    assert "**4 · Próximos pasos**" in texts(at)


def test_home_debrief_in_german_counts_steps_and_names_the_stage(personal):
    ws = store(personal)
    rid = add_rejection(ws)
    journal.save(
        ws, "checkins", {"date": today().isoformat(), "mood": 4, "confidence": 5, "rejection_id": rid}, today()
    )
    at = open_in("de")
    assert "Jede Absage nachbereiten" in [h.value for h in at.header]
    assert "Acme · Analyst — Vorstellungsgespräch · 2 von 7 Schritten" in expanders(at)
    shown = texts(at)
    assert "Eingetragen" in shown and "In dich hineingehört, wie es dir geht" in shown
    at = open_in("es")
    assert "Acme · Analyst — Entrevista · 2 de 7 pasos" in expanders(at)


def test_a_saved_rejection_shows_its_date_the_german_way(personal):
    ws = store(personal)
    add_rejection(ws, days_ago=0, applied_on=(today() - dt.timedelta(days=20)).isoformat(), channel="referral")
    at = open_in("de", UNDERSTAND)
    with i18n.use("de"):
        heard = i18n.format_date(today())
    assert re.fullmatch(r"\d{1,2}\. \S+ \d{4}", heard)  # e.g. 12. März 2026
    assert f"Acme · Analyst — Vorstellungsgespräch, {heard}" in expanders(at)
    shown = texts(at)
    assert "**Wie du dich beworben hast:** Empfehlung" in shown  # the stored code "referral", shown in German
    assert "Deine Absagen" in [h.value for h in at.header] and "Deine Bewerbungen" in [h.value for h in at.header]
    at = open_in("es", UNDERSTAND)
    with i18n.use("es"):
        assert f"Acme · Analyst — Entrevista, {i18n.format_date(today())}" in expanders(at)


def test_understand_in_spanish_when_empty(personal):
    at = open_in("es", UNDERSTAND)
    assert "Comprende lo que pasó" in [t.value for t in at.title]
    assert "Registrar un rechazo" in [h.value for h in at.header]
    assert "Guardar rechazo" in [b.label for b in at.button]
    assert "Aún no hay candidaturas registradas. El formulario de arriba lleva un minuto." in [i.value for i in at.info]
    stage = next(s for s in at.selectbox if (s.key or "").startswith("rej__stage"))
    assert stage.options == ["Candidatura", "Llamada de preselección", "Entrevista", "Ronda final", "Fase de oferta"]


def test_counts_take_the_plural_of_the_language(personal):
    with i18n.use("de"):
        assert journal.count_phrase("applications", 1) == "1 Bewerbung"
        assert journal.count_phrase("applications", 2) == "2 Bewerbungen"
        assert applications.outcome_label({"status": "waiting", "applied_on": "2000-01-01"}, today(), 1) == (
            "Keine Antwort nach 1 Woche"
        )
        assert applications.outcome_label({"status": "waiting", "applied_on": "2000-01-01"}, today(), 6) == (
            "Keine Antwort nach 6 Wochen"
        )
    with i18n.use("es"):
        assert journal.count_phrase("rejections", 1) == "1 rechazo"
        assert journal.count_phrase("rejections", 3) == "3 rechazos"


@pytest.mark.parametrize(("n", "german"), [(1, "1 Reflexion"), (2, "2 Reflexionen")])
def test_delete_confirmation_counts_what_goes_with_it_in_german(personal, n, german):
    ws = store(personal)
    rid = add_rejection(ws)
    add_reflections(ws, rid, n)
    at = open_in("de", UNDERSTAND)
    button(at, "Löschen").click().run()
    (warning,) = [w.value for w in at.warning]
    assert warning.startswith("Möchtest du die Absage von Acme · Analyst löschen?")
    assert f"Damit wird auch gelöscht: {german}." in warning
    assert "Das lässt sich nicht rückgängig machen." in warning
    assert {"Ja, löschen", "Behalten"} <= {b.label for b in at.button}


def test_the_applications_caption_counts_in_spanish(personal):
    ws = store(personal)
    for i, days in enumerate((2, 3)):
        sent = (today() - dt.timedelta(days=days)).isoformat()
        journal.save(ws, "applications", {"company": f"C{i}", "role": "R", "applied_on": sent}, today())
    at = open_in("es", UNDERSTAND)
    assert "2 registradas · 2 aún abiertas · 2 esperan una primera respuesta." in [c.value for c in at.caption]


def test_an_empty_rejection_form_says_what_is_missing_in_german(personal):
    at = open_in("de", UNDERSTAND)
    button(at, "Absage speichern").click().run()
    assert not at.exception
    errors = [m.value for m in at.markdown if m.value.startswith(":red[")]
    assert errors and all("Bitte" in e for e in errors), errors
    assert ":red[:material/error: Bitte fülle das aus.]" in errors
    assert store(personal).all("rejections") == []


def test_an_unreadable_email_is_refused_in_german(personal):
    at = open_in("de", UNDERSTAND)
    box = next(t for t in at.text_area if (t.key or "").startswith("email_text_"))
    box.input("   ")
    button(at, "Formular mit diesem Text ausfüllen").click().run()
    assert ":red[:material/error: Hier ist noch kein Text zum Lesen." in texts(at)


# --- the pseudo-locale: nothing unmarked --------------------------------------------------------


def _not_ours() -> set[str]:
    """What Home and Understand show that other parts translate: the content files (emotions, the
    exercise's prompts, the facts: rebound.content) and the language picker's own names."""
    facts = content.rejection_facts()
    return (
        set(content.emotions())
        | set(content.acceptance_prompts().values())
        | {f["text"] for f in facts}
        | {f["source"] for f in facts}
        | {"en_XA", "Español"}
    )


def _unwrapped(at: AppTest, user: set[str]) -> list[str]:
    allowed = _not_ours() | user | {md_escape(u) for u in user}
    return pseudo.unwrapped(pseudo.visible_strings(at), allowed)


def _submit_each_form(page: str | None, user: set[str]) -> dict[str, list[str]]:
    found = {}
    at = open_in("en_XA", page)
    found["page"] = _unwrapped(at, user)
    for nth in range(len([b for b in at.button if b.proto.is_form_submitter])):
        at = open_in("en_XA", page)
        sent = [b for b in at.button if b.proto.is_form_submitter][nth]
        sent.click().run()
        assert not at.exception, at.exception
        found[f"form {sent.proto.form_id} sent empty"] = _unwrapped(at, user)
    return {k: v for k, v in found.items() if v}


@pytest.mark.parametrize("page", [None, UNDERSTAND], ids=["home", "understand"])
def test_pseudo_locale_empty_journal_has_no_unwrapped_string(personal, page):
    assert not _submit_each_form(page, set())


def _journal(ws) -> set[str]:
    """A journal with a rejection (a reflection on it), a check-in, open, silent and answered applications."""
    rid = add_rejection(ws, applied_on=(today() - dt.timedelta(days=30)).isoformat(), channel="job board",
                        source="Newsletter", notes="Panel of three")  # fmt: skip
    add_reflections(ws, rid, 1)
    journal.save(ws, "checkins", {"date": today().isoformat(), "mood": 4, "confidence": 6, "rejection_id": rid,
                                  "note": "Tired but fine", "emotions": ["sad"]}, today())  # fmt: skip
    journal.save(ws, "applications", {"company": "Globex", "role": "Planner",
                                      "applied_on": (today() - dt.timedelta(days=80)).isoformat()}, today())  # fmt: skip
    journal.save(ws, "applications", {"company": "Initech", "role": "Tester", "applied_on": today().isoformat(),
                                      "channel": "recruiter"}, today())  # fmt: skip
    journal.save(ws, "applications", {"company": "Umbrella", "role": "Lead", "status": "interview",
                                      "applied_on": (today() - dt.timedelta(days=9)).isoformat(),
                                      "status_on": (today() - dt.timedelta(days=2)).isoformat()}, today())  # fmt: skip
    journal.save(ws, "wins", {"date": today().isoformat(), "text": "Finished the course"}, today())
    return pseudo.user_texts(ws.export())


@pytest.mark.parametrize("page", [None, UNDERSTAND], ids=["home", "understand"])
def test_pseudo_locale_with_a_record_has_no_unwrapped_string(personal, page):
    user = _journal(store(personal))
    assert not _submit_each_form(page, user)


def test_pseudo_locale_delete_answer_and_email_states_are_wrapped(personal):
    ws = store(personal)
    user = _journal(ws)
    at = open_in("en_XA", UNDERSTAND)
    deletes = [b for b in at.button if (b.key or "").startswith("del_rejections_")]
    deletes[0].click().run()
    assert at.warning and not _unwrapped(at, user)
    answer = next(b for b in at.button if (b.key or "").startswith("ans_"))
    answer.click().run()
    assert not at.exception and not _unwrapped(at, user)
    box = next(t for t in at.text_area if (t.key or "").startswith("email_text_"))
    box.input("From: Acme Careers <jobs@acme.example>\nSubject: Your application\n\nWe will not move forward.")
    next(b for b in at.button if (b.key or "").startswith("email_read_")).click().run()
    assert not at.exception
    assert not _unwrapped(at, user | {"Acme Careers <jobs@acme.example>", "Your application", "Acme"})
