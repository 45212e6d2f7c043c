"""The two cookie routes (components/device_routes.py) called as Starlette would, without a server."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from starlette.requests import Request

from components import device_routes
from rebound import access, remember

HOST = "rebound.example:8080"
TOKEN = access.new_token()


def post(handler, form: dict[str, str], **headers: str):
    body = urlencode(form).encode()
    head = {"host": HOST, "content-type": "application/x-www-form-urlencoded", **headers}
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/_rebound/remember",
        "query_string": b"",
        "scheme": "http",
        "server": ("rebound.example", 8080),
        "headers": [(k.replace("_", "-").lower().encode(), v.encode()) for k, v in head.items()],
    }

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    # On a thread of its own: in the full suite, Playwright's sync API (the browser tests' session-wide
    # browser) keeps an event loop running on this one, and asyncio.run refuses to start a second.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, handler(Request(scope, receive))).result()


def cookies(response) -> list[str]:
    return [v.decode() for k, v in response.raw_headers if k == b"set-cookie"]


def test_remember_sets_the_cookie_and_goes_back_without_the_token():
    res = post(device_routes.remember_journal, {"token": TOKEN, "page": "My_data"}, origin=f"http://{HOST}")
    assert res.status_code == 303
    assert res.headers["location"] == "/My_data?remembered=1"
    assert TOKEN not in res.headers["location"]  # the key never travels in a URL a log keeps
    (cookie,) = cookies(res)
    assert cookie.startswith(f"{remember.COOKIE}={TOKEN}") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_behind_an_https_proxy_the_cookie_is_secure():
    res = post(
        device_routes.remember_journal,
        {"token": TOKEN, "page": ""},
        origin=f"https://{HOST}",
        x_forwarded_proto="https",
    )
    assert res.status_code == 303 and "Secure" in cookies(res)[0]


def test_another_sites_form_cannot_make_a_browser_remember_its_journal():
    res = post(device_routes.remember_journal, {"token": TOKEN, "page": ""}, origin="https://evil.example")
    assert res.status_code == 403 and not cookies(res)
    res = post(device_routes.remember_journal, {"token": TOKEN, "page": ""})  # no Origin, no Referer
    assert res.status_code == 403 and not cookies(res)


def test_bad_input_changes_nothing():
    for form in ({"token": "personal", "page": ""}, {"token": TOKEN, "page": "//evil.example"}, {"token": TOKEN}):
        res = post(device_routes.remember_journal, form, origin=f"http://{HOST}")
        assert res.status_code == 403 and not cookies(res)


def test_forget_clears_the_cookie_and_this_tab_keeps_its_journal():
    res = post(device_routes.forget_journal, {"token": TOKEN, "page": "My_data"}, referer=f"http://{HOST}/My_data")
    assert res.status_code == 303
    assert res.headers["location"] == f"/My_data?forgotten=1&w={TOKEN}"
    (cookie,) = cookies(res)
    assert cookie.startswith(f'{remember.COOKIE}=""') and "Max-Age=0" in cookie
    assert post(device_routes.forget_journal, {"page": ""}, origin="https://evil.example").status_code == 403


def test_under_a_base_path_the_routes_the_return_and_the_cookie_stay_under_it(monkeypatch):
    monkeypatch.setattr(device_routes, "_base_path", lambda: "/rebound/")
    monkeypatch.setattr(device_routes, "SERVED", False)  # routes() sets it: restored for the other tests
    assert [r.path for r in device_routes.routes()] == ["/rebound/_rebound/remember", "/rebound/_rebound/forget"]
    res = post(device_routes.remember_journal, {"token": TOKEN, "page": ""}, origin=f"http://{HOST}")
    assert res.headers["location"] == "/rebound/?remembered=1"
    assert "Path=/rebound;" in cookies(res)[0] + ";"
