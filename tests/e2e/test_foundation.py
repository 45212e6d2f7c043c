"""The foundation in a real browser: saving survives a reload, the private link survives every
link in the sidebar, journals never leak into each other, bad links fail closed, accessibility."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import expect

from rebound import clock
from rebound.access import is_valid_token, link_key, new_token
from rebound.storage import open_workspace
from tests.e2e.helpers import (
    assert_no_serious_a11y,
    choose,
    click_button,
    click_sidebar,
    fill_text,
    goto,
    main_text,
    query,
    sidebar_pages,
    unique,
    wait_for_app,
)

SAVED = "Saved. That took courage."
BAD_LINK = "did not look like a Rebound private link"


def log_rejection(page, company: str, role: str = "Data analyst", stage: str = "Interview") -> None:
    """Fill and save the Understand page's rejection form (the page must be open)."""
    fill_text(page, "Company", company)
    fill_text(page, "Role", role)
    choose(page, "How far did you get?", stage)
    click_button(page, "Save rejection")
    expect(page.get_by_text(SAVED)).to_be_visible()


def rejection_entry(page, company: str):
    """The expander that lists a logged rejection (Understand and Home both use one per rejection), not the
    application Understand lists for it too."""
    expanders = "[data-testid='stMain'] [data-testid='stExpander']:not(.st-key-application_list *)"
    return page.locator(f"{expanders} summary").filter(has_text=company)


def open_fresh_journal(page, server, path: str = "/") -> str:
    """Open a page without a link (a new visitor) and return the token the app sets in the URL."""
    goto(page, server.url(path))
    token = query(page).get("w")
    assert is_valid_token(token), f"no valid ?w= token in {page.url}"
    return token


def add_rejection(ws, company: str) -> None:
    ws.add(
        "rejections",
        {"company": company, "role": "Designer", "stage": "screen", "rejected_on": clock.today().isoformat()},
    )


def assert_no_exception(page, where: str) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, f"{where} shows an exception:\n{errors.first.inner_text()[:1500]}"


# --- personal mode ------------------------------------------------------------------------------


def test_personal_rejection_survives_reload(page, server_personal):
    company = unique("Reload Co")
    goto(page, server_personal.url("/Understand"))
    assert_no_exception(page, "Understand")

    log_rejection(page, company, role="Product manager", stage="Interview")
    expect(rejection_entry(page, company)).to_have_count(1)

    page.reload(wait_until="domcontentloaded")
    wait_for_app(page)
    expect(rejection_entry(page, company)).to_have_count(1)
    expect(rejection_entry(page, company)).to_contain_text("Product manager")
    expect(page.get_by_text(SAVED)).to_have_count(0)  # the flash was shown once, the entry stays

    stored = open_workspace("personal", server_personal.data_dir).all("rejections")
    assert [r["company"] for r in stored].count(company) == 1


# --- shared mode: the private link --------------------------------------------------------------


def test_shared_link_survives_every_sidebar_link(page, server_shared):
    token = open_fresh_journal(page, server_shared)
    company = unique("Canary Nav")
    click_sidebar(page, "Understand")
    assert query(page).get("w") == token
    log_rejection(page, company)

    pages = sidebar_pages(page)
    labels = [label for label, _ in pages]
    assert {"Home", "Understand", "My data"} <= set(labels), labels
    assert all(f"w={token}" in href for _, href in pages), pages
    crashed = []
    for label in labels:
        click_sidebar(page, label)
        assert query(page).get("w") == token, f"after the sidebar link {label!r} the URL is {page.url}"
        assert BAD_LINK not in main_text(page), f"{label} started a new journal"
        if label in ("Home", "Understand"):
            expect(rejection_entry(page, company)).to_have_count(1)
        errors = page.locator("[data-testid='stException']")
        if errors.count():
            crashed.append(f"{label}: {errors.first.inner_text()[:600]}")

    click_sidebar(page, "Understand")
    assert query(page).get("w") == token
    expect(rejection_entry(page, company)).to_have_count(1)
    # ... and the link itself opens the same journal in a new tab
    other = page.context.new_page()
    goto(other, server_shared.url("/", w=token))
    expect(rejection_entry(other, company)).to_have_count(1)
    assert not crashed, "pages crashed with one rejection logged:\n" + "\n\n".join(crashed)


def test_two_links_never_see_each_other(new_page, server_shared):
    visitors = []
    for name in ("Canary A", "Canary B"):
        page = new_page()
        token = open_fresh_journal(page, server_shared, "/Understand")
        company = unique(name)
        log_rejection(page, company)
        visitors.append((page, token, company))

    (page_a, token_a, canary_a), (page_b, token_b, canary_b) = visitors
    assert token_a != token_b
    for page, token, own, other in ((page_a, token_a, canary_a, canary_b), (page_b, token_b, canary_b, canary_a)):
        for label in ("Home", "Understand"):  # each click reruns the page: it reads the journal again
            click_sidebar(page, label)
            assert query(page).get("w") == token
            expect(rejection_entry(page, own)).to_have_count(1)
            assert other not in main_text(page), f"{other!r} leaked into another journal on {label}"


@pytest.mark.parametrize("given", ["personal", "abc"])
def test_bad_link_opens_nobodys_journal(page, server_shared, given):
    secret = unique("Personal secret")
    add_rejection(open_workspace("personal", server_shared.data_dir), secret)
    with contextlib.suppress(ValueError):  # "abc" is not a token at all: no link journal can exist for it
        add_rejection(open_workspace(link_key(given), server_shared.data_dir), secret)

    for path in ("/", "/Understand"):
        goto(page, server_shared.url(path, w=given))
        token = query(page).get("w")
        assert token != given and is_valid_token(token), f"URL still carries a bad token: {page.url}"
        expect(page.get_by_text(BAD_LINK)).to_be_visible()
        assert secret not in main_text(page)
    expect(page.get_by_text("Nothing logged yet")).to_be_visible()


# --- accessibility and keyboard -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/", "Home"),
        ("/Understand", "Understand"),
        ("/My_data", "My data"),
    ],
)
def test_axe_no_serious_violations(page, server_shared, path, name):
    token = new_token()
    ws = open_workspace(link_key(token), server_shared.data_dir)
    company = unique("Axe Co")
    add_rejection(ws, company)
    ws.add("checkins", {"date": clock.today().isoformat(), "mood": 4, "confidence": 6, "emotions": ["sad"]})

    goto(page, server_shared.url(path, w=token))
    assert_no_exception(page, name)
    shows_data = "1 rejection" if name == "My data" else company
    expect(page.locator("[data-testid='stMain']")).to_contain_text(shows_data)  # checked with data, not empty
    assert_no_serious_a11y(page, f"on {name}")


def test_company_field_reachable_by_keyboard(page, server_personal):
    goto(page, server_personal.url("/Understand"))
    page.locator("body").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.getAttribute('aria-label')") == "Company":
            break
    else:
        pytest.fail("Tab never reached the Company field on Understand")
    page.keyboard.type("Keyboard Ltd")
    expect(page.get_by_label("Company", exact=True)).to_have_value("Keyboard Ltd")
