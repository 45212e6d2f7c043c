"""My data: your private link, backups, exports, the workshop opt-in, and deleting your journal."""

import contextlib

import streamlit as st

from components import device, import_sheet, login, repair, shell, workshop_share
from components import job_record as job_record_ui
from components.data import in_language
from components.nav import link_params
from components.reminders import backup_reminder, private_link
from rebound import access, backup, exports, i18n, journal
from rebound.i18n import N_, _, ngettext
from rebound.models import Invalid
from rebound.reminders import record_backup
from rebound.storage import seal
from rebound.text import md_escape

MAX_UPLOAD_MB = 5  # keep in step with server.maxUploadSize in .streamlit/config.toml
# Translators: the word a person types to confirm deleting their journal (capitals, one word).
CONFIRM_WORD = N_("DELETE")

app = shell(N_("My data"), icon=":material/lock:")
ws, today, token = app.ws, app.today, app.token

st.title(_("My data"))
st.write(_("Your journal belongs to you. Keep a copy, take it elsewhere, or bring it back."))
backup_reminder(app)
repair.unreadable_records(ws)  # first, when some records do not open: what happened and what to do


def _contents() -> str:
    """Which journal is open here, in a few words (so the person knows what they would remember)."""
    sizes = {t: ws.count(t) for t in ws.tables() if t != "profile"}
    found = [journal.count_phrase(t, n) for t, n in sizes.items() if n]
    if not found:
        return _("the one open here is still empty.")
    return _("the one open here holds {contents}.", contents=i18n.format_list(found))


# --- Private link ---------------------------------------------------------------------
if token:
    st.header(_("Your private link"))
    st.write(_("This link opens your journal. Bookmark it or keep it somewhere safe to come back later."))
    st.code(private_link(token), language=None, wrap_lines=True)
    st.warning(
        _(
            "Whoever has this link can open and change your journal. "
            "Share it only with people you would show your notes to."
        ),
        icon=":material/key:",
    )
    with st.form("open_link"):
        pasted = st.text_input(_("Open another journal: paste its private link"), key="paste_link")
        opened = st.form_submit_button(_("Open this journal"))
    if opened:
        new_token = access.token_from_link(pasted)
        if new_token is None:
            st.markdown(
                ":red[:material/error: "
                + _("That does not look like a Rebound private link. Check that you copied all of it.")
                + "]"
            )
        else:
            st.query_params["w"] = new_token  # the shell says it is another journal, and lets the person choose
            st.rerun()

    # --- This device: remember the journal, or forget it ------------------------------------
    st.subheader(_("This device"))
    if device.take_marker("forgotten") and device.remembered_token() is None:
        st.success(
            _("This device has forgotten your journal. This tab keeps it open until you close it."),
            icon=":material/devices:",
        )
    remembered = device.remembered_token()
    if remembered == token:
        st.write(
            _(
                "This device remembers your journal: opening Rebound here, or scanning the workshop's code again, "
                "opens it. Forget it on a device other people use."
            )
        )
        device.forget_button(token, page="My_data")
    elif remembered:
        st.write(_("This device remembers a different journal from the one open here."))
        device.remember_button(token, page="My_data", label=_("Remember this journal instead"))
        device.forget_button(token, page="My_data")
    elif device.served():
        st.write(
            _(
                "This device can remember your journal, so that opening Rebound here opens it without the link. "
                "Only on your own phone or computer, and only a journal you started yourself: {contents}",
                contents=_contents(),
            )
        )
        device.remember_button(token, page="My_data")
elif app.mode == "shared" and login.logged_in():
    login.account_section()
elif app.mode == "personal":
    st.info(
        _(
            "You are using Rebound on your own computer: your journal is saved on it, in the app's data folder. "
            "Nothing is sent anywhere."
        ),
        icon=":material/computer:",
    )

# --- Who can read it ------------------------------------------------------------------------
st.write(seal.who_can_read("link" if token else "personal" if app.mode == "personal" else "login", ws.sealed))

# --- Backup and exports -------------------------------------------------------------------
st.header(_("Download a backup"))
st.write(
    _(
        "A backup is one file with everything you have written; you can restore it here later. "
        "Keep one somewhere safe, especially if you use Rebound online."
    )
)
counts = {name: ws.count(name) for name in ws.tables()}
counts.pop("profile", None)


def mark_backed_up() -> None:
    with contextlib.suppress(Invalid):  # a damaged profile must not block taking a backup
        record_backup(ws, today)


if counts:
    st.caption(
        _(
            "In your journal now: {contents}",
            contents=i18n.format_list(journal.count_phrase(t, n) for t, n in counts.items()),
        )
    )
    st.download_button(
        _("Download backup"),
        data=lambda: backup.export_bytes(ws),
        file_name=backup.backup_file_name(today),
        mime="application/json",
        icon=":material/download:",
        type="primary",
        on_click=mark_backed_up,
        key="download_backup",
    )
    st.subheader(_("Other ways to take it with you"))
    left, right = st.columns(2)
    with left:
        st.download_button(
            _("Spreadsheet files (CSV, zipped)"),
            data=in_language(lambda: exports.csv_zip({t: ws.all(t) for t in ws.tables()})),
            file_name=f"rebound-{today.isoformat()}-csv.zip",
            mime="application/zip",
            icon=":material/table:",
            on_click="ignore",
            key="download_csv",
        )
    with right:
        st.download_button(
            _("My rebound plan (to print or share)"),
            data=in_language(lambda: exports.plan_report({t: ws.all(t) for t in ws.tables()}, today)),
            file_name=f"my-rebound-plan-{today.isoformat()}.html",
            mime="text/html",
            icon=":material/description:",
            on_click="ignore",
            key="download_report",
        )
    st.caption(
        _(
            "The plan gathers your direction, next steps, if-then plans, lessons, recurring themes, skills, "
            "interview stories, the companies and people you keep in touch with, and your wins: something to "
            "bring to a coach or a mentor. Open the file in your browser to print it or save it as a PDF."
        )
    )
