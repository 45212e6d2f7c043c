"""At join, "Save your link": the private link with copy, email-to-self and a QR code, until the person confirms.

The link is the only key to a journal on a shared deployment; a person who loses it loses the
journal. So after a join this step stays at the top of every page until they say it is saved
(kept in the journal itself, so a reload or a new tab does not forget it either).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from urllib.parse import quote

import segno
import streamlit as st

from components import device
from components.reminders import private_link
from rebound import journal, workshop
from rebound.i18n import _
from rebound.models import Invalid
from rebound.storage import Workspace

_CONFIRMED = "_link_saved"  # this session's confirmation, when the profile cannot store it
JOINED_HERE = "_joined_in_this_session"  # set by the shell when a join link was followed in this session


def _needed(ws: Workspace, token: str) -> bool:
    """After a join in this session (or on a device that remembers this journal), until confirmed.

    Never for a journal that merely opened from a link: a forged poster's link must not be offered
    to be remembered as if the person had just started it.
    """
    if not (st.session_state.get(JOINED_HERE) or device.remembered_token() == token):
        return False
    profile = journal.profile(ws)
    return workshop.membership(profile) is not None and profile.get("link_saved") is not True


def mailto(link: str) -> str:
    """An email to oneself (the person fills in their own address) that carries the link."""
    body = (
        _(
            "This is the private link to my Rebound journal. Whoever has it can open the journal, so I keep it "
            "to myself."
        )
        + f"\n\n{link}\n"
    )
    return "mailto:?subject=" + quote(_("My Rebound journal link")) + "&body=" + quote(body)


def qr_svg(link: str) -> str:
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="svg", scale=6, border=2, title=_("QR code of your private link"))
    return out.getvalue().decode()


def _confirm(ws: Workspace, today: dt.date) -> None:
    st.session_state[_CONFIRMED] = True
    with contextlib.suppress(Invalid):  # a damaged profile: this session still stops asking
        journal.save_profile(ws, {"link_saved": True}, today)


def step(ws: Workspace, token: str, today: dt.date) -> None:
    """The step itself; nothing once the person confirmed."""
    if st.session_state.get(_CONFIRMED) or not _needed(ws, token):
        return
    link = private_link(token)
    with st.container(border=True):
        st.subheader(_(":material/key: Save your link"))
        st.write(
            _(
                "This link is the only way back to your journal: there is no account and no password. "
                "Keep it somewhere you will find it again, before you write anything."
            )
        )
        st.code(link, language=None, wrap_lines=True)
        st.caption(_("The button at the right of the box copies it."))
        left, right = st.columns([3, 2])
        left.link_button(_("Email it to myself"), mailto(link), icon=":material/mail:")
        right.image(
            qr_svg(link),
            width=200,
            caption=_("Or scan it with another phone to keep the link there."),
            alt=_("QR code of your private link"),
        )
        remembered = device.remembered_token()
        if remembered == token:
            st.markdown(_(":green[:material/devices:] This device remembers your journal."))
        elif device.served():
            st.write(
                _(
                    "On your own phone or computer, this device can remember your journal too: scanning the "
                    "workshop's code again then opens it. Not on a shared or borrowed device."
                )
            )
            device.remember_button(token, page="")
        st.button(_("I have saved my link"), type="primary", on_click=_confirm, args=(ws, today), key="_link_saved_ok")
