"""Read a rejection e-mail into a draft of the rejection form (company, role, date heard back).

The message is parsed by Python's ``email`` package (``policy.default``: decoded encoded-word
headers, quoted-printable and base64 parts, charsets); an HTML-only body becomes text through
BeautifulSoup. Only that plain text is searched for the company and the role. Nothing here
saves anything: the person checks the draft in the form and saves it there.

Where the company comes from, most trusted first:
- the sender's own domain (``jobs@adatum.com``), written the way the e-mail writes it
  ("Adatum Corporation"), never a mail provider's (gmail, outlook…) or an applicant-tracking
  system's (greenhouse.io, lever.co, myworkday.com…);
- the display name once words such as "Recruiting" or "Careers" are taken off ("Acme Recruiting");
- phrases in the subject and the body ("Your application to Acme", "interest in joining Acme",
  "The Acme Team") and the signature ("Talent Partner, Acme").
A forwarded e-mail (an attached message/rfc822 or a "Forwarded message" block) is read as the
original: its sender, subject and date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser, Parser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import get_month_names
from bs4 import BeautifulSoup

from rebound import i18n
from rebound.i18n import N_, _
from rebound.intake import decode_text
from rebound.intake.names import company_key, fold, role_key, similarity, strip_role_noise, words

# The messages are marked (N_) and translated when raised (NotAnEmail carries the words shown).
NOT_AN_EMAIL = N_(
    "This file does not look like an e-mail: it has no sender, subject or date. In your mail program, "
    "save the message as a file (often “Save as” or “Download message”, which makes an .eml file), "
    "or copy the e-mail's text into the box below."
)
BINARY = N_(
    "This is not an e-mail but another kind of file ({kind}). Save the message from your mail program "
    "as an .eml file, or copy the e-mail's text into the box below."
)
OUTLOOK_MSG = N_(
    "This is an Outlook .msg file, which Rebound cannot read. In Outlook, use File → Save as → "
    "“Text only”, or copy the e-mail's text into the box below."
)
EMPTY = N_("There is no text to read yet. Paste the whole e-mail, with its subject and sender if you can.")
TOO_BIG = N_("This file is larger than an e-mail usually is ({size} KB). Is it the right file?")
MAX_BYTES = 5 * 1024 * 1024


class NotAnEmail(ValueError):
    """The input cannot be read as an e-mail. ``message`` says so in words a person can act on."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Draft:
    """What the e-mail says, ready to fill the rejection form. Any field may be missing (None)."""

    company: str | None
    role: str | None
    heard_back_on: dt.date | None
    subject: str = ""
    sender: str = ""
    text: str = ""  # the message's own text (the original's, for a forward; quoted replies left out)
    forwarded: bool = False

    def found(self) -> list[str]:
        """What the e-mail gave, in words for a sentence ("the company", "the role"), translated."""
        names = {"company": N_("the company"), "role": N_("the role"), "heard_back_on": N_("the date")}
        return [_(label) for name, label in names.items() if getattr(self, name)]


# --- domains that say nothing about the employer --------------------------------------------

MAIL_PROVIDERS = {
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "msn.com",
    "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.es", "ymail.com", "rocketmail.com",
    "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "protonmail.ch", "pm.me", "aol.com",
    "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "web.de", "t-online.de", "freenet.de", "posteo.de",
    "mailbox.org", "mail.com", "zoho.com", "zohomail.com", "yandex.ru", "yandex.com", "fastmail.com",
    "hey.com", "tutanota.com", "tuta.io", "orange.fr", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr",
    "libero.it", "virgilio.it", "qq.com", "163.com", "126.com", "naver.com", "btinternet.com", "sky.com",
}  # fmt: skip
TRACKING_SYSTEMS = {
    "greenhouse.io", "greenhouse-mail.io", "lever.co", "myworkday.com", "myworkdayjobs.com", "workday.com",
    "smartrecruiters.com", "smartrecruitersmail.com", "ashbyhq.com", "ashbymail.com", "workable.com",
    "workablemail.com", "icims.com", "taleo.net", "oraclecloud.com", "successfactors.com",
    "successfactors.eu", "sapsf.com", "jobvite.com", "bamboohr.com", "recruitee.com", "personio.de",
    "personio.com", "teamtailor.com", "teamtailor-mail.com", "breezy.hr", "breezyhr.com", "jazzhr.com",
    "applytojob.com", "pinpointhq.com", "rippling.com", "dover.com", "gem.com", "comeet.co", "comeet.com",
    "linkedin.com", "indeed.com", "indeedemail.com", "join.com", "softgarden.io", "softgarden.de",
    "avature.net", "phenompeople.com", "paylocity.com", "ukg.com", "ultipro.com", "adp.com",
    "eightfold.ai", "beamery.com", "csod.com", "cornerstoneondemand.com", "glassdoor.com", "hirehive.com",
    "homerun.co", "welcometothejungle.com", "otta.com", "wellfound.com", "recruiterbox.com", "zohorecruit.com",
    "freshteam.com", "manatal.com", "hrmdirect.com", "jobylon.com", "talentlyft.com", "kenjo.io",
    "sendgrid.net", "mailgun.org", "amazonses.com", "mandrillapp.com", "mcsv.net", "sparkpostmail.com",
}  # fmt: skip
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc", "gv", "or", "ne", "go"}


