"""Choosing the language in real Chromium, on a real ``streamlit run serve.py`` in shared mode.

A browser whose language is German (``locale="de-DE"``: ``st.context.locale``) opens Rebound in
German. Picking "Español" in the sidebar switches the page to Spanish at once, and the pick is kept
in the journal's profile: a reload (a new Streamlit session, the same journal through the private
link in the address, as the other e2e tests reopen a journal) and another browser, still German,
opening the same link both show Spanish.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rebound import access, journal
from rebound.storage import open_workspace
from tests.e2e.conftest import choose, goto, launch_server, query, wait_for_app

GERMAN = {"language": "Sprache", "home": "Start", "footer": "Rebound ist ein Werkzeug zum Selbstcoaching"}
SPANISH = {"language": "Idioma", "home": "Inicio", "footer": "Rebound es una herramienta de autocoaching"}


@pytest.fixture(scope="module")
def server(_playwright, tmp_path_factory):
    with launch_server("shared", tmp_path_factory.mktemp("language_data")) as server:
        yield server


def assert_drawn_in(page, words: dict[str, str], other: dict[str, str]) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_label(words["language"], exact=True)).to_be_visible()
    expect(sidebar.get_by_text(words["footer"])).to_be_visible()
    expect(sidebar.get_by_text(words["home"], exact=True).first).to_be_visible()
    expect(sidebar.get_by_label(other["language"], exact=True)).to_have_count(0)
    expect(sidebar.get_by_text(other["footer"])).to_have_count(0)


def test_a_german_browser_opens_in_german_and_a_spanish_pick_is_kept(server, new_page):
    page = new_page(locale="de-DE")
    goto(page, server.url("/"))
    assert_drawn_in(page, GERMAN, SPANISH)  # the browser's language, nobody picked yet
    expect(page.get_by_test_id("stSidebar").get_by_label("Sprache", exact=True)).to_have_value("Deutsch")

    choose(page, "Sprache", "Español")
    wait_for_app(page)
    assert_drawn_in(page, SPANISH, GERMAN)  # at once, on the same page
    token = query(page)["w"]
    ws = open_workspace(access.link_key(token), server.data_dir)
    assert journal.profile(ws)["language"] == "es"  # kept in the journal's profile

    page.reload(wait_until="domcontentloaded")  # a new session: only the link in the address is left
    wait_for_app(page)
    assert query(page)["w"] == token
    assert_drawn_in(page, SPANISH, GERMAN)  # the profile's pick beats the German browser

    elsewhere = new_page(locale="de-DE")  # another German browser with the same private link
    goto(elsewhere, server.url("/", w=token))
    assert_drawn_in(elsewhere, SPANISH, GERMAN)
    expect(elsewhere.get_by_test_id("stSidebar").get_by_label("Idioma", exact=True)).to_have_value("Español")


def test_without_a_pick_a_spanish_browser_gets_spanish_and_an_unknown_language_english(server, new_page):
    spanish = new_page(locale="es-MX")
    goto(spanish, server.url("/"))
    assert_drawn_in(spanish, SPANISH, GERMAN)
    japanese = new_page(locale="ja-JP")  # not a language of ours: English
    goto(japanese, server.url("/"))
    expect(japanese.get_by_test_id("stSidebar").get_by_label("Language", exact=True)).to_be_visible()
