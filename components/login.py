"""Logging in and out (Streamlit's st.login / st.logout with the [auth] providers).

One button per configured provider; who is logged in, in the sidebar and on My data; plain words,
never a traceback, when logging in cannot work here (a package missing on the server, settings
incomplete, a provider that does not answer). The details go to the server log and, for whoever
runs the deployment, into a caption below the message.
"""

from __future__ import annotations

import logging

import streamlit as st

from components.settings import auth_section
from rebound import i18n, logins
from rebound.i18n import _
from rebound.text import md_escape

LOG = logging.getLogger("rebound.login")
_ERROR = "_rebound_login_error"  # a failed press of a login button, shown on the next run
_missing: list[str | None] = []  # the package st.login lacks on this server ([] = not checked yet)


def logged_in() -> bool:
    return bool(st.user.get("is_logged_in"))


def identity() -> tuple[str, str]:
    """(issuer, subject) of the person logged in."""
    return str(st.user.get("iss")), str(st.user.get("sub"))


def who() -> str:
    return logins.display_name(st.user.to_dict() if hasattr(st.user, "to_dict") else dict(st.user))


def welcome() -> None:
    """The page for a visitor who is not logged in where a journal needs a login; stops the run."""
    st.title(_("Welcome to Rebound"))
    st.write(
        _(
            "Log in to open your private journal. It is tied to your login, so it opens wherever you log in "
            "the same way, and nobody else's login can open it."
        )
    )
    buttons(st.container(), "main")
    st.stop()


def buttons(where, place: str) -> None:
    """One "Log in" button per provider that can be used now; plain words for each that cannot."""
    shown = False
    error = st.session_state.pop(_ERROR, None)
    if error:
        where.error(md_escape(error), icon=":material/error:")
    missing = _package_problem()  # the same for every provider: said once
    if missing:
        where.warning(missing[0], icon=":material/cloud_off:")
        where.caption(md_escape(missing[1]))  # settings and error text: plain, never links or Markdown
        return
    for provider in logins.providers(auth_section()):
        problem = _problem(provider)
        if problem:
            said, details = problem
            where.warning(said, icon=":material/cloud_off:")
            where.caption(md_escape(details))
            continue
        where.button(
            provider.label,
            key=f"_login_{place}_{provider.name or 'default'}",
            on_click=_login,
            args=(provider,),
            type="primary" if place == "main" else "secondary",
            icon=":material/login:",
        )
        shown = True
    if not shown and not error:
        LOG.warning("No login provider can be used now; see the messages on the page.")


def sidebar_account(links_allowed: bool) -> None:
    """In the sidebar: who is logged in and "Log out", or (where private links work too) "Log in"."""
    if logged_in():
        st.sidebar.markdown(_(":material/account_circle: Logged in as **{who}**", who=md_escape(who())))
        st.sidebar.button(_("Log out"), key="_logout_sidebar", on_click=st.logout, icon=":material/logout:")
    elif links_allowed:
        st.sidebar.caption(_("Or log in, to keep a journal tied to your login:"))
        buttons(st.sidebar, "sidebar")


def account_section() -> None:
    """My data: the login this journal belongs to, and logging out."""
    st.header(_("Your login"))
    st.markdown(
        _(
            "You are logged in as **{who}**. Your journal is tied to this login: log in the same way on any "
            "device to open it.",
            who=md_escape(who()),
        )
    )
    st.button(_("Log out"), key="_logout_my_data", on_click=st.logout, icon=":material/logout:")
    st.caption(
        _(
            "Logging out closes your journal in this browser tab. Close other tabs where it is open too, "
            "especially on a shared computer."
        )
    )


def refuse_link_in_address() -> None:
    """A logged-in person always gets their login's journal: a private link is never followed silently."""
    if "w" in st.query_params:
        del st.query_params["w"]
        st.info(
            _(
                "You are logged in, so Rebound opened your login's journal. The private link in the address was "
                "not opened: to open that journal, log out first and then open the link."
            ),
            icon=":material/link_off:",
        )


def _login(provider: logins.Provider) -> None:
    from streamlit.errors import StreamlitAuthError

    try:
        st.login(provider.name) if provider.name else st.login()
    except StreamlitAuthError as exc:  # e.g. the settings were changed while the page was open
        LOG.error("st.login(%r) refused: %s: %s", provider.name, type(exc).__name__, exc)
        st.session_state[_ERROR] = _("Logging in did not start. For whoever runs this Rebound: {details}", details=exc)


def _package_problem() -> tuple[str, str] | None:
    """(what the person reads, what whoever runs the deployment reads) when st.login cannot work here."""
    from streamlit.errors import StreamlitMissingAuthlibError

    missing = _missing_package()
    if not missing:
        return None
    if missing.split(".")[0] == "authlib":
        details = f"StreamlitMissingAuthlibError: {StreamlitMissingAuthlibError()}"
    else:
        details = _("The Python package {package} that logins need is not installed.", package=repr(missing))
    LOG.error("Logins cannot work on this server: %s", missing)
    return (
        _(
            "Logging in is not available on this Rebound yet: the server is missing something it needs. "
            "Nothing is lost. Please tell whoever runs it."
        ),
        _(
            "For whoever runs this Rebound: {details} Installing requirements.txt brings in Authlib and httpx.",
            details=details,
        ),
    )


def _problem(provider: logins.Provider) -> tuple[str, str] | None:
    """(what the person reads, what whoever runs the deployment reads) when ``provider`` cannot work now."""
    incomplete = logins.settings_problem(auth_section(), provider)
    if incomplete:
        with i18n.use(i18n.SOURCE):  # the server log is in English, whatever the visitor reads
            logged = logins.settings_problem(auth_section(), provider)
        LOG.error("Login settings for %r are incomplete: %s", provider.name, logged)
        return (
            _("Logging in is not set up completely on this Rebound. Please tell whoever runs it."),
            _("For whoever runs this Rebound: {details}", details=incomplete),
        )
    reason = _unreachable(provider.metadata_url, i18n.current())
    if reason:
        LOG.warning("Login provider %r does not answer at %s: %s", provider.name, provider.metadata_url, reason)
        said = (
            _("Logging in with its sign-in service is not available right now: Rebound cannot reach it.")
            if provider.name is None
            else _(
                "Logging in with {provider} is not available right now: Rebound cannot reach it.",
                provider=md_escape(provider.title),
            )
        )
        return (
            said + " " + _("Please try again in a few minutes."),
            _(
                "For whoever runs this Rebound: server_metadata_url ({url}) did not answer as an OpenID Connect "
                "provider: {reason}.",
                url=provider.metadata_url,
                reason=reason,
            ),
        )
    return None


def _missing_package() -> str | None:
    """The module st.login needs and cannot import here (Authlib, or httpx under it), or None."""
    if not _missing:
        from streamlit.auth_util import is_authlib_installed

        try:
            import authlib.integrations.starlette_client  # noqa: F401 - what Streamlit's login route imports
        except ModuleNotFoundError as exc:
            _missing.append(exc.name or "authlib")
        else:
            _missing.append(None if is_authlib_installed() else "authlib")
    return _missing[0]


@st.cache_data(ttl=30, show_spinner=False)
def _unreachable(url: str, language: str) -> str | None:
    # Asked at most every 30 s per address, language and process: a dead provider costs one short wait.
    with i18n.use(language):  # the cached reason is worded in the language it is kept for
        return logins.metadata_problem(url)
