"""The remembered-journal cookie: its flags, the same-origin rule, where it returns, which journal opens."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest

from rebound import access, remember

A, B = access.new_token(), access.new_token()


def flags(header: str) -> dict[str, str]:
    parts = [p.strip() for p in header.split(";")]
    return {p.split("=", 1)[0].lower(): (p.split("=", 1)[1] if "=" in p else "") for p in parts[1:]}


def test_the_cookie_is_httponly_lax_and_carries_the_token():
    header = remember.remember_header(A, https=False)
    jar = SimpleCookie()
    jar.load(header)
    assert jar[remember.COOKIE].value == A
    f = flags(header)
    assert "httponly" in f and f["samesite"] == "Lax" and f["path"] == "/"
    assert int(f["max-age"]) == remember.MAX_AGE
    assert "secure" not in f  # over plain http a Secure cookie would never come back


def test_secure_when_served_over_https():
    assert "secure" in flags(remember.remember_header(A, https=True))
    assert "secure" in flags(remember.forget_header(https=True))


@pytest.mark.parametrize(
    ("proto", "scheme", "https"),
    [
        ("https", "http", True),  # behind a proxy that ends TLS
        ("https, http", "http", True),  # the first hop is the browser's
        ("HTTPS", "http", True),
        ("http", "http", False),
        (None, "https", True),  # the URL itself
        (None, "http", False),
        ("", None, False),
    ],
)
def test_https_from_the_proxy_header_or_the_url(proto, scheme, https):
    assert remember.is_https(proto, scheme) is https


def test_the_cookie_stays_on_the_apps_own_path():
    assert flags(remember.remember_header(A, False, "/rebound/"))["path"] == "/rebound"
    assert remember.cookie_path("") == "/" and remember.cookie_path(None) == "/"


def test_forgetting_expires_the_cookie_at_once():
    f = flags(remember.forget_header(https=False))
    assert f["max-age"] == "0" and "httponly" in f and f["samesite"] == "Lax"


def test_only_tokens_are_remembered():
    with pytest.raises(ValueError):
        remember.remember_header("personal", https=False)
    assert remember.remembered({remember.COOKIE: A}) == A
    assert remember.remembered({remember.COOKIE: "x"}) is None
    assert remember.remembered({}) is None and remember.remembered(None) is None  # AppTest: no cookies


@pytest.mark.parametrize(
    ("origin", "referer", "ok"),
    [
        ("http://rebound.example:8080", None, True),
        ("http://REBOUND.example:8080", None, True),
        ("https://evil.example", None, False),  # another site's form
        ("https://evil.example", "http://rebound.example:8080/", False),  # Origin wins over Referer
        ("http://rebound.example", None, False),  # another port is another origin
        (None, "http://rebound.example:8080/My_data", True),  # an older browser: the Referer
        ("null", "http://rebound.example:8080/", True),
        ("null", None, False),  # a sandboxed or file page
        (None, None, False),  # no proof where it came from: refused
    ],
)
def test_same_origin(origin, referer, ok):
    assert remember.same_origin(origin, referer, {"rebound.example:8080"}) is ok


@pytest.mark.parametrize(
    ("base", "page", "back"),
    [
        ("", "", "/"),
        ("", "My_data", "/My_data"),
        ("/rebound/", "My_data", "/rebound/My_data"),
        ("", "//evil.example", None),  # never another site
        ("", "https://evil.example", None),
        ("", "../x", None),
        ("", None, None),
    ],
)
def test_back_only_to_one_of_this_apps_pages(base, page, back):
    assert remember.back_path(base, page) == back


# --- which journal opens ------------------------------------------------------------------------


def test_a_new_visitor_gets_a_new_journal():
    assert remember.resolve(None, None, None, joining=False) == remember.Visit(None, None)


def test_a_link_opens_its_journal_where_nothing_is_remembered():
    assert remember.resolve(A, None, None, joining=False) == remember.Visit(A, "link")


def test_the_remembered_journal_opens_without_a_link_and_on_a_join_link():
    assert remember.resolve(None, None, A, joining=False) == remember.Visit(A, "remembered")
    assert remember.resolve(None, None, A, joining=True) == remember.Visit(A, "remembered")
    assert remember.resolve(A, None, A, joining=True) == remember.Visit(A, None)


def test_a_link_to_another_journal_never_opens_silently():
    assert remember.resolve(B, None, A, joining=False) == remember.Visit(A, "conflict", other=B)
    assert remember.resolve(B, A, None, joining=False) == remember.Visit(A, "conflict", other=B)
    assert remember.resolve(B, A, None, joining=True) == remember.Visit(A, "conflict", other=B)


def test_a_join_link_carrying_an_unknown_link_asks_first():
    assert remember.resolve(B, None, None, joining=True) == remember.Visit(None, "join_link", other=B)


def test_this_tabs_choice_wins_over_the_remembered_journal():
    assert remember.resolve(B, B, A, joining=False) == remember.Visit(B, None)  # switched in this tab
    assert remember.resolve(None, B, A, joining=False) == remember.Visit(B, None)
    assert remember.resolve(A, B, A, joining=False) == remember.Visit(A, None)  # the device's own journal
