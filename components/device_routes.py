"""The two routes that set and clear the remembered-journal cookie (served by st.App, see app.py).

A page can read cookies (``st.context.cookies``) but cannot set an HttpOnly one, so these small
routes do. Both take a form post (the token travels in the body, never in a URL a log keeps),
only from this app's own pages (same-origin check; the cookie is SameSite=Lax), and answer
with a redirect back to the page the person was on.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from rebound import i18n, remember
from rebound.access import is_valid_token

log = logging.getLogger("rebound.device")
SERVED = False  # set when serve.py builds the server with these routes: pages offer remembering only then


def _base_path() -> str:
    from streamlit import config

    return config.get_option("server.baseUrlPath") or ""


def _browser_language(request: Request) -> str | None:
    """The first language of the browser's Accept-Language that is one of ours (no session here)."""
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip()
        if i18n.normalize(tag):
            return tag
    return None


def _refused(request: Request, why: str) -> Response:
    log.warning("Remembered-journal request refused: %s.", why)  # never the token
    with i18n.use(_browser_language(request)):
        said = i18n._("This request did not come from a Rebound page, so nothing was changed. Go back and try again.")
    return PlainTextResponse(said, status_code=403)


def _checked(request: Request, form) -> tuple[str, bool] | Response:
    """(where to go back to, served over HTTPS), or the refusal."""
    hosts = {request.headers.get("host", ""), request.headers.get("x-forwarded-host", "")}
    if not remember.same_origin(request.headers.get("origin"), request.headers.get("referer"), hosts):
        return _refused(request, "not from this app's own page")
    back = remember.back_path(_base_path(), form.get("page"))
    if back is None:
        return _refused(request, "no page to return to")
    return back, remember.is_https(request.headers.get("x-forwarded-proto"), request.url.scheme)


async def remember_journal(request: Request) -> Response:
    form = await request.form()
    token = form.get("token")
    checked = _checked(request, form)
    if isinstance(checked, Response):
        return checked
    if not is_valid_token(token):
        return _refused(request, "not a private-link token")
    back, https = checked
    # Back without the token: the cookie now opens the journal, and the address carries no key.
    response = RedirectResponse(back + "?" + urlencode({"remembered": "1"}), status_code=303)
    response.headers.append("set-cookie", remember.remember_header(token, https, _base_path()))
    return response


async def forget_journal(request: Request) -> Response:
    form = await request.form()
    checked = _checked(request, form)
    if isinstance(checked, Response):
        return checked
    back, https = checked
    token = form.get("token")
    # This tab keeps its journal through the link (as opening the private link does); the browser forgets it.
    query = {"forgotten": "1", **({"w": token} if is_valid_token(token) else {})}
    response = RedirectResponse(back + "?" + urlencode(query), status_code=303)
    response.headers.append("set-cookie", remember.forget_header(https, _base_path()))
    return response


def routes() -> list[Route]:
    global SERVED
    SERVED = True
    base = remember.cookie_path(_base_path()).rstrip("/")
    return [
        Route(base + remember.REMEMBER_PATH, remember_journal, methods=["POST"]),
        Route(base + remember.FORGET_PATH, forget_journal, methods=["POST"]),
    ]
