"""rebound.redact: no private-link token reaches the server's logs."""

from __future__ import annotations

from rebound import access
from rebound.redact import redact


def test_link_values_and_journal_keys_are_hidden():
    token = access.new_token()
    text = f"GET /?w={token}&x=1 failed; key link:{token}; ('link:{token}',)"
    out = redact(text)
    assert token not in out
    assert out == "GET /?w=[redacted]&x=1 failed; key link:[redacted]; ('link:[redacted]',)"


def test_a_given_secret_is_hidden_anywhere():
    token = access.new_token()
    assert redact(f"token {token} in a message", token) == "token [redacted] in a message"


def test_ordinary_text_is_kept():
    text = "ValueError: show=1, hyperlink:abc, new=2"
    assert redact(text) == text


def test_the_remembered_journal_cookie_is_hidden():
    from rebound import remember

    token = "A" * 32
    header = remember.remember_header(token, https=False)
    assert token not in redact(f"Cookie: other=1; {header}")
    assert redact(f"Cookie: rebound_journal={token}; x=1") == "Cookie: rebound_journal=[redacted]; x=1"
