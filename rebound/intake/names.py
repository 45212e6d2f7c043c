"""Comparing and cleaning company and role names (shared by the e-mail reader and the importer)."""

from __future__ import annotations

import difflib
import re
import unicodedata

# Legal forms left out when names are compared ("Acme GmbH" is "Acme"), kept when shown.
LEGAL_FORMS = {
    "inc", "incorporated", "llc", "ltd", "limited", "plc", "corp", "corporation", "co", "company",
    "gmbh", "ag", "kg", "se", "ug", "mbh", "sa", "sas", "sarl", "sl", "slu", "srl", "spa", "bv", "nv",
    "oy", "ab", "as", "aps", "pty", "pte", "lp", "llp", "group", "holding", "holdings",
}  # fmt: skip

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa", "&": " and "})


def fold(text: str) -> str:
    """Lower case, umlauts spelled out, accents dropped: ``Müller`` and ``mueller`` compare equal."""
    text = text.casefold().translate(_FOLD)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def company_key(name: str) -> str:
    """A company's name for comparing: folded, legal forms and a leading "the" left out, no spaces."""
    parts = words(name)
    if parts and parts[0] == "the":
        parts = parts[1:]
    while len(parts) > 1 and parts[-1] in LEGAL_FORMS:
        parts = parts[:-1]
    return "".join(parts)


def role_key(role: str) -> str:
    return " ".join(words(strip_role_noise(role)))


_ROLE_NOISE = (
    r"\((?:[mwfdxhi]\s*/\s*)+[mwfdxhi]\)",  # (m/w/d), (f/m/x), (h/f)
    r"\b[mwfdxh]/[mwfdxh](?:/[mwfdxh])?\b",
    r"\((?:job\s*)?(?:id|ref|req|requisition)?[:#\s-]*[A-Z]{0,4}-?\d{3,}\)",  # (R-104233), (Req 1234)
    r"\s[-–—|]\s*(?:job\s*)?(?:id|ref|req|requisition)[:#\s-]*\S+$",
    r"\b(?:job\s*)?(?:id|ref|req|requisition)\s*[:#]\s*\S+",
    r"#\s*\d{3,}",
)


def strip_role_noise(role: str) -> str:
    """A role as a person would write it: no gender tags, job ids or quotes around it."""
    for pattern in _ROLE_NOISE:
        role = re.sub(pattern, " ", role, flags=re.IGNORECASE)
    role = role.strip().strip("\"'“”‘’«»„").strip()
    role = re.sub(r"\s+", " ", role)
    return role.strip(" -–—|:,.;")


def similarity(a: str, b: str) -> float:
    """0..1: how alike two names are (whole words in common, with a little slack for spelling)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b).ratio()
