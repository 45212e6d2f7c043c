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


# --- the facilitator key guard ----------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


KEY = "correct horse battery staple"


def guard(**kw):
    clock = Clock()
    return access.KeyGuard(clock=clock, **kw), clock


def test_right_key_opens_at_once():
    g, _ = guard()
    assert g.check(access.Attempts(), KEY, KEY) == (True, 0.0)


def test_wrong_keys_wait_longer_each_time_per_session():
    g, clock = guard(free=100)
    session = access.Attempts()
    waits = []
    for _ in range(5):
        ok, wait = g.check(session, "guess", KEY)
        assert not ok
        waits.append(wait)
        clock.now += wait  # wait exactly as long as told
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert access.Attempts().failures == 0 and g.wait(access.Attempts()) == 0  # another session is not slowed


def test_an_early_attempt_is_refused_even_with_the_right_key():
    g, clock = guard()
    session = access.Attempts()
    g.check(session, "guess", KEY)
    assert g.wait(session) == pytest.approx(1.0)
    assert g.check(session, KEY, KEY)[0] is False  # too soon: not even compared
    assert session.failures == 1  # and not counted as another wrong key
    clock.now += 1.0
    assert g.check(session, KEY, KEY) == (True, 0.0)


def test_the_delay_is_capped():
    g, clock = guard(cap=60, free=1000)
    session = access.Attempts()
    for _ in range(12):
        _, wait = g.check(session, "guess", KEY)
        clock.now += wait
    assert wait == 60


def test_many_sessions_are_slowed_down_per_process():
    """40 tries from 40 fresh sessions (finding 10): the process delay grows for everyone."""
    g, clock = guard(free=10)
    waits = []
    for _ in range(40):
        fresh = access.Attempts()
        if (w := g.wait(fresh)) > 0:
            clock.now += w
        waits.append(g.check(fresh, "guess", KEY)[1])
    assert waits[:10] == [1.0] * 10  # the first few: only their own session's delay
    assert waits[10:14] == [1.0, 2.0, 4.0, 8.0]
    assert max(waits) == 60
    assert g.wait(access.Attempts()) > 0  # a new session must wait too


def test_process_failures_are_forgotten_after_the_window():
    g, clock = guard(free=2, window=60)
    for _ in range(5):
        s = access.Attempts()
        clock.now += g.wait(s)
        g.check(s, "guess", KEY)
    clock.now += 120
    assert g.check(access.Attempts(), "guess", KEY)[1] == 1.0


def test_attempts_are_logged_without_the_key(caplog):
    g, clock = guard()
    session = access.Attempts()
    with caplog.at_level("INFO", logger="rebound.access"):
        g.check(session, "my-wrong-guess-ÄÖ", KEY)
        g.check(session, "second-guess", KEY)  # too soon
        clock.now += 10
        g.check(session, KEY, KEY)
    text = caplog.text
    assert "Wrong facilitator key" in text and "too soon" in text and "opened" in text
    for secret in ("my-wrong-guess", "second-guess", KEY, "ÄÖ"):
        assert secret not in text


def test_non_ascii_keys_are_compared_as_utf8_bytes():
    g, _ = guard()
    assert g.check(access.Attempts(), "clé-été", "clé-été") == (True, 0.0)
    assert g.check(access.Attempts(), "cle-ete", "clé-été")[0] is False
