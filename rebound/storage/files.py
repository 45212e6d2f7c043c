"""The file backend: TinyDB underneath, made safe for real people's words.

It keeps the contract in ``rebound.storage.contract``; the app opens it through
``rebound.storage.open_workspace``, never directly.

What makes it safe:
- every write goes through :class:`AtomicJSONStorage` (temp file, fsync,
  ``os.replace``, fsync of the folder), so a killed process leaves either the
  old file or the new one, never half of one;
- one TinyDB instance per file per process, used under a thread lock, and a
  cross-process ``filelock`` around every write, which re-reads the file when
  another process changed it (checked by the file's stat signature);
- a damaged file is kept aside and the newest good snapshot restored, with a
  notice for the UI instead of a silently empty journal.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from rebound import i18n
from rebound.i18n import _
from rebound.storage import seal
from rebound.storage.contract import (
    FORMAT,
    SCHEMA_VERSION,
    ImportRefused,
    RecordChanged,
    RecordNotFound,
    SecretChanged,
    StoreUnavailable,
    _as_stored,
    _check_table_name,
    _copy_record,
    _deep_copy,
    _now_iso,
    check_document,
    key_digest,
    migrate,
)

META_KEY = "__rebound__"
SNAPSHOTS_KEPT = 3
_JOURNALS_KEPT = 512  # per-process cache of open journals; the file is the truth


def default_data_dir() -> Path:
    return Path(os.environ.get("REBOUND_DATA_DIR") or Path(__file__).resolve().parent.parent / "data" / "workspaces")


_JOURNAL_NAME = re.compile(r"^[0-9a-f]{64}\.json$")


def journal_files(folder: Path) -> Iterator[Path]:
    """The journals in a data folder (not their snapshots, kept-aside, temp or lock files)."""
    if folder.is_dir():
        yield from sorted(p for p in folder.iterdir() if _JOURNAL_NAME.match(p.name) and p.is_file())


def journal_path(key: str, data_dir: str | Path | None = None) -> Path:
    """Map a workspace key to its file. The key itself never reaches the disk."""
    return Path(data_dir or default_data_dir()).resolve() / f"{key_digest(key)}.json"


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def replace_keeping_time(file: Path, blob: bytes, tmp_prefix: str) -> None:
    """Write ``blob`` over ``file`` atomically (temp, fsync, replace), keeping its time stamp: recovery
    orders snapshots by it. The caller fsyncs the folder once it has replaced all it needs to."""
    st = file.stat()
    tmp = file.with_name(f"{tmp_prefix}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
        os.replace(tmp, file)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(seal.MAGIC))
    except OSError:
        return b""


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never leaves a half-written file.

    ``read`` serves an in-memory copy validated against the file's stat
    signature; ``write`` goes temp file -> fsync -> hard-link snapshot of the
    old file -> ``os.replace`` -> fsync folder. Inside ``Workspace.batch`` the
    writes are held in memory and flushed once.
    """

    def __init__(self, path: Path, lock: FileLock, codec: seal.Codec = seal.PLAIN):
        self.path = Path(path)
        self.folder = self.path.parent
        self.lock = lock  # the journal's cross-process lock (re-entrant)
        self.codec = codec  # sealed journals: every file of this journal is encrypted with it
        self._aad = self.path.stem.encode()  # binds each sealed file to this journal's name
        self._swept = False  # plain leftovers (snapshots, kept-aside copies) sealed since opened?
        self._tables: dict | None = None
        self._frozen: dict[str, bytes] = {}  # table -> its records serialised, for fast private copies
        self._prints: dict[str, str] = {}  # table -> fingerprint of its content
        self._sig: tuple | None = None
        self.holding = 0  # >0 inside a batch: writes stay in memory
        self.dirty = False
        self.notices: list[str] = []

    @property
    def _data(self) -> dict | None:
        return self._tables

    @_data.setter
    def _data(self, tables: dict | None) -> None:
        # Every change of the in-memory journal passes here (TinyDB hands its
        # mutated dict to write()), so the serialised tables are never stale.
        self._tables = tables
        self._frozen = {}
        self._prints: dict[str, str] = {}

    # -- reading ---------------------------------------------------------
    def records(self, table: str) -> list[dict]:
        """Private copies of a table's records.

        orjson parses a cached serialisation of the table far faster than Python
        can copy thousands of dicts, and the copies share nothing with the cache.
        """
        self.refresh()
        return orjson.loads(self._serialised(table))

    def _serialised(self, table: str) -> bytes:
        frozen = self._frozen.get(table)
        if frozen is None:
            frozen = self._frozen[table] = orjson.dumps(list((self._tables or {}).get(table, {}).values()))
        return frozen

    def fingerprint(self, table: str) -> str:
        """Changes exactly when the table's content changes (whoever changed it)."""
        self.refresh()
        if table not in self._prints:
            self._prints[table] = hashlib.blake2b(self._serialised(table), digest_size=8).hexdigest()
        return self._prints[table]

    def read(self) -> dict | None:
        self.refresh()
        return self._data

    def refresh(self) -> None:
        """Reload the file if anyone (this process or another) changed it."""
        if self.holding:
            return  # inside a batch we hold the lock; memory is the truth
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            if self._sig is not None:  # deleted underneath us
                self._data, self._sig = {}, None
            elif self._data is None:
                self._data = {}
            return
        try:
            sig = _signature(os.fstat(fd))
            if sig == self._sig and self._data is not None:
                return
            with os.fdopen(fd, "rb", closefd=False) as fh:
                raw = fh.read()
        finally:
            os.close(fd)
        tables = self._parse(raw)
        if tables is None:
            tables, sig = self._recover()
        self._data, self._sig = tables, sig

    def _parse(self, raw: bytes) -> dict | None:
        """The tables in a file's bytes, or None when the file is not a good journal."""
        plaintext = self._open(raw)
        return None if plaintext is None else self._parse_json(plaintext)

    def _open(self, raw: bytes) -> bytes | None:
        """The JSON inside a file's bytes; None when it fails authentication (changed, moved)."""
        if seal.is_sealed(raw):
            if not self.codec.sealed:
                # Fail closed and touch nothing: the key (the storage secret) is missing, not the data.
                raise StoreUnavailable(
                    _(
                        "This journal is sealed, and the storage secret that opens it is not set on this "
                        "server. Nothing was changed; ask whoever runs Rebound to set the secret again."
                    )
                )
            try:
                return self.codec.decode(raw, self._aad)
            except seal.SecretChanged:
                raise SecretChanged() from None  # the key changed, not the data: never "repair" it
            except seal.SealError:
                return None
        if self.codec.sealed:
            if any(seal.is_sealed(_head(p)) for p in self._snapshots()):
                return None  # sealed before: a plain file here was put in by someone else
            self._swept = False  # an old plain journal: seal what it left on the next write
        return raw

    @staticmethod
    def _parse_json(raw: bytes) -> dict | None:
        try:
            doc = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(doc, dict) or not isinstance(doc.get(META_KEY), dict):
            return None
        meta = doc.pop(META_KEY)
        version = meta.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= SCHEMA_VERSION:
            return None
        if not all(isinstance(t, dict) and all(isinstance(r, dict) for r in t.values()) for t in doc.values()):
            return None
        if version < SCHEMA_VERSION:
            lists = migrate({name: list(recs.values()) for name, recs in doc.items()}, version)
            doc = {name: {r["id"]: r for r in recs} for name, recs in lists.items()}
        return doc

    def _recover(self) -> tuple[dict, tuple | None]:
        """Keep a bad file aside and bring back the newest good snapshot.

        Needs the cross-process lock: another process may be recovering too.
        """
        with self.lock:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                return {}, None
            tables = self._parse(raw)
            if tables is not None:  # another process already repaired it
                return tables, _signature(self.path.stat())
            aside = self.path.with_name(f"{self.path.stem}.bad-{time.time_ns()}.json")
            # Keep the bad bytes aside but leave the file in place until a good copy
            # replaces it: a kill in between must not leave a silently empty journal.
            os.link(self.path, aside)
            if self.codec.sealed:
                self._seal_leftovers()  # what was kept aside may be plain (an old or a planted file)
            for snap in sorted(self._snapshots(), reverse=True):
                tables = self._parse(snap.read_bytes())
                if tables is not None:
                    self._write_file(tables, snapshot=False)
                    saved = datetime.fromtimestamp(snap.stat().st_mtime)
                    self.notices.append(
                        _(
                            "Your journal file was damaged, so Rebound restored the most recent good copy "
                            "(saved {day}, {time}). The damaged file was kept aside. The last change or two "
                            "may be missing.",
                            day=i18n.format_date(saved.date()),
                            time=f"{saved:%H:%M}",
                        )
                    )
                    return tables, self._sig
            self.path.unlink()
            fsync_dir(self.folder)
            self.notices.append(
                _(
                    "Your journal file was damaged and no earlier copy could be read, so Rebound "
                    "started an empty journal. The damaged file was kept aside; restore a backup "
                    "from My data if you have one."
                )
            )
            return {}, None

    # -- writing ---------------------------------------------------------
    def write(self, data: dict) -> None:
        self._data = data
        if self.holding:
            self.dirty = True
            return
        try:
            self._write_file(data)
        except BaseException:
            self._data, self._sig = None, None  # memory may be ahead of the file
            raise

    def flush(self) -> None:
        if self.dirty:
            self.dirty = False
            self._write_file(self._data or {})

    def discard(self) -> None:
        self.dirty = False
        self._data, self._sig = None, None

    def _write_file(self, tables: dict, snapshot: bool = True) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        payload = self.codec.encode(
            orjson.dumps({META_KEY: {"format": FORMAT, "version": SCHEMA_VERSION}, **tables}), self._aad
        )
        tmp = self.path.with_name(f"{self.path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        try:
            with open(tmp, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            if snapshot and self.path.exists():
                # A hard link of the old version costs nothing and survives the replace.
                os.link(self.path, self.path.with_name(f"{self.path.stem}.snap-{time.time_ns()}.json"))
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        fsync_dir(self.folder)
        self._sig = _signature(self.path.stat())
        for old in sorted(self._snapshots(), reverse=True)[SNAPSHOTS_KEPT:]:
            with contextlib.suppress(OSError):
                old.unlink()
        if self.codec.sealed and not self._swept:
            self._seal_leftovers()

    def _seal_leftovers(self) -> None:
        """Seal the plain snapshots and kept-aside copies an old plain journal left behind.

        Each is rewritten atomically (temp, fsync, replace) with its old time stamp, so
        recovery still finds the newest snapshot first.
        """
        for old in self._snapshots() + list(self.folder.glob(f"{self.path.stem}.bad-*.json")):
            raw = old.read_bytes()
            if seal.is_sealed(raw):
                continue
            replace_keeping_time(old, self.codec.encode(raw, self._aad), tmp_prefix=f"{self.path.name}.tmp")
        fsync_dir(self.folder)
        self._swept = True

    # -- housekeeping ----------------------------------------------------
    def _snapshots(self) -> list[Path]:
        return list(self.folder.glob(f"{self.path.stem}.snap-*.json"))

    def related_files(self) -> list[Path]:
        """The journal, its snapshots, kept-aside copies, temp and lock files."""
        return list(self.folder.glob(f"{self.path.stem}.*"))

    def clean_stale_temp_files(self) -> None:
        # Called under the cross-process lock: no writer can be mid-write.
        for tmp in self.folder.glob(f"{self.path.name}.tmp-*"):
            with contextlib.suppress(OSError):
                tmp.unlink()

    def close(self) -> None:
        pass


class _UuidTable(Table):
    """TinyDB table keyed by uuid hex strings, so no stale next-id across processes."""

    document_id_class = str

    def _get_next_id(self):  # noqa: D401 - TinyDB hook
        return uuid.uuid4().hex


class _JournalDB(TinyDB):
    table_class = _UuidTable


class _Journal:
    """One open journal file in this process: its TinyDB, storage and locks."""

    def __init__(self, path: Path):
        self.path = path
        self.thread_lock = threading.RLock()
        self.file_lock = FileLock(str(path) + ".lock", thread_local=False)
        self.storage = AtomicJSONStorage(path, self.file_lock)
        self.db = _JournalDB(storage=lambda: self.storage)
        self.cleaned = False
        self._sealing: bytes | None = None  # which key and secret the codec was made for (a digest)

    def seal_with(self, key: str, storage_secret: str | None) -> None:
        """Pick the codec for this key once per open journal (HKDF runs once, not per write)."""
        spec = hashlib.blake2b(f"{key}\0{storage_secret or ''}".encode("utf-8", "surrogatepass")).digest()
        with self.thread_lock:
            if spec != self._sealing and not self.storage.holding:  # never under a batch's feet
                self.storage.codec = seal.codec_for(key, storage_secret)
                self.storage._data, self.storage._sig = None, None  # read again with the new codec
                self._sealing = spec

    def table(self, name: str) -> Table:
        return self.db.table(name, cache_size=0)  # query cache would go stale across processes


_journals: dict[Path, _Journal] = {}
_journals_lock = threading.Lock()


def _journal_for(path: Path) -> _Journal:
    with _journals_lock:
        journal = _journals.pop(path, None) or _Journal(path)
        _journals[path] = journal  # most recently used last
        while len(_journals) > _JOURNALS_KEPT:
            del _journals[next(iter(_journals))]
        return journal


class FileWorkspace:
    """A person's journal in a file, reachable only through its key."""

    def __init__(self, journal: _Journal):
        self._j = journal

    # -- locking -----------------------------------------------------------
    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        j = self._j
        with j.thread_lock, j.file_lock:
            if not j.cleaned:
                j.storage.clean_stale_temp_files()
                j.cleaned = True
            if not j.storage.holding:
                j.storage.refresh()
            yield

    @contextlib.contextmanager
    def batch(self) -> Iterator[FileWorkspace]:
        """Every write inside lands in one atomic file write; an exception discards them all."""
        with self._writing():
            st = self._j.storage
            # A nested batch keeps a savepoint, so its failure undoes only its own writes.
            savepoint = (_deep_copy(st._data), st.dirty) if st.holding and st._data is not None else None
            st.holding += 1
            try:
                yield self
            except BaseException:
                st.holding -= 1
                if not st.holding:
                    st.discard()
                elif savepoint is not None:
                    st._data, st.dirty = savepoint
                raise
            st.holding -= 1
            if not st.holding:
                try:
                    st.flush()
                except BaseException:
                    st.discard()
                    raise

    # -- records -----------------------------------------------------------
    def add(self, table: str, record: Mapping) -> str:
        _check_table_name(table)
        now = _now_iso()
        doc = dict(record)
        rid = str(doc.get("id") or uuid.uuid4().hex)
        doc.update(id=rid, created_at=doc.get("created_at") or now, updated_at=now)
        doc = _as_stored(doc)
        with self._writing():
            self._j.table(table).insert(Document(doc, doc_id=rid))
        return rid

    def get(self, table: str, rid: str) -> dict | None:
        with self._j.thread_lock:
            doc = self._j.table(table).get(doc_id=rid)
            return _copy_record(doc) if doc is not None else None

    def all(self, table: str) -> list[dict]:
        with self._j.thread_lock:
            return self._j.storage.records(table)

    def count(self, table: str) -> int:
        """How many records a table holds, without copying them."""
        with self._j.thread_lock:
            return len((self._j.storage.read() or {}).get(table, {}))

    def update(self, table: str, rid: str, changes: Mapping, expected_updated_at: str | None = None) -> None:
        """Change some fields of a record.

        With ``expected_updated_at`` (the value the caller read), a record that was
        changed since is refused with :class:`RecordChanged`: the second tab never
        silently overwrites the first.
        """
        fields = {k: v for k, v in changes.items() if k not in ("id", "created_at")}
        fields["updated_at"] = _now_iso()
        fields = _as_stored(fields)
        with self._writing():
            current = (self._j.storage.read() or {}).get(table, {}).get(rid)
            if current is None:
                raise RecordNotFound(f"No record {rid!r} in {table}.")
            if expected_updated_at is not None and current.get("updated_at") != expected_updated_at:
                raise RecordChanged(table, rid, _copy_record(current))
            self._j.table(table).update(fields, doc_ids=[rid])

    def delete(self, table: str, rid: str) -> None:
        with self._writing():
            if rid not in (self._j.storage.read() or {}).get(table, {}):
                raise RecordNotFound(f"No record {rid!r} in {table}.")
            self._j.table(table).remove(doc_ids=[rid])

    # -- state -------------------------------------------------------------
    @property
    def revision(self) -> str:
        """Changes whenever the file changes, whoever wrote it."""
        with self._j.thread_lock:
            try:
                return "-".join(map(str, _signature(self._j.path.stat())))
            except FileNotFoundError:
                return "0"

    def table_revision(self, table: str) -> str:
        """Like ``revision``, for one table: caches of derived data key on the tables they read,
        so saving a win does not recompute numbers built from four thousand activities."""
        with self._j.thread_lock:
            return self._j.storage.fingerprint(table)

    @property
    def id(self) -> str:
        """A stable, non-secret id for caches: the file's hashed name."""
        return self._j.path.stem

    @property
    def sealed(self) -> bool:
        """True when this journal is encrypted at rest (see ``rebound.storage.seal``)."""
        return self._j.storage.codec.sealed

    @property
    def exists(self) -> bool:
        return self._j.path.exists()

    def tables(self) -> list[str]:
        with self._j.thread_lock:
            return sorted(t for t, recs in (self._j.storage.read() or {}).items() if recs)

    def take_notices(self) -> list[str]:
        """Recovery notices, each handed out once."""
        with self._j.thread_lock:
            self._j.storage.refresh()
            notices, self._j.storage.notices = self._j.storage.notices, []
            return notices

    def unreadable(self) -> dict[str, int]:
        """Records that do not open, per table: none here (a damaged file is recovered whole)."""
        return {}

    def delete_unreadable(self) -> int:
        return 0

    # -- export / import ---------------------------------------------------
    def export(self) -> dict:
        with self._j.thread_lock:
            raw = self._j.storage.read() or {}
            return {
                "format": FORMAT,
                "version": SCHEMA_VERSION,
                "exported_at": _now_iso(),
                "tables": {name: self._j.storage.records(name) for name, recs in raw.items() if recs},
            }

    def import_data(self, doc: Any, mode: str = "merge") -> dict[str, dict[str, int]]:
        """Apply an export document atomically. Returns counts per table.

        Checks the structure only; record validation is the models' job
        (``rebound.backup``). A refused document changes nothing.
        """
        if mode not in ("merge", "replace"):
            raise ValueError("mode must be 'merge' or 'replace'")
        try:
            tables = _as_stored(check_document(doc))  # a private copy, exactly as it will be saved
        except TypeError as exc:
            raise ImportRefused([_("The backup holds a value that is not JSON ({problem}).", problem=exc)]) from exc
        report: dict[str, dict[str, int]] = {}
        with self.batch():
            raw = self._j.storage.read() or {}
            if mode == "replace":
                for name, recs in raw.items():
                    if recs and name not in tables:
                        report[name] = {"added": 0, "updated": 0, "removed": len(recs)}
            for name, records in tables.items():
                current = raw.get(name, {})
                incoming = {r["id"]: r for r in records}
                added = sum(1 for rid in incoming if rid not in current)
                updated = len(incoming) - added
                removed = 0
                if mode == "replace":
                    removed = sum(1 for rid in current if rid not in incoming)
                    new_table = {}
                else:
                    new_table = dict(current)
                now = _now_iso()
                for rid, rec in incoming.items():
                    new_table[rid] = {
                        **rec,
                        "created_at": rec.get("created_at") or now,
                        "updated_at": rec.get("updated_at") or now,
                    }
                raw[name] = new_table
                report[name] = {"added": added, "updated": updated, "removed": removed}
            if mode == "replace":
                for name in list(raw):
                    if name not in tables:
                        raw[name] = {}
            self._j.storage.write(raw)
        return report

    def destroy(self) -> None:
        """Delete the journal: its file, snapshots and kept-aside copies."""
        j = self._j
        with j.thread_lock:
            with j.file_lock:
                for p in j.storage.related_files():
                    if not p.name.endswith(".lock"):
                        with contextlib.suppress(FileNotFoundError):
                            p.unlink()
                j.storage.discard()
                j.storage.notices = []
            with contextlib.suppress(FileNotFoundError):
                Path(str(j.path) + ".lock").unlink()


def open_workspace(key: str, data_dir: str | Path | None = None, *, storage_secret: str | None = None) -> FileWorkspace:
    """The journal file for ``key`` (opened lazily: nothing is written until the first write)."""
    journal = _journal_for(journal_path(key, data_dir))
    journal.seal_with(key, storage_secret)
    return FileWorkspace(journal)
