"""rebound.logins: which providers an [auth] section configures, how a person is named, and the
settings and address checks behind "logging in is not available" (no Streamlit)."""

from __future__ import annotations

import http.server
import threading

import pytest

from rebound import logins

SHARED = {"redirect_uri": "https://rebound.example.org/oauth2callback", "cookie_secret": "c" * 32}
PROVIDER = {"client_id": "rebound", "client_secret": "s", "server_metadata_url": "https://id.example/.well-known/x"}


def test_the_unnamed_provider_and_each_named_one_get_a_button_in_order():
    auth = {**SHARED, **PROVIDER, "google": PROVIDER, "workshop": {**PROVIDER, "label": "your workshop account"}}
    found = logins.providers(auth)
    assert [(p.name, p.label) for p in found] == [
        (None, "Log in"),
        ("google", "Log in with Google"),
        ("workshop", "Log in with your workshop account"),
    ]
    assert logins.providers(SHARED) == []  # shared settings alone are no provider
    assert [p.name for p in logins.providers({**SHARED, "client_kwargs": {"prompt": "login"}})] == []


@pytest.mark.parametrize(
    ("auth", "name", "problem"),
    [
        ({**SHARED, "google": PROVIDER}, "google", None),
        ({**SHARED, **PROVIDER}, None, None),
        ({"cookie_secret": "c", "google": PROVIDER}, "google", "missing redirect_uri"),
        ({**SHARED, "google": {**PROVIDER, "client_secret": ""}}, "google", "missing client_secret"),
        ({**SHARED, "my_idp": PROVIDER}, "my_idp", "underscore"),
        ({**SHARED, "redirect_uri": "https://x.example/", "google": PROVIDER}, "google", "/oauth2callback"),
    ],
)
def test_settings_problems_are_named(auth, name, problem):
    provider = next(p for p in logins.providers(auth) if p.name == name)
    found = logins.settings_problem(auth, provider)
    assert (found is None) if problem is None else (problem in found)


def test_a_person_is_named_by_what_the_provider_gave():
    assert logins.display_name({"name": "Alex", "email": "alex@example.test"}) == "Alex (alex@example.test)"
    assert logins.display_name({"email": "alex@example.test"}) == "alex@example.test"
    assert logins.display_name({"preferred_username": "alex"}) == "alex"
    assert logins.display_name({"sub": "abc"}) == "abc"


def test_an_address_that_does_not_answer_as_a_provider_is_explained():
    assert "not an http(s) address" in logins.metadata_problem("ftp://x")
    assert "could not connect" in logins.metadata_problem("http://127.0.0.1:9/.well-known/x", timeout=2)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = (
                b'{"issuer": "http://x", "authorization_endpoint": "http://x/auth"}' if "good" in self.path else b"[]"
            )
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert logins.metadata_problem(base + "/good") is None
        assert "not an OpenID Connect configuration" in logins.metadata_problem(base + "/bad")
    finally:
        server.shutdown()
