"""Import applications from a spreadsheet or a job tracker's export (CSV or Excel .xlsx).

The path is plan → show → apply, as for a backup: :func:`read_sheet` reads the file (pandas;
openpyxl for .xlsx), :func:`guess_mapping` proposes which column holds what, :func:`plan`
checks every row without writing (unreadable dates, missing names, rows already in the
journal, found by a stable fingerprint per row), and :func:`apply` adds the good rows in ONE
store batch, only after the person has agreed to skip the bad ones.

Rows are numbered as the person sees them in their spreadsheet (the header is usually row 1;
a title above it and blank rows keep their numbers).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from babel import Locale, UnknownLocaleError
from babel.dates import get_date_format, get_month_names

from rebound import i18n
from rebound.i18n import N_, _
from rebound.intake import decode_text
from rebound.intake.names import fold, words
from rebound.models import Invalid, validate
from rebound.storage import FORMAT, SCHEMA_VERSION

FIELDS = ("company", "role", "applied_on", "status", "answered_on", "channel", "source", "notes")
FIELD_LABELS = {  # marked: shown with field_label() (or _())
    "company": N_("Company"),
    "role": N_("Role"),
    "applied_on": N_("Date applied"),
    "status": N_("Status"),
    "answered_on": N_("Date of answer"),
    "channel": N_("How you applied"),
    "source": N_("Where you found it"),
    "notes": N_("Notes"),
}
# A required field without a column (one sentence each: the field's name inflects in other languages).
MISSING_COLUMN = {
    "company": N_("Choose the column that holds company."),
    "role": N_("Choose the column that holds role."),
    "applied_on": N_("Choose the column that holds date applied."),
}
REQUIRED = ("company", "role", "applied_on")


def field_label(fld: str) -> str:
    """A field's name as shown (translated); an unknown one as it is."""
    return _(FIELD_LABELS[fld]) if fld in FIELD_LABELS else fld


DATE_FIELDS = ("applied_on", "answered_on")
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024

# Headers people and trackers use, compared without case, spaces or punctuation.
HEADERS: dict[str, tuple[str, ...]] = {
    "company": ("company", "company name", "employer", "organisation", "organization", "firm", "business",
                "unternehmen", "firma", "arbeitgeber", "empresa", "entreprise", "société", "societe"),
    "role": ("job title", "title", "position", "role", "job", "job role", "position title", "vacancy", "post",
             "job name", "stelle", "position / stelle", "puesto", "cargo", "poste", "intitulé du poste"),
    "applied_on": ("date applied", "applied on", "applied", "application date", "date of application",
                   "applied date", "date", "submitted", "submitted on", "sent on", "beworben am",
                   "bewerbungsdatum", "datum", "fecha", "fecha de solicitud", "date de candidature"),
    "status": ("status", "stage", "outcome", "result", "state", "current status", "application status",
               "estado", "statut", "stand"),
    "answered_on": ("date of answer", "response date", "date of response", "answer date", "answered on",
                    "replied on", "reply date", "heard back", "heard back on", "date heard back",
                    "response received", "outcome date", "rejection date", "rejected on", "antwort am",
                    "fecha de respuesta", "date de réponse"),
    "channel": ("how", "how applied", "how i applied", "channel", "method", "applied via", "application method"),
    "source": ("source", "where found", "found on", "found via", "job board", "platform", "site", "website",
               "quelle", "fuente"),
    "notes": ("notes", "note", "comments", "comment", "remarks", "details", "notizen", "notas"),
}  # fmt: skip

