"""The facilitator key, guarded so that guessing is slow and an attendee cannot keep the facilitator out.

Only a session's own wrong keys can stop it from trying: after the n-th wrong key, that browser session
waits ``base * 2**(n-1)`` s (at most ``cap``) and an attempt before then is refused uncompared. The
counts shared through the store (so every replica sees them) only lengthen the wait that follows a
*wrong* key; they never turn away a key unseen, because a limit that refuses uncompared lets anyone
with the page lock the facilitator out (a storm over an app-wide cap, or a few wrong keys from the
venue's one Wi-Fi address):

- **per address**, when the app is told it runs behind its own proxy (serve-room sets the client's
  address in ``X-Real-IP``): after ``address_free`` wrong keys from one address, a wrong key from that
  address waits ``base * 2**(n-free-1)`` s, whichever session sent it;
- **for the whole app**: beyond ``per_minute`` wrong keys in any 60 s, across every client and
  replica (counted in 10-second buckets), a wrong key waits until that minute has passed, and the log
  says so.

What keeps guessing hopeless is the key itself: workshop mode refuses one shorter than 12 characters.
Addresses are kept only as an HMAC under the facilitator key, with counts and times: nothing that
reads back to a person.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from rebound.i18n import _
from rebound.storage import RecordNotFound, StoreError, Workspace

log = logging.getLogger("rebound.access")
MIN_KEY_LENGTH = 12
BUCKET_S = 10
WINDOW_S = 60
KEEP_S = 3600  # buckets and addresses older than this are pruned


def key_problem(key: str | None) -> str | None:
    """Why a facilitator key may not be used (None: it may)."""
    if key is None or len(key) < MIN_KEY_LENGTH:
        have = 0 if key is None else len(key)
        return _(
            "The facilitator key is too short ({have} characters; at least {needed} are needed), so workshop "
            "mode is off. A short key can be guessed by anyone with the app's address. Set a longer "
            "facilitator_key in the [workshop] secrets (or REBOUND_WORKSHOP_FACILITATOR_KEY): four or more "
            "unrelated words make a good one.",
            have=have,
            needed=MIN_KEY_LENGTH,
        )
    return None


@dataclass
class Attempts:
    """One browser session's tries at the facilitator key."""

    failures: int = 0
    next_allowed: float = 0.0


@dataclass
class Verdict:
    ok: bool
    wait: float = 0.0  # seconds before this client may try again
    refused: str | None = None  # "session" when not compared at all (too soon after its own wrong key)


@dataclass
class Limits:
    base: float = 1.0
    cap: float = 60.0
    address_free: int = 5
    per_minute: int = 60


