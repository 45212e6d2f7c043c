"""Copy a data folder's journals into PostgreSQL: ``python -m rebound.storage.migrate --to postgresql://…``,
or re-seal every login journal under a new storage secret: ``python -m rebound.storage.migrate --rotate-secret``.

Journals are files named by the hash of their key; the key is never known here, so each is
copied by that hash. Each file's bytes go into the database exactly as they are
(``rebound_pending``), so a sealed journal stays sealed; a plain one is turned into rows at once,
a sealed one on its owner's next visit (only their key opens it). Running it again changes
nothing: a journal already in the database is left alone. One report line per journal.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from rebound.storage import postgres as pgstore
from rebound.storage import seal
from rebound.storage.contract import StoreError
from rebound.storage.files import default_data_dir, journal_files


def copy_journal(url: str, path: Path) -> str:
    """Copy one journal file; returns its report line."""
    digest = bytes.fromhex(path.stem)
    ws = pgstore.PgWorkspace(url, None, digest=digest)  # by hash: the migrator never has the key
    name = f"{path.stem[:12]}…"
    if ws.exists:
        return f"{name} already in the database ({_size(ws)}); left as it is"
    raw = path.read_bytes()
    _run_copy(ws, digest, raw)
    outcome = ws.adopt_copied_file()
    if outcome == "copied":
        return f"{name} copied: {_size(ws)}"
    if outcome == "sealed" or (outcome == "unreadable" and seal.is_sealed(raw)):
        return f"{name} copied as it is (sealed): it opens in the database on its owner's next visit"
    if outcome == "unreadable":
        _drop_copy(ws, digest)
        return f"{name} NOT copied: the file is damaged; open it once with the file store to restore a snapshot"
    return f"{name} already in the database; left as it is"


def _size(ws: pgstore.PgWorkspace) -> str:
    # Counted from the rows, not the records: the migrator has no key to open a sealed journal.
    rows = pgstore._run(
        ws._db,
        lambda conn: conn.execute(
            "SELECT tbl, count(*) FROM rebound_records WHERE journal = %s GROUP BY tbl", (ws._j.digest,)
        ).fetchall(),
        retry=True,
    )
    counts = dict(rows)
    total = sum(counts.values())
    return f"{total} record{'s' if total != 1 else ''} in {len(counts)} table{'s' if len(counts) != 1 else ''}"


def _run_copy(ws: pgstore.PgWorkspace, digest: bytes, raw: bytes) -> None:
    pgstore._run(
        ws._db,
        lambda conn: conn.execute(
            "INSERT INTO rebound_pending (journal, body) VALUES (%s, %s) ON CONFLICT (journal) DO NOTHING",
            (digest, raw),
        ),
        retry=True,
    )


def _drop_copy(ws: pgstore.PgWorkspace, digest: bytes) -> None:
    pgstore._run(ws._db, lambda conn: conn.execute("DELETE FROM rebound_pending WHERE journal = %s", (digest,)), True)


def _secret(env: str, prompt: str, confirm: bool = False) -> str:
    """A secret from the environment, else typed (never on the command line: it would stay in the history)."""
    value = os.environ.get(env, "")
    if value:
        return value
    if not sys.stdin.isatty():
        raise SystemExit(f"Set {env} (or run this in a terminal to type it).")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("Once more: ") != value:
        raise SystemExit("The two did not match; nothing was changed.")
    return value


def rotate_secret(database_url: str | None, folder: Path) -> int:
    """``--rotate-secret``: re-seal every login journal from the old storage secret to the new one."""
    from rebound.storage import rotate

    old = _secret("REBOUND_STORAGE_SECRET", "The storage secret in use now: ")
    new = _secret("REBOUND_NEW_STORAGE_SECRET", "The new storage secret: ", confirm=True)
    if not old or not new:
        print("Both the old and the new storage secret are needed; nothing was changed.", file=sys.stderr)
        return 2
    if old == new:
        print("The new storage secret is the same as the old one; nothing was changed.", file=sys.stderr)
        return 2
    where = "the database" if database_url else str(folder)
    try:
        report = (
            rotate.rotate_database(database_url, old, new) if database_url else rotate.rotate_folder(folder, old, new)
        )
    except StoreError as exc:
        print(f"Stopped: {exc}", file=sys.stderr)
        return 2
    finally:
        pgstore.close_all()
    for line in report.lines + report.problems:
        print(line)
    print(f"In {where}: {report.summary()}")
    if report.problems:
        print("Keep the old secret until the journals above are sorted out.", file=sys.stderr)
        return 1
    print("Now set the new secret ([storage] secret or REBOUND_STORAGE_SECRET) and start the app again.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rebound.storage.migrate", description=__doc__.splitlines()[0])
    parser.add_argument("--to", metavar="postgresql://…", help="the database to copy into")
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        default=None,
        help="the data folder (default: REBOUND_DATA_DIR or data/workspaces)",
    )
    parser.add_argument(
        "--rotate-secret",
        action="store_true",
        help="re-seal every login journal under a new storage secret: the old one from REBOUND_STORAGE_SECRET, "
        "the new one from REBOUND_NEW_STORAGE_SECRET (or typed when they are not set); in the database of "
        "--database-url (or REBOUND_DATABASE_URL), else in the data folder. Stop the app first.",
    )
    parser.add_argument("--database-url", metavar="postgresql://…", help="with --rotate-secret: the database")
    args = parser.parse_args(argv)
    folder = (args.source or default_data_dir()).resolve()
    if args.rotate_secret:
        return rotate_secret(args.database_url or os.environ.get("REBOUND_DATABASE_URL") or None, folder)
    if not args.to:
        parser.error("--to is required (or --rotate-secret)")
    files = list(journal_files(folder))
    if not files:
        print(f"No journals in {folder}.")
        return 0
    failed = 0
    try:
        for path in files:
            try:
                line = copy_journal(args.to, path)
            except StoreError as exc:
                print(f"Stopped: {exc}", file=sys.stderr)
                return 2
            failed += "NOT copied" in line
            print(line)
    finally:
        pgstore.close_all()
    print(f"{len(files) - failed} of {len(files)} journals are in the database.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