# Words in a status cell -> Rebound's status. The first rule that matches wins.
STATUS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("withdrawn", ("withdrawn", "withdrew", "zurückgezogen", "retirada", "retiré")),
    ("ghosted", ("ghosted", "no response", "no answer", "no reply", "never heard", "keine antwort",
                 "sin respuesta", "pas de réponse")),
    ("rejected", ("rejected", "rejection", "declined", "unsuccessful", "not selected", "turned down", "no",
                  "denied", "closed", "absage", "abgelehnt", "rechazado", "rechazada", "descartado", "refusé",
                  "refus", "non retenu")),
    ("offer", ("offer", "accepted", "hired", "angebot", "zusage", "oferta", "offre")),
    ("final", ("final", "final round", "onsite", "on-site", "last round")),
    ("interview", ("interview", "interviewing", "2nd interview", "second interview", "technical", "assessment",
                   "task", "vorstellungsgespräch", "entrevista", "entretien")),
    ("screen", ("screen", "screening", "phone screen", "phone call", "recruiter call", "hr call")),
    ("waiting", ("applied", "waiting", "pending", "submitted", "sent", "in progress", "in review", "open",
                 "beworben", "offen", "enviada", "pendiente", "envoyée", "en attente")),
)  # fmt: skip
STATUS_NAMES = ("waiting", "screen", "interview", "final", "offer", "rejected", "ghosted", "withdrawn")