class KeyGuard:
    """Facilitator-key attempts, limited per session, per address and app-wide through ``ws``.

    ``ws`` is a journal of the guard's own in the configured store (PostgreSQL or files), so replicas
    share the counts; ``clock`` is wall-clock time, the same in every process.
    """

    def __init__(
        self, ws: Workspace, secret: str, limits: Limits | None = None, clock: Callable[[], float] = time.time
    ):
        self.ws, self.limits, self.clock = ws, limits or Limits(), clock
        self._secret = hashlib.sha256(b"rebound/keyguard/" + secret.encode("utf-8", "surrogatepass")).digest()

    def _delay(self, n: int) -> float:
        return min(self.limits.base * 2 ** (n - 1), self.limits.cap) if n > 0 else 0.0

    def _address_id(self, address: str) -> str:
        return "a" + hmac.new(self._secret, address.encode("utf-8", "surrogatepass"), "sha256").hexdigest()[:32]

    def _recent(self, now: float) -> list[dict]:
        first = int(now // BUCKET_S) - WINDOW_S // BUCKET_S + 1
        return [b for b in self.ws.all("buckets") if b.get("bucket", 0) >= first]

    def check(self, session: Attempts, address: str | None, given: str | None, expected: str | None) -> Verdict:
        from rebound.workshop import key_matches  # one comparison for every key

        now = self.clock()
        if session.next_allowed > now:
            return self._refuse("session", session.next_allowed - now)
        if key_matches(given, expected):
            session.failures, session.next_allowed = 0, 0.0
            log.info("Facilitator view opened.")
            return Verdict(ok=True)
        addr = self._address_id(address) if address else None
        session.failures += 1
        address_wait, total, app_wait = self._count(now, addr)
        wait = max(self._delay(session.failures), address_wait, app_wait)
        session.next_allowed = now + wait
        log.warning(
            "Wrong facilitator key (%d in this session, %d in the whole app in the last minute); next try in %.0f s.",
            session.failures,
            total,
            wait,
        )
        if app_wait:
            log.warning(
                "More than %d wrong facilitator keys in a minute: someone may be guessing.", self.limits.per_minute
            )
        return Verdict(ok=False, wait=wait)

    def _refuse(self, scope: str, wait: float) -> Verdict:
        log.warning("Facilitator key attempt refused uncompared: too soon for this %s (wait %.0f s).", scope, wait)
        return Verdict(ok=False, wait=max(wait, 0.0), refused=scope)

    def _count(self, now: float, addr: str | None) -> tuple[float, int, float]:
        """Record one wrong key app-wide (and for its address), atomically across replicas.

        Returns the address's wait, the app's wrong keys in the last minute, and the app-wide wait (until
        the minute has passed, once the app is over its cap)."""
        bucket = int(now // BUCKET_S)
        address_wait = 0.0
        try:
            with self.ws.batch():
                _bump(self.ws, "buckets", f"b{bucket}", {"bucket": bucket})
                if addr:
                    rec = self.ws.get("addresses", addr) or {}
                    fresh = now - rec.get("last_at", 0) > KEEP_S
                    n = 1 if fresh else rec.get("failures", 0) + 1
                    over = n - self.limits.address_free
                    next_at = now + self._delay(over) if over > 0 else 0.0
                    _put(self.ws, "addresses", addr, {"failures": n, "last_at": now, "next_at": next_at})
                    address_wait = max(next_at - now, 0.0)
                self._prune(now)
        except StoreError:  # the store is away: the session's own delay still holds
            log.warning("Could not record a wrong facilitator key: the store is unavailable.")
            return address_wait, 0, 0.0
        recent = self._recent(now)
        total = sum(b.get("n", 0) for b in recent)
        app_wait = 0.0
        if total > self.limits.per_minute:
            app_wait = max((min(b["bucket"] for b in recent) + WINDOW_S // BUCKET_S) * BUCKET_S - now, 0.0)
        return address_wait, total, app_wait

    def _prune(self, now: float) -> None:
        oldest = int((now - KEEP_S) // BUCKET_S)
        for b in self.ws.all("buckets"):
            if b.get("bucket", 0) < oldest:
                self.ws.delete("buckets", b["id"])
        for a in self.ws.all("addresses"):
            if now - a.get("last_at", 0) > KEEP_S:
                self.ws.delete("addresses", a["id"])


def _bump(ws: Workspace, table: str, rid: str, fields: dict) -> None:
    rec = ws.get(table, rid)
    if rec is None:
        ws.add(table, {"id": rid, **fields, "n": 1})
    else:
        ws.update(table, rid, {"n": rec.get("n", 0) + 1})


def _put(ws: Workspace, table: str, rid: str, fields: dict) -> None:
    try:
        ws.update(table, rid, fields)
    except RecordNotFound:
        ws.add(table, {"id": rid, **fields})


def client_address(headers, behind_proxy: bool) -> str | None:
    """The client's address from the app's own proxy, or None when the app is not behind one.

    Only the proxy's own header is read: serve-room's nginx overwrites ``X-Real-IP`` with the address
    it saw, so a client cannot choose it. ``X-Forwarded-For``'s last entry (the hop the proxy added)
    is the fallback. Without ``behind_proxy`` both are ignored: anyone could send them.
    """
    if not behind_proxy or headers is None:
        return None
    real = (headers.get("X-Real-IP") or "").strip()
    if real:
        return real
    forwarded = [p.strip() for p in (headers.get("X-Forwarded-For") or "").split(",") if p.strip()]
    return forwarded[-1] if forwarded else None
