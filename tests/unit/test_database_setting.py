"""Which database the app uses: env REBOUND_DATABASE_URL wins over [connections.rebound] url."""

from __future__ import annotations

import pytest

from components import settings


@pytest.fixture
def secrets(monkeypatch):
    found: dict = {}
    monkeypatch.setattr(settings, "_secrets", lambda: found)
    monkeypatch.delenv("REBOUND_DATABASE_URL", raising=False)
    return found


def test_no_database_by_default(secrets):
    assert settings.database_url() is None


def test_the_secrets_connection_section(secrets):
    secrets["connections"] = {"rebound": {"url": "postgresql://db.example/rebound"}}
    assert settings.database_url() == "postgresql://db.example/rebound"


def test_the_environment_wins(secrets, monkeypatch):
    secrets["connections"] = {"rebound": {"url": "postgresql://from-secrets/x"}}
    monkeypatch.setenv("REBOUND_DATABASE_URL", "postgresql://from-env/x")
    assert settings.database_url() == "postgresql://from-env/x"


@pytest.mark.parametrize("section", [{}, {"rebound": {}}, {"rebound": {"url": ""}}, {"other": {"url": "x"}}])
def test_an_empty_or_other_section_means_files(secrets, section):
    secrets["connections"] = section
    assert settings.database_url() is None