class SheetError(ValueError):
    """The file cannot be read as a table of applications; ``message`` says why in plain words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Sheet:
    columns: list[str]
    rows: list[list[Any]]  # cell values as read (text, or dates for Excel date cells)
    header_row: int = 1  # the header's row number in the spreadsheet; rows[0] is the next row


# --- reading ----------------------------------------------------------------------------


def read_sheet(data: bytes, filename: str) -> Sheet:
    """A CSV or .xlsx file as a header and rows. Raises SheetError with the reason."""
    if not data:
        raise SheetError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise SheetError(_("The file is larger than {mb} MB. Is it the right file?", mb=MAX_BYTES // (1024 * 1024)))
    name = filename.lower()
    try:
        if name.endswith((".xlsx", ".xlsm")) or data.startswith(b"PK\x03\x04"):
            frame = pd.read_excel(io.BytesIO(data), engine="openpyxl", dtype=object, header=None)
        elif name.endswith(".xls"):
            raise SheetError(_("Old Excel files (.xls) cannot be read. In Excel, save it as .xlsx or as CSV."))
        else:
            text = decode_text(data)
            frame = pd.read_csv(
                io.StringIO(text),
                dtype=str,
                keep_default_na=False,
                header=None,
                sep=_delimiter(text),
                engine="python",
                skip_blank_lines=False,
            )
    except SheetError:
        raise
    except Exception as exc:  # pandas and openpyxl raise many kinds; the person needs one sentence
        raise SheetError(
            _("This file could not be read as a spreadsheet ({problem}).", problem=type(exc).__name__)
        ) from None
    frame = frame.dropna(axis=1, how="all")  # blank rows stay: row numbers are the spreadsheet's own
    cells = [[None if _blank(v) else v for v in row] for row in frame.itertuples(index=False, name=None)]
    if not any(v is not None for row in cells for v in row):
        raise SheetError(_("The file has no rows."))
    top = _header_index(cells)
    header = [_cell_text(v) for v in cells[top]]
    rows = cells[top + 1 :]
    if len(rows) > MAX_ROWS:
        raise SheetError(
            _(
                "The file has {rows} rows; Rebound imports up to {most} at a time.",
                rows=i18n.format_number(len(rows)),
                most=i18n.format_number(MAX_ROWS),
            )
        )
    columns = [h or _("Column {number}", number=i + 1) for i, h in enumerate(header)]
    return Sheet(columns=columns, rows=rows, header_row=top + 1)


def _header_index(cells: list[list[Any]]) -> int:
    """The header row: the first of the top rows whose cells name two fields (a title may sit above it)."""
    first = next(i for i, row in enumerate(cells) if any(v is not None for v in row))
    for i in range(first, min(first + 10, len(cells))):
        named = guess_mapping([_cell_text(v) for v in cells[i] if v is not None])
        if sum(1 for col in named.values() if col) >= 2:
            return i
    return first


def _delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and not value.strip()


def _cell_text(value: Any) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- the mapping ------------------------------------------------------------------------


def _squash(text: str) -> str:
    return "".join(words(text))


_HEADER_KEYS = {f: {_squash(h) for h in hs} for f, hs in HEADERS.items()}


def guess_mapping(columns: list[str]) -> dict[str, str | None]:
    """Which column holds which field, from the headers (case, spaces and punctuation ignored)."""
    mapping: dict[str, str | None] = dict.fromkeys(FIELDS)
    taken: set[str] = set()
    for exact in (True, False):
        for fld in FIELDS:
            if mapping[fld]:
                continue
            for col in columns:
                key = _squash(col)
                if col in taken or not key:
                    continue
                known = _HEADER_KEYS[fld]
                hit = key in known if exact else any(len(k) >= 4 and k in key for k in known)
                if hit:
                    mapping[fld] = col
                    taken.add(col)
                    break
    return mapping


def check_mapping(mapping: Mapping[str, str | None], columns: list[str]) -> dict[str, str]:
    """Messages by field for a mapping that cannot work (a required field without a column, a column twice)."""
    errors: dict[str, str] = {}
    for fld in REQUIRED:
        if not mapping.get(fld):
            errors[fld] = _(MISSING_COLUMN[fld])
    seen: dict[str, str] = {}
    for fld in FIELDS:
        col = mapping.get(fld)
        if not col:
            continue
        if col not in columns:
            errors[fld] = _("The file has no column “{column}”.", column=col)
        elif col in seen:
            errors[fld] = _("“{column}” is already used for “{field}”.", column=col, field=field_label(seen[col]))
        else:
            seen[col] = fld
    return errors


# --- dates in the person's locale -------------------------------------------------------


def _locale(locale: str | None) -> Locale:
    try:
        return Locale.parse((locale or "en_US").replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en_US")


def date_order(locale: str | None) -> str:
    """``"MDY"``, ``"DMY"`` or ``"YMD"``: how the locale writes a short date (en_US M/d/yy; en_GB dd/MM/y)."""
    pattern = get_date_format("short", locale=_locale(locale)).pattern
    positions = {c: pattern.find(c) for c in "dMy" if c in pattern}
    return "".join(sorted(positions, key=positions.get)).upper() if len(positions) == 3 else "MDY"


class DateReader:
    """Reads a spreadsheet's dates: ISO always; 3/4/2026 in the locale's order; month names in its language."""

    def __init__(self, locale: str | None, order: str | None = None):
        loc = _locale(locale)
        self.order = order if order in ("DMY", "MDY", "YMD") else date_order(str(loc))
        self.months: dict[str, int] = {}
        for language in (loc, Locale.parse("en")):
            for width in ("wide", "abbreviated"):
                for context in ("format", "stand-alone"):
                    for number, month in get_month_names(width, context, language).items():
                        self.months.setdefault(fold(month).rstrip("."), number)
        self._seen: dict[str, dt.date | None] = {}

    def read(self, value: Any) -> dt.date | None:
        """The date in a cell; None for an empty cell. Raises ValueError when it cannot be read."""
        if _blank(value):
            return None
        if isinstance(value, pd.Timestamp):
            return value.date()
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = " ".join(str(value).split())
        if text not in self._seen:
            self._seen[text] = self._parse(text)
        day = self._seen[text]
        if day is None:
            raise ValueError(text)
        return day

    def _parse(self, text: str) -> dt.date | None:
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+(?:Z|[+-][\d:]+)?)?", text)
        if iso:
            return _make(int(iso[1]), int(iso[2]), int(iso[3]))
        numbers = re.fullmatch(
            r"(\d{1,4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,4})\.?(?:\s+[\d:]+(?:\s*[AaPp][Mm])?)?", text
        )
        if numbers:
            a, b, c = numbers[1], numbers[2], numbers[3]
            if len(a) == 4:  # 2026/10/12 reads the same everywhere
                return _make(int(a), int(b), int(c))
            if len(c) not in (2, 4):
                return None
            year = int(c) + (2000 if len(c) == 2 else 0)
            if self.order == "MDY":
                return _make(year, int(a), int(b))
            return _make(year, int(b), int(a))
        return self._with_month_name(text)

    def _with_month_name(self, text: str) -> dt.date | None:
        tokens = re.findall(r"[^\W\d_]+\.?|\d+", fold(text))
        month = day = year = None
        for token in tokens:
            if token.isdigit():
                if len(token) == 4 and year is None:
                    year = int(token)
                elif len(token) <= 2 and day is None:
                    day = int(token)
                else:
                    return None
            elif month is None and token.rstrip(".") in self.months:
                month = self.months[token.rstrip(".")]
        if month is None or day is None or year is None:
            return None
        return _make(year, month, day)


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_STATUS_KEYS = tuple((status, tuple(" ".join(words(p)) for p in phrases)) for status, phrases in STATUS_WORDS)


@functools.lru_cache(maxsize=512)
def _status_of(text: str) -> str | None:
    if text in STATUS_NAMES:
        return text
    for status, keys in _STATUS_KEYS:
        for key in keys:
            if text == key or (len(key) > 2 and re.search(rf"\b{re.escape(key)}\b", text)):
                return status
    return None


def read_status(value: Any) -> str | None:
    """Rebound's status for a status cell ("Rejected", "Phone screen", "Absage"…); None if unknown."""
    text = " ".join(words(_cell_text(value)))
    return _status_of(text) if text else None


