"""The person's language: gettext catalogues (Babel) and Babel's dates and numbers, per session.

Every user-visible string in Rebound is English source text marked for translation:

- ``_("Saved.")`` translates now, in the current language; ``_("{n} days", n=3)`` fills named
  placeholders after translating (translators move them freely);
- ``ngettext("{n} record", "{n} records", n)`` picks the plural form of the language (``n`` is
  passed to the placeholders unless given);
- ``N_("Company")`` only marks a string that is translated later, where it is shown: declared forms
  (``rebound.specs``), option labels and other module-level constants are built once per process,
  so they must not be translated when imported.

The catalogues are ``rebound/locale/<lang>/LC_MESSAGES/rebound.po`` (committed with their compiled
``.mo``); ``python -m tools.catalogues`` extracts, updates, compiles and adds languages.

Why not ``gettext.install()``: it sets one language for the whole process, and Streamlit runs every
session's script in a thread of the same process. The language is the *current session's*: the
app registers a resolver (``components.language``) that reads it from the session, and
``use(lang)`` overrides it for a block (a draft in another language, a test). No Streamlit here.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import gettext as _gettext
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel import dates as _dates
from babel import lists as _lists
from babel import numbers as _numbers

DOMAIN = "rebound"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE = "en"
PSEUDO = "en_XA"  # every string wrapped and accented (tools/catalogues.py pseudo): finds unmarked text

_override: contextvars.ContextVar[str | None] = contextvars.ContextVar("rebound_language", default=None)
_resolver: Callable[[], str | None] = lambda: None  # noqa: E731 - replaced by the app


def set_resolver(resolver: Callable[[], str | None]) -> None:
    """Where the current locale comes from outside ``use`` blocks (the app: the session's choice)."""
    global _resolver
    _resolver = resolver


def current_locale() -> str:
    """The current locale, e.g. ``de`` or ``de_AT`` (a region only refines dates and numbers)."""
    return _override.get() or _resolver() or SOURCE


def current() -> str:
    """The current language: a key of ``languages()`` or ``PSEUDO``."""
    return language_of(current_locale())


@contextlib.contextmanager
def use(locale: str | None) -> Iterator[None]:
    """Translate and format in ``locale`` inside the block (None: no change)."""
    if not locale:
        yield
        return
    token = _override.set(normalize(locale) or SOURCE)
    try:
        yield
    finally:
        _override.reset(token)


# --- choosing ------------------------------------------------------------------------------------


@functools.cache
def languages() -> dict[str, str]:
    """The languages a person can pick (English and every compiled catalogue), each in its own words."""
    found = (
        sorted(
            p.name for p in LOCALE_DIR.iterdir() if p.name != PSEUDO and (p / "LC_MESSAGES" / f"{DOMAIN}.mo").exists()
        )
        if LOCALE_DIR.is_dir()
        else []
    )
    codes = [SOURCE] + [c for c in found if c != SOURCE]
    return {code: Locale.parse(code).get_display_name(code).capitalize() for code in codes}


def normalize(code: str | None) -> str | None:
    """``"de-AT"`` → ``"de_AT"``, ``"ES"`` → ``"es"``, ``"en-XA"`` → ``"en_XA"``; None when no language of ours."""
    if not code or not isinstance(code, str):
        return None
    parts = code.replace("-", "_").split("_")
    lang = parts[0].lower()
    region = parts[1].upper() if len(parts) > 1 and parts[1] else ""
    if lang == "en" and region == "XA":
        return PSEUDO
    if lang not in languages():
        return None
    return f"{lang}_{region}" if region and _known(f"{lang}_{region}") else lang


def language_of(locale: str) -> str:
    return PSEUDO if locale == PSEUDO else locale.split("_")[0]


@functools.cache
def _known(locale: str) -> bool:
    try:
        Locale.parse(locale)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def choose(*candidates: str | None) -> str:
    """The first candidate that is a language of ours (as a locale), else English.

    The app passes, in order: the person's choice in this session, their profile's, the workshop's,
    the browser's.
    """
    for candidate in candidates:
        locale = normalize(candidate)
        if locale:
            return locale
    return SOURCE


def refine(language: str, browser: str | None) -> str:
    """``language`` with the browser's region when the browser speaks it (de + de-AT → de_AT)."""
    hint = normalize(browser)
    return hint if hint and language_of(hint) == language else language


# --- translating ---------------------------------------------------------------------------------


@functools.cache
def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``language`` (English, and a language without one, translate to themselves)."""
    if language == SOURCE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def _(message: str, /, **values: object) -> str:
    text = translations(current()).gettext(message)
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    text = translations(current()).ngettext(singular, plural, n)
    return text.format(**({"n": n} | values))


def pgettext(context: str, message: str, /, **values: object) -> str:
    """A short word whose meaning depends on where it stands (``pgettext("month", "May")``)."""
    text = translations(current()).pgettext(context, message)
    return text.format(**values) if values else text


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for "mark, translate later"
    return message


gettext = _


# --- dates and numbers ---------------------------------------------------------------------------

# English keeps Rebound's own day-month-year style; other languages use their locale's skeletons.
_ENGLISH = {"date": "d MMM y", "long": "d MMMM y", "day_month": "d MMM", "month": "MMM y", "weekday": "EEEE d MMMM"}
_SKELETONS = {"date": "yMMMd", "long": "yMMMMd", "day_month": "MMMd", "month": "yMMM", "weekday": "MMMMEEEEd"}


def babel_locale() -> Locale:
    """The Babel locale for dates and numbers (the pseudo-locale formats as English)."""
    return _babel_locale(current_locale())


@functools.cache
def _babel_locale(locale: str) -> Locale:
    return Locale.parse(SOURCE if locale == PSEUDO else locale)


def format_date(day: dt.date, form: str = "date") -> str:
    """``day`` in the current locale: ``date`` (3 Mar 2026 · 3. März 2026), ``long``, ``day_month``,
    ``month`` or ``weekday``."""
    loc = babel_locale()
    return _dates.format_date(day, _date_pattern(str(loc), form), locale=loc)


@functools.cache
def _date_pattern(locale: str, form: str) -> str:
    """The pattern of ``form`` in ``locale``, worked out once (matching a skeleton costs more than
    formatting the date)."""
    loc = Locale.parse(locale)
    if loc.language == SOURCE:
        return _ENGLISH[form]
    if form == "long":  # the skeleton match abbreviates the month in some locales (de: "2. Apr. 2026")
        return loc.date_formats["long"].pattern
    if form == "weekday":  # the locale's full date without its year: "Donnerstag, 2. April"
        return _without_year(loc.date_formats["full"].pattern)
    skeleton = _SKELETONS[form]
    if skeleton not in loc.datetime_skeletons:
        skeleton = _dates.match_skeleton(skeleton, loc.datetime_skeletons)
    return loc.datetime_skeletons[skeleton].pattern


def _without_year(pattern: str) -> str:
    return re.sub(r"\s*(,|'de')?\s*y+\s*$", "", pattern)


def format_number(value: float | int, decimals: int | None = None) -> str:
    """A number with the locale's separators (1,234.5 · 1.234,5); ``decimals`` fixes the digits."""
    if decimals is None:
        return _numbers.format_decimal(value, locale=babel_locale())
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _numbers.format_decimal(value, format=pattern, locale=babel_locale())


def format_percent(fraction: float, decimals: int = 0) -> str:
    """A share as the locale writes it (42% · 42 %), with ``decimals`` digits."""
    loc = babel_locale()
    pattern = loc.percent_formats[None].pattern
    if decimals:
        pattern = _with_decimals(loc.percent_formats[None].pattern, decimals)
    return _numbers.format_percent(fraction, format=pattern, locale=loc)


def _with_decimals(pattern: str, decimals: int) -> str:
    """``#,##0 %`` → ``#,##0.0 %``: the locale's pattern with fixed fraction digits."""
    last = pattern.rfind("0")
    return pattern[: last + 1] + "." + "0" * decimals + pattern[last + 1 :]


def format_list(items: Iterable[str], style: str = "standard") -> str:
    """``a, b and c`` · ``a, b und c`` (``style="or"`` for alternatives)."""
    loc = babel_locale()
    if loc.language == SOURCE and not loc.territory:
        loc = _babel_locale("en_GB")  # Rebound's English writes "a, b and c" (no serial comma)
    return _lists.format_list(list(items), style=style, locale=loc)


def date_input_format() -> str:
    """The order of a date typed into ``st.date_input`` in the current locale (DD.MM.YYYY · DD/MM/YYYY).

    Streamlit knows three orders and the separators / - . only; English keeps Streamlit's YYYY/MM/DD."""
    loc = babel_locale()
    if loc.language == SOURCE:
        return "YYYY/MM/DD"
    pattern = loc.date_formats["short"].pattern
    order = sorted("dMy", key=lambda c: pattern.find(c) if c in pattern else 99)
    separator = next((c for c in pattern if c in "/-."), "/")
    parts = {"d": "DD", "M": "MM", "y": "YYYY"}
    text = separator.join(parts[c] for c in order)
    return text if text.replace(separator, "/") in ("YYYY/MM/DD", "DD/MM/YYYY", "MM/DD/YYYY") else "YYYY/MM/DD"


def first_weekday() -> int:
    """The first day of the week in the current locale (0 = Monday … 6 = Sunday)."""
    return babel_locale().first_week_day


def plotly_separators() -> str:
    """Plotly's ``layout.separators``: the decimal then the group symbol of the current locale."""
    loc = babel_locale()
    return _numbers.get_decimal_symbol(loc) + _numbers.get_group_symbol(loc)
