"""rebound.access: modes, private-link tokens and workspace keys."""

from __future__ import annotations

import base64

import pytest

from rebound import access

GOOD_TOKEN = "A" * 22


# --- modes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "setting,url,expected",
    [
        ("personal", "https://rebound.example.com/", "personal"),  # explicit setting wins over the host
        ("shared", "http://localhost:8501/", "shared"),
        ("  Personal ", None, "personal"),
        ("SHARED", "http://127.0.0.1:8501", "shared"),
    ],
)
def test_explicit_setting_wins(setting, url, expected):
    assert access.resolve_mode(setting, url) == expected


@pytest.mark.parametrize("setting", ["team", "public", "personal,shared", "1"])
def test_bad_setting_raises(setting):
    with pytest.raises(ValueError, match="REBOUND_MODE must be 'personal' or 'shared'"):
        access.resolve_mode(setting, "http://localhost:8501/")


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8501/",
        "http://localhost:8501/Understand?w=x",
        "http://LOCALHOST:8501",
        "http://127.0.0.1:8501/",
        "http://127.0.0.1",
        "http://[::1]:8501/",
    ],
)
def test_loopback_hosts_are_personal(url):
    assert access.resolve_mode(None, url) == "personal"
    assert access.resolve_mode("", url) == "personal"


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "https://rebound.streamlit.app/",
        "http://192.168.1.20:8501/",
        "http://localhost.evil.example/",
        "http://127.0.0.1.nip.io/",
        "http://evil.example/?host=localhost",
        "http://localhost@evil.example/",
        "not a url",
        "http://10.0.0.1:8501",
        "http://0.0.0.0:8501",
    ],
)
def test_other_hosts_or_no_url_are_shared(url):
    assert access.resolve_mode(None, url) == "shared"


# --- tokens ------------------------------------------------------------------------------------


def test_new_token_is_valid_long_and_unique():
    tokens = {access.new_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert access.is_valid_token(token)
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert len(raw) * 8 >= 128


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "personal",
        "abc",
        "A" * 21,  # 126 bits: one character short
        "A" * 129,
        "x" * 10_000,
        "A" * 21 + "+",
        "A" * 21 + "/",
        "A" * 21 + "=",
        "A" * 22 + "\n",
        " " + "A" * 22,
        "A" * 11 + " " + "A" * 11,
        "Ä" * 22,
        "A" * 22 + "&w=x",
        12345678901234567890123,
        ["A" * 22],
        b"A" * 22,
    ],
)
def test_is_valid_token_rejects(value):
    assert access.is_valid_token(value) is False


@pytest.mark.parametrize("value", [GOOD_TOKEN, "a-b_c" * 5, "Z" * 128, "0123456789_-abcdefghijKLMN"])
def test_is_valid_token_accepts(value):
    assert access.is_valid_token(value) is True


# --- keys --------------------------------------------------------------------------------------


def test_link_key():
    assert access.link_key(GOOD_TOKEN) == "link:" + GOOD_TOKEN


@pytest.mark.parametrize("bad", ["personal", "", "abc", "A" * 22 + "/"])
def test_link_key_refuses_bad_tokens(bad):
    with pytest.raises(ValueError):
        access.link_key(bad)


def test_link_key_never_equals_personal():
    assert access.link_key(access.new_token()) != access.PERSONAL_KEY


def test_oidc_key():
    assert access.oidc_key("https://accounts.google.com", "1234") == "oidc:https://accounts.google.com:1234"
    for issuer, subject in (("", "1"), ("iss", ""), (None, "1")):
        with pytest.raises(ValueError):
            access.oidc_key(issuer, subject)


def test_keys_of_different_kinds_do_not_collide():
    token = access.new_token()
    assert access.link_key(token) != access.oidc_key("link", token)


# --- pasted links ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"https://rebound.streamlit.app/?w={GOOD_TOKEN}",
        f"https://rebound.streamlit.app/Understand?w={GOOD_TOKEN}",
        f"http://localhost:8501/?a=1&w={GOOD_TOKEN}&b=2",
        f"  https://rebound.streamlit.app/?w={GOOD_TOKEN}#top \n",
        GOOD_TOKEN,
        f"  {GOOD_TOKEN}\n",
    ],
)
def test_token_from_link(text):
    assert access.token_from_link(text) == GOOD_TOKEN


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "garbage",
        "https://rebound.streamlit.app/",
        "https://rebound.streamlit.app/?w=abc",
        "https://rebound.streamlit.app/?w=personal",
        f"https://rebound.streamlit.app/?xw={GOOD_TOKEN}",
        f"https://rebound.streamlit.app/?w={'A' * 200}",
        "x" * 10_000,
    ],
)
def test_token_from_link_garbage(text):
    assert access.token_from_link(text) is None


# --- public links --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("public_url", "request_url", "base_path", "expected"),
    [
        (None, "http://localhost:8501/Workshop", "", "http://localhost:8501"),
        (None, "http://10.0.0.5:8501/Workshop?w=x", "rebound", "http://10.0.0.5:8501/rebound"),  # finding 7
        (None, "http://10.0.0.5:8501/", "/rebound/", "http://10.0.0.5:8501/rebound"),
        ("https://room.example.org", "http://localhost:8501/", "", "https://room.example.org"),
        ("https://room.example.org/", "http://localhost:8501/", "rebound", "https://room.example.org/rebound"),
        ("https://room.example.org/rebound", "http://localhost/", "rebound", "https://room.example.org/rebound"),
        ("https://example.org/coach/", None, None, "https://example.org/coach"),
        ("  ", "http://h:1/", None, "http://h:1"),
        (None, None, None, ""),
    ],
)
def test_public_base(public_url, request_url, base_path, expected):
    assert access.public_base(public_url, request_url, base_path) == expected


@pytest.mark.parametrize(
    ("url", "loopback"),
    [("http://localhost:8501/", True), ("http://127.0.0.1/", True), ("http://[::1]:1/", True), ("https://a.b/", False)],
)
def test_is_loopback_url(url, loopback):
    assert access.is_loopback_url(url) is loopback
