"""The PostgreSQL backend: the same Workspace contract as the file store, one row per record.

Layout (created at first use, see ``ensure_schema``):
- ``rebound_records(journal, tbl, rid, seq, body)``: one row per record; ``journal`` is
  sha256(key) as bytes (never the key), ``body`` is the record's JSON passed through a
  :class:`Codec` (plain today, sealed later), so nothing ever queries inside a record;
- ``rebound_tables(journal, tbl, rev, born)``: a per-table revision, set from one sequence in
  the same transaction as every write (after its rows), so every process's cache can tell
  that a table changed; ``born`` changes when the table is cleared or destroyed;
- ``rebound_records.changed`` and ``rebound_gone(journal, tbl, rid, rev)``: set by triggers
  from the same sequence on every insert, update and delete, so a cache at revision ``r``
  catches up by reading only the rows changed after ``r`` and the ids deleted after it;
- ``rebound_meta``: the schema version;
- ``rebound_pending``: journal files copied by ``rebound.storage.migrate`` exactly as they were
  (a sealed one cannot be opened without its key), turned into rows on the owner's next visit.

Writers of one journal are serialised by a transaction-scoped advisory lock, which also
makes a read-modify-write inside ``batch()`` atomic across processes and hosts. Reads are
served from a per-process cache validated by one small query of the table revisions, and
brought up to date by what changed, not by reloading the table.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson
import psycopg
from psycopg import errors as pg_errors
from psycopg_pool import ConnectionPool, PoolTimeout

from rebound import applications
from rebound.i18n import N_, _, ngettext
from rebound.storage import contract, files, pgalive
from rebound.storage.contract import RecordChanged, RecordNotFound, SecretChanged, StoreError, StoreUnavailable

DB_SCHEMA_VERSION = 2  # 2: rebound_records.changed, rebound_tables.born, rebound_gone
_SCHEMA_LOCK = 0x5245_424F_554E_4401  # advisory lock id for schema setup ("REBOUND" + 1)
_CONNECT_TIMEOUT_S = 2  # libpq's smallest
_STATEMENT_TIMEOUT_MS = 5000
_POOL_TIMEOUT_S = 3.0
_CHECK_DEADLINE_S = 1.0  # a pooled connection's health check: a round trip, or the database is away
_CALL_DEADLINE_S = _STATEMENT_TIMEOUT_MS / 1000 + 2  # beyond what the server itself allows a statement
_JOURNALS_KEPT = 512

# Said to the person: marked here, translated where raised or shown (the session's language).
UNAVAILABLE = N_(
    "Rebound cannot reach its database right now, so nothing was saved. Your text is still here: try again in a moment."
)
OFFLINE = N_(
    "Rebound cannot reach its database just now. You see your journal as it was a moment ago; "
    "saving works again as soon as the database is back."
)
UNSURE = N_(
    "The database connection broke while saving, so Rebound cannot tell whether this was saved. "
    "Reload the page to check before saving again."
)


class _Unreadable(StoreError):
    """A row that does not open: sealed with another key, moved, changed, or not a record."""

    def __init__(self, rid: str):
        super().__init__(
            _(
                "A record in this journal does not open (it was changed in the database). Nothing was "
                "changed; My data offers to restore a backup or delete the record."
            )
        )
        self.rid = rid


class SchemaTooNew(StoreError):
    """The database was set up by a newer Rebound; this one refuses to touch it."""


class Codec(Protocol):
    sealed: bool

    def encode(self, plaintext: bytes, aad: bytes) -> bytes: ...

    def decode(self, blob: bytes, aad: bytes) -> bytes: ...


class PlainCodec:
    """Record bodies stored as they are (the personal journal, or before sealing is wired in)."""

    sealed = False

    def encode(self, plaintext: bytes, aad: bytes) -> bytes:
        return plaintext

    def decode(self, blob: bytes, aad: bytes) -> bytes:
        return bytes(blob)


PLAIN = PlainCodec()

_DDL = """
CREATE TABLE IF NOT EXISTS rebound_meta (name text PRIMARY KEY, value bigint NOT NULL);
CREATE SEQUENCE IF NOT EXISTS rebound_rev;
CREATE TABLE IF NOT EXISTS rebound_tables (
    journal bytea NOT NULL, tbl text NOT NULL, rev bigint NOT NULL,
    born bigint NOT NULL DEFAULT nextval('rebound_rev'),
    PRIMARY KEY (journal, tbl));
CREATE TABLE IF NOT EXISTS rebound_records (
    journal bytea NOT NULL, tbl text NOT NULL, rid text NOT NULL,
    seq bigint NOT NULL, body bytea NOT NULL, changed bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (journal, tbl, rid));
DROP INDEX IF EXISTS rebound_records_order;
-- Partial, so only queries that say "changed > 0" can use it: a full (journal, tbl, …) index lured
-- the planner away from the key for single-record lookups (while the table had no statistics).
CREATE INDEX IF NOT EXISTS rebound_records_changed ON rebound_records (journal, tbl, changed) WHERE changed > 0;
CREATE TABLE IF NOT EXISTS rebound_gone (
    journal bytea NOT NULL, tbl text NOT NULL, rid text NOT NULL, rev bigint NOT NULL,
    PRIMARY KEY (journal, tbl, rid));