# --- the plan ---------------------------------------------------------------------------


def fingerprint(company: str, role: str, applied_on: str | dt.date | None) -> str:
    """The same for the same application in any spelling of case and spacing: sha256 of company|role|date."""
    day = applied_on.isoformat() if isinstance(applied_on, dt.date) else (applied_on or "")
    key = "|".join((" ".join(words(company or "")), " ".join(words(role or "")), day))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def known_fingerprints(applications: Iterable[Mapping[str, Any]]) -> set[str]:
    """Every application already in the journal, imported or typed, by fingerprint."""
    out = set()
    for app in applications:
        if app.get("fingerprint"):
            out.add(app["fingerprint"])
        if app.get("company") and app.get("role"):
            out.add(fingerprint(app["company"], app["role"], app.get("applied_on")))
    return out


@dataclass
class Problem:
    row: int  # as the spreadsheet numbers it
    reasons: list[str]
    company: str = ""
    role: str = ""


@dataclass
class Plan:
    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (row, checked record) to add
    problems: list[Problem] = field(default_factory=list)
    unreadable_dates: list[tuple[int, str, str]] = field(default_factory=list)  # (row, column, value)
    already: list[int] = field(default_factory=list)  # rows already in the journal (or twice in the file)
    blank: int = 0  # empty rows, ignored

    @property
    def skipped(self) -> int:
        return len(self.problems)


@dataclass(frozen=True)
class Report:
    added: int
    already: int
    skipped: int

    def sentence(self) -> str:
        return _(
            "Added {added}, already there {already}, skipped {skipped}.",
            added=self.added,
            already=self.already,
            skipped=self.skipped,
        )


def plan(
    sheet: Sheet,
    mapping: Mapping[str, str | None],
    today: dt.date,
    locale: str | None = None,
    existing: Iterable[Mapping[str, Any]] = (),
    order: str | None = None,
) -> Plan:
    """Check every row against the applications model; write nothing.

    Dates like 03/04/2026 are read in ``order`` ("DMY" or "MDY"), by default the locale's.
    """
    errors = check_mapping(mapping, sheet.columns)
    if errors:
        raise Invalid(errors)
    index = {fld: sheet.columns.index(col) for fld, col in mapping.items() if col}
    dates = DateReader(locale, order)
    seen = known_fingerprints(existing)
    out = Plan()
    for number, cells in enumerate(sheet.rows, start=sheet.header_row + 1):
        row = {fld: cells[i] if i < len(cells) else None for fld, i in index.items()}
        if all(_blank(v) for v in cells):
            out.blank += 1
            continue
        record, reasons = _record(row, dates, today, number, sheet, index, out)
        if reasons:
            out.problems.append(Problem(number, reasons, _cell_text(row.get("company")), _cell_text(row.get("role"))))
            continue
        if record["fingerprint"] in seen:
            out.already.append(number)
            continue
        seen.add(record["fingerprint"])
        out.records.append((number, record))
    return out


