"""Workshop mode in a real browser: a facilitator with the presenter view and six attendees (one on a phone).

One server for the module; the room scenario reuses its browser contexts: the threshold with empty
journals, a reload after joining, the doctored join link, the export and ending the workshop.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rebound import access
from tests.e2e.conftest import (
    after,
    assert_no_serious_a11y,
    click_button,
    fill_text,
    goto,
    launch_server,
    main_text,
    query,
    wait_for_app,
)

JOIN = "e2e-room-4c1d"
KEY = "e2e-Facilitator-Key-77"
NAME = "Evening cohort"
SHARE = "Share anonymous numbers with my workshop"
PHONE = {"width": 390, "height": 844}
WORKSHOP_ENV = {
    "REBOUND_WORKSHOP_NAME": NAME,
    "REBOUND_WORKSHOP_JOIN_CODE": JOIN,
    "REBOUND_WORKSHOP_FACILITATOR_KEY": KEY,
    "REBOUND_EPHEMERAL": "false",
}


@pytest.fixture(scope="module")
def workshop_server(_playwright, tmp_path_factory):
    with launch_server("shared", tmp_path_factory.mktemp("workshop_data"), WORKSHOP_ENV) as server:
        yield server


def open_facilitator(page, server) -> None:
    goto(page, server.url("/Workshop"))
    fill_text(page, "Facilitator key", KEY)
    click_button(page, "Open the facilitator view")
    page.get_by_role("heading", name="The room, in numbers").wait_for()


def rerun(page) -> None:
    """Run the page again without losing the session (the facilitator stays signed in)."""
    click_button(page, "Presenter view")
    click_button(page, "Leave the presenter view")


def journal_of(page, server):
    from rebound.storage import open_workspace

    return open_workspace(access.link_key(query(page)["w"]), server.data_dir)


def give_numbers(ws, rejections: int) -> None:
    """Entries written straight into an attendee's journal (the forms have their own tests)."""
    for i in range(rejections):
        ws.add(
            "rejections", {"company": f"Co {i}", "role": "Analyst", "stage": "interview", "rejected_on": "2026-03-02"}
        )
    ws.add("checkins", {"date": "2026-03-01", "mood": 2, "confidence": 3})
    ws.add("checkins", {"date": "2026-03-09", "mood": 9, "confidence": 4})


def join(page, server, **extra) -> None:
    goto(page, server.url("/", join=JOIN, **extra))
    expect(page.get_by_text(f"You have joined {NAME}.")).to_be_visible()


def share(page) -> None:
    after(page, page.get_by_text(SHARE, exact=True).click)
    expect(page.get_by_role("switch", name=SHARE)).to_be_checked()


def test_the_key_has_no_reveal_control_and_wrong_keys_wait(page, workshop_server):
    goto(page, workshop_server.url("/Workshop"))
    box = page.get_by_label("Facilitator key", exact=True)
    expect(box).to_have_attribute("type", "password")
    expect(page.get_by_role("button", name="Show password")).to_have_count(0)  # nothing to reveal it on a projector
    fill_text(page, "Facilitator key", "not-the-key")
    click_button(page, "Open the facilitator view")
    text = main_text(page)
    assert "does not match" in text and "try again in" in text
    assert "Invite the room" not in text and JOIN not in text
    expect(box).to_have_value("")  # the typed key does not stay in the page


@pytest.fixture
def phone_page(browser):
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    ctx.set_default_timeout(15_000)
    ctx.set_default_navigation_timeout(30_000)
    yield ctx.new_page()
    ctx.close()


def test_a_room_of_six_with_the_presenter_view(new_page, phone_page, workshop_server):
    server = workshop_server
    fac = new_page()
    open_facilitator(fac, server)
    assert "w" not in query(fac)  # the facilitator's own private link stays off the projector
    expect(fac.get_by_text("phones in the room cannot reach", exact=False)).to_be_visible()  # 127.0.0.1
    assert_no_serious_a11y(fac, "on the Workshop page")
    click_button(fac, "Presenter view")
    qr = fac.get_by_role("img", name="QR code of the join link")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 500  # large enough to scan from the back of a room
    link = f"{server.base_url}/?join={JOIN}"
    expect(fac.get_by_role("heading", name=link)).to_be_visible()
    assert KEY not in main_text(fac) and "?w=" not in main_text(fac)
    assert_no_serious_a11y(fac, "in the presenter view")
    click_button(fac, "Leave the presenter view")

    # One real attendee on a phone, four empty journals that share: nothing of that one person shows.
    phone = phone_page
    join(phone, server)
    share(phone)
    give_numbers(journal_of(phone, server), 3)
    goto(phone, phone.url)  # a reload after joining keeps the workshop (and sends the new numbers)
    expect(phone.get_by_text(f"You are part of {NAME}.")).to_be_visible()
    expect(phone.get_by_role("switch", name=SHARE)).to_be_checked()
    assert_no_serious_a11y(phone, "on Home at phone size")
    victim_token = query(phone)["w"]

    others = []
    for _ in range(4):
        p = new_page()
        join(p, server)
        share(p)
        others.append(p)
    rerun(fac)
    text = main_text(fac)
    assert "5 joined, 5 sharing numbers" in text
    assert "No figure has 5 people behind it yet" in text
    assert "3 rejections" not in text and "+7.0" not in text

    # The doctored join link carries someone else's private link: it opens a journal of one's own.
    sixth = new_page()
    sixth.goto(server.url("/", join=JOIN, w=victim_token), wait_until="domcontentloaded")
    wait_for_app(sixth, sidebar=False)  # only the choice shows: no journal, no links
    expect(sixth.get_by_text("join link only ever opens your own journal", exact=False)).to_be_visible()
    click_button(sixth, "Start my own journal")
    assert query(sixth)["w"] != victim_token
    expect(sixth.get_by_text(f"You have joined {NAME}.")).to_be_visible()
    share(sixth)
    others.append(sixth)

    # Five people change their numbers: the room's figures update, each with at least five behind it.
    for p in others[:5]:
        give_numbers(journal_of(p, server), 1)
        goto(p, p.url)
    rerun(fac)
    expect(fac.get_by_text("8 rejections logged", exact=False)).to_be_visible()
    expect(fac.get_by_text("6 joined, 6 sharing numbers", exact=False)).to_be_visible()

    with fac.expect_download() as download:
        fac.get_by_role("button", name="Download the room's figures (CSV)").click()
    csv_text = download.value.path().read_text(encoding="utf-8")
    assert "figure,value,people" in csv_text and "Rejections logged,8,6" in csv_text
    assert "Average mood change,7.0,6" in csv_text

    click_button(fac, "End this workshop")
    click_button(fac, "Yes, end it")
    expect(fac.get_by_text("This workshop has ended: nobody can join", exact=False)).to_be_visible()
    expect(fac.get_by_text("8 rejections logged", exact=False)).to_be_visible()  # the figures stay
    goto(phone, phone.url)
    expect(phone.get_by_text("has ended. Your journal is still yours", exact=False)).to_be_visible()
    late = new_page()
    goto(late, server.url("/", join=JOIN))
    expect(late.get_by_text("That workshop has ended.", exact=False)).to_be_visible()
