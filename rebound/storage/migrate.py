"""Copy a data folder's journals into PostgreSQL: ``python -m rebound.storage.migrate --to postgresql://…``.

Journals are files named by the hash of their key; the key is never known here, so each is
copied by that hash. Each file's bytes go into the database exactly as they are
(``rebound_pending``), so a sealed journal stays sealed; a plain one is turned into rows at once,
a sealed one on its owner's next visit (only their key opens it). Running it again changes
nothing: a journal already in the database is left alone. One report line per journal.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from rebound.storage import postgres as pgstore
from rebound.storage import seal
from rebound.storage.contract import StoreError
from rebound.storage.files import default_data_dir

_JOURNAL_NAME = re.compile(r"^[0-9a-f]{64}\.json$")


def journal_files(folder: Path) -> Iterator[Path]:
    """The journals in a data folder (not their snapshots, kept-aside, temp or lock files)."""
    if folder.is_dir():
        yield from sorted(p for p in folder.iterdir() if _JOURNAL_NAME.match(p.name) and p.is_file())


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rebound.storage.migrate", description=__doc__.splitlines()[0])
    parser.add_argument("--to", required=True, metavar="postgresql://…", help="the database to copy into")
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        default=None,
        help="the data folder (default: REBOUND_DATA_DIR or data/workspaces)",
    )
    args = parser.parse_args(argv)
    folder = (args.source or default_data_dir()).resolve()
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
