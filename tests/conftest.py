"""Shared fixtures: every test gets its own data folder and an explicit mode."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "workspaces"
    monkeypatch.setenv("REBOUND_DATA_DIR", str(folder))
    return folder
