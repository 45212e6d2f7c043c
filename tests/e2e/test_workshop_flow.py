"""Workshop mode in a real browser: a facilitator with the presenter view and six attendees (one on a phone).

One server for the module; the room scenario reuses its browser contexts: the room's expected size
and the refused join beyond twice it, empty journals, a reload after joining, the doctored join
link, ε and the budget, two releases that spend it and freeze the figures, the export and ending.
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


def fresh_room(server) -> None:
    """Start from an empty room and an open workshop, so a rerun of the walk starts as the first did."""
    from rebound import workshop
    from rebound.storage import open_workspace

    for key in (workshop.workshop_key(JOIN), workshop.control_key(JOIN)):
        open_workspace(key, server.data_dir).destroy()


def test_a_room_of_six_with_the_presenter_view(new_page, phone_page, workshop_server):
    server = workshop_server
    fresh_room(server)
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

    # The facilitator expects 3 people: the link admits 6, and refuses the 7th.
    fill_text(fac, "How many people do you expect in the room?", "3", rerun=True)
    expect(fac.get_by_text("the link admits up to 6", exact=False)).to_be_visible()

    # One real attendee on a phone, four empty journals that share: nothing of that one person shows.
    phone = phone_page
    join(phone, server)
    share(phone)
    give_numbers(journal_of(phone, server), 3)
    goto(phone, phone.url)  # a reload after joining keeps the workshop (and sends the new numbers)
    expect(phone.get_by_text(f"You are part of {NAME}.")).to_be_visible()
    expect(phone.get_by_role("switch", name=SHARE)).to_be_checked()
    expect(phone.get_by_text("privacy budget (ε = 4)", exact=False)).to_be_visible()  # said in plain words
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
    assert "5 joined." in text and "sharing numbers" not in text  # no live count of who shares
    assert "No release yet" in text and "3 rejections" not in text and "+7" not in text
    expect(fac.get_by_text("Privacy budget (ε)", exact=True)).to_be_visible()

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

    # A seventh is one beyond twice the expected size: refused, with a message, and not counted.
    seventh = new_page()
    goto(seventh, server.url("/", join=JOIN))
    expect(seventh.get_by_text("This workshop is full", exact=False)).to_be_visible()
    expect(seventh.get_by_text(f"You have joined {NAME}.")).to_have_count(0)
    seventh.close()

    # The room's counts as 30 sharing people would leave them (the 24 beyond these six written
    # straight into the room's store), so a release reliably shows figures through its noise.
    from rebound import content, room_privacy, workshop
    from rebound.storage import open_workspace

    room = open_workspace(workshop.workshop_key(JOIN), server.data_dir)
    extra = {"sharing": 24, "mood:better": 24, "activity:materials": 24, "theme:" + content.theme_ids()[0]: 24}
    workshop.apply_delta(room, extra)

    release = f"Release the room's figures now (spends ε = {room_privacy.RELEASE_EPSILON:g})"
    click_button(fac, release)
    expect(fac.get_by_text("Release 1 is ready below.")).to_be_visible()
    text = main_text(fac)
    assert "people share numbers" in text and "Mood better" in text and "Résumé & portfolio about" in text
    assert "changed since" not in text
    assert_no_serious_a11y(fac, "with a release")
    with fac.expect_download() as download:
        fac.get_by_role("button", name="Download the room's figures (CSV)").click()
    csv_text = download.value.path().read_text(encoding="utf-8")
    assert csv_text.startswith("Figure,People") and "\nPeople sharing," in csv_text.replace("\r\n", "\n")

    # The second release spends the rest of the budget: the figures freeze, and the page says why.
    click_button(fac, release)
    expect(fac.get_by_text("Release 2 is ready below.")).to_be_visible()
    expect(fac.get_by_text("The privacy budget is spent", exact=False)).to_be_visible()
    expect(fac.get_by_text("figures are frozen", exact=False)).to_be_visible()
    expect(fac.get_by_role("button", name=release)).to_have_count(0)
    frozen = main_text(fac).split("Release 2, taken on")[1].split("Room tools")[0]
    rerun(fac)
    assert main_text(fac).split("Release 2, taken on")[1].split("Room tools")[0] == frozen

    click_button(fac, "End this workshop")
    click_button(fac, "Yes, end it")
    expect(fac.get_by_text("This workshop has ended: nobody can join", exact=False)).to_be_visible()
    expect(fac.get_by_text("Release 2, taken on", exact=False)).to_be_visible()  # the figures stay
    goto(phone, phone.url)
    expect(phone.get_by_text("has ended. Your journal is still yours", exact=False)).to_be_visible()
    late = new_page()
    goto(late, server.url("/", join=JOIN))
    expect(late.get_by_text("That workshop has ended.", exact=False)).to_be_visible()
