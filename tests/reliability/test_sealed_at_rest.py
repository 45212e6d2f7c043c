"""No clear text at rest: a sealed journal's words and its token appear in no file, in any encoding.

A link journal is seeded with canary words through every path that leaves a file behind
(writes and snapshots, an import, a damaged file kept aside, a temp file of a writer
killed mid-write, the lock file), then every file under the data folder is searched for
the words and the token as UTF-8, UTF-16, JSON ``\\u`` escapes, hex and base64, both raw
and after zlib/gzip/deflate decompression from any offset that looks like a stream.

Negative controls: the same seeding on a plain journal MUST be caught, and the scanner
must find a canary hidden in each single encoding (so a pass is not a blind scanner).
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from rebound.storage import FORMAT, SCHEMA_VERSION, open_workspace, seal
from rebound.storage.files import journal_path

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Q2FuYXJ5VG9rZW5Gb3JUaGVTZWFsVGVzdHM"
LINK = "link:" + TOKEN
CANARIES = ["Quokkafjord", "Zephyrinthine", "Brøndeløkke", "Kanarienvögelchen", "松鼠金丝雀"]
_KILLED_MID_WRITE = """
import os, signal, sys
from rebound.storage import files as store
store.os.replace = lambda a, b: os.kill(os.getpid(), signal.SIGKILL)  # dies with the temp file written
store.open_workspace(sys.argv[1], sys.argv[2]).add("wins", {"text": sys.argv[3]})
"""


# -- the scanner ---------------------------------------------------------------------------------


def _forms(secret: str) -> list[bytes]:
    """The ways ``secret`` could sit in a file, as byte strings to search for."""
    utf8 = secret.encode()
    forms = [utf8, secret.encode("utf-16-le"), secret.encode("utf-16-be")]
    forms.append("".join(f"\\u{ord(c):04x}" for c in secret).encode())  # JSON with every char escaped
    forms.append(secret.encode("ascii", "backslashreplace").replace(b"\\x", b"\\u00"))  # ensure_ascii style
    forms.append("".join(c if ord(c) < 128 else f"\\u{ord(c):04x}" for c in secret).encode())
    forms += [utf8.hex().encode(), utf8.hex().upper().encode()]
    for shift in range(3):  # base64 at each of the three alignments, edges trimmed
        for enc in (base64.b64encode, base64.urlsafe_b64encode):
            body = enc(b"\0" * shift + utf8)
            start = (shift * 4 + 2) // 3 + 1 if shift else 0
            forms.append(body[start : len(body) - 4].rstrip(b"="))
    return [f for f in forms if len(f) >= 6]


def _views(raw: bytes) -> list[bytes]:
    """The file itself and whatever decompresses out of it, from any offset that looks like a stream."""
    views = [raw]
    for at in range(len(raw) - 1):
        two = raw[at : at + 2]
        if two == b"\x1f\x8b":
            candidates = [lambda b: gzip.decompress(b)]
        elif two[0] == 0x78 and (two[0] * 256 + two[1]) % 31 == 0:
            candidates = [lambda b: zlib.decompressobj().decompress(b)]
        else:
            continue
        for inflate in candidates:
            try:
                out = inflate(raw[at:])
            except (OSError, EOFError, zlib.error):
                continue
            if out:
                views.append(out)
    with contextlib.suppress(zlib.error):  # a raw deflate stream has no header: try it from the start
        views.append(zlib.decompressobj(-15).decompress(raw))
    return views


def leaks(folder: Path, secrets: list[str]) -> list[str]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        views = _views(path.read_bytes())
        for secret in secrets:
            if secret in path.name:
                found.append(f"{secret!r} in the name {path.name}")
            if any(form in view for view in views for form in _forms(secret)):
                found.append(f"{secret!r} in {path.name}")
    return found


# -- seeding a journal through every path that leaves a file ---------------------------------------


def _seed(key: str, data_dir: Path) -> None:
    ws = open_workspace(key, data_dir)
    rid = ws.add("rejections", {"company": CANARIES[0], "role": "Analyst", "notes": CANARIES[1]})
    for word in CANARIES[2:]:  # updates leave snapshots
        ws.update("rejections", rid, {"notes": f"{CANARIES[1]} {word}"})
    ws.add("checkins", {"date": "2025-03-14", "mood": 3, "confidence": 4, "note": CANARIES[3]})
    doc = {"format": FORMAT, "version": SCHEMA_VERSION, "tables": {"writings": [{"id": "w1", "text": CANARIES[4]}]}}
    ws.import_data(doc, mode="merge")
    path = journal_path(key, data_dir)
    raw = bytearray(path.read_bytes())  # a damaged file: kept aside, the snapshot restored
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    assert ws.all("rejections") and len(ws.take_notices()) == 1
    ws.add("wins", {"text": CANARIES[2]})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", _KILLED_MID_WRITE, key, str(data_dir), CANARIES[0]], env=env, timeout=60)
    names = [p.name for p in data_dir.iterdir()]
    for kind in (".snap-", ".bad-", ".tmp-", ".lock"):
        assert any(kind in n for n in names), f"the seeding left no {kind} file: {names}"


def test_a_sealed_journal_leaves_no_word_and_no_token_on_disk(tmp_path):
    data_dir = tmp_path / "data"
    _seed(LINK, data_dir)
    assert leaks(data_dir, [*CANARIES, TOKEN, LINK]) == []
    files = [p for p in data_dir.iterdir() if not p.name.endswith(".lock")]
    assert all(seal.is_sealed(p.read_bytes()) for p in files), [p.name for p in files]
    locks = [p for p in data_dir.iterdir() if p.name.endswith(".lock")]
    assert locks and all(p.read_bytes() == b"" for p in locks)  # filelock writes nothing into them
    # ... and the right link reads every word back
    ws = open_workspace(LINK, data_dir)
    text = repr(ws.export()["tables"])
    assert all(word in text for word in CANARIES)
    assert open_workspace("link:" + "X" * 35, data_dir).export()["tables"] == {}


def test_negative_control_a_plain_journal_is_caught(tmp_path):
    """NEGATIVE CONTROL (expected to find the words): the same seeding without sealing."""
    data_dir = tmp_path / "data"
    _seed("canary-plain-journal", data_dir)
    found = leaks(data_dir, CANARIES)
    assert found, "the scanner found nothing in a plain journal: it cannot see clear text"
    assert {w for w in CANARIES if any(repr(w) in f for f in found)} == set(CANARIES)


@pytest.mark.parametrize(
    "hide",
    {
        "utf-8": lambda w: b"xx" + w.encode() + b"yy",
        "utf-16": lambda w: w.encode("utf-16"),
        "\\u escapes": lambda w: "".join(f"\\u{ord(c):04x}" for c in w).encode(),
        "hex": lambda w: b"0x" + w.encode().hex().encode(),
        "base64": lambda w: base64.b64encode(b"pad" + w.encode() + b"pad"),
        "base64 shifted": lambda w: base64.b64encode(b"p" + w.encode()),
        "zlib": lambda w: b"header" + zlib.compress(b"{" + w.encode() + b"}"),
        "gzip": lambda w: gzip.compress(w.encode() * 3),
        "deflate": lambda w: (lambda c: c.compress(w.encode()) + c.flush())(zlib.compressobj(wbits=-15)),
    }.items(),
    ids=lambda item: item[0],
)
def test_negative_control_the_scanner_sees_each_encoding(tmp_path, hide):
    name, encode = hide
    for word in CANARIES:
        folder = tmp_path / f"{abs(hash(word))}"
        folder.mkdir()
        (folder / "file.json").write_bytes(encode(word))
        assert leaks(folder, [word]), f"{word!r} hidden as {name} was not found"


# -- PostgreSQL: every stored row of journal content is sealed ----------------------------------------


def _pg_dump_into(folder: Path, url: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    dump = subprocess.run(
        ["/usr/lib/postgresql/15/bin/pg_dump", "--no-owner", url], check=True, capture_output=True, timeout=60
    ).stdout
    (folder / "dump.sql").write_bytes(dump)


def _seed_pg(key: str, url: str) -> None:
    ws = open_workspace(key, database_url=url)
    rid = ws.add("rejections", {"company": CANARIES[0], "role": "Analyst", "notes": CANARIES[1]})
    for word in CANARIES[2:]:
        ws.update("rejections", rid, {"notes": f"{CANARIES[1]} {word}"})
    ws.add("checkins", {"date": "2025-03-14", "mood": 3, "confidence": 4, "note": CANARIES[3]})
    doc = {"format": FORMAT, "version": SCHEMA_VERSION, "tables": {"writings": [{"id": "w1", "text": CANARIES[4]}]}}
    ws.import_data(doc, mode="merge")


def test_a_sealed_journal_leaves_no_word_and_no_token_in_a_pg_dump(tmp_path, pg_url):
    _seed_pg(LINK, pg_url)
    _pg_dump_into(tmp_path / "dump", pg_url)
    assert leaks(tmp_path / "dump", [*CANARIES, TOKEN]) == []
    assert open_workspace(LINK, database_url=pg_url).all("rejections")[0]["company"] == CANARIES[0]


def test_negative_control_a_plain_journal_in_a_pg_dump_is_caught(tmp_path, pg_url):
    _seed_pg("personal", pg_url)
    _pg_dump_into(tmp_path / "dump", pg_url)
    held = [w for w in CANARIES if w != CANARIES[2]]  # CANARIES[2] was overwritten: no snapshots in a database
    assert leaks(tmp_path / "dump", held) == [f"{w!r} in dump.sql" for w in held]
