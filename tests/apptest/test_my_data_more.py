"""My data, the later parts: CSV and report downloads, deleting a journal, backup reminders, workshop opt-in."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from rebound import clock, journal, workshop
from rebound.storage import open_workspace
from tests.apptest.conftest import button, open_page, texts

MY_DATA = "pages/9_My_data.py"
CANARY = "CANARYmd4"
JOIN = "autumn-room-55"
KEY = "k3y-for-the-facilitator"


@pytest.fixture
def personal(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_MODE", "personal")
    monkeypatch.setenv("REBOUND_EPHEMERAL", "false")
    return data_dir


@pytest.fixture
def deferred(monkeypatch):
    """The callables behind the page's download buttons, by label.

    Streamlit 1.67 runs a download button's ``data=callable`` only when the browser clicks it, through
    the runtime's media file manager, which AppTest does not expose: record what the page registers.
    """
    seen: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        seen[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return seen


def today() -> dt.date:
    return clock.today()


def fill(ws, with_profile: bool = True) -> None:
    t = today()
    rid = journal.save(
        ws,
        "rejections",
        {"company": f"{CANARY} Corp", "role": "=HYPERLINK(1)", "stage": "final", "rejected_on": t.isoformat()},
        t,
    )
    journal.save(
        ws,
        "reflections",
        {"rejection_id": rid, "went_well": f"{CANARY} rapport", "to_improve": "depth", "lesson": "**Ask** <more>"},
        t,
    )
    journal.save(ws, "checkins", {"date": t.isoformat(), "mood": 4, "confidence": 5, "note": f"{CANARY} note"}, t)
    journal.save(ws, "wins", {"date": t.isoformat(), "text": "Finished the portfolio"}, t)
    if with_profile:
        journal.save_profile(ws, {"long_term_goal": "Lead a team"}, t)


def downloads(at) -> dict[str, object]:
    return {d.proto.label: d for d in at.get("download_button")}


# --- CSV and report ------------------------------------------------------------------------------


def test_csv_and_report_downloads_are_offered_and_work(personal, deferred):
    ws = open_workspace("personal", personal)
    fill(ws)
    at = open_page(MY_DATA)
    labels = set(downloads(at))
    assert {"Download backup", "Spreadsheet files (CSV, zipped)", "My rebound plan (to print or share)"} <= labels
    names = set(deferred)
    stamp = today().isoformat()
    assert {f"rebound-{stamp}-csv.zip", f"my-rebound-plan-{stamp}.html"} <= names

    raw = deferred[f"rebound-{stamp}-csv.zip"]()
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        assert {"rejections.csv", "reflections.csv", "checkins.csv", "wins.csv", "profile.csv"} <= set(zf.namelist())
        rows = list(
            csv.DictReader(io.StringIO(zf.read("rejections.csv").decode("utf-8-sig")))
        )  # headers in the language of the page
    assert rows[0]["Company"] == f"{CANARY} Corp"
    assert rows[0]["Role"] == "'=HYPERLINK(1)"  # formula-safe

    report = deferred[f"my-rebound-plan-{stamp}.html"]()
    assert report.startswith("<!DOCTYPE html>") and "<h1>My rebound plan</h1>" in report
    assert "Lead a team" in report and "Finished the portfolio" in report
    assert "**Ask** &lt;more&gt;" in report and "\\" not in report  # as typed, HTML-escaped, no backslashes


def test_report_download_works_for_a_journal_without_a_profile(personal, deferred):
    fill(open_workspace("personal", personal), with_profile=False)
    open_page(MY_DATA)
    report = deferred[f"my-rebound-plan-{today().isoformat()}.html"]()
    assert "<h2>Direction</h2>" in report


def test_empty_journal_offers_no_downloads(personal):
    at = open_page(MY_DATA)
    assert not at.get("download_button")
    assert any("nothing to back up" in i.value for i in at.info)


# --- deleting the journal -----------------------------------------------------------------------


def test_delete_needs_the_typed_word_and_removes_every_copy(personal):
    ws = open_workspace("personal", personal)
    fill(ws)
    stem = ws._j.path.stem
    # a damaged file is kept aside and a snapshot restored: make that happen for real
    ws._j.path.write_bytes(b"{ broken")
    assert ws.take_notices()
    other = open_workspace("link:" + "Z" * 32, personal)
    other.add("wins", {"date": "2026-01-01", "text": "someone else"})
    mine = sorted(p.name for p in personal.glob(f"{stem}*"))
    assert any(".snap-" in n for n in mine) and any(".bad-" in n for n in mine), mine

    at = open_page(MY_DATA)
    delete = button(at, "Delete my journal for good")
    assert delete.disabled
    at.text_input(key="delete_confirm").input("delete it").run()
    assert button(at, "Delete my journal for good").disabled
    at.text_input(key="delete_confirm").input("DELETE").run()
    assert not button(at, "Delete my journal for good").disabled
    button(at, "Delete my journal for good").click().run()
    assert not at.exception

    assert [p.name for p in personal.glob(f"{stem}*")] == []  # file, snapshots, kept-aside copies, lock
    assert [w["text"] for w in other.all("wins")] == ["someone else"]  # nobody else's journal touched
    assert any("journal was deleted" in s.value for s in at.success)
    assert "nothing stored for this journal" in texts(at)
    assert not at.get("download_button")
    assert open_workspace("personal", personal).all("rejections") == []


# --- backup reminders ---------------------------------------------------------------------------


def test_ephemeral_host_reminds_to_download(personal, monkeypatch):
    monkeypatch.setenv("REBOUND_EPHEMERAL", "true")
    fill(open_workspace("personal", personal))
    at = open_page(MY_DATA)
    assert any("can forget its files" in i.value for i in at.info)


def test_ephemeral_host_quiet_after_todays_backup(personal, monkeypatch):
    monkeypatch.setenv("REBOUND_EPHEMERAL", "true")
    ws = open_workspace("personal", personal)
    fill(ws)
    journal.save_profile(ws, {"last_backup_on": today().isoformat()}, today())
    at = open_page(MY_DATA)
    assert not any("can forget its files" in i.value for i in at.info)


def test_old_backup_reminds_on_a_lasting_disk(personal):
    ws = open_workspace("personal", personal)
    fill(ws)
    journal.save_profile(ws, {"last_backup_on": (today() - dt.timedelta(days=30)).isoformat()}, today())
    at = open_page(MY_DATA)
    assert any("Your last backup was 30 days ago" in i.value for i in at.info)
    assert not any("can forget its files" in i.value for i in at.info)


def test_recent_backup_on_a_lasting_disk_is_quiet(personal):
    ws = open_workspace("personal", personal)
    fill(ws)
    journal.save_profile(ws, {"last_backup_on": (today() - dt.timedelta(days=3)).isoformat()}, today())
    at = open_page(MY_DATA)
    assert not any("backup" in i.value.lower() and ("days ago" in i.value or "yet" in i.value) for i in at.info)


# --- workshop opt-in ----------------------------------------------------------------------------


def test_workshop_toggle_shares_numbers_without_text_and_opting_out_removes_them(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_MODE", "shared")
    monkeypatch.setenv("REBOUND_EPHEMERAL", "false")
    monkeypatch.setenv("REBOUND_WORKSHOP_JOIN_CODE", JOIN)
    monkeypatch.setenv("REBOUND_WORKSHOP_FACILITATOR_KEY", KEY)
    at = open_page(join=JOIN)
    token = at.query_params["w"]
    token = token[0] if isinstance(token, list) else token
    ws = open_workspace("link:" + token, data_dir)
    fill(ws)
    room = open_workspace(workshop.workshop_key(JOIN), data_dir)

    at.switch_page(MY_DATA).run()
    assert workshop.room_counts(room) == (1, {})  # joined; nothing shared before opting in
    at.toggle(key="workshop_share").set_value(True).run()
    assert not at.exception
    profile = journal.profile(ws)
    assert profile["workshop_opt_in"] is True and profile["workshop"] == JOIN
    assert workshop.room_counts(room)[1] == {"sharing": 1} == profile["workshop_contributed"]
    raw = room._j.path.read_bytes()
    for secret in (CANARY, "HYPERLINK", "rapport", "Lead a team", "Ask", token, JOIN, profile["workshop_member_id"]):
        assert secret.encode() not in raw, secret

    # a new entry in the journal sends the room only what changed, on the next run
    journal.save(ws, "checkins", {"date": today().isoformat(), "mood": 8, "confidence": 5}, today())
    journal.save(ws, "activities", {"date": today().isoformat(), "kind": "networking", "count": 2}, today())
    at.run()
    assert workshop.room_counts(room)[1] == {"sharing": 1, "mood:better": 1, "activity:networking": 1}

    at.toggle(key="workshop_share").set_value(False).run()
    assert not at.exception
    assert workshop.room_counts(room) == (1, {})  # exactly what it added went back
    assert journal.profile(ws)["workshop_opt_in"] is False
    at.run()
    assert workshop.room_counts(room) == (1, {})  # and it stays out

    # Deleting a sharing journal takes back what it added: nothing of it is left in the room either.
    at.toggle(key="workshop_share").set_value(True).run()
    assert workshop.room_counts(room)[1]["sharing"] == 1
    at.text_input(key="delete_confirm").input("DELETE").run()
    at.button(key="delete_journal").click().run()
    assert not at.exception and not ws.exists
    assert workshop.room_counts(room) == (1, {})
