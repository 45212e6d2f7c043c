"""rebound.applications: the model, the save rules, the delete rule and the format-2 migration."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest

from rebound import applications, backup, journal
from rebound.applications import application_id_for, outcome, upgrade_tables
from rebound.models import Invalid, validate
from rebound.storage import SCHEMA_VERSION, open_workspace
from rebound.storage import postgres as pgstore
from rebound.storage.files import META_KEY, journal_path

TODAY = dt.date(2026, 3, 31)
APP = {"company": "Acme", "role": "Analyst", "applied_on": "2026-03-01", "channel": "referral", "source": "LinkedIn"}
REJ = {"company": "Acme", "role": "Analyst", "stage": "interview", "rejected_on": "2026-03-20"}
# A rejection as a journal of format 1 holds it: no application_id field at all.
OLD_REJ = {
    "id": "r-old-1",
    "company": "Old Co",
    "role": "Designer",
    "stage": "screen",
    "applied_on": "2026-01-05",
    "rejected_on": "2026-02-01",
    "channel": "job board",
    "created_at": "2026-02-01T10:00:00+00:00",
    "updated_at": "2026-02-01T10:00:00+00:00",
}


@pytest.fixture
def ws(data_dir):
    return open_workspace("personal", data_dir)


# --- the model ------------------------------------------------------------------------------------


def test_an_application_is_waiting_until_an_answer():
    clean = validate("applications", APP, TODAY)
    assert clean["status"] == "waiting" and clean["answered_on"] is None


def test_application_dates_are_checked_by_their_field():
    errors = {}
    with pytest.raises(Invalid) as info:
        validate("applications", {**APP, "applied_on": "2026-04-02"}, TODAY)
    errors = info.value.errors
    assert "future" in errors["applied_on"]
    with pytest.raises(Invalid) as info:
        validate("applications", {**APP, "status": "rejected", "status_on": "2026-02-01"}, TODAY)
    assert "before the day you applied" in info.value.errors["status_on"]
    with pytest.raises(Invalid) as info:
        validate("applications", {**APP, "status": "maybe"}, TODAY)
    assert "status" in info.value.errors


def test_ghosted_is_worked_out_after_the_persons_weeks():
    app = validate("applications", APP, TODAY)  # applied 30 days before TODAY
    assert outcome(app, TODAY, weeks=6) == "waiting"
    assert outcome(app, TODAY, weeks=4) == "ghosted"  # 30 days >= 28
    assert applications.outcome_label(app, TODAY, 4) == "No answer after 4 weeks"
    assert outcome({**app, "status": "interview"}, TODAY, weeks=1) == "interview"  # an answer is never ghosted
    assert applications.ghost_weeks({}) == 6 and applications.ghost_weeks({"ghost_after_weeks": 3}) == 3
    with pytest.raises(Invalid):
        validate("profile", {"ghost_after_weeks": 0}, TODAY)


# --- saving -------------------------------------------------------------------------------------


def test_a_new_application_needs_the_day_it_was_sent(ws):
    with pytest.raises(Invalid) as info:
        journal.save(ws, "applications", {**APP, "applied_on": None}, TODAY)
    assert info.value.errors == {"applied_on": "Please add the day you sent it."}
    assert ws.all("applications") == []


def test_a_rejection_picked_from_an_application_closes_it(ws):
    aid = journal.save(ws, "applications", APP, TODAY)
    rid = journal.save(ws, "rejections", {**REJ, "stage": "applied", "application_id": aid}, TODAY)
    app, rej = ws.get("applications", aid), ws.get("rejections", rid)
    assert (app["status"], app["status_on"], app["answered_on"]) == ("rejected", "2026-03-20", "2026-03-20")
    assert rej["application_id"] == aid
    assert rej["applied_on"] == "2026-03-01"  # taken from the application when the rejection had none
    assert len(ws.all("applications")) == 1  # nothing made twice


def test_a_rejection_after_an_interview_keeps_the_first_answer_unknown_unless_recorded(ws):
    aid = journal.save(ws, "applications", APP, TODAY)
    journal.save(ws, "rejections", {**REJ, "application_id": aid}, TODAY)  # stage interview
    assert ws.get("applications", aid)["answered_on"] is None  # not invented
    aid2 = journal.save(ws, "applications", {**APP, "status": "screen", "status_on": "2026-03-05"}, TODAY)
    assert ws.get("applications", aid2)["answered_on"] == "2026-03-05"
    journal.save(ws, "rejections", {**REJ, "application_id": aid2}, TODAY)
    assert ws.get("applications", aid2)["answered_on"] == "2026-03-05"


def test_a_rejection_logged_alone_still_works_and_gains_its_application(ws):
    rid = journal.save(ws, "rejections", REJ, TODAY)
    (app,) = ws.all("applications")
    assert ws.get("rejections", rid)["application_id"] == app["id"]
    assert (app["company"], app["status"], app["applied_on"]) == ("Acme", "rejected", None)


def test_a_ghosted_rejection_marks_the_application_as_no_answer(ws):
    aid = journal.save(ws, "applications", APP, TODAY)
    journal.save(ws, "rejections", {**REJ, "stage": "applied", "ghosted": True, "application_id": aid}, TODAY)
    app = ws.get("applications", aid)
    assert app["status"] == "ghosted" and app["answered_on"] is None
    assert not applications.answered(app)


def test_a_rejection_before_the_application_was_sent_is_refused_by_its_date(ws):
    aid = journal.save(ws, "applications", APP, TODAY)
    with pytest.raises(Invalid) as info:
        journal.save(ws, "rejections", {**REJ, "rejected_on": "2026-02-20", "application_id": aid}, TODAY)
    assert "rejected_on" in info.value.errors
    assert ws.get("applications", aid)["status"] == "waiting" and ws.all("rejections") == []


def test_a_missing_application_is_named_by_its_field(ws):
    with pytest.raises(Invalid) as info:
        journal.save(ws, "rejections", {**REJ, "application_id": "nope"}, TODAY)
    assert "application_id" in info.value.errors and ws.all("rejections") == []


def test_edits_keep_both_records_in_step_and_keep_unasked_fields(ws):
    aid = journal.save(ws, "applications", {**APP, "fingerprint": "row-1"}, TODAY)
    rid = journal.save(ws, "rejections", {**REJ, "application_id": aid}, TODAY)
    # the application form does not send the fingerprint: an edit keeps it, and the company moves to the rejection
    journal.save(ws, "applications", {**APP, "company": "Acme Ltd"}, TODAY, rid=aid)
    assert ws.get("applications", aid)["fingerprint"] == "row-1"
    assert ws.get("rejections", rid)["company"] == "Acme Ltd"
    # a rejection edit that does not send ghosted keeps it; the role moves to the application
    journal.save(
        ws, "rejections", {**REJ, "company": "Acme Ltd", "role": "Lead", "application_id": aid}, TODAY, rid=rid
    )
    assert ws.get("applications", aid)["role"] == "Lead"


def test_a_waiting_application_cannot_carry_an_answer_date(ws):
    with pytest.raises(Invalid) as info:
        journal.save(ws, "applications", {**APP, "status_on": "2026-03-10"}, TODAY)
    assert "status" in info.value.errors


def test_deleting_an_application_keeps_its_rejection_and_what_hangs_on_it(ws):
    aid = journal.save(ws, "applications", APP, TODAY)
    rid = journal.save(ws, "rejections", {**REJ, "application_id": aid}, TODAY)
    journal.save(ws, "reflections", {"rejection_id": rid, "went_well": "a", "to_improve": "b"}, TODAY)
    plan = journal.plan_delete(ws, "applications", aid)
    assert plan.unlinks == {"rejections": [rid]} and plan.removes == {}
    journal.delete(ws, "applications", aid)
    assert ws.get("rejections", rid)["application_id"] is None
    assert len(ws.all("reflections")) == 1
    # the cleared link is kept as cleared: reading the journal again does not bring an application back
    assert upgrade_tables({"rejections": ws.all("rejections")})["rejections"] == ws.all("rejections")


def test_deleting_a_rejection_keeps_the_application_and_its_outcome(ws):
    aid = journal.save(ws, "applications", APP, TODAY)
    rid = journal.save(ws, "rejections", {**REJ, "application_id": aid}, TODAY)
    assert journal.plan_delete(ws, "rejections", rid).unlinks == {}
    journal.delete(ws, "rejections", rid)
    assert ws.get("applications", aid)["status"] == "rejected"


# --- migration -------------------------------------------------------------------------------------


def test_upgrade_gives_every_old_rejection_its_application_once():
    tables = {"rejections": [OLD_REJ]}
    once = upgrade_tables(tables)
    (app,) = once["applications"]
    assert app["id"] == application_id_for("r-old-1")
    assert (app["company"], app["role"], app["applied_on"], app["channel"]) == (
        "Old Co",
        "Designer",
        "2026-01-05",
        "job board",
    )
    assert (app["status"], app["status_on"], app["answered_on"]) == ("rejected", "2026-02-01", None)
    assert app["created_at"] == OLD_REJ["created_at"]
    assert once["rejections"][0]["application_id"] == app["id"]
    assert upgrade_tables(once) == once  # idempotent
    assert upgrade_tables(tables) == once  # deterministic: the same ids on every read
    validate("applications", app, TODAY)


def _old_file(path, tables: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {META_KEY: {"format": "rebound", "version": 1}}
    doc |= {name: {r["id"]: r for r in recs} for name, recs in tables.items()}
    path.write_bytes(orjson.dumps(doc))


def test_an_old_journal_file_opens_migrated_and_is_written_as_format_2(data_dir):
    path = journal_path("personal", data_dir)
    _old_file(path, {"rejections": [OLD_REJ]})
    ws = open_workspace("personal", data_dir)
    (app,) = ws.all("applications")
    assert ws.get("rejections", "r-old-1")["application_id"] == app["id"]
    journal.save(ws, "wins", {"date": "2026-03-30", "text": "a walk"}, TODAY)  # any write
    stored = orjson.loads(path.read_bytes())
    assert stored[META_KEY]["version"] == SCHEMA_VERSION == 2
    assert list(stored["applications"]) == [app["id"]]
    assert stored["rejections"]["r-old-1"]["application_id"] == app["id"]
    again = open_workspace("personal", data_dir)
    assert len(again.all("applications")) == 1


def test_an_old_backup_restores_migrated(ws):
    doc = {"format": "rebound", "version": 1, "tables": {"rejections": [OLD_REJ]}}
    plan = backup.plan_import(ws, doc, "replace", TODAY)
    assert plan.ok, plan.problems
    assert plan.counts["applications"] == {"added": 1, "updated": 0, "removed": 0}
    backup.apply_import(ws, plan)
    (app,) = ws.all("applications")
    assert ws.get("rejections", "r-old-1")["application_id"] == app["id"] == application_id_for("r-old-1")
    # restoring the same old backup again changes nothing (the same ids)
    again = backup.plan_import(ws, doc, "merge", TODAY)
    assert again.counts["applications"] == {"added": 0, "updated": 1, "removed": 0}


def test_an_old_journal_in_postgresql_is_upgraded_in_place_once(pg_url, tmp_path):
    key = "link:" + "Q" * 32  # a sealed journal: the upgrade reads and writes it with its key
    ws = open_workspace(key, tmp_path, database_url=pg_url)
    raw = {k: v for k, v in OLD_REJ.items() if k not in ("id", "created_at", "updated_at")}
    rid = ws.add("rejections", raw)  # as an older Rebound stored it: no application_id
    ws.add("rejections", {**raw, "company": "Linked", "application_id": None})  # link cleared: left alone
    pgstore.close(pg_url)  # a new process: nothing cached
    ws = open_workspace(key, tmp_path, database_url=pg_url)
    (app,) = ws.all("applications")
    assert app["id"] == application_id_for(rid) and app["company"] == "Old Co" and app["status"] == "rejected"
    assert ws.get("rejections", rid)["application_id"] == app["id"]
    revision = ws.revision
    pgstore.close(pg_url)
    ws = open_workspace(key, tmp_path, database_url=pg_url)
    assert len(ws.all("applications")) == 1 and ws.revision == revision  # nothing written the second time
    assert not applications.upgrade_workspace(ws, "rebound", SCHEMA_VERSION)


def test_a_journal_never_written_stays_unwritten_in_postgresql(pg_url, tmp_path):
    ws = open_workspace("link:" + "Z" * 32, tmp_path, database_url=pg_url)
    assert not ws.exists


def test_moving_a_rejection_to_another_application_reopens_the_first(ws):
    first = journal.save(ws, "applications", APP, TODAY)
    second = journal.save(ws, "applications", {**APP, "company": "Beta"}, TODAY)
    rid = journal.save(ws, "rejections", {**REJ, "stage": "applied", "application_id": first}, TODAY)
    assert ws.get("applications", first)["status"] == "rejected"
    journal.save(
        ws, "rejections", {**REJ, "stage": "applied", "company": "Beta", "application_id": second}, TODAY, rid=rid
    )
    again = ws.get("applications", first)
    assert (again["status"], again["answered_on"], again["status_on"]) == ("waiting", None, None)
    assert ws.get("applications", second)["status"] == "rejected"


def test_save_and_delete_rules_on_every_backend(store_backend):
    ws = store_backend("link:" + "S" * 32)
    aid = journal.save(ws, "applications", APP, TODAY)
    rid = journal.save(ws, "rejections", {**REJ, "stage": "applied", "application_id": aid}, TODAY)
    assert ws.get("applications", aid)["status"] == "rejected"
    with pytest.raises(Invalid):  # refused as a whole: the application is not closed by a failed save
        journal.save(ws, "rejections", {**REJ, "rejected_on": "2026-02-01", "application_id": aid}, TODAY, rid=rid)
    assert ws.get("rejections", rid)["rejected_on"] == "2026-03-20"
    journal.delete(ws, "applications", aid)
    assert ws.get("rejections", rid)["application_id"] is None and ws.all("applications") == []
