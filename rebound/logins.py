"""Logins (OpenID Connect) as plain data: which providers an ``[auth]`` section configures, how a
person is named to themselves, and whether a provider's address answers as an OpenID provider.

No Streamlit here: ``components/login.py`` draws the buttons and calls ``st.login``/``st.logout``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from rebound.i18n import _

# What makes a section a provider (the keys Streamlit's own check looks for).
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


@dataclass(frozen=True)
class Provider:
    name: str | None  # None: the provider set in [auth] itself (st.login()); else [auth.<name>]
    title: str  # how a sentence names it: "Google", or "the sign-in service" for the unnamed one
    metadata_url: str

    @property
    def label(self) -> str:
        return _("Log in") if self.name is None else _("Log in with {provider}", provider=self.title)


def providers(auth: Mapping) -> list[Provider]:
    """Every provider in an ``[auth]`` section, in the order written: one button each.

    ``[auth]`` may hold a provider itself (client_id, client_secret, server_metadata_url) and any
    number of named ones (``[auth.google]``, ``[auth.microsoft]``, ``[auth.workshop]``); a named
    one may carry ``label = "…"`` for its button (default: its name, capitalised).
    """
    found = []
    if any(k in auth for k in _PROVIDER_KEYS):
        found.append(Provider(None, _("the sign-in service"), str(auth.get("server_metadata_url") or "")))
    for name, section in auth.items():
        if isinstance(section, Mapping) and any(k in section for k in _PROVIDER_KEYS):
            title = str(section.get("label") or str(name).replace("-", " ").title())
            found.append(Provider(str(name), title, str(section.get("server_metadata_url") or "")))
    return found


def settings_problem(auth: Mapping, provider: Provider) -> str | None:
    """What is missing for ``provider`` in the ``[auth]`` settings (the keys st.login needs), or None."""
    missing = [k for k in ("redirect_uri", "cookie_secret") if not auth.get(k)]
    section = auth if provider.name is None else auth.get(provider.name) or {}
    missing += [k for k in _PROVIDER_KEYS if not section.get(k)]
    where = "[auth]" if provider.name is None else f"[auth] / [auth.{provider.name}]"
    if missing:
        return _("{where} is missing {keys}.", where=where, keys=", ".join(missing))
    if provider.name and "_" in provider.name:
        return _("[auth.{name}]: Streamlit does not accept an underscore in a provider's name.", name=provider.name)
    if not str(auth["redirect_uri"]).rstrip("/").endswith("/oauth2callback"):
        return _("[auth] redirect_uri must be the app's address followed by /oauth2callback.")
    return None


def display_name(user: Mapping) -> str:
    """How Rebound tells a logged-in person who they are: "Name (email)", or what the provider gave."""
    name = str(user.get("name") or user.get("preferred_username") or "").strip()
    email = str(user.get("email") or "").strip()
    if name and email and email != name:
        return f"{name} ({email})"
    return name or email or str(user.get("sub") or _("your account"))


def metadata_problem(url: str, timeout: float = 3.0) -> str | None:
    """Why ``url`` does not answer as an OpenID provider's configuration, or None when it does."""
    if not url.startswith(("https://", "http://")):
        return _("server_metadata_url is not an http(s) address")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            doc = json.loads(resp.read(1_000_000))
    except urllib.error.HTTPError as exc:
        return _("it answered HTTP {code}", code=exc.code)
    except urllib.error.URLError as exc:
        return _("could not connect ({reason})", reason=exc.reason)
    except ValueError:
        return _("the answer is not JSON")
    except OSError as exc:  # e.g. a timeout while reading
        return _("could not read the answer ({reason})", reason=exc)
    if not isinstance(doc, dict) or not doc.get("authorization_endpoint") or not doc.get("issuer"):
        return _("the answer is not an OpenID Connect configuration")
    return None
