"""The Workshop page and the attendee's workshop texts in German, Spanish and the pseudo-locale.

German and Spanish: real translations, counts with the language's plural, the release's date in the
locale's format. ``[workshop] language`` opens an attendee's pages in the room's language, while
their own pick in the sidebar wins and is kept in their profile. ``en_XA``: nothing on the Workshop
page (key form, facilitator view, a release, the confirmations, the presenter view) or in an
attendee's join notices is an unmarked string.
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from components.language import PICKED
from rebound import access, content, i18n, journal
from rebound.storage import open_workspace
from rebound.text import md_escape
from tests import pseudo
from tests.apptest.conftest import APP, button, open_page, texts
from tests.apptest.test_workshop import (
    FACILITATOR,
    JOIN,
    KEY,
    NAME,
    journal_of,
    released,
    room_with,
    token_of,
)

DAY = dt.date(2026, 3, 2)
PICKER = "_rebound_language_picker"


@pytest.fixture
def room(data_dir, monkeypatch):
    """A shared deployment with a workshop (as tests/apptest/test_workshop.py sets it up), no room language."""
    monkeypatch.setenv("REBOUND_MODE", "shared")
    monkeypatch.setenv("REBOUND_WORKSHOP_NAME", NAME)
    monkeypatch.setenv("REBOUND_WORKSHOP_JOIN_CODE", JOIN)
    monkeypatch.setenv("REBOUND_WORKSHOP_FACILITATOR_KEY", KEY)
    monkeypatch.setenv("REBOUND_EPHEMERAL", "false")
    for name in ("REBOUND_PUBLIC_URL", "REBOUND_CONTENT_DIR", "REBOUND_WORKSHOP_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    return data_dir


def open_in(language: str | None, page: str | None = None, **query) -> AppTest:
    return open_page(page, language, **query)


def facilitator_in(language: str) -> AppTest:
    at = open_in(language, FACILITATOR)
    at.text_input(key="facilitator_key_input").input(KEY)
    [b for b in at.button if b.proto.is_form_submitter][0].click().run()
    assert not at.exception, at.exception
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# --- German and Spanish ----------------------------------------------------------------------------

WORDS = {
    "de": {
        "header": "Den Raum einladen",
        "numbers": "Der Raum in Zahlen",
        "budget": "Privatsphäre-Budget (ε)",
        "releases": "Verbleibende Freigaben",
        "one": "Bisher ist 1 Person beigetreten",
        "many": "Bisher sind 30 Personen beigetreten",
        "joined": "**30** Personen sind beigetreten.",
        "sharing": "Etwa **30** Personen teilen Zahlen.",
        "taken": "Freigabe 1, erstellt am 4. Mai 2026.",
        "mood": "Stimmung besser",
        "release": "Zahlen des Raums jetzt freigeben (verbraucht ε = 2)",
        "language": "Sprache",
    },
    "es": {
        "header": "Invita a la sala",
        "numbers": "La sala, en cifras",
        "budget": "Presupuesto de privacidad (ε)",
        "releases": "Publicaciones restantes",
        "one": "Hasta ahora se ha unido 1 persona",
        "many": "Hasta ahora se han unido 30 personas",
        "joined": "**30** personas se han unido.",
        "sharing": "Aproximadamente **30** personas comparten números.",
        "taken": "Publicación 1, hecha el 4 may 2026.",
        "mood": "Ánimo mejor",
        "release": "Publicar ahora las cifras de la sala (gasta ε = 2)",
        "language": "Idioma",
    },
}


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_facilitator_view_is_translated_with_plurals_and_the_locales_date(room, language):
    words = WORDS[language]
    room_with(room, 30)
    released(room, {"sharing": 30, "mood:better": 20})
    at = facilitator_in(language)
    page = texts(at)
    assert words["header"] in [h.value for h in at.header] and words["numbers"] in [h.value for h in at.header]
    assert words["many"] in page and words["joined"] in page and words["sharing"] in page
    assert words["taken"] in page  # the release's date as the locale writes it, not 2026-05-04
    shown = metrics(at)
    assert shown[words["budget"]] == "4" and shown[words["releases"]] == "1"
    assert shown[words["mood"]].split()[-1] == "20"
    assert [b for b in at.button if b.label == words["release"]]
    assert at.sidebar.selectbox(key=PICKER).label == words["language"]
    assert "Invite the room" not in page and "The room, in numbers" not in page


@pytest.mark.parametrize("language", ["de", "es"])
def test_one_person_is_counted_in_the_singular(room, language):
    room_with(room, 1)
    at = facilitator_in(language)
    assert WORDS[language]["one"] in texts(at)


def test_a_wrong_key_waits_in_words_of_the_language(room):
    at = open_in("de", FACILITATOR)
    at.text_input(key="facilitator_key_input").input("not the facilitator key")
    [b for b in at.button if b.proto.is_form_submitter][0].click().run()
    (error,) = at.error
    assert error.value.startswith("Dieser Schlüssel passt nicht. Prüfe ihn.")
    assert "Sekunde" in error.value  # "in 1 Sekunde" / "in 2 Sekunden": the plural of the wait


# --- the room's language ----------------------------------------------------------------------------


def test_the_rooms_language_opens_an_attendees_page_but_their_own_pick_wins_and_is_kept(room, monkeypatch):
    monkeypatch.setenv("REBOUND_WORKSHOP_LANGUAGE", "de")
    at = open_in(None, join=JOIN)
    assert f"Du bist {NAME} beigetreten." in texts(at)  # the room's language, not the browser's English
    picker = at.sidebar.selectbox(key=PICKER)
    assert picker.value == "de" and picker.label == "Sprache"
    picker.set_value("es").run()  # the attendee picks Spanish
    assert not at.exception, at.exception
    assert at.sidebar.selectbox(key=PICKER).label == "Idioma"
    assert "Tu diario sigue siendo privado" in texts(at)
    assert journal.profile(journal_of(at, room))["language"] == "es"  # kept in the profile
    # Another visit (a new session with the same private link): their pick beats the room's language.
    again = open_in(None, w=token_of(at))
    assert f"Formas parte de {NAME}." in texts(again)
    assert again.sidebar.selectbox(key=PICKER).value == "es"


def test_the_workshop_page_says_which_language_the_room_opens_in(room, monkeypatch):
    monkeypatch.setenv("REBOUND_WORKSHOP_LANGUAGE", "de")
    at = facilitator_in("en")  # the facilitator reads English; the room opens in German
    said = "The room's pages open in **Deutsch**. Anyone can pick another language in the sidebar."
    assert said in texts(at)
    button(at, "Presenter view").click().run()
    assert said in texts(at)  # on the projector too, for the room to read


def test_without_a_room_language_the_page_says_each_browser_decides(room):
    at = facilitator_in("es")
    assert "Las páginas de la sala se abren en el idioma del navegador de cada persona." in texts(at)


# --- the pseudo-locale --------------------------------------------------------------------------------

ALLOWED = {NAME, "Español", "en_XA", "—"}  # the room's name, language names, the picker's pseudo option


def pseudo_of(english: str) -> str:
    with i18n.use(i18n.PSEUDO):
        return i18n._(english)


def unwrapped(at: AppTest, *extra: str) -> list[str]:
    return pseudo.unwrapped(pseudo.visible_strings(at), ALLOWED | set(extra))


def test_every_string_of_the_workshop_page_is_marked(room):
    room_with(room, 30, activities={"networking": 4})
    released(
        room,
        {"sharing": 30, "mood:better": 25, "activity:networking": 28, "theme:" + content.theme_ids()[0]: 28},
    )
    at = open_in("en_XA", FACILITATOR)
    assert not unwrapped(at), "key form"
    at.text_input(key="facilitator_key_input").input("not the facilitator key")
    [b for b in at.button if b.proto.is_form_submitter][0].click().run()
    assert at.error and not unwrapped(at), "a wrong key"
    at = facilitator_in("en_XA")
    link = next(c.value for c in at.code)
    assert not unwrapped(at, link), "facilitator view with a release"
    [b for b in at.button if b.key == "room_release"][0].click().run()  # the last release the budget allows
    assert not unwrapped(at, link), "after a release"
    for action in ("End this workshop", "Start a new workshop (new code)"):  # each asks first
        button(at, pseudo_of(action)).click().run()
        assert at.warning and not unwrapped(at, link), action
    button(at, pseudo_of("Yes, start a new one")).click().run()
    assert not at.exception and not unwrapped(at, next(c.value for c in at.code)), "a new room"
    button(at, pseudo_of("Presenter view")).click().run()
    presenter = [m.value for m in at.markdown if "join=" in m.value]
    assert at.metric and not unwrapped(at, *presenter), "presenter view"


def test_every_workshop_string_an_attendee_sees_is_marked(room):
    # The Home page's own strings are another page's; what joining adds must be wrapped.
    baseline = set(unwrapped(open_in("en_XA")))
    at = open_in("en_XA", join=JOIN)
    assert [b for b in at.button if b.key == "_link_saved_ok"]  # the save-link step is on the page
    link = next(c.value for c in at.code)
    assert not set(unwrapped(at, link)) - baseline
    again = open_in("en_XA", w=token_of(at), join="not-the-code")  # a wrong code, in the same journal
    assert again.warning and not set(unwrapped(again)) - baseline


def test_every_string_of_the_journal_choices_is_marked(room):
    # A join link carrying someone's private link, then one's own journal with entries: both ask first.
    mine = access.new_token()
    journal.save_profile(open_workspace(access.link_key(mine), room), {"long_term_goal": "mine"}, DAY)
    at = open_in("en_XA", join=JOIN, w=mine)
    assert [t.value for t in at.title] == [pseudo_of("This is not your journal")]
    assert not unwrapped(at), "a join link with a private link"
    button(at, pseudo_of("Switch to this one")).click().run()
    home = set(unwrapped(open_in("en_XA")))  # the Home page's own strings are another page's
    assert [b for b in at.button if b.key == "_join_with_mine"], "join with this journal?"
    assert not set(unwrapped(at, "mine")) - home, "join with this journal?"
    # A link to another journal than this tab's.
    tab = open_in("en_XA")
    journal.save_profile(journal_of(tab, room), {"name": "Me"}, DAY)
    tab.query_params["w"] = mine
    tab.run()
    assert tab.warning and not unwrapped(tab), "a link to a different journal"
    # A link that is not a private link at all.
    bad = open_in("en_XA", w="not-a-token")
    assert bad.info and not set(unwrapped(bad)) - home, "a malformed link"


# --- logging in -------------------------------------------------------------------------------------

DEAD = "http://127.0.0.1:9/.well-known/openid-configuration"  # nothing listens on the discard port


@pytest.fixture
def logins(data_dir, monkeypatch):
    from components import login

    monkeypatch.setenv("REBOUND_MODE", "shared")
    for name in ("REBOUND_STORAGE_SECRET", "REBOUND_PRIVATE_LINKS", "REBOUND_WORKSHOP_JOIN_CODE"):
        monkeypatch.delenv(name, raising=False)
    login._unreachable.clear()
    return {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "cookie-secret-for-tests",
        "microsoft": {"client_id": "rebound", "client_secret": "s3cret", "server_metadata_url": DEAD},
        "google": {"client_id": "rebound", "client_secret": "s3cret"},  # no server_metadata_url
    }


def login_page(language: str, section: dict, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets = {"auth": section}
    if user is not None:
        at.user = user
    at.session_state[PICKED] = language
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_login_page_speaks_german_and_spanish(logins):
    at = login_page("de", logins)
    page = texts(at)
    assert [t.value for t in at.title] == ["Willkommen bei Rebound"]
    assert "Die Anmeldung mit Microsoft ist gerade nicht möglich" in page
    assert "Die Anmeldung ist bei diesem Rebound nicht vollständig eingerichtet." in page
    said = "Für alle, die dieses Rebound betreiben: In [auth] / [auth.google] fehlt: server_metadata_url."
    assert md_escape(said) in [c.value for c in at.caption]  # the details for whoever runs it, in German too
    at = login_page("es", logins)
    assert [t.value for t in at.title] == ["Te damos la bienvenida a Rebound"]
    assert "Ahora mismo no se puede iniciar sesión con Microsoft" in texts(at)


def test_who_is_logged_in_is_said_in_the_language(logins):
    user = {"is_logged_in": True, "iss": "https://issuer.example", "sub": "subject-42", "name": "Ada"}
    at = login_page("de", {"redirect_uri": logins["redirect_uri"], "cookie_secret": "c"}, user)
    assert "Angemeldet als **Ada**" in "\n".join(m.value for m in at.sidebar.markdown)
    assert [b for b in at.sidebar.button if b.label == "Abmelden"]


def test_every_string_of_the_login_page_is_marked(logins):
    at = login_page("en_XA", logins)
    assert at.warning and not unwrapped(at, "Microsoft", "Google", DEAD, "Connection refused", "Errno")


# --- the cookie routes' refusal (no session there: the browser's Accept-Language) --------------------


@pytest.mark.parametrize(
    ("accept", "said"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", "Diese Anfrage kam nicht von einer Rebound-Seite"),
        ("fr-FR, es;q=0.7", "Esta solicitud no venía de una página de Rebound"),
        ("ja-JP", "This request did not come from a Rebound page"),
        ("", "This request did not come from a Rebound page"),
    ],
)
def test_a_refused_cookie_request_is_said_in_the_browsers_language(accept, said):
    from components import device_routes
    from tests.unit.test_remember_routes import TOKEN, post

    res = post(
        device_routes.remember_journal,
        {"token": TOKEN, "page": ""},
        origin="https://evil.example",
        accept_language=accept,
    )
    assert res.status_code == 403 and res.body.decode().startswith(said)
