"""Workshop mode in a real browser: an attendee joins and opts in; the facilitator page stays shut without its key."""

from __future__ import annotations

import pytest

from rebound import access, workshop
from rebound.store import open_workspace
from tests.e2e.conftest import click_button, fill_text, goto, main_text, query, sidebar_links, wait_for_app

JOIN = "e2e-room-4c1d"
KEY = "e2e-Facilitator-Key-77"
NAME = "Evening cohort"


WORKSHOP_ENV = {
    "REBOUND_WORKSHOP_NAME": NAME,
    "REBOUND_WORKSHOP_JOIN_CODE": JOIN,
    "REBOUND_WORKSHOP_FACILITATOR_KEY": KEY,
    "REBOUND_EPHEMERAL": "false",
}


@pytest.fixture
def workshop_server(start_server):
    return start_server("shared", env=WORKSHOP_ENV)


def test_attendee_joins_gets_a_private_journal_and_opts_in(page, workshop_server):
    goto(page, workshop_server.url("/", join=JOIN))
    params = query(page)
    assert "join" not in params
    assert access.is_valid_token(params.get("w")), page.url
    token = params["w"]
    assert "does not match" not in main_text(page)

    sidebar_links(page).filter(has_text="My data").first.click()
    wait_for_app(page)
    assert query(page).get("w") == token  # still their own journal
    page.get_by_role("heading", name=f"Your workshop: {NAME}").wait_for()

    room = open_workspace(workshop.workshop_key(JOIN), workshop_server.data_dir)
    assert room.all("members") == []
    page.get_by_text("Share anonymous numbers with my workshop", exact=True).click()
    wait_for_app(page)
    assert page.get_by_role("switch", name="Share anonymous numbers with my workshop").is_checked()
    members = room.all("members")
    assert len(members) == 1
    assert members[0]["rejections"] == 0
    mine = open_workspace(access.link_key(token), workshop_server.data_dir)
    assert mine.all("profile")[0]["workshop_opt_in"] is True
    assert token.encode() not in room._j.path.read_bytes()


def test_facilitator_page_needs_the_key(page, workshop_server):
    goto(page, workshop_server.url("/Workshop"))
    page.get_by_role("heading", name="Workshop").first.wait_for()
    assert "Invite the room" not in main_text(page)

    fill_text(page, "Facilitator key", "not-the-key")
    click_button(page, "Open the facilitator view")
    text = main_text(page)
    assert "does not match" in text
    assert "Invite the room" not in text and "The room, in numbers" not in text and JOIN not in text

    fill_text(page, "Facilitator key", KEY)
    click_button(page, "Open the facilitator view")
    page.get_by_role("heading", name="The room, in numbers").wait_for()
    text = main_text(page)
    assert f"/?join={JOIN}" in text
    assert f"0 of the {workshop.MINIMUM_ROOM} people needed" in text
    assert page.get_by_role("img").count() >= 1  # the QR code
