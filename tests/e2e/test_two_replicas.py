"""Two app processes on one data folder lose nothing: each writes to the same journal, all writes land."""

from __future__ import annotations

from rebound import access
from rebound.storage import open_workspace
from tests.e2e.conftest import goto, main_text, unique, wait_for_app

K = 2  # rejections logged through each process


def fill_rejection(page, company: str) -> None:
    page.get_by_label("Company", exact=True).fill(company)
    page.get_by_label("Role", exact=True).fill("Analyst")
    page.get_by_label("How far did you get?", exact=True).click()
    page.get_by_role("option", name="Application", exact=True).click()


def test_two_processes_on_one_folder_lose_no_write(new_page, start_server, tmp_path):
    folder = tmp_path / "one_data_folder"
    servers = [start_server("shared", data_dir=folder), start_server("shared", data_dir=folder)]
    assert servers[0].base_url != servers[1].base_url
    token = access.new_token()
    pages = []
    for server in servers:  # the same private link, opened on each process
        page = new_page()
        goto(page, server.url("/Understand", w=token))
        pages.append(page)

    tag = unique("Replica").replace(" ", "-")
    expected = set()
    for i in range(K):
        for j, page in enumerate(pages):
            name = f"{tag} p{j} r{i}"
            fill_rejection(page, name)
            expected.add(name)
        for page in pages:  # both submits fired before waiting for either: the writes race
            page.get_by_role("button", name="Save rejection", exact=True).click()
        for page in pages:
            wait_for_app(page)

    stored = [r["company"] for r in open_workspace(access.link_key(token), folder).all("rejections")]
    assert sorted(stored) == sorted(expected)  # 2K records, none lost, none doubled

    # each process shows every record, including those the other one wrote
    for page, server in zip(pages, servers, strict=True):
        goto(page, server.url("/Understand", w=token))
        text = main_text(page)
        assert all(name in text for name in expected), text[:2000]
