"""Records that do not open (changed in the database): say what happened, and offer what can be done."""

from __future__ import annotations

import streamlit as st

from rebound import i18n, journal
from rebound.i18n import _, ngettext
from rebound.storage import Workspace

_CONFIRM = "_unreadable_confirm"
_DONE = "_unreadable_deleted"


def unreadable_records(ws: Workspace) -> None:
    """My data's repair section, shown only when some records of this journal do not open."""
    if gone := st.session_state.pop(_DONE, None):
        st.success(
            ngettext(
                "Deleted {n} record that could not be opened. The rest of your journal is as it was.",
                "Deleted {n} records that could not be opened. The rest of your journal is as it was.",
                gone,
            ),
            icon=":material/check_circle:",
        )
    counts = ws.unreadable()
    if not counts:
        return
    total = sum(counts.values())
    st.header(_("Records that could not be opened"))
    st.write(
        _(
            "These records were changed in the database by something other than Rebound, so they no longer "
            "open: {records}. Rebound has changed nothing, and the database keeps no earlier copy of them, so "
            "there are two things you can do:",
            records=i18n.format_list(journal.count_phrase(t, n) for t, n in counts.items()),
        )
    )
    st.markdown(
        _(
            "- **Restore a backup** that has them (below, with *Add to my journal*): it puts back every record "
            "the backup holds.\n"
            "- **Delete them**, if you have no backup: the rest of your journal stays as it is."
        )
    )
    st.caption(_("The backup download on this page holds everything that can still be read."))
    if not st.session_state.get(_CONFIRM):
        st.button(
            _("Delete the records that cannot be opened"),
            icon=":material/delete:",
            key="unreadable_delete",
            on_click=lambda: st.session_state.update({_CONFIRM: True}),
        )
        return
    st.warning(
        ngettext(
            "This deletes {n} record that cannot be opened, for good.",
            "This deletes {n} records that cannot be opened, for good.",
            total,
        ),
        icon=":material/warning:",
    )
    yes, no = st.columns(2)
    yes.button(_("Yes, delete them"), type="primary", key="unreadable_yes", on_click=_delete, args=(ws,))
    no.button(_("Cancel"), key="unreadable_no", on_click=lambda: st.session_state.pop(_CONFIRM, None))


def _delete(ws: Workspace) -> None:
    st.session_state.pop(_CONFIRM, None)
    st.session_state[_DONE] = ws.delete_unreadable()
