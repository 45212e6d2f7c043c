"""AppTest: My data — the private link (shared mode only), a fresh journal for a bad link,
the backup download, and a restore that checks before it changes anything."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from rebound import access, backup, clock, journal
from rebound.storage import open_workspace
from tests.apptest.conftest import APP, button, open_page, texts

PAGE = "pages/9_My_data.py"
EMPTY = "Your journal is empty, so there is nothing to back up yet."
BAD_LINK = "That link did not look like a Rebound private link"


def today() -> dt.date:
    return clock.today()


def win(ws, text="Finished the SQL course", days_ago=0) -> str:
    return journal.save(
        ws, "wins", {"date": (today() - dt.timedelta(days=days_ago)).isoformat(), "text": text}, today()
    )


@pytest.fixture
def shared(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_MODE", "shared")
    return data_dir


def download_labels(at) -> list[str]:
    return [d.label for d in at.get("download_button")]


def upload(at, content: bytes, name="backup.json"):
    at.file_uploader[0].set_value((name, content, "application/json"))
    at.run()
    assert not at.exception, at.exception
    return at


def backup_doc(tables: dict) -> bytes:
    return json.dumps({"format": "rebound", "version": 1, "tables": tables}).encode()


# --- the private link ---------------------------------------------------------------------------


def test_personal_mode_shows_no_private_link(personal):
    at = open_page(PAGE)
    assert "Your private link" not in [h.value for h in at.header]
    assert not at.code
    assert "?w=" not in texts(at)
    assert any("You are using Rebound on your own computer" in i.value for i in at.info)
    assert "w" not in at.query_params


def test_folder_names_and_settings_sit_under_for_whoever_runs_this_app(personal):
    at = open_page(PAGE)
    [runs] = [e for e in at.expander if e.label == "For whoever runs this app"]
    inside = " ".join(m.value for m in runs.markdown)
    assert "data/workspaces/" in inside and "REBOUND_DATA_DIR" in inside
    outside = " ".join(
        e.value for kind in ("markdown", "info", "caption", "text") for e in at.get(kind) if e not in runs.markdown
    )
    assert "data/workspaces" not in outside and "REBOUND_DATA_DIR" not in outside


def test_shared_mode_shows_the_link_with_its_token_and_the_warning(shared):
    token = access.new_token()
    at = open_page(PAGE, w=token)
    assert "Your private link" in [h.value for h in at.header]
    [code] = at.code
    assert code.value.endswith(f"/?w={token}")
    assert any(w.value.startswith("Whoever has this link can open and change your journal.") for w in at.warning)
    assert at.query_params["w"] in (token, [token])


def test_shared_mode_opens_the_journal_of_the_token(shared):
    token = access.new_token()
    win(open_workspace(access.link_key(token), shared), "only in this journal")
    at = open_page(PAGE, w=token)
    assert EMPTY not in [i.value for i in at.info]
    assert "Download backup" in download_labels(at)
    assert "1 win" in texts(at)


def _param(at) -> str:
    value = at.query_params["w"]
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("given", ["personal", "abc", "A" * 21 + "/", None])
def test_missing_or_malformed_link_starts_a_fresh_journal(shared, given):
    # the personal journal holds something: it must never be shown to a shared-mode visitor
    win(open_workspace(access.PERSONAL_KEY, shared), "personal secret")
    at = AppTest.from_file(APP, default_timeout=30)
    if given is not None:
        at.query_params["w"] = given
    at.run()
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert (BAD_LINK in infos) is (given is not None)  # says so only when a link was given
    at.switch_page(PAGE).run()
    assert not at.exception
    token = _param(at)
    assert access.is_valid_token(token) and token != given
    assert at.code[0].value.endswith(f"/?w={token}")
    assert EMPTY in [i.value for i in at.info]
    assert not at.get("download_button")
    # Home shows the latest win of the open journal: not the personal one
    at.switch_page("app.py").run()
    assert not any("personal secret" in s.value for s in at.success)


def test_two_fresh_visitors_get_different_tokens(shared):
    first, second = open_page(PAGE), open_page(PAGE)
    assert _param(first) != _param(second)


def test_paste_a_link_opens_that_journal(shared):
    other = access.new_token()
    win(open_workspace(access.link_key(other), shared), "in the other journal")
    at = open_page(PAGE)
    at.text_input(key="paste_link").set_value(f"https://rebound.example/?w={other}")
    button(at, "Open this journal").click().run()
    button(at, "Switch to this one").click().run()  # the shell asks first: it is another journal
    assert not at.exception
    assert _param(at) == other
    assert at.code[0].value.endswith(f"/?w={other}")
    assert "Download backup" in download_labels(at)


def test_paste_garbage_says_so(shared):
    at = open_page(PAGE)
    before = _param(at)
    at.text_input(key="paste_link").set_value("https://rebound.example/?w=personal")
    button(at, "Open this journal").click().run()
    assert any("That does not look like a Rebound private link" in m.value for m in at.markdown)
    assert _param(at) == before


# --- download -------------------------------------------------------------------------------------------


def test_empty_journal_has_nothing_to_download(personal):
    at = open_page(PAGE)
    assert EMPTY in [i.value for i in at.info]
    assert "Download backup" not in download_labels(at)


def test_download_button_when_there_is_data(personal):
    ws = open_workspace("personal", personal)
    win(ws)
    journal.save(
        ws, "rejections", {"company": "A", "role": "B", "stage": "final", "rejected_on": today().isoformat()}, today()
    )
    at = open_page(PAGE)
    assert "Download backup" in download_labels(at)
    assert EMPTY not in [i.value for i in at.info]
    caption = next(c.value for c in at.caption if c.value.startswith("In your journal now:"))
    assert "1 win" in caption and "1 rejection" in caption
    # the file it offers is what the backup module exports
    assert json.loads(backup.export_bytes(ws))["tables"]["wins"][0]["text"] == "Finished the SQL course"


# --- restore ----------------------------------------------------------------------------------------------


def test_restore_not_json_changes_nothing(personal):
    ws = open_workspace("personal", personal)
    win(ws)
    before = ws._j.path.read_bytes()
    at = upload(open_page(PAGE), b"this is not json")
    assert at.error and "nothing was changed" in at.error[0].value
    assert any("not valid JSON" in t.value for t in at.text)
    assert not [b for b in at.button if b.label == "Restore now"]
    assert ws._j.path.read_bytes() == before


def test_restore_invalid_backup_lists_problems_as_plain_text(personal):
    ws = open_workspace("personal", personal)
    win(ws)
    before = ws._j.path.read_bytes()
    bad = backup_doc(
        {
            "rejections": [
                {
                    "id": "r1",
                    "company": "<b>Evil</b> [x](http://e)",
                    "role": "",
                    "stage": "final",
                    "rejected_on": "2026-01-01",
                }
            ],
        }
    )
    at = upload(open_page(PAGE), bad)
    problems = [t.value for t in at.text]
    assert problems == ["• rejections, record 1 (<b>Evil</b> [x](http://e)): role — Please fill this in."]
    assert not [b for b in at.button if b.label == "Restore now"]
    assert ws._j.path.read_bytes() == before


def test_restore_newer_version_refused(personal):
    at = upload(open_page(PAGE), json.dumps({"format": "rebound", "version": 99, "tables": {}}).encode())
    assert any("newer version of Rebound" in t.value for t in at.text)
    assert not open_workspace("personal", personal).exists


def test_restore_merge_round_trip(personal):
    ws = open_workspace("personal", personal)
    keep = win(ws, "already here")
    data = backup_doc({"wins": [{"id": "w-new", "date": "2026-01-02", "text": "from the backup"}]})
    at = upload(open_page(PAGE), data)
    assert "What would change" in [s.value for s in at.subheader]
    assert not at.warning or all("Replacing" not in w.value for w in at.warning)
    assert ws.get("wins", "w-new") is None  # nothing until confirmed
    button(at, "Restore now").click().run()
    assert "Restored 1 record. Your journal now matches the backup." in [s.value for s in at.success]
    assert ws.get("wins", "w-new")["text"] == "from the backup"
    assert ws.get("wins", keep) is not None  # merge keeps the rest
    assert at.file_uploader[0].key == "restore_file_1"  # the uploader was emptied


def test_restore_replace_warns_and_replaces(personal):
    ws = open_workspace("personal", personal)
    old = win(ws, "will be replaced")
    exported = backup.export_bytes(ws)
    ws.destroy()
    ws = open_workspace("personal", personal)
    other = win(ws, "written after the backup")
    at = open_page(PAGE)
    at.radio(key="restore_mode").set_value("replace")
    upload(at, exported)
    assert any("Replacing removes everything that is not in the backup." in w.value for w in at.warning)
    frame = at.dataframe[0].value
    row = frame[frame["what"] == "Wins"].iloc[0]
    assert (row["added"], row["updated"], row["removed"]) == (1, 0, 1)
    button(at, "Restore now").click().run()
    assert [w["id"] for w in ws.all("wins")] == [old]
    assert ws.get("wins", other) is None


def test_no_backup_reminder_right_after_a_restore(personal):
    # A restore brings the journal from a file the person holds: that is a backup already.
    ws = open_workspace("personal", personal)
    win(ws, "from the old laptop")
    exported = backup.export_bytes(ws)
    ws.destroy()
    at = open_page(PAGE)
    upload(at, exported)
    button(at, "Restore now").click().run()
    assert not any("not downloaded a backup yet" in i.value for i in at.info), [i.value for i in at.info]
    assert journal.profile(open_workspace("personal", personal))["last_backup_on"] == today().isoformat()
    at.switch_page("app.py").run()
    assert not any("backup" in i.value.lower() for i in at.info)


def test_journal_counts_use_peoples_nouns(personal):
    ws = open_workspace("personal", personal)
    win(ws, "one")
    ws.add("activities", {"date": today().isoformat(), "kind": "application", "count": 1})
    ws.add("activities", {"date": today().isoformat(), "kind": "learning", "count": 1})
    ws.add("story_notes", {"story_id": "x", "takeaway": "keep going"})
    caption = next(c.value for c in open_page(PAGE).caption if c.value.startswith("In your journal now:"))
    for phrase in ("1 win", "2 logged activities", "1 saved story note"):
        assert phrase in caption, caption
    assert "_" not in caption  # no table names
