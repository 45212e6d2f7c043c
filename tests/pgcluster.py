"""A throwaway PostgreSQL cluster of a test's own, for the fault tests that stop and start the server.

Same recipe as ``.ci/run``: Debian's PostgreSQL 15 binaries run as the ``postgres`` user
(``runuser``) when the tests run as root, on a free port, with the socket in the cluster's folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

BIN = Path(os.environ.get("REBOUND_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Cluster:
    def __init__(self, *settings: str) -> None:
        self.settings = settings  # extra server settings, e.g. "log_statement=all"
        self.dir = Path(tempfile.mkdtemp(prefix="rebound-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "log"
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._pg(["initdb", "-D", str(self.data), "-A", "trust", "-U", "rebound"])
        self.start()
        self._pg(["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "rebound", "rebound"])
        self.url = f"postgresql://rebound@127.0.0.1:{self.port}/rebound"

    def _pg(self, args: list[str]) -> None:
        cmd = _as_postgres([str(BIN / args[0]), *args[1:]])
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1" + "".join(
            f" -c {x}" for x in self.settings
        )
        self._pg(["pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.log), "-w", "start"])

    def stop(self, mode: str = "fast") -> None:
        self._pg(["pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop"])

    def _pids(self) -> list[int]:
        main = int((self.data / "postmaster.pid").read_text().split()[0])
        children = []
        for entry in Path("/proc").iterdir():  # the server's children: its backends and workers
            with contextlib.suppress(OSError, ValueError, IndexError):
                if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == main:
                    children.append(int(entry.name))
        return [main, *children]

    def freeze(self) -> None:
        """Stop the server's processes where they stand (SIGSTOP): connections hang instead of failing,
        as when the database's host or network goes away."""
        for pid in self._pids():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self._pids():
            os.kill(pid, signal.SIGCONT)

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # a frozen server cannot stop: thaw it first
            self.thaw()
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def own_cluster(*settings: str) -> Cluster:
    """A new cluster; without PostgreSQL's binaries: skipped locally, a failure in CI."""
    if not (BIN / "initdb").exists() or (os.geteuid() == 0 and shutil.which("runuser") is None):
        reason = f"PostgreSQL binaries not found in {BIN} (apt-get install postgresql)"
        if _in_ci():
            pytest.fail(reason + " (CI=true: the PostgreSQL fault tests must run in CI)", pytrace=False)
        pytest.skip(reason)
    return Cluster(*settings)
