"""AppTest: logging in and out — one button per provider, plain words when logging in cannot work
(a provider that does not answer, settings incomplete, Authlib missing), who is logged in, and a
private link that never switches a logged-in person's journal. The real flow, through a real
OpenID provider, is tests/e2e/test_login_flow.py."""

from __future__ import annotations

import http.server
import json
import threading

import pytest
from streamlit.testing.v1 import AppTest

from components import login
from rebound import access, journal
from rebound.storage import open_workspace
from rebound.text import md_escape
from tests.apptest.conftest import APP, button, texts

MY_DATA = "pages/9_My_data.py"
DEAD = "http://127.0.0.1:9/.well-known/openid-configuration"  # nothing listens on the discard port
ISSUER, SUBJECT = "https://issuer.example", "subject-42"
TODAY = "2026-03-10"  # a fixed day before the pinned today


@pytest.fixture
def shared(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_MODE", "shared")
    monkeypatch.delenv("REBOUND_STORAGE_SECRET", raising=False)
    monkeypatch.delenv("REBOUND_PRIVATE_LINKS", raising=False)
    login._unreachable.clear()
    return data_dir


@pytest.fixture(scope="module")
def provider_url():
    """A local address that answers as an OpenID provider's configuration (enough for the check)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({"issuer": "http://x", "authorization_endpoint": "http://x/auth"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/openid-configuration"
    server.shutdown()


def auth(**providers) -> dict:
    section = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "cookie-secret-for-tests"}
    for name, url in providers.items():
        section[name] = {"client_id": "rebound", "client_secret": "s3cret", "server_metadata_url": url}
    return section


def run(secrets: dict, user: dict | None = None, page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets = secrets
    if user is not None:
        at.user = user
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def test_a_provider_that_does_not_answer_is_said_in_words(shared):
    at = run({"auth": {**auth(), "client_id": "rebound", "client_secret": "s", "server_metadata_url": DEAD}})
    assert "Welcome to Rebound" in texts(at)
    assert any("not available right now: Rebound cannot reach it" in w.value for w in at.warning)
    assert md_escape(DEAD) in texts(at)  # the caption for whoever runs it names the address (as plain text)
    assert [b.label for b in at.button] == []  # no button that would lead to an error page


def test_one_button_per_named_provider_and_words_for_the_one_that_is_down(shared, provider_url):
    section = auth(google=DEAD, workshop=provider_url)
    section["workshop"]["label"] = "Workshop account"
    at = run({"auth": section})
    assert [b.label for b in at.button] == ["Log in with Workshop account"]
    assert any("Logging in with Google is not available right now" in w.value for w in at.warning)


def test_incomplete_settings_are_said_in_words(shared, provider_url):
    section = auth(workshop=provider_url)
    del section["workshop"]["client_secret"]
    at = run({"auth": section})
    assert any("not set up completely" in w.value for w in at.warning)
    assert md_escape("missing client_secret") in texts(at)


def test_without_authlib_the_page_says_logging_in_is_unavailable(shared, provider_url, monkeypatch):
    monkeypatch.setattr(login, "_missing", ["authlib"])
    at = run({"auth": auth(workshop=provider_url)})
    assert any("Logging in is not available on this Rebound yet" in w.value for w in at.warning)
    assert "StreamlitMissingAuthlibError" in texts(at)
    assert [b.label for b in at.button] == []


def test_a_logged_in_person_sees_who_they_are_and_can_log_out(shared, provider_url):
    user = {"is_logged_in": True, "iss": ISSUER, "sub": SUBJECT, "name": "Sam *Bold*", "email": "sam@example.com"}
    at = run({"auth": auth(workshop=provider_url)}, user, page=MY_DATA)
    shown = [m.value for m in at.sidebar.markdown if "Logged in as" in m.value]
    assert shown and "Logged in as **Sam \\*Bold\\* \\(sam@" in shown[0]  # plain text: Markdown escaped
    assert "Your login" in [h.value for h in at.header]
    button(at, "Log out", 1).click().run()  # My data's button: the session forgets the login
    assert "Welcome to Rebound" in texts(at)
    assert "Your login" not in [h.value for h in at.header]


def test_a_private_link_never_switches_a_logged_in_persons_journal(shared, provider_url, monkeypatch):
    monkeypatch.setenv("REBOUND_PRIVATE_LINKS", "true")
    token = access.new_token()
    journal.save(open_workspace(access.link_key(token), shared), "wins", {"date": TODAY, "text": "link's win"}, None)
    user = {"is_logged_in": True, "iss": ISSUER, "sub": SUBJECT, "name": "Sam"}
    at = run({"auth": auth(workshop=provider_url)}, user, w=token)
    assert any("private link in the address was not opened" in i.value for i in at.info)
    assert "w" not in at.query_params
    at.switch_page(MY_DATA).run()
    assert "Your login" in [h.value for h in at.header]
    assert "Your journal is empty" in texts(at)  # the login's journal, not the link's (which has a win)


def test_links_and_logins_side_by_side(shared, provider_url, monkeypatch):
    monkeypatch.setenv("REBOUND_PRIVATE_LINKS", "true")
    at = run({"auth": auth(workshop=provider_url)}, page=MY_DATA)
    assert "Your private link" in [h.value for h in at.header]  # a link journal, as without logins
    assert "Log in with Workshop" in [b.label for b in at.sidebar.button]


def test_the_login_page_offers_the_language_before_any_journal_is_open(shared, provider_url):
    at = run({"auth": auth(workshop=provider_url)})
    assert "Welcome to Rebound" in texts(at)
    at.sidebar.selectbox[0].set_value("de").run()  # the sidebar's language picker, the page's only select
    assert not at.exception, at.exception
    assert "Willkommen bei Rebound" in texts(at)
    assert not shared.exists() or not any(shared.glob("*.json"))  # no journal was opened or written
