"""rebound.i18n: choosing a language, translating per session (never process-wide), Babel formats."""

from __future__ import annotations

import datetime as dt
import gettext
import threading

import pytest

from rebound import i18n
from rebound.i18n import _, ngettext
from tools.catalogues import pseudo_text

DAY = dt.date(2026, 3, 3)


def test_the_browser_locale_picks_a_shipped_language_or_english():
    assert i18n.choose(None, None, None, "de-DE") == "de_DE"
    assert i18n.choose(None, None, None, "es-419") == "es_419"  # Latin American Spanish: Spanish, its own formats
    assert i18n.choose(None, None, None, "de-XY") == "de"  # a region Babel does not know: the language
    assert i18n.choose(None, None, None, "fr-FR") == "en"
    assert i18n.choose("es", None, None, "de-DE") == "es"  # the person's pick wins
    assert i18n.choose(None, "de", "es", "en-US") == "de"  # then the profile, then the room
    assert i18n.choose(None, None, "es", "en-US") == "es"
    assert i18n.choose(None, None, None, None) == "en"
    assert i18n.choose(None, None, None, "en-XA") == i18n.PSEUDO


def test_a_region_only_refines_the_chosen_language():
    assert i18n.refine("de", "de-AT") == "de_AT"
    assert i18n.refine("de", "es-ES") == "de"
    assert i18n.refine("es", None) == "es"


def test_the_shipped_languages_are_english_spanish_and_german_in_their_own_words():
    assert {"en": "English", "es": "Español", "de": "Deutsch"}.items() <= i18n.languages().items()
    assert i18n.PSEUDO not in i18n.languages()


def test_translation_follows_the_block_and_never_the_process():
    assert i18n.current() == "en"
    with i18n.use("de"):
        assert _("Please fill this in.") == "Bitte fülle das aus."
        with i18n.use("es"):
            assert i18n.current() == "es"
        assert i18n.current() == "de"
    assert _("Please fill this in.") == "Please fill this in."
    # gettext.install() would put a process-wide _ in builtins: Rebound never does.
    assert "_" not in __builtins__ if isinstance(__builtins__, dict) else not hasattr(__builtins__, "_")


def test_two_sessions_at_once_keep_their_own_language():
    """Sessions are threads of one process: each sees only its own language."""
    seen: dict[str, list[str]] = {"de": [], "es": []}
    barrier = threading.Barrier(2)

    def session(lang: str) -> None:
        with i18n.use(lang):
            barrier.wait()
            for _i in range(200):
                seen[lang].append(i18n.current())

    threads = [threading.Thread(target=session, args=(lang,)) for lang in seen]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(seen["de"]) == {"de"} and set(seen["es"]) == {"es"}


def test_the_resolver_gives_the_language_outside_a_block(monkeypatch):
    monkeypatch.setattr(i18n, "_resolver", lambda: "es_ES")
    assert i18n.current() == "es" and i18n.current_locale() == "es_ES"
    with i18n.use("de"):
        assert i18n.current() == "de"


def test_placeholders_are_filled_after_translating_and_plurals_follow_the_language():
    assert _("Up to {cap} characters.", cap="5,000") == "Up to 5,000 characters."
    assert ngettext("Please keep this to {n} item or fewer.", "Please keep this to {n} items or fewer.", 1).endswith(
        "1 item or fewer."
    )
    with i18n.use(i18n.PSEUDO):
        text = _("Up to {cap} characters.", cap="5,000")
        assert text.startswith("⟦") and "5,000" in text


def test_english_dates_keep_the_house_style_and_others_use_their_locale():
    assert i18n.format_date(DAY) == "3 Mar 2026"
    assert i18n.format_date(DAY, "long") == "3 March 2026"
    assert i18n.format_date(DAY, "day_month") == "3 Mar"
    with i18n.use("de"):
        assert i18n.format_date(DAY) == "3. März 2026"
        assert i18n.format_date(DAY, "month") == "März 2026"
        assert i18n.format_date(DAY, "long") == "3. März 2026"
        assert i18n.format_date(dt.date(2026, 4, 2), "long") == "2. April 2026"  # never "2. Apr. 2026"
        assert i18n.format_date(DAY, "weekday") == "Dienstag, 3. März"
    with i18n.use("es"):
        assert i18n.format_date(DAY, "long") == "3 de marzo de 2026"
        assert i18n.format_date(DAY, "weekday") == "martes, 3 de marzo"
    with i18n.use(i18n.PSEUDO):
        assert i18n.format_date(DAY) == "3 Mar 2026"


def test_date_inputs_take_dates_in_the_order_of_the_locale():
    assert i18n.date_input_format() == "YYYY/MM/DD"
    with i18n.use("de"):
        assert i18n.date_input_format() == "DD.MM.YYYY"
    with i18n.use("es"):
        assert i18n.date_input_format() == "DD/MM/YYYY"


def test_numbers_lists_weeks_and_plotly_separators_follow_the_locale():
    assert i18n.format_number(1234.5) == "1,234.5"
    assert i18n.plotly_separators() == ".,"
    assert i18n.format_list(["a", "b", "c"]) == "a, b and c"  # the house style: no serial comma
    with i18n.use("de"):
        assert i18n.format_number(1234.5) == "1.234,5"
        assert i18n.format_number(2, decimals=1) == "2,0"
        assert i18n.format_list(["a", "b", "c"]) == "a, b und c"
        assert i18n.plotly_separators() == ",."
        assert i18n.first_weekday() == 0  # Monday
    with i18n.use("en_US"):
        assert i18n.first_weekday() == 6  # Sunday
    with i18n.use("es"):
        assert i18n.format_percent(0.425) == "42\u00a0%"
        assert i18n.format_percent(0.425, decimals=1) == "42,5\u00a0%"
    assert i18n.format_percent(0.425, decimals=1) == "42.5%"


def test_a_language_without_a_catalogue_reads_as_english():
    assert isinstance(i18n.translations("en"), gettext.NullTranslations)
    assert i18n.normalize("xx") is None


@pytest.mark.parametrize(
    "text",
    ["Up to {cap} characters.", "**Saved.** Well done", ":material/home: Home", "50\\% off", "{n} days"],
)
def test_the_pseudo_locale_wraps_and_accents_but_keeps_placeholders_icons_and_escapes(text):
    out = pseudo_text(text)
    assert out.startswith("⟦") and out.endswith("⟧")
    for kept in ("{cap}", "{n}", ":material/home:", "**", "\\%"):
        if kept in text:
            assert kept in out
    rest = out
    for kept in ("{cap}", "{n}", ":material/home:"):
        rest = rest.replace(kept, "")
    assert not any(c.isascii() and c.isalpha() for c in rest)  # every other letter accented
