"""The app on PostgreSQL: an unreachable database at start, and a save while it is away."""

from __future__ import annotations

import socket
import time

import pytest

from components import forms
from rebound.storage import open_workspace
from rebound.storage import postgres as pgstore
from tests.apptest.conftest import button, open_page, texts
from tests.pgcluster import own_cluster

GROW = "pages/7_Grow.py"


def test_an_unreachable_database_at_start_gives_one_clear_message(personal, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    url = f"postgresql://rebound@127.0.0.1:{port}/rebound"
    monkeypatch.setenv("REBOUND_DATABASE_URL", url)
    try:
        from streamlit.testing.v1 import AppTest

        from tests.apptest.conftest import APP

        at = AppTest.from_file(APP, default_timeout=60).run()
    finally:
        pgstore.close(url)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "cannot open your journal" in errors[0] and "database" in errors[0]
    assert not personal.exists()  # nothing written to the data folder either


@pytest.fixture
def cluster(personal, monkeypatch):
    c = own_cluster()
    monkeypatch.setenv("REBOUND_DATABASE_URL", c.url)
    try:
        yield c
    finally:
        pgstore.close(c.url)
        c.close()


def test_a_save_while_the_database_is_away_keeps_the_text_and_says_so(cluster, personal):
    at = open_page(GROW)
    at.text_input(key="skill__name").input("Negotiation")
    cluster.stop("immediate")
    button(at, "Save skill").click().run()
    assert not at.exception
    page = texts(at)
    assert forms.UNAVAILABLE in page  # "could not save, your text is still here"
    assert "You see your journal as it was a moment ago" in page  # the page still shows, from the cache
    assert at.text_input(key="skill__name").value == "Negotiation"

    cluster.start()
    deadline = time.monotonic() + 20
    while True:  # the first tries may land inside the short fail-fast window after the outage
        button(at, "Save skill").click().run()
        if "Skill saved" in texts(at) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert not at.exception
    assert "Skill saved" in texts(at)
    assert [s["name"] for s in open_workspace("personal", personal, database_url=cluster.url).all("skills")] == [
        "Negotiation"
    ]
    assert not personal.exists()


def test_no_daily_backup_reminder_when_journals_live_in_a_database(personal, pg_url, monkeypatch):
    monkeypatch.setenv("REBOUND_EPHEMERAL", "true")  # a forgetful host, but the journals are not on it
    monkeypatch.setenv("REBOUND_DATABASE_URL", pg_url)
    open_workspace("personal", personal).add("wins", {"date": "2025-01-01", "text": "a win"})
    at = open_page("pages/9_My_data.py")
    info = [i.value for i in at.info]
    assert not any("can forget its files" in i for i in info)
    assert any("You have not downloaded a backup yet" in i for i in info)  # the two-weekly one stays
    assert not personal.exists()
    monkeypatch.delenv("REBOUND_DATABASE_URL")  # control: the same host with the file store reminds daily
    open_workspace("personal", personal).add("wins", {"date": "2025-01-01", "text": "a win"})
    assert any("can forget its files" in i.value for i in open_page("pages/9_My_data.py").info)


def test_a_database_from_a_newer_rebound_is_refused_with_one_clear_message(personal, pg_url, monkeypatch):
    import psycopg

    open_workspace("personal", database_url=pg_url).add("wins", {"date": "2025-01-01", "text": "a win"})
    with psycopg.connect(pg_url) as conn:
        conn.execute("UPDATE rebound_meta SET value = value + 1 WHERE name = 'schema_version'")
    pgstore.close(pg_url)
    monkeypatch.setenv("REBOUND_DATABASE_URL", pg_url)
    from streamlit.testing.v1 import AppTest

    from tests.apptest.conftest import APP

    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "newer version of Rebound" in errors[0]


def test_a_record_changed_in_the_database_gets_the_stores_message_and_my_data_offers_the_repair(
    personal, pg_url, monkeypatch
):
    import psycopg

    monkeypatch.setenv("REBOUND_DATABASE_URL", pg_url)
    ws = open_workspace("personal", database_url=pg_url)
    keep = ws.add("wins", {"date": "2026-03-01", "text": "kept"})
    bad = ws.add("wins", {"date": "2026-03-02", "text": "changed"})
    ws.add("profile", {"last_backup_on": "not a date"})  # a damaged profile too
    with psycopg.connect(pg_url) as conn:
        conn.execute("UPDATE rebound_records SET body = 'x'::bytea || body WHERE rid = %s", (bad,))
        conn.execute("UPDATE rebound_tables SET rev = nextval('rebound_rev')")
    pgstore.close(pg_url)
    at = open_page("pages/9_My_data.py")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("1 record in your journal could not be opened" in w.value for w in at.warning)
    assert "Records that could not be opened" in texts(at)
    button(at, "Delete the records that cannot be opened").click().run()
    button(at, "Yes, delete them").click().run()
    assert any("Deleted 1 record that could not be opened" in s.value for s in at.success)
    assert [w["id"] for w in open_workspace("personal", database_url=pg_url).all("wins")] == [keep]