def _record(row, dates: DateReader, today, number, sheet, index, out: Plan) -> tuple[dict[str, Any], list[str]]:
    reasons: list[str] = []
    unreadable: set[str] = set()  # date fields whose cell could not be read (named once, not also as empty)
    record: dict[str, Any] = {}
    for fld in ("company", "role", "channel", "source", "notes"):
        if fld in row:
            record[fld] = _cell_text(row[fld]) or None
    for fld in DATE_FIELDS:
        if fld not in row:
            continue
        try:
            record[fld] = dates.read(row[fld])
        except ValueError as exc:
            column = sheet.columns[index[fld]]
            out.unreadable_dates.append((number, column, str(exc)))
            reasons.append(_("{field} “{value}” cannot be read as a date.", field=field_label(fld), value=exc))
            unreadable.add(fld)
            record[fld] = None
    status_cell = _cell_text(row.get("status"))
    status = read_status(status_cell) if status_cell else None
    if status_cell and status is None:
        reasons.append(
            _(
                "Status “{value}” is not one Rebound knows (for example Applied, Interview, Rejected).",
                value=status_cell,
            )
        )
    if not record.get("company"):
        reasons.append(_("Company is empty."))
    if not record.get("role"):
        reasons.append(_("Role is empty."))
    if not record.get("applied_on") and "applied_on" not in unreadable:
        reasons.append(_("Date applied is empty."))
    if reasons:
        return record, reasons
    answered = record.pop("answered_on", None)
    status = status or ("rejected" if answered else "waiting")
    record["status"] = status
    if answered:
        if status == "waiting":
            return record, [_("It has a date of answer but its status says it is still waiting.")]
        record["status_on"] = answered
        if status in ("screen", "interview", "final", "offer", "rejected"):
            record["answered_on"] = answered
    record["fingerprint"] = fingerprint(record["company"], record["role"], record["applied_on"])
    try:
        clean = validate("applications", record, today)
    except Invalid as exc:
        said = [f"{field_label('answered_on' if k == 'status_on' else k)}: {v}" for k, v in exc.errors.items()]
        return record, list(dict.fromkeys(said))  # answered_on and status_on share one column
    return clean, []


def apply(ws, planned: Plan, skip_bad: bool = False) -> Report:
    """Add the plan's records in ONE store batch. Refuses while bad rows wait for the person's agreement.

    The journal is read again inside the batch, so a row added meanwhile (another tab, the same
    file imported twice at once) is counted as already there, not added twice.
    """
    if planned.problems and not skip_bad:
        raise Invalid({"rows": _("Some rows cannot be imported. Agree to skip them, or fix the file first.")})
    with ws.batch():
        seen = known_fingerprints(ws.all("applications"))
        new: list[dict[str, Any]] = []
        late = 0
        for _number, record in planned.records:
            if record["fingerprint"] in seen:
                late += 1
                continue
            seen.add(record["fingerprint"])
            new.append({**record, "id": uuid.uuid4().hex})
        if new:
            # The store's bulk merge: one write of the table, where 5,000 single adds would each
            # rebuild it (TinyDB copies the whole table on every insert).
            ws.import_data({"format": FORMAT, "version": SCHEMA_VERSION, "tables": {"applications": new}}, "merge")
    return Report(added=len(new), already=len(planned.already) + late, skipped=len(planned.problems))
