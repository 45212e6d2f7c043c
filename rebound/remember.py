"""A browser that remembers its journal: the cookie, the same-origin check, and which journal opens.

Pure functions; components/device.py serves them as two small routes (st.App) and the shell reads
the cookie back through ``st.context.cookies``. The cookie carries the private-link token itself,
exactly as the link does, so the server still keeps no token anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from rebound.access import is_valid_token

COOKIE = "rebound_journal"
MAX_AGE = 365 * 24 * 3600  # a year; browsers cap cookies at about 400 days anyway
REMEMBER_PATH = "/_rebound/remember"
FORGET_PATH = "/_rebound/forget"
_PAGE = re.compile(r"[A-Za-z0-9_]{0,64}")  # a page's URL name ("" is Home): never another site


def is_https(forwarded_proto: str | None, scheme: str | None) -> bool:
    """Served over HTTPS: the proxy says so (the first hop of ``X-Forwarded-Proto``), or the URL is https."""
    first = (forwarded_proto or "").split(",")[0].strip().lower()
    return first == "https" or (scheme or "").lower() == "https"


def cookie_path(base_path: str | None) -> str:
    """The app's own path (``server.baseUrlPath``), so the cookie goes to this app only."""
    path = (base_path or "").strip("/")
    return "/" + path if path else "/"


def _header(value: str, max_age: int, https: bool, base_path: str | None) -> str:
    jar = SimpleCookie()
    jar[COOKIE] = value
    morsel = jar[COOKIE]
    morsel["path"] = cookie_path(base_path)
    morsel["max-age"] = max_age
    morsel["httponly"] = True  # no script on the page can read the key to the journal
    morsel["samesite"] = "Lax"  # never sent with another site's form posts or embedded requests
    if https:
        morsel["secure"] = True
    return morsel.OutputString()


def remember_header(token: str, https: bool, base_path: str | None = None) -> str:
    """The ``Set-Cookie`` value that makes this browser remember the journal of ``token``."""
    if not is_valid_token(token):
        raise ValueError("Not a private-link token.")
    return _header(token, MAX_AGE, https, base_path)


def forget_header(https: bool, base_path: str | None = None) -> str:
    """The ``Set-Cookie`` value that makes this browser forget its journal."""
    return _header("", 0, https, base_path)


def same_origin(origin: str | None, referer: str | None, hosts: set[str]) -> bool:
    """A form post came from a page of this app: its ``Origin`` (else its ``Referer``) names one of ``hosts``.

    Browsers send ``Origin`` with every form post; another site's page cannot forge it. Without
    either header the post is refused: a remembered journal is only ever set from our own page.
    """
    source = origin if origin and origin != "null" else referer
    netloc = (urlsplit(source or "").netloc or "").lower()
    return bool(netloc) and netloc in {h.lower() for h in hosts if h}


def back_path(base_path: str | None, page: str | None) -> str | None:
    """Where to return after the cookie changed: one of this app's pages, or None when ``page`` is not one."""
    if page is None or not _PAGE.fullmatch(page):
        return None
    base = cookie_path(base_path).rstrip("/")
    return f"{base}/{page}"


def remembered(cookies: object) -> str | None:
    """The token this browser remembers, from ``st.context.cookies`` (empty in AppTest), or None."""
    try:
        value = cookies.get(COOKIE)  # type: ignore[union-attr]
    except AttributeError:
        return None
    return value if is_valid_token(value) else None


# --- which journal a visit opens ------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """What a page load opens.

    ``arrival``: None (nothing to say), ``"link"`` (a link opened a journal this browser did not know),
    ``"remembered"`` (this browser's remembered journal opened without a link), ``"conflict"`` (the
    link goes to another journal than this browser's: nothing opens until the person chooses),
    ``"join_link"`` (a join link carried a private link this browser does not know: the same choice).
    """

    token: str | None  # the journal to open (None: a new one)
    arrival: str | None
    other: str | None = None  # the link's journal, in a conflict


def resolve(given: str | None, session: str | None, cookie: str | None, joining: bool) -> Visit:
    """Which journal opens, from the link's token, this tab's, the remembered one and whether it is a join.

    Only valid tokens come in. This tab's own journal wins over the remembered one (the person may
    have switched in this tab); a link to any other journal is never followed silently.
    """
    mine = session or cookie
    if given is None or given in (mine, cookie):
        token = given or mine
        arrival = "remembered" if given is None and not session and cookie else None
        return Visit(token, arrival)
    if mine:
        return Visit(mine, "conflict", other=given)
    if joining:
        return Visit(None, "join_link", other=given)
    return Visit(given, "link")
