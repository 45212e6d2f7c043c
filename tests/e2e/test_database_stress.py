"""The database under stress, in a real browser against a real server on a PostgreSQL server of the
test's own (tests/pgcluster.py), which the test stops and starts.

- A save while the database is down says so within the issue's 5 s, says the text is still in the
  form, keeps it there, and the same Save works once the database is back.
- A record changed in the database by someone else gets the store's own message on every page and a
  repair section on My data (restore a backup that has it, or delete it), never "something went wrong".
- My data always opens, even when the profile record is damaged (on PostgreSQL and on files).

On the old code (55ed2bc) each of these fails: the save greys the page for well over 5 s, a tampered
row shows the kind error message with nothing to do, and My data fails on a damaged profile.
"""

from __future__ import annotations

import time

import psycopg
import pytest
from playwright.sync_api import expect

from rebound import access
from rebound.backup import export_bytes
from rebound.storage import key_digest, open_workspace
from tests.e2e.helpers import click_button, goto, launch_server, main_text, unique, wait_for_app
from tests.e2e.test_two_replicas import fill_rejection
from tests.pgcluster import own_cluster

SAVE_BOUND_S = 5  # the bound for "could not be saved" to show
NOT_SAVED = "could not be saved"
KIND_ERROR = "Sorry, something went wrong"


@pytest.fixture(scope="module")
def cluster():
    c = own_cluster()
    try:
        yield c
    finally:
        c.close()


@pytest.fixture(scope="module")
def db_server(_playwright, cluster, tmp_path_factory):
    with launch_server("shared", tmp_path_factory.mktemp("db_files"), {"REBOUND_DATABASE_URL": cluster.url}) as s:
        yield s


def _alert(page, text: str):
    return page.locator("[data-testid='stAlert'], [data-testid='stMarkdownContainer']").filter(has_text=text).first


def test_a_save_while_the_database_is_down_says_so_at_once_and_works_once_it_is_back(page, db_server, cluster):
    """The server's processes are stopped where they stand (as when its host or network goes away), so
    calls hang rather than fail: on the old code the page stayed greyed out for minutes. (A server
    that is shut down refuses at once: tests/reliability/test_pg_faults.py covers that on the store.)"""
    down, up = cluster.freeze, cluster.thaw
    token = access.new_token()
    goto(page, db_server.url("/Understand", w=token))
    company = unique("Kept while down")
    fill_rejection(page, company)
    down()
    try:
        started = time.monotonic()
        page.get_by_role("button", name="Save rejection", exact=True).click()
        expect(_alert(page, "your text is still here")).to_be_visible(timeout=30_000)
        took = time.monotonic() - started
        print(f"a save with the database frozen said so after {took:.1f} s")
        assert took <= SAVE_BOUND_S, f"the page told of the failed save only after {took:.1f} s"
        wait_for_app(page)
        assert page.get_by_label("Company", exact=True).input_value() == company  # still in the form
    finally:
        up()
    page.wait_for_timeout(1_000)  # a person does not click within the moment the server takes to come back
    click_button(page, "Save rejection")  # the same Save, once the database is back
    expect(page.get_by_text("Saved. That took courage.", exact=False).first).to_be_visible()
    stored = open_workspace(access.link_key(token), database_url=cluster.url).all("rejections")
    assert [r["company"] for r in stored] == [company]


def _tamper(url: str, token: str, table: str, rid: str) -> None:
    """What whoever holds the database can do: change a row's bytes (and the revision, so caches reload)."""
    digest = bytes.fromhex(key_digest(access.link_key(token)))
    with psycopg.connect(url) as conn:
        conn.execute(
            "UPDATE rebound_records SET body = 'x'::bytea || body WHERE journal = %s AND tbl = %s AND rid = %s",
            (digest, table, rid),
        )
        conn.execute("UPDATE rebound_tables SET rev = nextval('rebound_rev') WHERE journal = %s", (digest,))


def test_a_tampered_record_gets_the_stores_message_and_my_data_offers_restore_and_delete(
    page, db_server, cluster, tmp_path, pinned_today
):
    token = access.new_token()
    ws = open_workspace(access.link_key(token), database_url=cluster.url)
    keep = unique("Kept win")
    ws.add("wins", {"date": pinned_today.isoformat(), "text": keep})
    bad = ws.add("wins", {"date": pinned_today.isoformat(), "text": unique("Tampered win")})
    profile = ws.add("profile", {"long_term_goal": "Lead a team"})
    backup = tmp_path / "backup.json"
    backup.write_bytes(export_bytes(ws))
    _tamper(cluster.url, token, "wins", bad)
    _tamper(cluster.url, token, "profile", profile)  # a damaged profile too: My data still opens

    goto(page, db_server.url("/", w=token))
    text = main_text(page)
    assert KIND_ERROR not in text and "2 records in your journal could not be opened" in text, text[:1500]

    goto(page, db_server.url("/My_data", w=token))
    text = main_text(page)
    assert KIND_ERROR not in text and "Records that could not be opened" in text, text[:1500]
    assert "1 win" in text and "Restore a backup" in text

    # restore: the backup that has them puts both back
    restore = page.locator("[data-testid='stFileUploader']").filter(has_text="Backup file")  # not the import's
    restore.locator("input[type='file']").set_input_files(str(backup))
    wait_for_app(page)
    click_button(page, "Restore now")
    expect(page.get_by_text("Your journal now matches the backup")).to_be_visible()
    goto(page, db_server.url("/My_data", w=token))
    assert "Records that could not be opened" not in main_text(page)
    ws = open_workspace(access.link_key(token), database_url=cluster.url)
    assert len(ws.all("wins")) == 2 and ws.unreadable() == {}

    # delete: with no backup, the person removes what cannot be opened and keeps the rest
    _tamper(cluster.url, token, "wins", bad)
    goto(page, db_server.url("/My_data", w=token))
    click_button(page, "Delete the records that cannot be opened")
    click_button(page, "Yes, delete them")
    expect(page.get_by_text("Deleted 1 record that could not be opened")).to_be_visible()
    assert "Records that could not be opened" not in main_text(page)
    assert [w["text"] for w in open_workspace(access.link_key(token), database_url=cluster.url).all("wins")] == [keep]


def test_my_data_opens_with_a_damaged_profile_on_files(page, start_server, pinned_today):
    server = start_server("personal")
    ws = open_workspace("personal", server.data_dir)
    ws.add("wins", {"date": pinned_today.isoformat(), "text": "A win"})
    ws.add("profile", {"last_backup_on": "garbage", "weekly_goals": "x", "workshop": 5, "workshop_opt_in": "yes"})
    goto(page, server.url("/My_data"))
    text = main_text(page)
    assert KIND_ERROR not in text and "Download a backup" in text and "Delete my journal" in text, text[:1500]
