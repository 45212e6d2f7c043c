"""My data in German and Spanish: the page's words, counts with their plurals, the CSV export (headers
translated, codes kept), a backup made in German restored in Spanish, the plan report and the job-search
record in German with German dates, the import's messages, and, in en_XA, no unmarked string."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from components.language import PICKED
from rebound import clock, exports, i18n, job_record, journal
from rebound.intake import spreadsheet as sp
from rebound.storage import open_workspace
from tests import pseudo
from tests.apptest.conftest import APP, button, open_page, texts

PAGE = "pages/9_My_data.py"
# Shown on My data but drawn by other areas (the sidebar's language picker, the activity kinds' and the
# application statuses' labels): each area marks its own; listed so that this test checks this area's words.
OTHER_AREAS = {
    "Networking",
    "Interview practice",
    "Learning",
    "Résumé & portfolio",
    "Follow-ups",
    "Applications",
    "Waiting for an answer",
    "Español",
    "en_XA",
}


@pytest.fixture
def personal(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_MODE", "personal")
    monkeypatch.setenv("REBOUND_EPHEMERAL", "false")
    return data_dir


@pytest.fixture
def deferred(monkeypatch):
    """The callables behind the page's download buttons, by file name (see test_my_data_more)."""
    seen: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        seen[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return seen


def today() -> dt.date:
    return clock.today()


def fill(ws) -> None:
    t = today()
    day = t.isoformat()
    rid = journal.save(
        ws, "rejections", {"company": "Acme", "role": "Analyst", "stage": "final", "rejected_on": day}, t
    )
    journal.save(
        ws, "reflections", {"rejection_id": rid, "went_well": "rapport", "to_improve": "depth", "lesson": "Ask more"}, t
    )
    for mood in (4, 6):
        journal.save(ws, "checkins", {"date": day, "mood": mood, "confidence": 5}, t)
    journal.save(ws, "wins", {"date": (t - dt.timedelta(days=10)).isoformat(), "text": "Finished the portfolio"}, t)
    journal.save(ws, "actions", {"title": "Call Sam", "due_on": (t + dt.timedelta(days=21)).isoformat()}, t)
    journal.save(ws, "plans", {"cue": "I open the laptop", "action": "I send one application", "per_week": 3}, t)
    journal.save(ws, "applications", {"company": "Beta", "role": "Clerk", "applied_on": day, "status": "waiting"}, t)
    journal.save(ws, "activities", {"date": day, "kind": "networking", "count": 2, "minutes": 30}, t)
    journal.save_profile(ws, {"long_term_goal": "Lead a team"}, t)


def open_in(language: str, page: str = PAGE) -> AppTest:
    return open_page(page, language)


def uploader(at: AppTest, prefix: str):
    [found] = [u for u in at.file_uploader if (u.key or "").startswith(prefix)]
    return found


def unzip(raw: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        return {n: list(csv.reader(io.StringIO(zf.read(n).decode("utf-8-sig")))) for n in zf.namelist()}


# --- the page's words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words", "counts"),
    [
        (
            "de",
            ["Meine Daten", "Eine Sicherung herunterladen", "Eine Sicherung wiederherstellen", "Mein Tagebuch löschen"],
            ["1 Absage", "2 Check-ins", "1 Reflexion"],
        ),
        (
            "es",
            ["Mis datos", "Descargar una copia de seguridad", "Restaurar una copia de seguridad", "Eliminar mi diario"],
            ["1 rechazo", "2 registros del día", "1 reflexión"],
        ),
    ],
)
def test_my_data_speaks_the_language_with_its_plurals(personal, language, words, counts):
    fill(open_workspace("personal", personal))
    at = open_in(language)
    shown = texts(at)
    for word in words:
        assert word in shown, word
    caption = next(c.value for c in at.caption if c.value.startswith(("Jetzt in deinem", "Ahora en tu")))
    for phrase in counts:
        assert phrase in caption, caption
    labels = [d.proto.label for d in at.get("download_button")]
    assert {"de": "Sicherung herunterladen", "es": "Descargar copia de seguridad"}[language] in labels
    # the job-search record: dates typed in the locale's order, its words translated
    assert at.date_input(key="record_from").proto.format == {"de": "DD.MM.YYYY", "es": "DD/MM/YYYY"}[language]
    assert {"de": "Mein Nachweis der Jobsuche", "es": "Mi registro de búsqueda de empleo"}[language] in shown


def test_the_job_record_caption_and_errors_in_german(personal):
    fill(open_workspace("personal", personal))
    at = open_in("de")
    caption = next(c.value for c in at.caption if "einzeln eingetragene" in c.value)
    assert caption == (
        "12. März 2026 bis 12. März 2026: 1 einzeln eingetragene Bewerbung (1 zusammen mit dem "
        "Aktivitätsprotokoll gezählt, nie doppelt) und 1 Aktivitätseintrag."
    )
    at.date_input(key="record_from").set_value(today() + dt.timedelta(days=1)).run()
    assert [e.value for e in at.error] == [
        f"Der letzte Tag liegt vor dem ersten ({i18n_date('de', today() + dt.timedelta(days=1))}). "
        "Wähle einen späteren letzten Tag."
    ]


def i18n_date(language: str, day: dt.date, form: str = "date") -> str:
    with i18n.use(language):
        return i18n.format_date(day, form)


# --- CSV export: translated headers, the same codes ----------------------------------------------------


def test_csv_export_under_german_has_german_headers_and_the_same_codes(personal, deferred):
    ws = open_workspace("personal", personal)
    fill(ws)
    stamp = today().isoformat()
    open_in("de")
    german = unzip(deferred[f"rebound-{stamp}-csv.zip"]())  # made when clicked, in the page's language
    with i18n.use("en"):
        english = unzip(exports.csv_zip({t: ws.all(t) for t in ws.tables()}))
    assert german.keys() == english.keys()
    header_de, *rows_de = german["rejections.csv"]
    header_en, *rows_en = english["rejections.csv"]
    assert header_de[:4] == ["Eintrags-ID", "Unternehmen", "Stelle", "Erreichte Phase"]
    assert header_en[:4] == ["Record id", "Company", "Role", "Stage reached"]
    assert rows_de == rows_en  # the cells are the same in every language: codes and ISO dates
    assert rows_de[0][3] == "final"
    for name, (header, *_rows) in german.items():
        table = name.removesuffix(".csv")
        assert exports.codes_of(table, header) == exports.codes_of(table, english[name][0]), name
    # the Spanish file reads back to the same codes as well
    with i18n.use("es"):
        spanish = unzip(exports.csv_zip({"rejections": ws.all("rejections")}))["rejections.csv"][0]
    assert spanish[1] == "Empresa" and exports.codes_of("rejections", spanish) == exports.codes_of(
        "rejections", header_en
    )


def test_the_german_applications_csv_is_recognised_by_the_import_in_spanish(personal):
    ws = open_workspace("personal", personal)
    fill(ws)
    with i18n.use("de"):
        header = unzip(exports.csv_zip({"applications": ws.all("applications")}))["applications.csv"][0]
    codes = exports.codes_of("applications", header)
    with i18n.use("es"):
        mapping = sp.guess_mapping(header)
    assert mapping["company"] == "Unternehmen" and mapping["role"] == "Stelle"
    for fld in sp.FIELDS:  # every field the import knows finds its German column
        assert mapping[fld] == header[codes.index(fld)], fld


# --- backup made in German, restored in Spanish ------------------------------------------------------


def test_a_backup_made_in_german_restores_in_spanish(personal, deferred, tmp_path, monkeypatch):
    ws = open_workspace("personal", personal)
    fill(ws)
    open_in("de")
    raw = deferred[f"rebound-backup-{today().isoformat()}.json"]()
    made = json.loads(raw)["tables"]
    assert made["rejections"][0]["stage"] == "final"  # codes, never a label
    ws.destroy()

    at = open_in("es")
    uploader(at, "restore_file_").set_value(("copia.json", raw, "application/json")).run()
    assert not at.exception, at.exception
    assert "Lo que cambiaría" in [s.value for s in at.subheader]
    frame = at.dataframe[0].value
    assert list(frame.columns) == ["what", "added", "updated", "removed"]  # codes; titles by column_config
    assert "Rechazos" in set(frame["what"]) and "Registros del día" in set(frame["what"])
    button(at, "Restaurar ahora").click().run()
    total = sum(len(v) for v in made.values())
    assert [s.value for s in at.success] == [
        f"Se han restaurado {total} registros. Tu diario coincide ahora con la copia de seguridad."
    ]
    back = open_workspace("personal", personal)
    assert back.all("rejections")[0]["stage"] == "final"
    assert back.all("activities")[0]["kind"] == "networking"


def test_deleting_takes_the_word_of_the_language(personal):
    fill(open_workspace("personal", personal))
    at = open_in("de")
    assert at.text_input(key="delete_confirm").label == "Zum Bestätigen tippe LÖSCHEN"
    at.text_input(key="delete_confirm").set_value("löschen").run()
    assert not button(at, "Mein Tagebuch endgültig löschen").disabled
    at.text_input(key="delete_confirm").set_value("DELETE").run()  # the English word works too
    assert not button(at, "Mein Tagebuch endgültig löschen").disabled


def test_a_broken_backup_is_explained_in_german(personal):
    at = open_in("de")
    doc = {"format": "rebound", "version": 1, "tables": {"rejections": [5], "spaceships": []}}
    uploader(at, "restore_file_").set_value(("b.json", json.dumps(doc).encode(), "application/json")).run()
    assert [e.value for e in at.error] == [
        "Diese Datei lässt sich nicht wiederherstellen, daher wurde nichts geändert. Was nicht stimmt:"
    ]
    assert "• rejections, Eintrag 1: kein Objekt." in [t.value for t in at.text]
    uploader(at, "restore_file_").set_value(("b.json", b"{nope", "application/json")).run()
    assert any("kein gültiges JSON" in t.value for t in at.text)


# --- the plan report and the job-search record in German ----------------------------------------------


def test_the_plan_report_in_german_with_german_dates(personal):
    ws = open_workspace("personal", personal)
    fill(ws)
    tables = {t: ws.all(t) for t in ws.tables()}
    with i18n.use("de"):
        report = exports.plan_report(tables, today())
        plain = exports.plan_text(tables, today())
    assert '<html lang="de">' in report
    assert "<h1>Mein Rebound-Plan</h1>" in report
    # one date format, the locale's long date (i18n.format_date's "long")
    assert "Erstellt mit Rebound am 12. März 2026." in report
    due = i18n_date("de", today() + dt.timedelta(days=21), "long")
    assert due.startswith("2. Apr") and due.endswith(" 2026")
    for heading in ("Richtung", "Nächste Schritte", "Wenn-dann-Pläne", "Erfolge", "Der Weg bis hierher"):
        assert f"<h2>{heading}</h2>" in report, heading
    assert f"Call Sam (bis {due})" in report
    assert (
        "Wenn <strong>I open the laptop</strong>, dann <strong>I send one application</strong> (3-mal pro Woche)"
        in (report)
    )
    assert f"{i18n_date('de', today() - dt.timedelta(days=10), 'long')}: Finished the portfolio" in report
    assert "1 Bewerbung, die nicht geklappt hat, und ich bin drangeblieben." in report
    assert "Langfristiges Ziel: " in plain and "MEIN REBOUND-PLAN" in plain
    assert "March" not in report and "Next steps" not in report


def test_the_job_search_record_in_german(personal):
    ws = open_workspace("personal", personal)
    fill(ws)
    start = today() - dt.timedelta(days=30)
    with i18n.use("de"):
        rec = job_record.build(ws.all("applications"), ws.all("activities"), start, today(), today(), weeks=4)
        page, sheet = job_record.to_html(rec), job_record.to_csv(rec).decode("utf-8-sig")
    assert "<h1>Nachweis der Jobsuche</h1>" in page
    assert f"{i18n_date('de', start, 'long')} bis 12. März 2026" in page
    assert "<td>12. März 2026</td>" in page  # the page writes dates as the locale does
    header, *rows = list(csv.reader(io.StringIO(sheet)))
    assert header[:3] == ["Art", "Datum", "Unternehmen"]
    assert rows[0][0] == "Bewerbung" and rows[0][1] == today().isoformat()  # ISO dates in the CSV


# --- the import's messages in German -------------------------------------------------------------------


def test_the_import_explains_its_rows_in_german(personal):
    at = open_in("de")
    sheet = "Firma,Position,Datum\nContoso,Office Manager,31/02/2026\n,Clerk,2026-03-01\nFabrikam,Analyst,2026-03-02\n"
    uploader(at, "import_file_").set_value(("liste.csv", sheet.encode(), "text/csv")).run()
    assert not at.exception, at.exception
    lines = [t.value for t in at.text]
    assert (
        "• Zeile 2 (Contoso · Office Manager): Bewerbungsdatum „31/02/2026“ kann nicht als Datum gelesen werden."
        in lines
    )
    assert "• Zeile 3 (Clerk): Das Unternehmen fehlt." in lines
    assert any(c.value.startswith("3 Zeilen unter der Kopfzeile.") for c in at.caption)
    assert [b.label for b in at.button if b.key and b.key.startswith("imp_apply_")] == [
        "Diese Zeilen überspringen und den Rest importieren (1)"
    ]


# --- en_XA: every string of this area is marked -------------------------------------------------------


def _unmarked(at: AppTest, allowed: set[str]) -> list[str]:
    return [s for s in pseudo.unwrapped(pseudo.visible_strings(at), allowed) if s not in OTHER_AREAS]


def test_every_string_on_my_data_is_marked(personal):
    ws = open_workspace("personal", personal)
    fill(ws)
    allowed = pseudo.user_texts(ws.export())
    at = open_in("en_XA")
    assert not _unmarked(at, allowed)
    # a backup that cannot be restored, then one that can
    uploader(at, "restore_file_").set_value(("b.json", b"{}", "application/json")).run()
    assert not _unmarked(at, allowed)
    good = json.dumps(
        {"format": "rebound", "version": 2, "tables": {"wins": [{"id": "w9", "date": "2026-03-01", "text": "x"}]}}
    )
    uploader(at, "restore_file_").set_value(("b.json", good.encode(), "application/json")).run()
    assert not _unmarked(at, allowed)
    at.radio(key="restore_mode").set_value("replace").run()
    assert not _unmarked(at, allowed)
    # an import with rows that cannot be imported
    sheet = "Company,Role,Date applied\nContoso,Office Manager,31/02/2026\nFabrikam,Analyst,2026-03-02\n"
    uploader(at, "import_file_").set_value(("t.csv", sheet.encode(), "text/csv")).run()
    in_file = {"Company", "Role", "Date applied", "Contoso", "Office Manager", "Fabrikam", "Analyst", "31/02/2026"}
    allowed |= in_file  # the file's own header and cells stay as they are
    assert not _unmarked(at, allowed)
    # the job-search record's error
    at.date_input(key="record_from").set_value(today() + dt.timedelta(days=1)).run()
    assert at.error and not _unmarked(at, allowed)


def test_the_reports_in_en_xa_are_all_marked(personal):
    ws = open_workspace("personal", personal)
    fill(ws)
    tables = {t: ws.all(t) for t in ws.tables()}
    allowed = pseudo.user_texts(ws.export())
    with i18n.use("en_XA"):
        plain = exports.plan_text(tables, today())
        rec = job_record.build(ws.all("applications"), ws.all("activities"), today(), today(), today(), weeks=4)
        page = job_record.to_html(rec)
    assert not pseudo.unwrapped(plain.splitlines(), allowed | {"Finished the portfolio", "I open the laptop"})
    body = page.split("<main>", 1)[1]
    words = [w for w in re.sub(r"<[^>]+>", "\n", body).splitlines() if w.strip()]
    assert not [w for w in pseudo.unwrapped(words, allowed) if w not in OTHER_AREAS]


def test_the_private_link_section_is_marked(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_MODE", "shared")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[PICKED] = "en_XA"
    at.run()
    token = at.query_params["w"][0] if isinstance(at.query_params["w"], list) else at.query_params["w"]
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    link = at.code[0].value
    assert token in link
    assert not _unmarked(at, {link})
    at.text_input(key="paste_link").set_value("https://rebound.example/?w=personal")
    [b for b in at.button if b.proto.is_form_submitter][0].click().run()
    assert any("material/error" in m.value for m in at.markdown)  # "That does not look like a … link"
    assert not _unmarked(at, {link, "https://rebound.example/?w=personal"})
