"""The throwaway OpenID provider for the login tests (tests/oidc: panva's oidc-provider on Node.js).

In CI, ``.ci/run`` installs it (``npm ci``), starts it on a free port and exports its issuer in
``REBOUND_TEST_OIDC_ISSUER``; it stops it at the end, even on failure. Locally, without that
variable, ``running_provider()`` starts one itself when Node.js and ``tests/oidc/node_modules``
are there (``cd tests/oidc && npm ci``), and the tests skip otherwise. In CI a missing provider
is a failure, never a skip.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import ROOT, in_ci

ISSUER_ENV = "REBOUND_TEST_OIDC_ISSUER"
PROVIDER_DIR = ROOT / "tests" / "oidc"
ACCOUNTS = json.loads((PROVIDER_DIR / "accounts.json").read_text())
USERS = ACCOUNTS["users"]
CLIENT = ACCOUNTS["client"]
READY = "oidc-provider ready at "


def _unavailable(reason: str):
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the login tests must run in CI; .ci/run starts the provider)", pytrace=False)
    pytest.skip(reason)


@contextlib.contextmanager
def running_provider(log: Path) -> Iterator[str]:
    """The provider's issuer URL: the one .ci/run started, or one started here for the session."""
    issuer = os.environ.get(ISSUER_ENV, "").strip()
    if issuer:
        yield issuer.rstrip("/")
        return
    node = shutil.which("node")
    if not node:
        _unavailable(f"Node.js is not installed, and {ISSUER_ENV} is not set")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        _unavailable(f"the test provider is not installed (cd {PROVIDER_DIR.relative_to(ROOT)} && npm ci)")
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [node, "provider.mjs"],
            cwd=PROVIDER_DIR,
            env={**os.environ, "PORT": "0"},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            text = log.read_text(errors="replace")
            if READY in text:
                yield text.split(READY, 1)[1].split()[0]
                return
            if proc.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"the test provider did not start:\n{log.read_text(errors='replace')[-3000:]}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
