"""Knowing fast that PostgreSQL is away, and knowing at once that it is back.

A stopped server refuses connections at once, but a frozen one, or one whose host or network went
away, leaves every call waiting: the pool's health check of an idle connection, a query, a commit.
Three pieces keep a page from hanging (the person gets "could not save" within seconds):

- :func:`deadline`: a call on a connection that takes longer than allowed has its socket shut down
  from a watchdog thread, so the waiting call fails like a broken connection;
- :class:`Liveness`: once a call found the database away, later calls fail at once instead of each
  waiting again, while a background probe tries a fresh connection every ``PROBE_EVERY_S``;
- the probe clears the state the moment the database answers, so the next Save works.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator

import psycopg

log = logging.getLogger("rebound.pgalive")
PROBE_EVERY_S = 0.3
_TICK_S = 0.05


class _Watchdog:
    """One thread for every deadline in the process: cheap to arm around each database call."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: dict[int, tuple[float, psycopg.Connection, list[bool]]] = {}
        self._next = 0
        self._thread: threading.Thread | None = None

    def arm(self, conn: psycopg.Connection, seconds: float) -> tuple[int, list[bool]]:
        fired = [False]
        with self._lock:
            self._next += 1
            self._armed[self._next] = (time.monotonic() + seconds, conn, fired)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="rebound-pg-watchdog", daemon=True)
                self._thread.start()
            return self._next, fired

    def disarm(self, ticket: int) -> None:
        with self._lock:
            self._armed.pop(ticket, None)

    def _run(self) -> None:
        while True:
            time.sleep(_TICK_S)
            now = time.monotonic()
            with self._lock:  # under the lock: a disarmed call's connection is never touched
                for ticket, (when, conn, fired) in list(self._armed.items()):
                    if when <= now:
                        del self._armed[ticket]
                        fired[0] = True
                        _shut(conn)


def _shut(conn: psycopg.Connection) -> None:
    """Wake a call waiting on this connection: shut its socket down (the call then fails)."""
    with contextlib.suppress(Exception):
        fd = os.dup(conn.pgconn.socket)
        with socket.socket(fileno=fd) as sock:
            sock.shutdown(socket.SHUT_RDWR)


_WATCHDOG = _Watchdog()


class TimedOut(psycopg.OperationalError):
    """A call on a connection outlived its deadline and was cut off."""


@contextlib.contextmanager
def deadline(conn: psycopg.Connection, seconds: float) -> Iterator[None]:
    """Cut ``conn`` off if the block takes longer than ``seconds``; the block then raises TimedOut."""
    ticket, fired = _WATCHDOG.arm(conn, seconds)
    try:
        yield
    except psycopg.Error as exc:
        if fired[0]:
            raise TimedOut(f"no answer from the database within {seconds:.0f} s") from exc
        raise
    finally:
        _WATCHDOG.disarm(ticket)


class Liveness:
    """Whether one database is known to be away; a probe thread watches for its return."""

    def __init__(self, url: str, connect_kwargs: dict) -> None:
        self.url, self.kwargs = url, connect_kwargs
        self._lock = threading.Lock()
        self._away = False
        self._prober: threading.Thread | None = None
        self.closed = False

    @property
    def away(self) -> bool:
        return self._away

    def mark_away(self) -> None:
        with self._lock:
            if not self._away:
                log.warning("The database does not answer: calls fail at once until it is back.")
            self._away = True
            if not self.closed and (self._prober is None or not self._prober.is_alive()):
                self._prober = threading.Thread(target=self._probe, name="rebound-pg-probe", daemon=True)
                self._prober.start()

    def reachable(self) -> bool:
        """One fresh connection and a round trip, bounded by the connect timeout and a deadline."""
        try:
            with psycopg.connect(self.url, **self.kwargs) as conn, deadline(conn, 2.0):
                conn.execute("SELECT 1")
            return True
        except psycopg.Error:
            return False

    def _probe(self) -> None:
        try:
            while not self.closed and self._away:
                if self.reachable():
                    log.warning("The database answers again.")
                    break
                time.sleep(PROBE_EVERY_S)
        finally:  # whatever happens to the probe, calls never stay refused without one
            with self._lock:
                self._away = False