def _in(domain: str, names: set[str]) -> bool:
    parts = domain.split(".")
    return any(".".join(parts[i:]) in names for i in range(len(parts) - 1))


def domain_kind(domain: str) -> str:
    """``"provider"`` (gmail…), ``"tracker"`` (an applicant-tracking system) or ``"own"`` (the employer's)."""
    domain = domain.lower().strip(".")
    if not domain or "." not in domain:
        return "none"
    if _in(domain, MAIL_PROVIDERS):
        return "provider"
    if _in(domain, TRACKING_SYSTEMS):
        return "tracker"
    return "own"


def domain_label(domain: str) -> str:
    """The name part of a domain: ``careers.acme-corp.co.uk`` → ``acme-corp``."""
    parts = domain.lower().strip(".").split(".")[:-1]  # no top-level domain
    if len(parts) > 1 and parts[-1] in _SECOND_LEVEL:
        parts = parts[:-1]
    return parts[-1] if parts else ""


# --- reading the message --------------------------------------------------------------------


@dataclass
class _Mail:
    name: str
    address: str
    subject: str
    date: dt.datetime | None
    text: str
    forwarded: bool = False


_MAGIC = (
    (b"%PDF", N_("a PDF document")),
    (b"PK\x03\x04", N_("a zip file, Word or Excel document")),
    (b"\x89PNG", N_("a PNG picture")),
    (b"\xff\xd8\xff", N_("a JPEG picture")),
    (b"GIF8", N_("a GIF picture")),
    (b"{\\rtf", N_("a rich-text document")),
    (b"\x1f\x8b", N_("a compressed file")),
    (b"RIFF", N_("a media file")),
)