CREATE TABLE IF NOT EXISTS rebound_pending (journal bytea PRIMARY KEY, body bytea NOT NULL);
"""

# Triggers, so every writer (also a Rebound of schema 1 still running while the schema moves on)
# leaves the marks a cache catches up by: a changed row gets a new ``changed``, a deleted id a row
# in rebound_gone. Writers of a journal hold its advisory lock, so these numbers grow in commit order.
_TRIGGERS = """
CREATE OR REPLACE FUNCTION rebound_mark_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.changed := nextval('rebound_rev'); RETURN NEW; END $$;
CREATE OR REPLACE FUNCTION rebound_mark_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rebound_gone (journal, tbl, rid, rev) VALUES (OLD.journal, OLD.tbl, OLD.rid, nextval('rebound_rev'))
    ON CONFLICT (journal, tbl, rid) DO UPDATE SET rev = EXCLUDED.rev;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER rebound_records_changed BEFORE INSERT OR UPDATE ON rebound_records
    FOR EACH ROW EXECUTE FUNCTION rebound_mark_changed();
CREATE OR REPLACE TRIGGER rebound_records_gone AFTER DELETE ON rebound_records
    FOR EACH ROW EXECUTE FUNCTION rebound_mark_gone();
"""

# MIGRATIONS[v] turns a schema-v database into v+1 (before _DDL adds the tables and indexes it lacks).
_MIGRATIONS = {
    1: """
ALTER TABLE rebound_records ADD COLUMN IF NOT EXISTS changed bigint NOT NULL DEFAULT 0;
ALTER TABLE rebound_tables ADD COLUMN IF NOT EXISTS born bigint NOT NULL DEFAULT 0;
ALTER TABLE rebound_tables ALTER COLUMN born SET DEFAULT nextval('rebound_rev');
""",
}


def aad(journal: bytes, table: str, rid: str) -> bytes:
    """What a sealed body is bound to: a row moved to another journal, table or id fails to open."""
    t, r = table.encode("utf-8", "surrogatepass"), rid.encode("utf-8", "surrogatepass")
    return b"rebound/1" + journal + len(t).to_bytes(4, "big") + t + r


def journal_digest(key: str) -> bytes:
    return bytes.fromhex(contract.key_digest(key))


# -- connections -------------------------------------------------------------


def _configure(conn: psycopg.Connection) -> None:
    conn.execute(f"SET statement_timeout = {_STATEMENT_TIMEOUT_MS}")
    conn.execute("SET idle_in_transaction_session_timeout = 30000")
    conn.commit()


@dataclass
class _Database:
    url: str
    pool: ConnectionPool
    alive: pgalive.Liveness
    ready: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Away(BaseException):
    """Raised by the pool's health check when the database is away. A BaseException on purpose: the
    pool then hands it straight back instead of trying connection after connection until its timeout."""


def _checker(alive: pgalive.Liveness) -> Callable[[psycopg.Connection], None]:
    def check(conn: psycopg.Connection) -> None:
        if alive.away:
            raise _Away()
        try:
            with pgalive.deadline(conn, _CHECK_DEADLINE_S):
                ConnectionPool.check_connection(conn)
        except pgalive.TimedOut:
            alive.mark_away()
            raise _Away() from None
        except Exception:
            if not alive.reachable():
                alive.mark_away()
                raise _Away() from None
            raise  # only this connection died (e.g. since a restart): the pool gives another

    return check


_databases: dict[str, _Database] = {}
_databases_lock = threading.Lock()


def _database(url: str) -> _Database:
    with _databases_lock:
        db = _databases.get(url)
        if db is None:
            kwargs = {"connect_timeout": _CONNECT_TIMEOUT_S, "application_name": "rebound"}
            alive = pgalive.Liveness(url, kwargs)
            pool = ConnectionPool(
                url,
                kwargs=kwargs,
                min_size=1,
                max_size=8,
                open=False,
                configure=_configure,
                check=_checker(alive),  # a connection dead since a restart is replaced; a hung one cut off
                timeout=_POOL_TIMEOUT_S,
                # Short: a failed reconnect gives up soon, so the next call tries afresh
                # instead of waiting out a long backoff after the server is back.
                reconnect_timeout=2.0,
                name="rebound",
            )
            pool.open(wait=False)
            db = _databases[url] = _Database(url, pool, alive=alive)
    if not db.ready:
        with db.lock:
            if not db.ready:
                _run(db, ensure_schema, retry=True)
                db.ready = True
    return db


def close(url: str) -> None:
    """Close one database's pool and forget its cached journals (tests dropping a database)."""
    with _databases_lock:
        db = _databases.pop(url, None)
    if db is not None:
        db.alive.closed = True
        db.pool.close()
    with _journals_lock:
        for k in [k for k in _journals if k[0] == url]:
            del _journals[k]


def close_all() -> None:
    """Close every pool (tests, and processes that are done with the database)."""
    with _databases_lock:
        for db in _databases.values():
            db.alive.closed = True
            db.pool.close()
        _databases.clear()
    with _journals_lock:
        _journals.clear()


class _Committing(Exception):
    """Marks a failure during COMMIT: the write may or may not have landed."""


