"""Workshop mode in AppTest: the join link, the attendee's opt-in section, and the facilitator page behind its key."""

from __future__ import annotations

import pytest

from rebound import content, workshop
from rebound.store import open_workspace
from tests.apptest.conftest import button, open_page, texts

JOIN = "spring-cohort-7f3a"
KEY = "facilitator-Secret-91"
NAME = "Spring cohort"
MY_DATA = "pages/9_My_data.py"
FACILITATOR = "pages/10_Workshop.py"


@pytest.fixture
def shared_workshop(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_MODE", "shared")
    monkeypatch.setenv("REBOUND_WORKSHOP_NAME", NAME)
    monkeypatch.setenv("REBOUND_WORKSHOP_JOIN_CODE", JOIN)
    monkeypatch.setenv("REBOUND_WORKSHOP_FACILITATOR_KEY", KEY)
    monkeypatch.setenv("REBOUND_EPHEMERAL", "false")
    return data_dir


def headers(at) -> list[str]:
    return [h.value for h in at.header]


def workshop_toggles(at):
    return [t for t in at.toggle if t.key == "workshop_share"]


# --- attendees ---------------------------------------------------------------------------------


def test_join_link_shows_the_workshop_section_on_my_data(shared_workshop):
    at = open_page(join=JOIN)
    assert "join" not in at.query_params  # the code does not linger in the address
    assert at.query_params["w"]  # a private journal of their own
    assert not at.warning
    at.switch_page(MY_DATA).run()
    assert not at.exception
    assert f"Your workshop: {NAME}" in headers(at)
    toggle = workshop_toggles(at)
    assert len(toggle) == 1 and toggle[0].value is False  # nothing is shared until they choose to
    assert f"at least {workshop.MINIMUM_ROOM} people" in texts(at)


def test_wrong_join_code_warns_and_shows_no_workshop_section(shared_workshop):
    at = open_page(join="not-the-code")
    assert any("does not match" in w.value for w in at.warning)
    at.switch_page(MY_DATA).run()
    assert not at.exception
    assert not any(h.startswith("Your workshop") for h in headers(at))
    assert not workshop_toggles(at)


def test_without_a_join_link_there_is_no_workshop_section(shared_workshop):
    at = open_page(MY_DATA)
    assert not any(h.startswith("Your workshop") for h in headers(at))
    assert not workshop_toggles(at)


# --- the facilitator ---------------------------------------------------------------------------


def facilitator(key: str | None):
    at = open_page(FACILITATOR)
    if key is not None:
        at.text_input(key="facilitator_key_input").input(key)
        button(at, "Open the facilitator view").click().run()
        assert not at.exception, at.exception
    return at


def room_with(data_dir, n: int) -> None:
    room = open_workspace(workshop.workshop_key(JOIN), data_dir)
    theme = content.theme_ids()[0]
    for i in range(n):
        workshop.push(
            room,
            workshop.new_member_id(),
            {
                "activities": {"application": 3, "networking": 1},
                "rejections": 2,
                "reflections": 1,
                "reframes": 1,
                "themes": {theme: 2},
                "mood_change": float(i),
                "confidence_change": 1.0,
                "reframe_shift": 20.0,
            },
        )


def assert_nothing_shown(at) -> None:
    assert "The room, in numbers" not in headers(at)
    assert "Invite the room" not in headers(at)
    assert JOIN not in texts(at)
    assert not at.metric
    assert not at.get("image")  # no QR code


@pytest.mark.parametrize("key", [None, "wrong", KEY.lower(), KEY + " ", KEY[:-1]])
def test_facilitator_page_without_the_right_key_shows_nothing(shared_workshop, key):
    room_with(shared_workshop, 6)
    at = facilitator(key)
    assert_nothing_shown(at)
    if key:
        assert "does not match" in texts(at)


def test_right_key_with_fewer_than_five_shows_the_threshold(shared_workshop):
    room_with(shared_workshop, 4)
    at = facilitator(KEY)
    assert "Invite the room" in headers(at)
    assert any(f"/?join={JOIN}" in c.value for c in at.code)
    assert "The room, in numbers" in headers(at)
    assert any(f"4 of the {workshop.MINIMUM_ROOM} people needed" in i.value for i in at.info)
    assert not at.metric


def test_right_key_with_an_empty_room(shared_workshop):
    at = facilitator(KEY)
    assert any(f"0 of the {workshop.MINIMUM_ROOM} people needed" in i.value for i in at.info)


def test_right_key_with_five_shows_the_room(shared_workshop):
    room_with(shared_workshop, 5)
    at = facilitator(KEY)
    assert not any("people needed" in i.value for i in at.info)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Average mood change": "+2.0",  # mean of 0..4
        "Average confidence change": "+1.0",
        "Average thought-record shift": "20.0 points",
    }
    page = texts(at)
    assert "5 people are sharing" in page and "10 rejections" in page
    assert "application 15" in page and "networking 5" in page
    themes = at.dataframe[0].value
    assert list(themes["People"]) == [5]
    assert list(themes["Theme"]) == [content.theme_labels()[content.theme_ids()[0]]]


def test_facilitator_page_without_workshop_setup(data_dir, monkeypatch):
    monkeypatch.setenv("REBOUND_MODE", "shared")
    for var in ("NAME", "JOIN_CODE", "FACILITATOR_KEY"):
        monkeypatch.delenv("REBOUND_WORKSHOP_" + var, raising=False)
    at = open_page(FACILITATOR)
    assert any("Workshop mode is not set up" in i.value for i in at.info)
    assert not [t for t in at.text_input if t.key == "facilitator_key_input"]
