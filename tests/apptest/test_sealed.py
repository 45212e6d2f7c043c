"""AppTest: sealed journals through the pages — My data says who can read the journal, the shell
passes the storage secret to the store, and the Facilitator page warns when logins stay plain."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from rebound import access, journal
from rebound.storage import open_workspace, seal
from rebound.storage.files import journal_path
from tests.apptest.conftest import APP, button, open_page, texts

MY_DATA = "pages/9_My_data.py"
FACILITATOR = "pages/10_Workshop.py"
TODAY = dt.date(2026, 3, 14)  # pinned: the win below is dated, nothing depends on the real clock
ISSUER, SUBJECT = "https://issuer.example", "subject-42"
LOGIN_KEY = access.oidc_key(ISSUER, SUBJECT)
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "cookie-secret-for-tests",
    "client_id": "rebound",
    "client_secret": "client-secret",
    "server_metadata_url": "https://issuer.example/.well-known/openid-configuration",
}
FACILITATOR_KEY = "facilitator-Secret-91"


def logged_in(page: str, secrets: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets = {"auth": AUTH, **secrets}
    at.user = {"is_logged_in": True, "iss": ISSUER, "sub": SUBJECT, "email": "sam@example.com"}
    at.run()
    assert not at.exception, at.exception
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def add_win(ws, text: str) -> None:
    journal.save(ws, "wins", {"date": TODAY.isoformat(), "text": text}, TODAY)


@pytest.fixture
def shared(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_MODE", "shared")
    monkeypatch.delenv("REBOUND_STORAGE_SECRET", raising=False)
    return data_dir


def test_a_link_journal_is_sealed_and_my_data_says_only_the_link_opens_it(shared):
    at = open_page(MY_DATA)
    token = at.query_params["w"][0] if isinstance(at.query_params["w"], list) else at.query_params["w"]
    add_win(open_workspace(access.link_key(token), shared), "Quokka interview went well")
    raw = journal_path(access.link_key(token), shared).read_bytes()
    assert seal.is_sealed(raw) and b"Quokka" not in raw
    at = open_page(MY_DATA, w=token)
    assert "Only someone with this link can read this journal" in texts(at)
    assert "1 win" in texts(at)  # read back through the page with the right link


def test_personal_mode_says_the_journal_is_plain_on_disk(personal):
    at = open_page(MY_DATA)
    assert "stored as plain text in the app's data folder" in texts(at)


def test_a_login_without_a_storage_secret_is_told_its_journal_is_plain(shared):
    at = logged_in(MY_DATA, {})
    assert "stored as plain text on the server" in texts(at)
    add_win(open_workspace(LOGIN_KEY, shared), "plain win")
    assert not seal.is_sealed(journal_path(LOGIN_KEY, shared).read_bytes())


@pytest.mark.parametrize("where", ["secrets", "env"])
def test_a_login_with_a_storage_secret_is_sealed_and_read_back(shared, monkeypatch, where):
    secrets = {"storage": {"secret": "deployment-secret"}} if where == "secrets" else {}
    if where == "env":
        monkeypatch.setenv("REBOUND_STORAGE_SECRET", "deployment-secret")
    add_win(open_workspace(LOGIN_KEY, shared, storage_secret="deployment-secret"), "sealed win")
    assert seal.is_sealed(journal_path(LOGIN_KEY, shared).read_bytes())
    at = logged_in(MY_DATA, secrets)  # the page opens it: the shell passed the secret on
    assert "1 win" in texts(at)
    assert "cannot be read, but the people who run this Rebound hold the key" in texts(at)


def _facilitator(monkeypatch, secrets: dict) -> AppTest:
    monkeypatch.setenv("REBOUND_WORKSHOP_JOIN_CODE", "spring-cohort-7f3a")
    monkeypatch.setenv("REBOUND_WORKSHOP_FACILITATOR_KEY", FACILITATOR_KEY)
    at = logged_in(FACILITATOR, secrets)
    at.text_input(key="facilitator_key_input").input(FACILITATOR_KEY)
    button(at, "Open the facilitator view").click().run()
    assert not at.exception, at.exception
    return at


def test_the_facilitator_is_told_when_login_journals_stay_plain(shared, monkeypatch):
    at = _facilitator(monkeypatch, {})
    assert any("stored as plain text here" in w.value for w in at.warning)


def test_no_plain_text_warning_for_the_facilitator_with_a_storage_secret(shared, monkeypatch):
    at = _facilitator(monkeypatch, {"storage": {"secret": "deployment-secret"}})
    assert "Invite the room" in [h.value for h in at.header]
    assert not any("stored as plain text here" in w.value for w in at.warning)


def test_a_sealed_login_journal_without_its_secret_says_so_and_changes_nothing(shared):
    add_win(open_workspace(LOGIN_KEY, shared, storage_secret="deployment-secret"), "sealed win")
    before = journal_path(LOGIN_KEY, shared).read_bytes()
    at = logged_in(MY_DATA, {})  # the operator lost the secret
    assert any("storage secret that opens it is not set" in e.value for e in at.error)
    assert "Download a backup" not in [h.value for h in at.header]
    assert journal_path(LOGIN_KEY, shared).read_bytes() == before