def _run(db: _Database, work: Callable[[psycopg.Connection], Any], retry: bool) -> Any:
    """Run ``work`` in one transaction; a lost connection becomes StoreUnavailable.

    ``retry``: try once more on a fresh connection. Only for reads, or for writes whose
    transaction provably did not commit (the failure came before COMMIT).
    """
    if db.alive.away:  # it is known to be away: a page run must not wait at every call
        raise StoreUnavailable(_(UNAVAILABLE))
    attempt = 0
    while True:
        attempt += 1
        try:
            with db.pool.connection() as conn, pgalive.deadline(conn, _CALL_DEADLINE_S):
                result = work(conn)
                try:
                    conn.commit()
                except psycopg.OperationalError as exc:
                    raise _Committing() from exc
                return result
        except _Committing as exc:
            db.alive.mark_away()
            raise StoreUnavailable(_(UNSURE)) from exc.__cause__
        except (PoolTimeout, _Away) as exc:  # the pool already waited, or the check found it away
            db.alive.mark_away()
            raise StoreUnavailable(_(UNAVAILABLE)) from None if isinstance(exc, _Away) else exc
        except psycopg.OperationalError as exc:  # e.g. a connection that died with the server
            if isinstance(exc, pg_errors.QueryCanceled):
                raise StoreUnavailable(_(UNAVAILABLE)) from exc  # slow, not away: no need to refuse others
            if isinstance(exc, pgalive.TimedOut) or not retry or attempt > 1:
                db.alive.mark_away()
                raise StoreUnavailable(_(UNAVAILABLE)) from exc


def ensure_schema(conn: psycopg.Connection) -> None:
    """Create or migrate the tables; idempotent and safe when several processes start at once."""
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
    exists = conn.execute("SELECT to_regclass('rebound_meta') IS NOT NULL").fetchone()[0]
    version = None
    if exists:
        row = conn.execute("SELECT value FROM rebound_meta WHERE name = 'schema_version'").fetchone()
        version = row[0] if row else None
        if version is not None and version > DB_SCHEMA_VERSION:
            raise SchemaTooNew(
                _(
                    "This database was set up by a newer version of Rebound (schema {version}; this app "
                    "knows up to {known}). Update Rebound before using this database.",
                    version=version,
                    known=DB_SCHEMA_VERSION,
                )
            )
        if version == DB_SCHEMA_VERSION:
            return  # set up already: no DDL, so no table lock, at every process start
    if version is None:  # no version row: tables from before versions were kept, or none at all
        old = conn.execute("SELECT to_regclass('rebound_records') IS NOT NULL").fetchone()[0]
        version = 1 if old else DB_SCHEMA_VERSION
    for v in range(version, DB_SCHEMA_VERSION):
        conn.execute(_MIGRATIONS[v])
    conn.execute(_DDL)  # every statement is IF NOT EXISTS
    conn.execute(_TRIGGERS)
    conn.execute(
        "INSERT INTO rebound_meta (name, value) VALUES ('schema_version', %s) "
        "ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
        (DB_SCHEMA_VERSION,),
    )


# -- the per-process cache ---------------------------------------------------


class _Journal:
    """One journal's cached tables in this process, plus its in-process lock and batch state."""

    def __init__(self, digest: bytes):
        self.digest = digest
        self.lock = threading.RLock()  # threads of this process take turns, as in the file store
        self.tables: dict[str, _Cached] = {}
        self.frozen: dict[str, bytes] = {}  # tbl -> its records serialised, for fast copies
        self.conn: psycopg.Connection | None = None  # the open batch's connection
        self.depth = 0
        self.ops: list[_Op] = []  # cache changes waiting for the batch to commit
        self.known: dict[str, int] | None = None  # table revisions at the last good validation
        self.offline = False  # serving the cache because the database is away
        self.adopted = False  # checked for a journal file copied by rebound.storage.migrate
        self.upgraded = False  # brought up to the current format (rows carry no version)
        self.sealing: tuple[bytes, Codec] | None = None  # (what chose the codec, the codec): HKDF once
        self.unreadable: dict[str, set[str]] = {}  # tbl -> ids of rows that did not open at the last load


@dataclass
class _Cached:
    """One table as this process holds it: every change up to ``rev`` is in, none after it."""

    rev: int
    born: int  # the table's generation: a cleared or destroyed table is read again, not caught up
    records: dict[str, dict]  # rid -> record, in the database's order (seq)


@dataclass
class _Op:
    table: str
    old_rev: int | None  # the table's revision in the database before this write
    new_rev: int
    apply: Callable[[dict[str, dict]], None] | None  # None: the next read catches up from the database


_journals: dict[tuple[str, bytes], _Journal] = {}
_journals_lock = threading.Lock()


def _journal_for(url: str, digest: bytes) -> _Journal:
    with _journals_lock:
        j = _journals.pop((url, digest), None) or _Journal(digest)
        _journals[(url, digest)] = j  # most recently used last
        while len(_journals) > _JOURNALS_KEPT:
            del _journals[next(iter(_journals))]
        return j


# -- the workspace -----------------------------------------------------------