def read_file(data: bytes, tz: str | dt.tzinfo | None = None) -> Draft:
    """Read an ``.eml`` (or a ``.txt`` with the e-mail's headers). Raises NotAnEmail for anything else."""
    if not data or not data.strip():
        raise NotAnEmail(_(EMPTY))
    if len(data) > MAX_BYTES:
        raise NotAnEmail(_(TOO_BIG, size=i18n.format_number(len(data) // 1024)))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotAnEmail(_(OUTLOOK_MSG))
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise NotAnEmail(_(BINARY, kind=_(kind)))
    if b"\x00" in data[:8192]:
        raise NotAnEmail(_(BINARY, kind=_("not text")))
    head = data.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0].lower()
    if b"content-type:" in head or b"mime-version:" in head:
        msg = BytesParser(policy=policy.default).parsebytes(data)
    else:  # a text file saved by a mail program: no MIME headers, so its bytes' charset is a guess
        msg = Parser(policy=policy.default).parsestr(decode_text(data).lstrip())
    if not _looks_like_mail(msg):
        raise NotAnEmail(_(NOT_AN_EMAIL))
    return _draft(_mail_of(msg), tz)


def read_text(text: str, tz: str | dt.tzinfo | None = None) -> Draft:
    """Read pasted text: a whole e-mail with headers, or only what the mail program showed."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise NotAnEmail(_(EMPTY))
    msg = Parser(policy=policy.default).parsestr(text)
    if _looks_like_mail(msg):
        return _draft(_mail_of(msg), tz)
    mail = _Mail("", "", "", None, text)
    sender = _sender_line(text)
    if sender:
        mail.name, mail.address = sender
    mail = _forward_in(mail) or mail
    mail.text = _own_text(mail.text)
    return _draft(mail, tz)


def _looks_like_mail(msg: EmailMessage) -> bool:
    keys = {k.lower() for k in msg.keys()}  # noqa: SIM118 - a Message is not a dict
    has_sender = "@" in str(msg.get("From", ""))
    return has_sender or ("subject" in keys and bool(keys & {"date", "sent", "to", "from"}))


def _mail_of(msg: EmailMessage) -> _Mail:
    original = _attached_original(msg)
    if original is not None:
        inner = _mail_of(original)
        inner.forwarded = True
        return inner
    name, address = _address(str(msg.get("From", "")))
    mail = _Mail(name, address, _one_line(str(msg.get("Subject", ""))), _header_date(msg), _body_text(msg))
    forward = _forward_in(mail)
    if forward is not None:
        return forward
    mail.text = _own_text(mail.text)
    return mail


def _attached_original(msg: EmailMessage) -> EmailMessage | None:
    for part in msg.walk():
        if part is not msg and part.get_content_type() == "message/rfc822":
            inner = part.get_content()
            if isinstance(inner, EmailMessage) and inner.get("From"):
                return inner
    return None


def _address(value: str) -> tuple[str, str]:
    value = re.sub(r"\[mailto:([^\]]+)\]", r"<\1>", value)  # Outlook's forwarded "Name [mailto:a@b]"
    pairs = getaddresses([value]) or [parseaddr(value)]
    name, address = pairs[0]
    return _one_line(name).strip("\"' "), address.strip().lower()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _header_date(msg: EmailMessage) -> dt.datetime | None:
    header = msg.get("Date")
    if header is not None and getattr(header, "datetime", None) is not None:
        return header.datetime
    return parse_date_text(str(msg.get("Date") or msg.get("Sent") or ""))


def parse_date_text(text: str) -> dt.datetime | None:
    """A date as mail programs write it in forwards; None if it cannot be read for sure.

    RFC 5322 dates first ("Tue, 13 Oct 2026 09:41:22 +0100"), then dates with a month name in
    English, German, Spanish, French, Italian, Dutch or Portuguese ("Mon, Oct 12, 2026 at 3:14 PM",
    "Fr., 6. März 2026 um 14:02 Uhr"), then day-first dotted dates ("06.03.2026, 14:02"). A date
    such as 03/06/2026 could be either day first or month first, so it is not guessed.
    """
    text = _one_line(text)
    if not text:
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    folded = fold(text)
    time = re.search(r"\b(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap])?\.?\s*m?\b", folded)
    hour, minute = (int(time[1]), int(time[2])) if time else (0, 0)
    if time and time[3] == "p" and hour < 12:
        hour += 12
    elif time and time[3] == "a" and hour == 12:
        hour = 0
    rest = folded[: time.start()] + " " + folded[time.end() :] if time else folded
    day = month = year = None
    dotted = re.search(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", rest)
    if dotted:
        day, month, year = int(dotted[1]), int(dotted[2]), int(dotted[3])
    else:
        for token in re.findall(r"[^\W\d_]+|\d+", rest):
            if token.isdigit():
                if len(token) == 4 and year is None:
                    year = int(token)
                elif len(token) <= 2 and day is None:
                    day = int(token)
            elif token in _MONTHS:
                month = _MONTHS[token]  # the last one: "mar." before "13 oct." is a Tuesday (mardi, martes)
    if not (day and month and year):
        return None
    try:
        return dt.datetime(year, month, day, hour % 24, minute)
    except ValueError:
        return None


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for language in ("en", "de", "es", "fr", "it", "nl", "pt"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, language).items():
                    for word in re.findall(r"[^\W\d_]+", fold(name)):
                        names.setdefault(word, number)
    names.update(sept=9, mrz=3)  # spellings mail programs use that CLDR does not
    return names


_MONTHS = _month_names()


def _body_text(msg: EmailMessage) -> str:
    plain = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    text = _content(plain) if plain is not None else ""
    if len(text.strip()) < 40 and html is not None:  # an empty or "view in HTML" plain part
        text = html_to_text(_content(html)) or text
    if not text and not msg.is_multipart() and msg.get_content_maintype() == "text":
        text = _content(msg)
    return text.replace("\r\n", "\n")


def _content(part: EmailMessage) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError, KeyError):  # an unknown or wrong charset: keep what can be read
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


_BLOCKS = ("p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr")
_BREAK = "\ue000"  # a private-use character marks where a block ends


def html_to_text(html: str) -> str:
    """HTML as the person reads it: one line per block, inline markup joined into its sentence."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "title", "noscript"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with(_BREAK)
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before(_BREAK)
        tag.insert_after(_BREAK)
    flat = " ".join(soup.get_text("").split())  # HTML's own line breaks are spaces
    lines: list[str] = []
    for line in flat.split(_BREAK):
        line = line.strip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip()


_FORWARD_MARK = re.compile(
    r"^[ \t>]*(?:-{2,}\s*(?:forwarded message|forwarded e-?mail|weitergeleitete nachricht|message transf[ée]r[ée]"
    r"|mensaje reenviado|mensaje original|original message|ursprüngliche nachricht|message d'origine)\s*-*"
    r"|begin forwarded message:|anfang der weitergeleiteten nachricht:|d[ée]but du message r[ée]exp[ée]di[ée]\s*:"
    r"|inicio del mensaje reenviado:)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_FORWARD_SUBJECT = re.compile(r"^\s*(?:fwd?|wg|tr|rv|enc|i)\s*:", re.IGNORECASE)
_OUTLOOK_BLOCK = re.compile(r"^_{10,}\s*$|^From:.*\n(?:.*\n)?Sent:", re.MULTILINE)
_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|fwd?|wg|tr|rv|enc)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)


# Forwards written by a mail program in another language name the headers in it.
_HEADER_NAMES = {
    "von": "From", "de": "From", "da": "From", "gesendet": "Sent", "enviado": "Sent", "envoyé": "Sent",
    "datum": "Date", "fecha": "Date", "betreff": "Subject", "asunto": "Subject", "objet": "Subject",
    "oggetto": "Subject", "an": "To", "para": "To", "à": "To", "a": "To",
}  # fmt: skip
_LOCAL_HEADERS = re.compile(r"^(" + "|".join(_HEADER_NAMES) + r")\s*:", re.IGNORECASE | re.MULTILINE)


def _forward_in(mail: _Mail) -> _Mail | None:
    """The original message inside a forward written into the body, or None."""
    text = mail.text
    mark = _FORWARD_MARK.search(text)
    outlook = mark and re.search(r"original|origine|ursprüngliche", mark.group(), re.IGNORECASE)
    if outlook and not _FORWARD_SUBJECT.match(mail.subject):  # Outlook writes this above replies too
        mark = None
    start = mark.end() if mark else None
    if start is None and _FORWARD_SUBJECT.match(mail.subject):
        block_start = _OUTLOOK_BLOCK.search(text)
        if block_start:
            start = block_start.end() if block_start.group().startswith("_") else block_start.start()
    if start is None:
        return None
    block = text[start:]
    block = "\n".join(line[1:].lstrip() if line.startswith(">") else line for line in block.split("\n"))
    block = block.lstrip()
    block = re.sub(r"^(\w[\w-]*):[ \t]*\n[ \t]+", r"\1: ", block)  # a value wrapped onto the next line
    block = _LOCAL_HEADERS.sub(lambda m: _HEADER_NAMES[m.group(1).casefold()] + ":", block)
    inner = Parser(policy=policy.compat32).parsestr(block)  # compat32: keep the header text as written
    if not inner.get("From"):
        return None
    name, address = _address(_decoded(inner.get("From", "")))
    subject = _one_line(_decoded(inner.get("Subject", ""))) or _PREFIX.sub("", mail.subject)
    date = parse_date_text(_decoded(inner.get("Date") or inner.get("Sent") or "")) or mail.date
    body = inner.get_payload()
    body = body if isinstance(body, str) else ""
    return _Mail(name, address, subject, date, _own_text(body), forwarded=True)


def _decoded(value) -> str:
    from email.header import decode_header, make_header

    try:
        return str(make_header(decode_header(str(value))))
    except (LookupError, ValueError, UnicodeError):
        return str(value)


_QUOTE_START = re.compile(
    r"^(?:On .{4,200}wrote:|Am .{4,200}schrieb.{0,80}:|Le .{4,200}a écrit\s*:|El .{4,200}escribió:)\s*$",
    re.MULTILINE,
)


def _own_text(text: str) -> str:
    """The message without the quoted history under it."""
    match = _QUOTE_START.search(text)
    if match:
        text = text[: match.start()]
    lines = [line.rstrip() for line in text.split("\n") if not line.lstrip().startswith(">")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _sender_line(text: str) -> tuple[str, str] | None:
    """Pasted from a mail program's window: a "Name <address>" line near the top."""
    for line in text.split("\n")[:12]:
        match = re.search(r"([^<>\n]*)<([^<>@\s]+@[^<>\s]+)>", line)
        if match:
            return _address(match.group(0))
    return None


# --- the company ----------------------------------------------------------------------------

# Words a sender puts around the company's name ("Acme Recruiting", "Careers at Acme").
_SENDER_WORDS = {
    "recruiting", "recruitment", "recruiter", "recruiters", "careers", "career", "jobs", "job", "talent",
    "acquisition", "hiring", "team", "people", "hr", "human", "resources", "notifications", "notification",
    "no-reply", "noreply", "donotreply", "do-not-reply", "reply", "mailer", "applications", "application",
    "karriere", "bewerbermanagement", "personal", "personalabteilung", "recrutement", "rh", "emplois",
    "talento", "selección", "seleccion", "empleo", "rrhh", "reclutamiento", "candidates", "candidate",
    "via", "at", "the", "de", "der", "von", "bei", "chez", "from", "and", "&", "|", "-", "–", "·", "ats",
}  # fmt: skip
_TRACKER_NAMES = {
    "greenhouse", "lever", "workday", "smartrecruiters", "ashby", "workable", "icims", "taleo", "jobvite",
    "bamboohr", "recruitee", "personio", "teamtailor", "linkedin", "indeed", "successfactors", "oracle",
}  # fmt: skip
_COMPANY_WORDS = {
    "labs", "lab", "technologies", "technology", "tech", "systems", "software", "solutions", "group", "bank",
    "health", "studio", "studios", "digital", "analytics", "media", "capital", "partners", "consulting",
    "foundation", "university", "institute", "energy", "pharma", "pharmaceuticals", "motors", "foods",
    "games", "networks", "ventures", "industries", "insurance", "logistics", "research", "toys", "traders",
    "winery", "corporation", "inc", "ltd", "llc", "gmbh", "ag", "plc", "sa", "sl", "sas", "co",
}  # fmt: skip


@dataclass(frozen=True)
class _Sender:
    name: str  # the display name with the sender words taken off
    companyish: bool  # words such as "Recruiting" or "via" were taken off: it names an organisation


def _clean_display(display: str) -> _Sender:
    # "Jane Doe (Initech)", "Jane Doe | Initech", "Jane from Initech": a person writing for a company
    own = re.fullmatch(r"(.+?)\s*(?:\(([^)]+)\)|\s[|@]\s*(.+)|\s(?:at|from|von|bei|chez)\s(.+))", display.strip())
    if own and _person_like(own.group(1)):
        company = next(g for g in own.groups()[1:] if g).strip()
        if not re.match(r"(?i)via\b", company) and company.casefold() not in _TRACKER_NAMES:
            return _Sender(company, True)
    display = re.sub(r"\((?:via|über|par|vía)\s+[^)]*\)", " ", display, flags=re.IGNORECASE)
    display = re.sub(r"\s+(?:via|über|par|vía)\s+\S+$", " ", display, flags=re.IGNORECASE)
    tokens = re.findall(r"[^\s|·,]+", display)
    keep = [t for t in tokens if t.casefold().strip("-–") not in _SENDER_WORDS | _TRACKER_NAMES]
    keep = [t for t in keep if t.strip("-–&")]
    removed = len(keep) != len(tokens)
    name = " ".join(keep).strip(" -–:")
    if not name or "@" in name:
        return _Sender("", False)
    return _Sender(name, removed)


def _person_like(name: str) -> bool:
    parts = name.split()
    if not 1 <= len(parts) <= 3:
        return False
    if any(p.casefold().strip(".,") in _COMPANY_WORDS for p in parts):
        return False
    return all(p[:1].isupper() and re.fullmatch(r"[^\W\d_][^\W\d_'’.-]*", p) for p in parts)


# Phrases after which a company's name follows ("interest in joining Acme").
_BEFORE_COMPANY = [
    r"applications? (?:to|with|at)", r"applying (?:to|with|at)", r"applied (?:to|with|at)",
    r"interest in (?:joining|working (?:at|for|with))", r"interest in", r"interested in joining",
    r"(?:position|role|job|opportunity|opportunities|opening|career|careers|vacancy) (?:at|with)",
    r"(?:team|here) at", r"candidacy (?:at|with)", r"interview(?:ing|s)? (?:at|with)", r"time with",
    r"on behalf of", r"us at", r"join(?:ing)?", r"consideration (?:at|for a role at)",
    r"(?:application|applying|applied) (?:to|for) (?:the )?[^,.;:!?\n]{2,80}? (?:at|with|@)",
    r"(?:update|news|message) from",
    r"interesse an(?: einer (?:tätigkeit|mitarbeit|position) bei)?",
 r"bewerbung (?:bei|für)",
    r"tätigkeit bei", r"karriere bei", r"interés en", r"candidatura (?:en|a|con)", r"trabajar (?:en|con)",
    r"formar parte de", r"unirte a", r"intérêt pour", r"candidature (?:chez|à|auprès de)", r"rejoindre",
]  # fmt: skip
_BEFORE_COMPANY_RE = re.compile(r"\b(?:" + "|".join(_BEFORE_COMPANY) + r")\s+", re.IGNORECASE)
_ARTICLES = {"the", "der", "die", "das", "dem", "den", "la", "le", "les", "el", "los", "l'", "l’", "unserem"}
_CONNECT = {"&", "and", "of", "de", "du", "des", "der", "y", "et", "und", "for", "la"}
_NOT_NAME = {
    "team", "recruiting", "recruitment", "talent", "hiring", "people", "careers", "hr", "we", "i", "you",
    "unfortunately", "thank", "thanks", "please", "after", "while", "although", "however", "leider",
    "vielen", "dank", "muchas", "gracias", "merci", "malheureusement", "lamentablemente", "us", "our",
}  # fmt: skip
_ROLE_NOUNS = {
    "position", "role", "job", "opening", "vacancy", "post", "posting", "opportunity", "stelle", "position,",
    "puesto", "poste", "vacante", "team", "department",
}  # fmt: skip


def _take_name(rest: str) -> str | None:
    """The capitalised name at the start of ``rest`` ("Northwind Traders and …" → "Northwind Traders")."""
    tokens = re.findall(r"\S+", rest[:160])
    out: list[str] = []
    i = 0
    if tokens and tokens[0].casefold() in _ARTICLES:
        i = 1
    ended = False
    while i < len(tokens) and len(out) < 6 and not ended:
        token = tokens[i]
        core = re.sub(r"(?:'s|’s)$", "", token.strip('"“”‘(')).rstrip(",.;:!?)\"'”’")
        ended = core != token.strip('"“”‘(')
        if not core:
            break
        if core.casefold() in _NOT_NAME or core.casefold() in _ROLE_NOUNS:
            break
        if core[0].isupper() or core[0].isdigit() or (out and core.casefold() in _CONNECT):
            out.append(core)
        else:
            break
        i += 1
    while out and out[-1].casefold() in _CONNECT:
        out.pop()
    if not out:
        return None
    following = [t.casefold().strip(",.") for t in tokens[i : i + 2]] if not ended else []
    if following and following[0] in _ROLE_NOUNS:
        return None  # "interest in the Data Analyst position": a role, not a company
    at_next = following[:1] in (["at"], ["with"], ["bei"], ["chez"], ["en"]) and len(tokens) > i + 1
    if at_next and tokens[i + 1][:1].isupper():
        return None  # "application to Data Analyst at Acme": the name was the role
    name = " ".join(out)
    return name if len(name) >= 2 else None


_TEAM_LINE = re.compile(
    r"^\s*(?:(?:the|your|ihr|dein|euer)\s+)?(?P<name>.+?)[\s-]+(?:(?:recruiting|recruitment|talent acquisition|talent"
    r"|hiring|people|careers|hr|recruiting-|personal-?)\s*)?team\s*$"
    r"|^\s*(?:el equipo de (?:talento|selección|reclutamiento|rrhh|recursos humanos) de|l[’']équipe (?:recrutement"
    r"|rh|talent|ressources humaines) (?:de |d[’'])|ihr recruiting-team (?:der|von)|das recruiting-team (?:der|von))"
    r"\s*(?P<name2>.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_CLOSINGS = re.compile(
    r"^\s*(?:best|best regards|kind regards|regards|warm regards|warmly|many thanks|thanks|thank you|cheers|"
    r"sincerely|yours sincerely|all the best|best wishes|with best wishes|respectfully|"
    r"mit freundlichen grüßen|freundliche grüße|viele grüße|beste grüße|herzliche grüße|"
    r"saludos|un saludo|saludos cordiales|atentamente|cordialement|bien cordialement|bien à vous|"
    r"sincères salutations)[\s,.!]*$",
    re.IGNORECASE | re.MULTILINE,
)
_TITLE_WORDS = {
    "recruiter", "recruiting", "recruitment", "talent", "acquisition", "partner", "manager", "lead", "coordinator",
    "specialist", "director", "head", "hr", "human", "resources", "people", "sourcer", "hiring", "officer",
    "consultant", "advisor", "adviser", "generalist", "senior", "junior", "principal", "vp", "chief",
    "referent", "referentin", "personalreferentin", "personalreferent", "reclutador", "reclutadora",
    "responsable", "chargée", "chargé", "recrutement", "talento", "team", "executive", "assistant",
}  # fmt: skip


def _signature_names(text: str, sender: str) -> list[str]:
    """Company names in the signature under the last closing ("Talent Partner, Blue Yonder Analytics")."""
    closings = list(_CLOSINGS.finditer(text))
    if not closings:
        return []
    lines = [line.strip() for line in text[closings[-1].end() :].split("\n") if line.strip()][:6]
    sender_words = {w for w in words(sender)}
    found = []
    for n, line in enumerate(lines):
        for segment in re.split(r"\s*[|•·,–—]\s*|\s+-\s+", line):
            segment = segment.strip()
            at = re.search(r"\b(?:at|bei|chez|en|@)\s+(.+)$", segment)
            if at and set(words(segment.split(at.group(0))[0])) & _TITLE_WORDS:
                segment = at.group(1)
            elif set(words(segment)) & _TITLE_WORDS:
                continue
            if not segment or re.search(r"@|https?:|www\.|\d{3}", segment):
                continue
            if n == 0 and not found and _person_like(segment):
                continue  # the first line under "Best," is the writer's name
            if set(words(segment)) & sender_words:
                continue
            if segment[0].isupper() and len(segment.split()) <= 5:
                found.append(segment.rstrip("."))
    return found


def _text_names(subject: str, text: str, sender: str) -> list[str]:
    """Company names the subject and the body write out, most telling first."""
    names: list[str] = []
    for source in (subject, text):
        for match in _BEFORE_COMPANY_RE.finditer(source):
            name = _take_name(source[match.end() :])
            if name:
                names.append(name)
    for match in _TEAM_LINE.finditer(text):
        name = (match.group("name") or match.group("name2") or "").strip(" ,.")
        if name and name[0].isupper() and len(name.split()) <= 5 and not set(words(name)) & {"the", "our"}:
            names.append(name)
    names += _signature_names(text, sender)
    return [
        n
        for n in names
        if company_key(n)
        and not re.search(r"@|https?:|www\.|\.(?:com|org|net|io|co)\b", n, re.IGNORECASE)
        and not set(words(n)) <= _SENDER_WORDS | _TRACKER_NAMES
    ]


def _written_as(key: str, sources: list[str]) -> str | None:
    """How the e-mail writes the name whose key is ``key`` (e.g. "Wingtip Toys" for wingtiptoys.com)."""
    for source in sources:
        tokens = re.findall(r"[^\s,;:!?()\"“”<>|]+", source)
        for size in (4, 3, 2, 1):
            for i in range(len(tokens) - size + 1):
                window = tokens[i : i + size]
                if not window[0][:1].isupper():
                    continue
                phrase = " ".join(window).rstrip(".")
                if company_key(phrase) == key:
                    return re.sub(r"(?:'s|’s)$", "", phrase)
    return None


def _fullest(name: str, named: list[str]) -> str:
    """The fullest way the e-mail writes the same company ("Beispiel GmbH" for a sender "Beispiel Recruiting")."""
    same = [n for n in named if company_key(n) == company_key(name)]
    return max([name, *same], key=len)


def _company(mail: _Mail) -> str | None:
    domain = mail.address.rpartition("@")[2]
    kind = domain_kind(domain)
    sender = _clean_display(mail.name)
    named = _text_names(mail.subject, mail.text, mail.name)
    if kind == "own":
        key = company_key(domain_label(domain))
        candidates = [sender.name, *named] if sender.name else named
        for name in candidates:
            if company_key(name) == key:
                return _fullest(name, named)
        written = _written_as(key, [mail.subject, mail.text])
        if written:
            return written
        if sender.companyish:
            return sender.name
        return " ".join(w.capitalize() for w in domain_label(domain).split("-")) or None
    if sender.companyish and sender.name:
        return _fullest(sender.name, named)
    if kind == "tracker" and sender.name:
        agreed = [n for n in named if company_key(n) == company_key(sender.name)]
        if agreed or not named:
            return sender.name if not _person_like(sender.name) or not named or agreed else named[0]
    if named:
        return named[0]
    if kind == "tracker":
        local = mail.address.partition("@")[0]
        if "myworkday" in domain and local and not set(words(local)) & _SENDER_WORDS:
            return local.capitalize()  # Workday writes from <company>@myworkday.com
    return None


# --- the role -------------------------------------------------------------------------------

_END = r"(?=\s+(?:at|with|@|bei|in|chez|au sein|en|con|para|à|within)\s|\s*[(\[]|\s+[-–—|]\s|[,.;:!?\n]|\s*$)"
_ROLE_PATTERNS = [
    re.compile(p, re.IGNORECASE | re.MULTILINE)
    for p in (
        r"\b(?:position|role|post|job) (?:of|as) (?:an? )?(?P<role>[^,.;:!?\n]{2,80}?)" + _END,
        r"\bapplication\s*[:\-–—|]\s*(?P<role>[^,;:!?\n]{2,80}?)\s*$",
        r"\b(?:application|applying|applied|candidacy|interest|interview(?:ing)?|consideration|apply) "
        r"(?:for|to|in) (?:the |our |a |an |your )?(?P<role>[^,.;:!?\n]{2,80}?) "
        r"(?:position|role|job|opening|vacancy|post)\b",
        r"\b(?:application|applying|applied|candidacy|consideration) (?:for|to) (?:the |our |a |an )?"
        r"(?P<role>[^,.;:!?\n]{2,80}?)" + _END,
        r"\bfor (?:the |our |a |an )(?P<role>[^,.;:!?\n]{2,80}?) (?:position|role|job|opening|vacancy)\b",
        r"^\s*(?P<role>(?-i:[A-Z])[^,.;:!?\n]{2,60}?) (?:role|position|opening|vacancy)\b",
        r"\b(?:the|your|our) (?P<role>(?-i:[A-Z])[^,.;:!?\n]{2,60}?) (?:role|position|opening|vacancy)\b",
        r"\bBewerbung (?:als|für die Position|für die Stelle(?: als)?|auf die Stelle(?: als)?|um die Stelle"
        r"(?: als)?|auf die Position(?: als)?|für) (?:eine[nrs]? |unsere |die |den )?(?P<role>[^,.;:!?\n]{2,80}?)"
        + _END,
        r"\b(?:Position|Stelle) als (?P<role>[^,.;:!?\n]{2,80}?)" + _END,
        r"\b(?:candidatura|solicitud|postulación) (?:para|al|a la|a) (?:el |la )?(?:puesto|posición|vacante|cargo)"
        r"(?: de)? (?P<role>[^,.;:!?\n]{2,80}?)" + _END,
        r"\b(?:puesto|posición|vacante|cargo) de (?P<role>[^,.;:!?\n]{2,80}?)" + _END,
        r"\bcandidature (?:au poste|pour le poste|pour l[’']offre|à l[’']offre) (?:de |d[’'])(?P<role>[^,.;:!?\n]{2,80}?)"
        + _END,
        r"\bposte (?:de |d[’'])(?P<role>[^,.;:!?\n]{2,80}?)" + _END,
    )
]
_NOT_ROLE = {
    "this", "that", "the", "your", "our", "a", "an", "us", "it", "which", "any", "all", "other", "future",
    "another", "more", "some", "one", "time", "interest", "application", "position", "role", "job", "company",
    "opportunity", "unser", "unsere", "diese", "esta", "este", "ce", "cette", "nous",
}  # fmt: skip


def _role_from(source: str, company: str | None) -> str | None:
    for pattern in _ROLE_PATTERNS:
        for match in pattern.finditer(source):
            role = strip_role_noise(match.group("role"))
            role = re.sub(r"\s+(?:position|role|job|stelle|puesto|poste)$", "", role, flags=re.IGNORECASE)
            parts = role.split()
            if not parts or len(parts) > 9 or (parts[0].casefold() in _NOT_ROLE and not parts[0].isupper()):
                continue  # "this role", "your time" (but "IT Support Specialist" is a role)
            if company and role_key(role) and company_key(role) == company_key(company):
                continue
            if not re.search(r"[^\W\d_]", role):
                continue
            return role
    return None


def _role(mail: _Mail, company: str | None) -> str | None:
    return _role_from(_PREFIX.sub("", mail.subject), company) or _role_from(mail.text, company)


# --- the draft ------------------------------------------------------------------------------


def _zone(tz: str | dt.tzinfo | None) -> dt.tzinfo | None:
    if tz is None or isinstance(tz, dt.tzinfo):
        return tz
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_date(when: dt.datetime | None, tz: str | dt.tzinfo | None) -> dt.date | None:
    """The day ``when`` was in the person's time zone (a time without a zone is taken as theirs)."""
    if when is None:
        return None
    zone = _zone(tz)
    if zone is None or when.tzinfo is None:
        return when.date()
    return when.astimezone(zone).date()


def _draft(mail: _Mail, tz: str | dt.tzinfo | None) -> Draft:
    company = _company(mail)
    sender = f"{mail.name} <{mail.address}>" if mail.name and mail.address else mail.address or mail.name
    return Draft(
        company=company,
        role=_role(mail, company),
        heard_back_on=local_date(mail.date, tz),
        subject=mail.subject,
        sender=sender,
        text=mail.text,
        forwarded=mail.forwarded,
    )


# --- the matching application ---------------------------------------------------------------


def match_application(draft: Draft, applications: list[dict], threshold: float = 0.85) -> dict | None:
    """The application this e-mail answers: same company (allowing spelling slack), then the closest role.

    ``applications`` are records with ``company``, ``role`` and optionally ``applied_on``; pass the
    open ones. None when no company is close enough (a new rejection is logged without one).
    """
    if not draft.company:
        return None
    want_company, want_role = company_key(draft.company), role_key(draft.role or "")
    best: tuple[float, str, dict] | None = None
    for app in applications:
        company_score = similarity(want_company, company_key(str(app.get("company") or "")))
        if company_score < threshold:
            continue
        role_score = similarity(want_role, role_key(str(app.get("role") or ""))) if want_role else 0.5
        score = company_score + role_score
        rank = (score, str(app.get("applied_on") or ""), app)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None