else:
    st.info(_("Your journal is empty, so there is nothing to back up yet."), icon=":material/inbox:")

# --- Job-search record --------------------------------------------------------------------
job_record_ui.section(ws, today)

# --- Restore ------------------------------------------------------------------------------
st.header(_("Restore a backup"))
st.write(_("Rebound checks the whole file first and shows you what would change. Nothing changes until you confirm."))


def restore(plan: backup.ImportPlan) -> None:
    backup.apply_import(ws, plan)
    record_backup(ws, today)  # the journal now comes from a file the person holds
    st.session_state["_restore_done"] = plan.total
    st.session_state["_restore_nonce"] = st.session_state.get("_restore_nonce", 0) + 1  # empties the uploader


if done := st.session_state.pop("_restore_done", None):
    st.success(
        ngettext(
            "Restored {n} record. Your journal now matches the backup.",
            "Restored {n} records. Your journal now matches the backup.",
            done,
        ),
        icon=":material/check_circle:",
    )
upload = st.file_uploader(
    _("Backup file (.json, up to {mb} MB; larger files are refused)", mb=MAX_UPLOAD_MB),
    type=["json"],
    key=f"restore_file_{st.session_state.get('_restore_nonce', 0)}",
)
restore_modes = {  # worked out in the script: a format_func runs outside it in AppTest
    "merge": _("Add to my journal (records with the same id are updated)"),
    "replace": _("Replace my journal with the backup"),
}
mode = st.radio(
    _("How to restore"),
    list(restore_modes),
    format_func=restore_modes.get,
    key="restore_mode",
)
if upload is not None:
    try:
        plan = backup.plan_import(ws, backup.read_backup(upload.getvalue()), mode, today)
    except backup.BackupError as exc:
        plan = backup.ImportPlan(mode=mode, problems=[str(exc)])
    if not plan.ok:
        st.error(_("This file cannot be restored, so nothing was changed. What is wrong:"), icon=":material/error:")
        for problem in plan.problems:
            st.text("• " + problem)  # may quote the file's text: shown as plain text
    else:
        st.subheader(_("What would change"))
        st.dataframe(
            [{"what": backup.table_title(t), **c} for t, c in plan.counts.items()],
            hide_index=True,
            column_config={
                "what": _("In your journal"),
                "added": _("New"),
                "updated": _("Updated"),
                "removed": _("Removed"),
            },
        )
        if mode == "replace":
            st.warning(_("Replacing removes everything that is not in the backup."), icon=":material/warning:")
        st.button(_("Restore now"), type="primary", key="restore_apply", on_click=restore, args=(plan,))

# --- Import applications ------------------------------------------------------------------
import_sheet.section(ws, today)

# --- Workshop -------------------------------------------------------------------------------
if joined := workshop_share.joined(app):
    st.header(_("Your workshop: {name}", name=md_escape(joined[0]["name"])))
    st.write(workshop_share.what_is_shared())
    workshop_share.share_toggle(app, key="workshop_share")

# --- Delete -------------------------------------------------------------------------------------
st.header(_("Delete my journal"))
if st.session_state.pop("_journal_deleted", False):
    st.success(
        _("Your journal was deleted, with its saved copies. Nothing of it is left here."), icon=":material/delete:"
    )


def delete_journal() -> None:
    workshop_share.leave_room(app)  # the room gives back what this journal added; never blocks the delete
    ws.destroy()
    st.session_state["_journal_deleted"] = True
    st.session_state["delete_confirm"] = ""


if ws.exists:
    st.write(
        _(
            "This removes everything you wrote, including the copies Rebound keeps for safety. It cannot be "
            "undone: download a backup first if you might want it later."
        )
    )
    word = _(CONFIRM_WORD)
    typed = st.text_input(_("To confirm, type {word}", word=word), key="delete_confirm")
    st.button(
        _("Delete my journal for good"),
        type="primary",
        icon=":material/delete_forever:",
        # The word of the page's language; the English word always works too.
        disabled=typed.strip().upper() not in {word.upper(), CONFIRM_WORD},
        on_click=delete_journal,
        key="delete_journal",
    )
else:
    st.caption(_("There is nothing stored for this journal."))

# --- For whoever runs this app (folder names and settings: not what a person needs first) ---------
if app.mode == "personal" and not token:
    with st.expander(_("For whoever runs this app")):
        st.markdown(
            _(
                "By default, journals are files in the folder `data/workspaces/` inside the app's folder. To keep "
                "them somewhere else, start the app with the environment variable `REBOUND_DATA_DIR` set to that "
                "folder. Copying the folder while the app is stopped copies every journal in it."
            )
        )

st.divider()
st.page_link("app.py", label=_("Back to Home"), icon=":material/home:", query_params=link_params(token))
