"""Who may open which journal: modes, private-link tokens and workspace keys.

Pure functions; the Streamlit shell feeds them the URL, the query parameter and
the login, and opens the workspace for the key they return.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from urllib.parse import urlsplit

PERSONAL_KEY = "personal"
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
TOKEN_BYTES = 24  # 192 random bits -> 32 URL-safe characters
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22,128}")


def resolve_mode(setting: str | None, url: str | None) -> str:
    """``personal`` when configured so, or when the browser reached us on a loopback host.

    Anything else is ``shared``: a public deployment never shows one journal to all.
    """
    if setting:
        mode = setting.strip().lower()
        if mode in ("personal", "shared"):
            return mode
        raise ValueError(f"REBOUND_MODE must be 'personal' or 'shared', not {setting!r}.")
    host = (urlsplit(url or "").hostname or "").lower()
    return "personal" if host in LOOPBACK_HOSTS else "shared"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_valid_token(value: object) -> bool:
    """A private-link token must look like one: URL-safe base64, at least 128 bits."""
    return isinstance(value, str) and bool(_TOKEN_RE.fullmatch(value))


def link_key(token: str) -> str:
    if not is_valid_token(token):
        raise ValueError("Not a private-link token.")
    return "link:" + token


def oidc_key(issuer: str, subject: str) -> str:
    if not issuer or not subject:
        raise ValueError("A login needs both an issuer and a subject.")
    return f"oidc:{issuer}:{subject}"


def token_from_link(text: str) -> str | None:
    """The token in a pasted private link (or a bare token), or None."""
    text = (text or "").strip()
    if is_valid_token(text):
        return text
    match = re.search(r"[?&]w=([A-Za-z0-9_-]+)", text)
    return match.group(1) if match and is_valid_token(match.group(1)) else None


# --- public links ------------------------------------------------------------------------------


def public_base(public_url: str | None, request_url: str | None, base_path: str | None) -> str:
    """The base every shared link starts with: scheme, host and the app's path, no trailing slash.

    ``public_url`` (a setting) wins: phones in a room cannot reach ``localhost``. Without it, the
    host the browser used. Either way the app's ``server.baseUrlPath`` is kept (added to a
    ``public_url`` that does not already end with it).
    """
    path = "/" + (base_path or "").strip("/") if (base_path or "").strip("/") else ""
    if public_url and public_url.strip():
        base = public_url.strip().rstrip("/")
        return base if not path or base.endswith(path) else base + path
    parts = urlsplit(request_url or "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return origin + path


def is_loopback_url(url: str | None) -> bool:
    return (urlsplit(url or "").hostname or "").lower() in LOOPBACK_HOSTS


# --- the facilitator key: slowed-down attempts --------------------------------------------------

log = logging.getLogger("rebound.access")


@dataclass
class Attempts:
    """One browser session's tries at the facilitator key."""

    failures: int = 0
    next_allowed: float = 0.0


class KeyGuard:
    """Growing delays after wrong keys, per session and per process; logged, never with the key.

    After the n-th wrong key in a session that session waits ``base * 2**(n-1)`` seconds (at most
    ``cap``). Across the process, once more than ``free`` wrong keys came in the last ``window``
    seconds, every session waits ``base * 2**(recent-free)`` (at most ``cap``): many sessions
    cannot share out the guessing. An attempt made too early is refused without comparing.
    """

    def __init__(self, clock=time.monotonic, base: float = 1.0, cap: float = 60.0, free: int = 10, window=900.0):
        self.clock, self.base, self.cap, self.free, self.window = clock, base, cap, free, window
        self._lock = threading.Lock()
        self._failures: deque[float] = deque()
        self._process_next = 0.0

    def _delay(self, n: int) -> float:
        return min(self.base * 2 ** max(n - 1, 0), self.cap) if n > 0 else 0.0

    def wait(self, session: Attempts) -> float:
        """Seconds before this session may try again (0 when it may now)."""
        return max(session.next_allowed, self._process_next) - self.clock() if self._busy(session) else 0.0

    def _busy(self, session: Attempts) -> bool:
        return max(session.next_allowed, self._process_next) > self.clock()

    def check(self, session: Attempts, given: str | None, expected: str | None) -> tuple[bool, float]:
        """(key accepted, seconds to wait before the next try)."""
        from rebound.workshop import key_matches  # one comparison for every key

        with self._lock:
            now = self.clock()
            if self._busy(session):
                wait = max(session.next_allowed, self._process_next) - now
                log.warning("Facilitator key attempt refused: too soon (wait %.0f s).", wait)
                return False, wait
            if key_matches(given, expected):
                session.failures = 0
                log.info("Facilitator view opened.")
                return True, 0.0
            session.failures += 1
            self._failures.append(now)
            while self._failures and self._failures[0] < now - self.window:
                self._failures.popleft()
            recent = len(self._failures)
            session.next_allowed = now + self._delay(session.failures)
            if recent > self.free:
                self._process_next = now + self._delay(recent - self.free)
            wait = max(session.next_allowed, self._process_next) - now
            log.warning(
                "Wrong facilitator key (%d in this session, %d in this process in %.0f min); next try in %.0f s.",
                session.failures,
                recent,
                self.window / 60,
                wait,
            )
            return False, wait


FACILITATOR_GUARD = KeyGuard()  # per process: counts and times only, no user data
