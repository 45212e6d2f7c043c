"""A browser that remembers its journal (issue 16, part 2), on a real ``streamlit run serve.py``.

- On a phone: join, save the link (this device remembers it), add a record, close the tab, scan the
  same QR link again: the same journal opens, says so, and the record is there. Beside it, the
  negative control: a phone that joins without remembering gets a fresh, empty journal on the
  re-scan (today's behaviour), and the same check catches it.
- A forged link: a browser that remembers journal A opens ``/?w=<B>`` and sees the notice, not B's
  journal, on every real page load, until it chooses; "Go back" returns to A, "Switch" opens B.
- Joining with a journal that already has entries (remembered from My data), the cookie's flags,
  and "Forget this device".

Negative control, run by hand: this module against the code before this change (app.py without the
routes, the join without the cookie) fails in the first test at the re-scan: a new, empty journal
opened and the record was not there.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rebound import access
from rebound.remember import COOKIE
from rebound.storage import open_workspace
from tests.e2e.conftest import (
    assert_no_serious_a11y,
    click_button,
    goto,
    launch_server,
    main_text,
    query,
    unique,
    wait_for_app,
)

JOIN = "e2e-remember-5b2e"
NAME = "Morning cohort"
PHONE = {"width": 390, "height": 844}
ENV = {
    "REBOUND_WORKSHOP_NAME": NAME,
    "REBOUND_WORKSHOP_JOIN_CODE": JOIN,
    "REBOUND_WORKSHOP_FACILITATOR_KEY": "e2e-Remember-Key-2026",
    "REBOUND_EPHEMERAL": "false",
}
REMEMBER = "Remember my journal on this device"


@pytest.fixture(scope="module")
def server(_playwright, tmp_path_factory):
    with launch_server("shared", tmp_path_factory.mktemp("remember_data"), ENV) as server:
        yield server


def phone(browser):
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    ctx.set_default_timeout(15_000)
    ctx.set_default_navigation_timeout(30_000)
    return ctx


def post_form(page, name: str) -> None:
    """Click one of the remember/forget buttons: a real form post, then the page loads again."""
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_role("button", name=name, exact=True).click()
    wait_for_app(page)


def open_bare(page, url: str) -> None:
    """Open ``url`` where the page may stop before its sidebar (the notice about another journal)."""
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page, sidebar=False)


def add_rejection(server, token: str) -> str:
    company = unique("Northwind")
    ws = open_workspace(access.link_key(token), server.data_dir)
    ws.add("rejections", {"company": company, "role": "Analyst", "stage": "interview", "rejected_on": "2026-03-02"})
    return company


def the_cookie(ctx) -> dict | None:
    return next((c for c in ctx.cookies() if c["name"] == COOKIE), None)


def test_on_a_phone_scanning_the_code_again_opens_the_same_journal(browser, server):
    join_link = server.url("/", join=JOIN)
    ctx = phone(browser)
    try:
        tab = ctx.new_page()
        goto(tab, join_link)
        expect(tab.get_by_role("heading", name="Save your link")).to_be_visible()
        token = query(tab)["w"]
        expect(tab.get_by_text(f"/?w={token}", exact=False).first).to_be_visible()
        mailto = tab.get_by_role("link", name="Email it to myself").get_attribute("href")
        assert mailto.startswith("mailto:?subject=") and token in mailto
        expect(tab.get_by_role("img", name="QR code of your private link")).to_be_visible()
        assert_no_serious_a11y(tab, "on the Save your link step at phone size")
        post_form(tab, REMEMBER)
        expect(tab.get_by_text("this device now remembers your journal", exact=False)).to_be_visible()
        assert query(tab)["w"] == token
        expect(tab.get_by_role("heading", name="Save your link")).to_be_visible()  # until confirmed
        click_button(tab, "I have saved my link")
        expect(tab.get_by_role("heading", name="Save your link")).to_have_count(0)
        company = add_rejection(server, token)
        tab.close()

        again = ctx.new_page()  # the same phone scans the same QR code again
        goto(again, join_link)
        expect(again.get_by_text("This device remembers your journal, so the join link opened it")).to_be_visible()
        assert query(again)["w"] == token
        expect(again.get_by_text(company, exact=False).first).to_be_visible()
        expect(again.get_by_text(f"You are part of {NAME}.")).to_be_visible()
        expect(again.get_by_role("heading", name="Save your link")).to_have_count(0)

        cookie = the_cookie(ctx)
        assert cookie and cookie["value"] == token
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and not cookie["secure"]  # plain http here
        assert again.evaluate("document.cookie").find(COOKIE) == -1  # no script on the page can read it
    finally:
        ctx.close()

    # Negative control: the same walk without remembering (today's behaviour) loses the journal.
    ctx = phone(browser)
    try:
        tab = ctx.new_page()
        goto(tab, join_link)
        token = query(tab)["w"]
        click_button(tab, "I have saved my link")
        company = add_rejection(server, token)
        tab.close()
        again = ctx.new_page()
        goto(again, join_link)
        assert query(again)["w"] != token and company not in main_text(again)
        assert the_cookie(ctx) is None
    finally:
        ctx.close()


def test_a_forged_link_never_opens_where_this_browser_remembers_its_journal(new_page, server):
    mine = new_page()
    goto(mine, server.url("/", join=JOIN))
    a = query(mine)["w"]
    post_form(mine, REMEMBER)
    b = access.new_token()  # the attacker's journal, with something in it
    canary = add_rejection(server, b)

    forged = mine.context.new_page()
    for _ in range(2):  # a real page load each time: the notice does not live in session state
        open_bare(forged, server.url("/", w=b))
        expect(forged.get_by_role("heading", name="This is not your journal")).to_be_visible()
        expect(forged.get_by_text("different journal from the one this device remembers", exact=False)).to_be_visible()
        assert canary not in forged.content()
        expect(forged.locator("[data-testid='stSidebar'] a")).to_have_count(0)  # no links into either journal
    assert_no_serious_a11y(forged, "on the notice about another journal")
    click_button(forged, "Go back to my journal")
    assert query(forged)["w"] == a
    expect(forged.get_by_text(f"You are part of {NAME}.")).to_be_visible()
    assert canary not in main_text(forged)

    open_bare(forged, server.url("/", w=b))
    click_button(forged, "Switch to this one")
    assert query(forged)["w"] == b
    expect(forged.get_by_text(canary, exact=False).first).to_be_visible()
    assert the_cookie(forged.context)["value"] == a  # switching in a tab does not change what is remembered


def test_join_with_a_remembered_journal_and_forget_this_device(new_page, server):
    page = new_page()
    goto(page, server.url("/"))
    token = query(page)["w"]
    company = add_rejection(server, token)
    goto(page, server.url("/My_data", w=token))
    expect(page.get_by_text("This device can remember your journal", exact=False)).to_be_visible()
    expect(page.get_by_text("the one open here holds 1 rejection", exact=False)).to_be_visible()  # which journal
    assert_no_serious_a11y(page, "on My data with the remember button")
    post_form(page, REMEMBER)
    assert page.url.split("?")[0].endswith("/My_data") and query(page)["w"] == token
    expect(page.get_by_text("this device now remembers your journal", exact=False)).to_be_visible()

    goto(page, server.url("/", join=JOIN))  # a fresh page load: only the cookie knows the journal
    expect(page.get_by_text(f"Join {NAME} with your journal?")).to_be_visible()
    assert_no_serious_a11y(page, "on the offer to join with one's journal")
    click_button(page, "Join with my journal")
    expect(page.get_by_text(f"You have joined {NAME}.")).to_be_visible()
    assert query(page)["w"] == token
    expect(page.get_by_text(company, exact=False).first).to_be_visible()

    goto(page, server.url("/My_data", w=token))
    post_form(page, "Forget this device")
    expect(page.get_by_text("This device has forgotten your journal", exact=False)).to_be_visible()
    assert query(page)["w"] == token  # this tab keeps it
    assert the_cookie(page.context) is None
    goto(page, server.url("/"))
    assert query(page)["w"] != token  # the browser no longer opens it without the link
