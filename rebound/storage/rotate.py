"""Re-seal every login journal under a new storage secret (``python -m rebound.migrate --rotate-secret``).

A login journal is sealed with a key derived from the deployment's storage secret and the
journal's hashed name (``rebound.storage.seal``, version 2), so it is re-sealed here by that name alone:
no login, key or token is ever needed or seen. Private-link journals (only their link opens
them) and plain journals are left exactly as they are.

Both backends: in a data folder every file of a login journal (the journal, its snapshots and
kept-aside copies) is rewritten atomically under the journal's lock, stale temp files are
removed; in PostgreSQL each journal's rows are re-sealed in one transaction under the journal's
lock. Run it while the app is stopped. It can be run again safely, e.g. after an interruption:
whatever is already under the new secret is recognised and left alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock

from rebound.storage import seal
from rebound.storage.files import fsync_dir, journal_files, replace_keeping_time

# What happened to one sealed blob.
ROTATED, ALREADY, OTHER, DAMAGED, FOREIGN = "rotated", "already", "other", "damaged", "foreign"


@dataclass
class Report:
    """What the rotation did, journal by journal (by the first 12 characters of the hashed name)."""

    rotated: int = 0  # login journals re-sealed now
    already: int = 0  # login journals that were under the new secret already
    other: int = 0  # private-link and plain journals, left as they are
    problems: list[str] = field(default_factory=list)  # journals that could not be fully re-sealed
    lines: list[str] = field(default_factory=list)

    def add(self, name: str, outcomes: list[str]) -> None:
        if DAMAGED in outcomes or FOREIGN in outcomes:
            why = (
                "it holds a damaged copy"
                if DAMAGED in outcomes
                else "part of it is sealed with neither the old nor the new secret"
            )
            line = f"{name} NOT fully re-sealed: {why}; left as it was where it could not be opened"
            self.problems.append(line)
        elif ROTATED in outcomes:
            self.rotated += 1
            line = f"{name} re-sealed under the new secret"
        elif ALREADY in outcomes:
            self.already += 1
            line = f"{name} already under the new secret; left as it is"
        else:
            self.other += 1
            return  # a private-link or plain journal: nothing to say about it one by one
        self.lines.append(line)

    def summary(self) -> str:
        return (
            f"{self.rotated} login journal{'s' if self.rotated != 1 else ''} re-sealed, "
            f"{self.already} already under the new secret, {len(self.problems)} with problems; "
            f"{self.other} other journal{'s' if self.other != 1 else ''} (private links, plain) left as they are."
        )


def reseal(blob: bytes, aad: bytes, old: seal.LoginCodec, new: seal.LoginCodec) -> tuple[str, bytes | None]:
    """One blob: ``(ROTATED, new blob)``, or ``(ALREADY | OTHER | DAMAGED | FOREIGN, None)``."""
    if seal.version_of(blob) != seal.KDF_V2_LOGIN:
        return OTHER, None  # plain, or a private link's journal (and logins sealed before version 2)
    try:
        plaintext = old.decode(blob, aad)
    except seal.SecretChanged:
        try:
            new.decode(blob, aad)
        except seal.SecretChanged:
            return FOREIGN, None
        except seal.SealError:
            return DAMAGED, None
        return ALREADY, None
    except seal.SealError:
        return DAMAGED, None
    return ROTATED, new.encode(plaintext, aad)


# -- the file store --------------------------------------------------------------------------


def rotate_folder(folder: Path, old_secret: str, new_secret: str) -> Report:
    report = Report()
    for path in journal_files(folder):
        report.add(f"{path.stem[:12]}…", list(_rotate_file_journal(path, old_secret, new_secret)))
    return report


def _rotate_file_journal(path: Path, old_secret: str, new_secret: str) -> Iterator[str]:
    digest, aad = bytes.fromhex(path.stem), path.stem.encode()  # the file store's AAD: the hashed name
    old, new = seal.login_codec(digest, old_secret), seal.login_codec(digest, new_secret)
    folder = path.parent
    with FileLock(str(path) + ".lock", thread_local=False):  # the app's own lock for this journal
        copies = sorted(folder.glob(f"{path.stem}.snap-*.json")) + sorted(folder.glob(f"{path.stem}.bad-*.json"))
        rotated_any = False
        for file in [*copies, path]:  # the journal itself last: an interruption leaves it readable
            outcome, blob = reseal(file.read_bytes(), aad, old, new)
            if blob is not None:
                replace_keeping_time(file, blob, tmp_prefix=f"{file.name}.rotate")
                rotated_any = True
            yield outcome
        if rotated_any:
            for tmp in folder.glob(f"{path.name}.tmp-*"):  # stale (the lock is ours): may hold old bytes
                with contextlib.suppress(OSError):
                    tmp.unlink()
            fsync_dir(folder)


# -- PostgreSQL ------------------------------------------------------------------------------


def rotate_database(url: str, old_secret: str, new_secret: str) -> Report:
    from rebound.storage import postgres as pgstore

    db = pgstore._database(url)
    journals = pgstore._run(
        db,
        lambda conn: [
            bytes(row[0])
            for row in conn.execute(
                "SELECT journal FROM rebound_records UNION SELECT journal FROM rebound_pending ORDER BY 1"
            ).fetchall()
        ],
        retry=True,
    )
    report = Report()
    for digest in journals:
        outcomes = pgstore._run(db, lambda conn, d=digest: _rotate_rows(conn, d, old_secret, new_secret), retry=False)
        report.add(f"{digest.hex()[:12]}…", outcomes)
    return report


def _rotate_rows(conn, digest: bytes, old_secret: str, new_secret: str) -> list[str]:
    """One journal's rows, in the caller's transaction, under the journal's advisory lock."""
    from rebound.storage import postgres as pgstore

    conn.execute("SELECT pg_advisory_xact_lock(%s)", (pgstore._lock_id(digest),))
    old, new = seal.login_codec(digest, old_secret), seal.login_codec(digest, new_secret)
    outcomes = []
    rows = conn.execute("SELECT tbl, rid, body FROM rebound_records WHERE journal = %s", (digest,)).fetchall()
    for tbl, rid, body in rows:
        outcome, blob = reseal(bytes(body), pgstore.aad(digest, tbl, rid), old, new)
        if blob is not None:
            conn.execute(
                "UPDATE rebound_records SET body = %s WHERE journal = %s AND tbl = %s AND rid = %s",
                (blob, digest, tbl, rid),
            )
        outcomes.append(outcome)
    pending = conn.execute("SELECT body FROM rebound_pending WHERE journal = %s", (digest,)).fetchone()
    if pending is not None:  # a copied journal file not opened yet: the file store's AAD
        outcome, blob = reseal(bytes(pending[0]), digest.hex().encode(), old, new)
        if blob is not None:
            conn.execute("UPDATE rebound_pending SET body = %s WHERE journal = %s", (blob, digest))
        outcomes.append(outcome)
    if ROTATED in outcomes:
        # New revisions: a process that cached the old rows reads them again (and, still holding
        # the old secret, says the secret changed instead of writing under it).
        conn.execute("UPDATE rebound_tables SET rev = nextval('rebound_rev') WHERE journal = %s", (digest,))
    return outcomes
