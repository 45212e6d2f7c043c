"""Two app processes on one PostgreSQL database: a journal written in one is seen in the other."""

from __future__ import annotations

from rebound import access
from rebound.storage import open_workspace
from tests.e2e.conftest import goto, main_text, unique, wait_for_app
from tests.e2e.test_two_replicas import fill_rejection


def test_two_processes_on_one_database_see_each_others_writes(new_page, start_server, pg_url, tmp_path):
    env = {"REBOUND_DATABASE_URL": pg_url}
    folders = [tmp_path / "files-a", tmp_path / "files-b"]  # separate folders: only the database is shared
    servers = [start_server("shared", data_dir=f, env=env) for f in folders]
    token = access.new_token()
    pages = []
    for server in servers:  # the same private link, opened on each process
        page = new_page()
        goto(page, server.url("/Understand", w=token))
        pages.append(page)

    names = [unique("Written in A"), unique("Written in B")]
    for page, name in zip(pages, names, strict=True):  # each process writes once, after the other has its page open
        fill_rejection(page, name)
        page.get_by_role("button", name="Save rejection", exact=True).click()
        wait_for_app(page)

    for page, server in zip(pages, servers, strict=True):  # each shows both, the other's write included
        goto(page, server.url("/Understand", w=token))
        text = main_text(page)
        assert all(name in text for name in names), text[:2000]

    stored = [r["company"] for r in open_workspace(access.link_key(token), database_url=pg_url).all("rejections")]
    assert sorted(stored) == sorted(names)
    assert all(not any(f.iterdir()) for f in folders)  # nothing written under the data folders
