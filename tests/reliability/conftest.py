"""Fixtures for the reliability tests."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest


@pytest.fixture
def ram_dir(tmp_path):
    """A data folder in RAM (``/dev/shm``) when there is one, else ``tmp_path``.

    For the concurrency tests, which check locking rather than durability: there,
    thousands of fsyncs on a shared CI disk only add minutes, not evidence.
    """
    shm = Path("/dev/shm")
    if not (shm.is_dir() and shutil.disk_usage(shm).free > 256 * 2**20):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="rebound-test-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
