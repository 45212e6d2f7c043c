"""Rebound in the browser's language, in real Chromium.

- ``en-XA`` (the pseudo-locale): every page of an empty journal, every tab, every form sent empty:
  no visible word, label, placeholder or chart text outside a wrapped ⟦ ⟧ string.
- ``es-ES`` and ``de-DE``: the journey (log a rejection, check in, reflect, a thought record,
  Progress, My data) drawn in Spanish and in German, with labels found in that language, and no
  English word on the way (tests/english.py) outside what the person typed.

Streamlit's own chrome cannot be translated in 1.67 (the file uploader's "Drag and drop", the
"Press Enter" hints, its menu, a heading's "Link to heading", a date field's day/month/year parts and
its "Choose date" button, a select's "Open" button, a number's "Clear value", an icon's "<name>
icon" label, the file uploader's "Upload"): those few elements are left out of the text read
here, by test id, with icons (a Material icon is drawn from its name as text).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rebound import i18n
from rebound.specs.reflect import REFLECTION
from rebound.specs.reframe import THOUGHT
from rebound.specs.understand import CHECKIN, REJECTION
from tests import english, pseudo
from tests.e2e.helpers import after, assert_no_serious_a11y, choose, goto, unique

PAGES = [
    "/",
    "/Understand",
    "/Reflect",
    "/Follow_up",
    "/Reframe",
    "/Support",
    "/Next_steps",
    "/Grow",
    "/Progress",
    "/My_data",
    "/Workshop",
]

# Visible text of the main area and the sidebar: text nodes and the labels people (and screen
# readers) get from attributes; Streamlit's untranslatable chrome is skipped by its test id.
_TEXTS_JS = """
() => {
  const SKIP = new Set(["stFileUploaderDropzoneInstructions", "InputInstructions", "stElementToolbar",
                        "stNumberInputStepDown", "stNumberInputStepUp", "stSidebarCollapseButton",
                        "stSidebarHeader", "stSidebarNav", "stTooltipIcon", "stTooltipHoverTarget",
                        "stIconMaterial", "stHeaderActionElements", "stAlertDynamicIcon", "stExpanderIcon",
                        "stDateInputField", "stFileUploaderDropzone", "stNumberInputClearButton"]);
  // A select's own open/clear buttons (their aria-labels are Streamlit's, in English).
  const controls = "[data-testid='stSelectbox'] button, [data-testid='stMultiSelect'] button";
  const skipped = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const id = e.getAttribute && e.getAttribute("data-testid");
      if ((id && SKIP.has(id)) || e.tagName === "STYLE" || e.tagName === "SCRIPT") return true;
      if (e.classList && e.classList.contains("modebar-container")) return true;
      // An icon in Markdown (":material/error:") is drawn from its name, labelled "<name> icon".
      if (e.getAttribute && / icon$/.test(e.getAttribute("aria-label") || "")) return true;
    }
    return false;
  };
  const out = [];
  const roots = ["[data-testid='stMain']", "[data-testid='stSidebar']"]
    .map((s) => document.querySelector(s)).filter(Boolean);
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      const el = n.parentElement;
      if (!text || !el || skipped(el)) continue;
      if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true})) continue;
      out.push(text);
    }
    for (const el of root.querySelectorAll("[aria-label], [placeholder], [title]")) {
      if (skipped(el) || el.matches(controls) || (el.checkVisibility && !el.checkVisibility())) continue;
      for (const name of ["aria-label", "placeholder", "title"]) {
        const value = el.getAttribute(name);
        if (value && value.trim()) out.push(value.trim());
      }
    }
  }
  return out;
}
"""
SUBMITS = "[data-testid='stFormSubmitButton'] button"
TABS = "[data-testid='stMain'] [role='tab']"


def visible_texts(page) -> list[str]:
    return page.evaluate(_TEXTS_JS)


def in_language(language: str):
    """``T("Company")``: the English source text as ``language`` shows it."""

    def translate(text: str, **values) -> str:
        with i18n.use(language):
            return i18n._(text, **values)

    return translate


# --- en-XA: every string wrapped ------------------------------------------------------------------


def _unwrapped_on(page, where: str, found: dict[str, list[str]]) -> None:
    plain = pseudo.unwrapped(visible_texts(page))
    if plain:
        found.setdefault(where, []).extend(plain)


def _sweep_page(page, server, path: str, found: dict[str, list[str]]) -> None:
    goto(page, server.url(path))
    tabs = page.locator(TABS)
    names = [tabs.nth(i).inner_text().strip() for i in range(tabs.count())] or [None]
    for name in names:
        if name is not None:
            after(page, page.locator(TABS).filter(has_text=name).first.click)
        where = f"{path} [{name}]" if name else path
        _unwrapped_on(page, where, found)
        submits = page.locator(SUBMITS)
        count = submits.count()
        for i in range(count):
            button = page.locator(SUBMITS).nth(i)
            if not button.is_visible():
                continue
            label = button.inner_text().strip()
            after(page, button.click)
            _unwrapped_on(page, f"{where}, {label!r} sent empty", found)


@pytest.fixture
def pseudo_page(new_page):
    return new_page(locale="en-XA")


def test_every_visible_string_is_marked_on_every_page_in_the_pseudo_locale(pseudo_page, start_server):
    server = start_server("personal")
    found: dict[str, list[str]] = {}
    for path in PAGES:
        _sweep_page(pseudo_page, server, path, found)
    report = "\n".join(f"  [{where}] {text!r}" for where, texts in found.items() for text in texts)
    assert not found, "strings never marked for translation, in Chromium:\n" + report


def test_negative_control_an_english_page_is_caught(page, start_server):
    server = start_server("personal")
    goto(page, server.url("/Understand"))  # the browser's own English: nothing is wrapped
    assert pseudo.unwrapped(visible_texts(page))


# --- es-ES and de-DE: the journey in the person's language ----------------------------------------


def _no_english(page, language: str, where: str, typed: list[str], found: dict[str, list[str]]) -> None:
    words = english.english_words("\n".join(visible_texts(page)), language, typed)
    if words:
        found[where] = words


def _type(root, label: str, text: str, typed: list[str]) -> None:
    box = root.get_by_label(label, exact=True)
    box.fill(text)
    box.blur()
    typed.append(text)


def _open_tab(page, name: str):
    after(page, page.get_by_role("tab", name=name, exact=True).click)
    return page.locator("[data-testid='stTabs'] [role='tabpanel']:visible")


def walk_the_journey(page, server, language: str) -> dict[str, list[str]]:
    T = in_language(language)  # noqa: N806 - reads like the _() it stands for
    typed: list[str] = []
    found: dict[str, list[str]] = {}

    # Understand: log a rejection, then a check-in
    goto(page, server.url("/Understand"))
    expect(page.get_by_role("button", name=T("Save rejection"), exact=True)).to_be_visible()
    _no_english(page, language, "Understand", typed, found)
    _type(page, T("Company"), unique("Firma"), typed)
    _type(page, T("Role"), "Analista", typed)
    choose(page, T("How far did you get?"), T("Interview"))
    after(page, page.get_by_role("button", name=T("Save rejection"), exact=True).click)
    expect(page.get_by_text(T(REJECTION.added))).to_be_visible()
    _no_english(page, language, "Understand, a rejection saved", typed, found)
    _type(page, T("Anything else on your mind? (optional)"), "Müde, aber okay", typed)
    after(page, page.get_by_role("button", name=T("Save check-in"), exact=True).click)
    expect(page.get_by_text(T(CHECKIN.added))).to_be_visible()
    _no_english(page, language, "Understand, a check-in saved", typed, found)

    # Reflect on it
    goto(page, server.url("/Reflect"))
    _type(page, T("What went well?"), "La presentación", typed)
    _type(page, T("What would you do differently?"), "Más ejemplos", typed)
    after(page, page.get_by_role("button", name=T("Save reflection"), exact=True).click)
    expect(page.get_by_text(T(REFLECTION.added))).to_be_visible()
    _no_english(page, language, "Reflect, saved", typed, found)

    # A thought record
    goto(page, server.url("/Reframe"))
    _type(page, T("1 · The situation"), "Absage nach der letzten Runde", typed)
    _type(page, T("2 · The thought that came up"), "Nunca lo conseguiré", typed)
    _type(page, T("How strong, 0–100, right now"), "80", typed)
    _type(page, T("7 · A more balanced thought"), "Estoy más cerca", typed)
    _type(page, T("9 · How strong is the feeling now, 0–100?"), "30", typed)
    after(page, page.get_by_role("button", name=T("Save thought record"), exact=True).click)
    expect(page.get_by_text(T(THOUGHT.added))).to_be_visible()
    _no_english(page, language, "Reframe, saved", typed, found)

    # Progress (charts: titles, ticks, hover text) and My data
    goto(page, server.url("/Progress"))
    _no_english(page, language, "Progress", typed, found)
    if language == "de":
        assert_no_serious_a11y(page, "on Progress in German")
    goto(page, server.url("/My_data"))
    _no_english(page, language, "My data", typed, found)
    return found


@pytest.mark.parametrize("locale", ["es-ES", "de-DE"])
def test_the_journey_in_the_browsers_language_shows_no_english(new_page, start_server, locale):
    language = i18n.language_of(i18n.normalize(locale))
    page = new_page(locale=locale)
    found = walk_the_journey(page, start_server("personal"), language)
    report = "\n".join(f"  [{where}] {words}" for where, words in found.items())
    assert not found, f"English words on the journey in {locale}:\n{report}"


def test_negative_control_english_words_on_a_german_page_are_caught():
    assert english.english_words("Speichern · Save rejection", "de") == ["Save", "rejection"]
    assert english.english_words("Gespeichert. Firma Acme", "de", typed=["Firma Acme"]) == []