class PgWorkspace:
    """A person's journal in PostgreSQL, reachable only through its key."""

    def __init__(
        self,
        url: str,
        key: str | None,
        codec: Codec | None = None,
        *,
        digest: bytes | None = None,
        storage_secret: str | None = None,
    ):
        self._db = _database(url)
        self._j = _journal_for(url, digest if key is None else journal_digest(key))
        self._codec = codec or (self._codec_for(key, storage_secret) if key is not None else PLAIN)
        if not self._j.adopted:
            self.adopt_copied_file()
        if not self._j.upgraded and key is not None:
            # Unreachable or damaged: its first read says so; tried again on the next open.
            with contextlib.suppress(StoreError):
                applications.upgrade_workspace(self, contract.FORMAT, contract.SCHEMA_VERSION)
                self._j.upgraded = True

    def adopt_copied_file(self) -> str | None:
        """Turn a journal file that ``rebound.storage.migrate`` copied as it was into rows.

        Returns what happened (None: there was none). A sealed file opens only with its key's
        codec; until then it stays as it was copied.
        """
        j = self._j
        rows = _run(
            self._db,
            lambda conn: conn.execute("SELECT body FROM rebound_pending WHERE journal = %s", (j.digest,)).fetchall(),
            retry=True,
        )
        if not rows:
            j.adopted = True
            return None
        try:  # the file store binds a sealed file to its hashed name, as its AAD
            raw = self._codec.decode(bytes(rows[0][0]), j.digest.hex().encode())
        except Exception:  # a sealed file without its key (the migrator itself), or a wrong key
            return "sealed"
        tables = files.AtomicJSONStorage._parse_json(raw)
        if tables is None:
            return "unreadable"
        with self.batch():
            conn = j.conn
            assert conn is not None
            if conn.execute("SELECT 1 FROM rebound_tables WHERE journal = %s LIMIT 1", (j.digest,)).fetchone():
                outcome = "kept"  # rows already here are newer than the copied file: keep them
            else:
                outcome = "copied"
                for name, recs in tables.items():
                    if recs:
                        rows = [(j.digest, name, rid, self._encode(name, rid, rec)) for rid, rec in recs.items()]
                        self._write(name, self._put(name, rows, replace=False))
            conn.execute("DELETE FROM rebound_pending WHERE journal = %s", (j.digest,))
        j.adopted = True
        return outcome

    def _codec_for(self, key: str, storage_secret: str | None) -> Codec:
        """Link journals sealed with their token, logins with the storage secret (``rebound.storage.seal``).

        The codec is kept with the cached journal, so its key is derived once per open journal
        and the cache (already decrypted) stays valid across page runs.
        """
        from rebound.storage import seal

        spec = hashlib.blake2b(f"{key}\0{storage_secret or ''}".encode("utf-8", "surrogatepass")).digest()
        with self._j.lock:
            if self._j.sealing is None or self._j.sealing[0] != spec:
                if self._j.sealing is not None:  # another key for the same rows: decode again
                    self._j.tables.clear()
                    self._j.frozen.clear()
                self._j.sealing = (spec, seal.codec_for(key, storage_secret))
            return self._j.sealing[1]

    @property
    def sealed(self) -> bool:
        """True when this journal's records are encrypted at rest."""
        return bool(getattr(self._codec, "sealed", False))

    # -- plumbing ------------------------------------------------------------
    def _decode(self, table: str, rid: str, body: bytes) -> dict:
        from rebound.storage import seal

        try:
            doc = orjson.loads(self._codec.decode(bytes(body), aad(self._j.digest, table, rid)))
        except seal.SecretChanged:
            raise SecretChanged() from None  # the key changed, not the rows
        except (seal.SealError, orjson.JSONDecodeError):
            doc = None
        if not isinstance(doc, dict) or doc.get("id", rid) != rid:
            # Never read a changed, moved or foreign row as different records: refuse, touch nothing.
            raise _Unreadable(rid)
        return doc

    def _readable(self, table: str, rows: list[tuple[str, bytes]], bad: set[str] | None = None) -> dict[str, dict]:
        """The rows that open, by id; the ids of those that do not go into ``bad``. A damaged row
        hides only itself: the rest of the journal stays usable, and My data offers what to do."""
        records: dict[str, dict] = {}
        for rid, body in rows:
            try:
                records[rid] = self._decode(table, rid, body)
            except _Unreadable:
                if bad is not None:
                    bad.add(rid)
        return records

    def _encode(self, table: str, rid: str, record: Mapping) -> bytes:
        return self._codec.encode(orjson.dumps(record), aad(self._j.digest, table, rid))

    def _read(self, work: Callable[[psycopg.Connection], Any]) -> Any:
        """A read: inside a batch on its connection (it sees the batch's writes), else pooled, retried."""
        if self._j.conn is not None:
            return work(self._j.conn)
        return _run(self._db, work, retry=True)

    @contextlib.contextmanager
    def batch(self) -> Iterator[PgWorkspace]:
        """One transaction: every write inside commits together, an exception discards them all."""
        j = self._j
        with j.lock:
            if j.conn is not None:  # nested: a savepoint, so its failure undoes only its own writes
                mark = len(j.ops)
                try:
                    with j.conn.transaction():
                        yield self
                except BaseException:
                    del j.ops[mark:]
                    raise
                return
            if self._db.alive.away:
                raise StoreUnavailable(_(UNAVAILABLE))
            try:
                with self._db.pool.connection() as conn:
                    # Lock first: reads inside the batch then see what no other writer can change
                    # before the commit (a read-modify-write is atomic across processes). The
                    # statement also opens the transaction the writes' savepoints nest in.
                    with pgalive.deadline(conn, _CALL_DEADLINE_S):
                        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_id(j.digest),))
                    j.conn, j.ops = conn, []
                    try:
                        yield self
                    except BaseException:
                        with contextlib.suppress(psycopg.Error):
                            conn.rollback()
                        raise
                    try:
                        with pgalive.deadline(conn, _CALL_DEADLINE_S):
                            conn.commit()
                    except psycopg.OperationalError as exc:
                        self._db.alive.mark_away()
                        raise StoreUnavailable(_(UNSURE)) from exc
                    self._apply(j.ops)
            except (psycopg.OperationalError, PoolTimeout, _Away) as exc:
                if not isinstance(exc, pg_errors.QueryCanceled):
                    self._db.alive.mark_away()
                raise StoreUnavailable(_(UNAVAILABLE)) from None if isinstance(exc, _Away) else exc
            finally:
                j.conn, j.ops = None, []

    def _write(self, table: str, work: Callable[[psycopg.Connection], Callable | None]) -> None:
        """One write: lock the journal, run ``work``, bump the table's revision, keep the cache in step.

        ``work`` returns how to apply the change to a cached table (or None to drop it).
        """
        contract._check_table_name(table)
        j = self._j

        def run(conn: psycopg.Connection) -> _Op:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_id(j.digest),))
            apply = work(conn)
            # The revision is drawn after the rows' marks (the triggers'), so a copy at this
            # revision holds every change up to it: catching up later reads only what is newer.
            rev, old = conn.execute(
                "WITH old AS (SELECT rev FROM rebound_tables WHERE journal = %(j)s AND tbl = %(t)s) "
                "INSERT INTO rebound_tables (journal, tbl, rev) VALUES (%(j)s, %(t)s, nextval('rebound_rev')) "
                "ON CONFLICT (journal, tbl) DO UPDATE SET rev = EXCLUDED.rev RETURNING rev, (SELECT rev FROM old)",
                {"j": j.digest, "t": table},
            ).fetchone()
            return _Op(table, old, rev, apply)

        with j.lock:
            if j.conn is not None:
                with j.conn.transaction():  # a savepoint: a refused write inside a batch undoes itself
                    op = run(j.conn)
                j.ops.append(op)
                return
            # Without a batch: one transaction of its own. A retry is safe only when the first
            # try provably did not commit, which _run guarantees (COMMIT failures are not retried).
            op = _run(self._db, run, retry=True)
            self._apply([op])

    def _apply(self, ops: list[_Op]) -> None:
        """After a commit: bring the cache along. A table someone else changed meanwhile (or a bulk
        write) stays at its revision, and the next read catches up by what changed since."""
        j = self._j
        for op in ops:
            cached = j.tables.get(op.table)
            if cached is not None and cached.rev == op.old_rev and op.apply is not None:
                j.frozen.pop(op.table, None)
                op.apply(cached.records)
                cached.rev = op.new_rev

    def _states(self, conn: psycopg.Connection) -> dict[str, tuple[int, int]]:
        """Each table's (revision, generation)."""
        rows = conn.execute(
            "SELECT tbl, rev, born FROM rebound_tables WHERE journal = %s", (self._j.digest,)
        ).fetchall()
        return {t: (rev, born) for t, rev, born in rows}

    def _revisions(self, conn: psycopg.Connection) -> dict[str, int]:
        rows = conn.execute("SELECT tbl, rev FROM rebound_tables WHERE journal = %s", (self._j.digest,)).fetchall()
        return dict(rows)

    def _fresh(self, names: list[str] | None = None) -> dict[str, int]:
        """Validate the cache with one query; reload only the tables whose revision moved.

        Returns the database's table revisions. ``names``: the tables needed (None: all).
        """
        j = self._j

        def check(conn: psycopg.Connection) -> dict[str, int]:
            revs = self._revisions(conn)
            if j.conn is None:
                for gone in [t for t in j.tables if t not in revs]:  # removed by destroy(), here or elsewhere
                    del j.tables[gone]
                    j.frozen.pop(gone, None)
            wanted = revs if names is None else [t for t in names if t in revs]
            stale = [t for t in wanted if t not in j.tables or j.tables[t].rev != revs[t]]
            if stale:
                revs = self._catch_up(conn, stale, revs)
            return revs

        with j.lock:
            try:
                revs = self._read(check)
            except SecretChanged:
                raise  # the database answered: it is the key that changed
            except StoreUnavailable:
                return self._offline(names)
            if j.conn is None:
                j.known, j.offline = dict(revs), False
            return revs

    def _offline(self, names: list[str] | None = None) -> dict[str, int]:
        """While the database is away, what this process last saw, if it saw enough: pages keep
        showing (and forms keep their text) instead of failing. Writes still fail clearly."""
        j = self._j
        if j.conn is not None or j.known is None:
            raise StoreUnavailable(_(UNAVAILABLE))
        wanted = j.known if names is None else names
        if any(t in j.known and t not in j.tables for t in wanted):  # never loaded here: unknown
            raise StoreUnavailable(_(UNAVAILABLE))
        j.offline = True
        return {**j.known, **{t: c.rev for t, c in j.tables.items()}}

    def _revisions_now(self) -> dict[str, int]:
        with self._j.lock:
            try:
                return self._read(self._revisions)
            except StoreUnavailable:
                return self._offline([])

    def _catch_up(self, conn: psycopg.Connection, tables: list[str], revs: dict[str, int]) -> dict[str, int]:
        """Bring stale tables up to date, each from one statement (so one snapshot): by what changed
        since the cached revision, or whole when the table is new here or was cleared or destroyed
        since. Returns ``revs`` with the revisions the caught-up tables are at now."""
        j = self._j
        if j.conn is not None:  # inside a batch the rows may never commit: nothing to cache
            return revs
        revs = dict(revs)
        for t in tables:
            cached = j.tables.get(t)
            if cached is None or not self._changes_since(conn, t, cached):
                cached = self._load(conn, t)
            j.frozen.pop(t, None)
            if cached is None:  # destroyed meanwhile
                revs.pop(t, None)
            else:
                revs[t] = cached.rev
        return revs

    def _changes_since(self, conn: psycopg.Connection, table: str, cached: _Cached) -> bool:
        """Apply the ids deleted and the rows written after ``cached.rev``. False when that cannot
        bring the copy up to date: the table is of a new generation, or gone."""
        rows = conn.execute(
            "SELECT t.rev, t.born, m.kind, m.rid, m.body, m.seq FROM rebound_tables t LEFT JOIN LATERAL ("
            " (SELECT 0 AS kind, g.rid, NULL::bytea AS body, 0::bigint AS seq FROM rebound_gone g"
            "  WHERE g.journal = t.journal AND g.tbl = t.tbl AND g.rev > %(r)s)"
            " UNION ALL (SELECT 1, r.rid, r.body, r.seq FROM rebound_records r"  # ORDER BY: the index's order
            "  WHERE r.journal = t.journal AND r.tbl = t.tbl AND r.changed > %(r)s AND r.changed > 0 ORDER BY r.changed)"
            ") m ON true WHERE t.journal = %(j)s AND t.tbl = %(t)s",
            {"j": self._j.digest, "t": table, "r": cached.rev},
        ).fetchall()
        if not rows or rows[0][1] != cached.born:
            return False
        marks = sorted((row[2:] for row in rows if row[2] is not None), key=lambda m: (m[0], m[3]))
        self._apply_marks(table, cached, marks)
        cached.rev = rows[0][0]
        return True

    def _apply_marks(self, table: str, cached: _Cached, marks: list[tuple]) -> None:
        """(kind, rid, body, seq), deletions (kind 0) first, then rows in the table's order: a
        re-added id comes back last, where ``seq`` puts it. A row that does not open changes nothing."""
        bad = self._j.unreadable.setdefault(table, set())
        written = [(rid, body) for kind, rid, body, _mark in marks if kind]
        rows = self._readable(table, written, bad)
        for kind, rid, _body, _mark in marks:
            if not kind:
                cached.records.pop(rid, None)
                bad.discard(rid)
        for rid, _body in written:
            if rid not in rows:  # changed into something that does not open: hidden, as on a full load
                cached.records.pop(rid, None)
        bad.difference_update(rows)  # written again (e.g. restored from a backup): it opens now
        if not bad:
            del self._j.unreadable[table]
        cached.records.update(rows)

    def _load(self, conn: psycopg.Connection, table: str) -> _Cached | None:
        """Read a table whole, with its revision, in one statement; None when it is gone."""
        j = self._j
        rows = conn.execute(
            "SELECT t.rev, t.born, r.rid, r.body FROM rebound_tables t LEFT JOIN rebound_records r "
            "ON r.journal = t.journal AND r.tbl = t.tbl WHERE t.journal = %s AND t.tbl = %s ORDER BY r.seq",
            (j.digest, table),
        ).fetchall()
        if not rows:
            j.tables.pop(table, None)
            j.unreadable.pop(table, None)
            return None
        bad: set[str] = set()
        records = self._readable(table, [(rid, body) for _t, _r, rid, body in rows if rid is not None], bad)
        if bad:
            j.unreadable[table] = bad
        else:
            j.unreadable.pop(table, None)
        cached = j.tables[table] = _Cached(rows[0][0], rows[0][1], records)
        return cached

    def _table(self, table: str, validated: bool = False) -> dict[str, dict]:
        """The table's records, fresh: from the cache, or read inside the batch.

        ``validated``: the caller has just checked the cache (one query for many tables)."""
        j = self._j
        if j.conn is not None:
            rows = j.conn.execute(
                "SELECT rid, body FROM rebound_records WHERE journal = %s AND tbl = %s ORDER BY seq",
                (j.digest, table),
            ).fetchall()
            return self._readable(table, rows)
        if not validated:
            self._fresh([table])
        cached = j.tables.get(table)
        return cached.records if cached is not None else {}

    def _copies(self, table: str, validated: bool = False) -> list[dict]:
        j = self._j
        if j.conn is not None:
            return list(self._table(table).values())
        if not validated:
            self._fresh([table])
        frozen = j.frozen.get(table)
        if frozen is None:
            frozen = j.frozen[table] = orjson.dumps(list(self._table(table, validated=True).values()))
        return orjson.loads(frozen)

    # -- records -------------------------------------------------------------
    def add(self, table: str, record: Mapping) -> str:
        contract._check_table_name(table)
        now = contract._now_iso()
        doc = dict(record)
        rid = str(doc.get("id") or uuid.uuid4().hex)
        doc.update(id=rid, created_at=doc.get("created_at") or now, updated_at=now)
        doc = contract._as_stored(doc)
        body = self._encode(table, rid, doc)

        def work(conn: psycopg.Connection) -> Callable:
            try:
                with conn.transaction():
                    conn.execute(
                        "INSERT INTO rebound_records (journal, tbl, rid, seq, body) "
                        "VALUES (%s, %s, %s, nextval('rebound_rev'), %s)",
                        (self._j.digest, table, rid, body),
                    )
            except pg_errors.UniqueViolation:
                raise ValueError(f"Document with ID {rid!r} already exists") from None
            return lambda recs: recs.__setitem__(rid, doc)

        self._write(table, work)
        return rid

    def get(self, table: str, rid: str) -> dict | None:
        with self._j.lock:
            doc = self._table(table).get(rid)
            return contract._copy_record(doc) if doc is not None else None

    def all(self, table: str) -> list[dict]:
        with self._j.lock:
            return self._copies(table)

    def count(self, table: str) -> int:
        with self._j.lock:
            return len(self._table(table))

    def update(self, table: str, rid: str, changes: Mapping, expected_updated_at: str | None = None) -> None:
        """Change some fields of a record; with ``expected_updated_at``, refuse one changed since."""
        fields = {k: v for k, v in changes.items() if k not in ("id", "created_at")}
        fields["updated_at"] = contract._now_iso()
        fields = contract._as_stored(fields)

        def work(conn: psycopg.Connection) -> Callable:
            row = conn.execute(
                "SELECT body FROM rebound_records WHERE journal = %s AND tbl = %s AND rid = %s FOR UPDATE",
                (self._j.digest, table, rid),
            ).fetchone()
            if row is None:
                raise RecordNotFound(f"No record {rid!r} in {table}.")
            current = self._decode(table, rid, row[0])
            if expected_updated_at is not None and current.get("updated_at") != expected_updated_at:
                raise RecordChanged(table, rid, current)
            new = {**current, **fields}
            conn.execute(
                "UPDATE rebound_records SET body = %s WHERE journal = %s AND tbl = %s AND rid = %s",
                (self._encode(table, rid, new), self._j.digest, table, rid),
            )
            return lambda recs: recs.__setitem__(rid, new)

        self._write(table, work)

    def delete(self, table: str, rid: str) -> None:
        def work(conn: psycopg.Connection) -> Callable:
            gone = conn.execute(
                "DELETE FROM rebound_records WHERE journal = %s AND tbl = %s AND rid = %s RETURNING rid",
                (self._j.digest, table, rid),
            ).fetchone()
            if gone is None:
                raise RecordNotFound(f"No record {rid!r} in {table}.")
            return lambda recs: recs.pop(rid, None)

        self._write(table, work)

    # -- state ---------------------------------------------------------------
    @property
    def revision(self) -> str:
        """Changes whenever any process or host writes this journal."""
        return str(max(self._revisions_now().values(), default=0))

    def table_revision(self, table: str) -> str:
        return str(self._revisions_now().get(table, 0))

    @property
    def id(self) -> str:
        """A stable, non-secret id for caches: the key's hash, as the file store names its file."""
        return self._j.digest.hex()

    @property
    def exists(self) -> bool:
        return bool(self._revisions_now())

    def tables(self) -> list[str]:
        with self._j.lock:
            return sorted(t for t in self._fresh() if self._table(t, validated=True))

    def take_notices(self) -> list[str]:
        # The database keeps its own integrity (no recovered files to tell about); what there is to
        # say is that it is away and the page shows the journal as last seen, or that rows in it do
        # not open (said on every page until the person restores or deletes them on My data).
        with self._j.lock:
            try:
                self._fresh()  # loads every table once per process, so damage is known on the first page
            except SecretChanged:
                raise  # the shell says exactly that
            except StoreUnavailable:
                pass  # away: the page serves what this process last saw, or says it cannot
            notices = [_(OFFLINE)] if self._j.offline else []
            if n := sum(self.unreadable().values()):
                notices.append(
                    ngettext(
                        "{n} record in your journal could not be opened: it was changed in the database by "
                        "something other than Rebound, or is not Rebound's. Rebound shows the rest of your journal "
                        "and has changed nothing. The database keeps no earlier copy, so Rebound cannot bring it "
                        "back by itself: on My data you can restore a backup file that has it, or delete it.",
                        "{n} records in your journal could not be opened: they were changed in the database by "
                        "something other than Rebound, or are not Rebound's. Rebound shows the rest of your journal "
                        "and has changed nothing. The database keeps no earlier copy, so Rebound cannot bring them "
                        "back by itself: on My data you can restore a backup file that has them, or delete them.",
                        n,
                    )
                )
            return notices

    def unreadable(self) -> dict[str, int]:
        """How many records per table do not open (changed in the database, or foreign)."""
        with self._j.lock:
            with contextlib.suppress(StoreUnavailable):
                self._fresh()
            known = self._j.known or {}
            return {t: len(rids) for t, rids in sorted(self._j.unreadable.items()) if rids and t in known}

    def delete_unreadable(self) -> int:
        """Delete the records that do not open, in one transaction. Returns how many went."""
        j = self._j
        with j.lock:
            self._fresh()
            gone = 0
            with self.batch():
                for table, rids in list(j.unreadable.items()):
                    self._write(table, self._drop(table, sorted(rids)))
                    gone += len(rids)
            return gone

    def _drop(self, table: str, rids: list[str]) -> Callable[[psycopg.Connection], None]:
        def work(conn: psycopg.Connection) -> None:
            conn.execute(
                "DELETE FROM rebound_records WHERE journal = %s AND tbl = %s AND rid = ANY(%s)",
                (self._j.digest, table, rids),
            )

        return work  # None: the table is reloaded when next read

    # -- export / import -----------------------------------------------------
    def export(self) -> dict:
        with self._j.lock:
            tables = {t: self._copies(t, validated=True) for t in sorted(self._fresh())}
        return {
            "format": contract.FORMAT,
            "version": contract.SCHEMA_VERSION,
            "exported_at": contract._now_iso(),
            "tables": {t: recs for t, recs in tables.items() if recs},
        }

    def import_data(self, doc: Any, mode: str = "merge") -> dict[str, dict[str, int]]:
        """Apply an export document in one transaction. Returns counts per table."""
        if mode not in ("merge", "replace"):
            raise ValueError("mode must be 'merge' or 'replace'")
        try:
            tables = contract._as_stored(contract.check_document(doc))
        except TypeError as exc:
            raise contract.ImportRefused([f"The backup holds a value that is not JSON ({exc})."]) from exc
        report: dict[str, dict[str, int]] = {}
        digest = self._j.digest
        with self.batch():
            conn = self._j.conn
            assert conn is not None
            current: dict[str, set[str]] = {}
            for tbl, rid in conn.execute("SELECT tbl, rid FROM rebound_records WHERE journal = %s", (digest,)):
                current.setdefault(tbl, set()).add(rid)
            if mode == "replace":
                for name, rids in current.items():
                    if rids and name not in tables:
                        report[name] = {"added": 0, "updated": 0, "removed": len(rids)}
                        self._write(name, self._clear(name))
            now = contract._now_iso()
            for name, records in tables.items():
                have = current.get(name, set())
                incoming = {r["id"]: r for r in records}
                added = sum(1 for rid in incoming if rid not in have)
                removed = sum(1 for rid in have if rid not in incoming) if mode == "replace" else 0
                rows = [
                    (
                        digest,
                        name,
                        rid,
                        self._encode(
                            name,
                            rid,
                            {
                                **rec,
                                "created_at": rec.get("created_at") or now,
                                "updated_at": rec.get("updated_at") or now,
                            },
                        ),
                    )
                    for rid, rec in incoming.items()
                ]
                self._write(name, self._put(name, rows, replace=mode == "replace"))
                report[name] = {"added": added, "updated": len(incoming) - added, "removed": removed}
        return report

    def _clear(self, table: str) -> Callable[[psycopg.Connection], None]:
        def work(conn: psycopg.Connection) -> None:
            # A new generation: caches read the table again, so no deletion marks need keeping.
            params = (self._j.digest, table)
            conn.execute("DELETE FROM rebound_records WHERE journal = %s AND tbl = %s", params)
            conn.execute("DELETE FROM rebound_gone WHERE journal = %s AND tbl = %s", params)
            conn.execute(
                "UPDATE rebound_tables SET born = nextval('rebound_rev') WHERE journal = %s AND tbl = %s", params
            )

        return work

    def _put(self, table: str, rows: list[tuple], replace: bool) -> Callable[[psycopg.Connection], None]:
        def work(conn: psycopg.Connection) -> None:
            if replace:
                self._clear(table)(conn)
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO rebound_records (journal, tbl, rid, seq, body) "
                    "VALUES (%s, %s, %s, nextval('rebound_rev'), %s) "
                    "ON CONFLICT (journal, tbl, rid) DO UPDATE SET body = EXCLUDED.body",
                    rows,
                )

        return work  # returns None: the next read catches up from the database

    def destroy(self) -> None:
        """Delete the journal: every record row and revision row."""
        j = self._j

        def work(conn: psycopg.Connection) -> None:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_id(j.digest),))
            conn.execute("DELETE FROM rebound_records WHERE journal = %s", (j.digest,))
            conn.execute("DELETE FROM rebound_tables WHERE journal = %s", (j.digest,))
            conn.execute("DELETE FROM rebound_gone WHERE journal = %s", (j.digest,))  # after the rows' trigger

        with j.lock:
            if j.conn is not None:
                work(j.conn)
            else:
                _run(self._db, work, retry=True)
            j.tables.clear()
            j.frozen.clear()
            j.unreadable.clear()
        self._vacuum()

    def _vacuum(self) -> None:
        """Best effort: let PostgreSQL reclaim the deleted rows' space now rather than later."""
        with contextlib.suppress(psycopg.Error, PoolTimeout, _Away), self._db.pool.connection() as conn:
            conn.autocommit = True
            try:
                conn.execute("VACUUM rebound_records, rebound_tables, rebound_gone")
            finally:
                conn.autocommit = False


def _lock_id(digest: bytes) -> int:
    """The journal's advisory lock: a signed 64-bit number from its hash."""
    return int.from_bytes(hashlib.blake2b(digest, digest_size=8).digest(), "big", signed=True)


def open_workspace(url: str, key: str, codec: Codec | None = None, *, storage_secret: str | None = None) -> PgWorkspace:
    if not isinstance(key, str) or not key:
        raise ValueError("A workspace key must be a non-empty string.")
    return PgWorkspace(url, key, codec, storage_secret=storage_secret)
