"""My data: your private link, a backup to download, and a restore that checks before it changes anything."""

from urllib.parse import urlsplit

import streamlit as st

from components import shell
from components.nav import link_params
from rebound import access, backup
from rebound.journal import NOUNS

MAX_UPLOAD_MB = 5  # keep in step with server.maxUploadSize in .streamlit/config.toml

app = shell("My data", icon=":material/lock:")
ws, today, token = app.ws, app.today, app.token

st.title("My data")
st.write("Your journal belongs to you. Keep a copy, take it elsewhere, or bring it back.")

# --- Private link ---------------------------------------------------------------------
if token:
    st.header("Your private link")
    parts = urlsplit(st.context.url or "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    st.write("This link opens your journal. Bookmark it or keep it somewhere safe to come back later.")
    st.code(f"{origin}/?w={token}", language=None, wrap_lines=True)
    st.warning(
        "Whoever has this link can open and change your journal. Share it only with people you would show your notes to.",
        icon=":material/key:",
    )
    with st.form("open_link"):
        pasted = st.text_input("Open another journal: paste its private link", key="paste_link")
        opened = st.form_submit_button("Open this journal")
    if opened:
        new_token = access.token_from_link(pasted)
        if new_token is None:
            st.markdown(
                ":red[:material/error: That does not look like a Rebound private link. Check that you copied all of it.]"
            )
        else:
            st.session_state["_rebound_token"] = new_token
            st.query_params["w"] = new_token
            st.rerun()
elif app.mode == "personal":
    st.info(
        "You are using Rebound on your own computer: your journal is saved in the app's data folder "
        "(`data/workspaces/`, or the folder set by `REBOUND_DATA_DIR`).",
        icon=":material/computer:",
    )

# --- Backup ------------------------------------------------------------------------------
st.header("Download a backup")
st.write(
    "A backup is one file with everything you have written. Keep one somewhere safe, especially if you use "
    "Rebound online: hosted apps can lose their files when they restart."
)
counts = {name: len(ws.all(name)) for name in ws.tables()}
if counts:
    st.caption("In your journal now: " + ", ".join(f"{n} {NOUNS.get(t, (t, t))[n != 1]}" for t, n in counts.items()))
    st.download_button(
        "Download backup",
        data=lambda: backup.export_bytes(ws),
        file_name=backup.backup_file_name(today),
        mime="application/json",
        icon=":material/download:",
        type="primary",
        on_click="ignore",
    )
else:
    st.info("Your journal is empty, so there is nothing to back up yet.", icon=":material/inbox:")

# --- Restore ------------------------------------------------------------------------------
st.header("Restore a backup")
st.write("Rebound checks the whole file first and shows you what would change. Nothing changes until you confirm.")


def restore(plan: backup.ImportPlan) -> None:
    backup.apply_import(ws, plan)
    st.session_state["_restore_done"] = plan.total
    st.session_state["_restore_nonce"] = st.session_state.get("_restore_nonce", 0) + 1  # empties the uploader


if done := st.session_state.pop("_restore_done", None):
    st.success(f"Restored {done} records. Your journal now matches the backup.", icon=":material/check_circle:")
upload = st.file_uploader(
    f"Backup file (.json, up to {MAX_UPLOAD_MB} MB)",
    type=["json"],
    key=f"restore_file_{st.session_state.get('_restore_nonce', 0)}",
)
mode = st.radio(
    "How to restore",
    ["merge", "replace"],
    format_func={
        "merge": "Add to my journal (records with the same id are updated)",
        "replace": "Replace my journal with the backup",
    }.get,
    key="restore_mode",
)
if upload is not None:
    try:
        doc = backup.read_backup(upload.getvalue())
    except backup.BackupError as exc:
        st.error(str(exc), icon=":material/error:")
        st.stop()
    plan = backup.plan_import(ws, doc, mode, today)
    if not plan.ok:
        st.error("This backup cannot be restored. Nothing was changed. What is wrong:", icon=":material/error:")
        for problem in plan.problems:
            st.text("• " + problem)  # may quote the file's text: shown as plain text
    else:
        st.subheader("What would change")
        st.dataframe(
            [{"what": NOUNS.get(t, (t, t))[1], **c} for t, c in plan.counts.items()],
            hide_index=True,
            column_config={"what": "In your journal", "added": "New", "updated": "Updated", "removed": "Removed"},
        )
        if mode == "replace":
            st.warning("Replacing removes everything that is not in the backup.", icon=":material/warning:")
        st.button("Restore now", type="primary", key="restore_apply", on_click=restore, args=(plan,))

st.divider()
st.page_link("app.py", label="Back to Home", icon=":material/home:", query_params=link_params(token))
