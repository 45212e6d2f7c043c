"""Reflect and follow up in a real browser: write a reflection, ask for feedback, log it with a theme,
and see the theme counted on Reflect."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from rebound import clock, journal
from rebound.storage import open_workspace
from tests.e2e.helpers import (
    assert_no_serious_a11y,
    choose,
    click_button,
    click_sidebar,
    fill_text,
    main_text,
    unique,
    wait_for_app,
)

REFLECTION_THEMES = "Themes (pick from the list, or type your own and press Enter)"
FEEDBACK_THEMES = "Themes in their feedback (pick, or type your own and press Enter)"


def pick_theme(page, label: str, option: str) -> None:
    """Type into a multiselect and pick the matching option, then close the list."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.press_sequentially(option, delay=20)
    page.get_by_role("option", name=option, exact=True).first.click()
    box.press("Escape")
    page.wait_for_timeout(150)


def test_reflect_request_feedback_log_it_and_see_the_theme(page, start_server):
    # A server and journal of its own: a retry after a slow first attempt starts from an empty journal
    # (on the module's shared one it met the first attempt's theme and failed on "No themes yet.").
    server_personal = start_server("personal")
    company = unique("Acme")
    ws = open_workspace("personal", server_personal.data_dir)
    today = clock.today()
    journal.save(
        ws,
        "rejections",
        {"company": company, "role": "Data Engineer", "stage": "final", "rejected_on": today.isoformat()},
        today,
    )

    # --- Reflect: write a reflection tagged with a shipped theme
    # the first run imports pandas and Plotly: give it longer on a busy machine
    page.goto(server_personal.url("/Reflect"), wait_until="domcontentloaded")
    wait_for_app(page, timeout=90_000)
    assert page.locator("[data-testid='stException']").count() == 0
    expect(page.get_by_text("No themes yet.")).to_be_visible(timeout=60_000)  # the patterns part draws last
    fill_text(page, "What went well?", "I explained the pipeline clearly.")
    fill_text(page, "What would you do differently?", "Practise trade-offs in system design.")
    pick_theme(page, REFLECTION_THEMES, "System design")
    click_button(page, "Save reflection")
    expect(page.get_by_text("Reflection saved.")).to_be_visible()
    expect(page.get_by_text("Each theme has come up once so far.")).to_be_visible()
    assert_no_serious_a11y(page, "on Reflect after saving a reflection")

    # --- Follow up: ask for feedback and mark it sent
    click_sidebar(page, "Follow up")
    expect(page.get_by_role("heading", name="Ask for feedback")).to_be_visible()
    fill_text(page, "Their name", "Sam")
    expect(page.get_by_label("Your request (edit freely)", exact=True)).to_have_value(re.compile(r"^Hi Sam,"))
    choose(page, "Where is it at?", "Sent, waiting to hear")
    click_button(page, "Save feedback request")
    expect(page.get_by_text("Saved. Asking for feedback takes courage.")).to_be_visible()
    assert_no_serious_a11y(page, "on Follow up after saving a request")

    # --- their reply arrives: log it with a theme
    page.get_by_text("To Sam — Sent, waiting to hear").click()
    log_button = page.get_by_role("button", name="Log their feedback", exact=True)
    expect(log_button).to_be_visible()
    editing = page.get_by_role("heading", name="Edit this feedback request")
    for attempt in range(2):  # a click that lands while the expander still opens can be lost: try once more
        click_button(page, "Log their feedback")
        try:
            expect(editing).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            if attempt:
                raise
    fill_text(page, "What did they say?", "Good communication; go deeper on system design.")
    pick_theme(page, FEEDBACK_THEMES, "System design")
    click_button(page, "Save changes")
    expect(page.get_by_text("Changes saved.")).to_be_visible()
    [rec] = ws.all("feedback_requests")
    assert rec["status"] == "received" and rec["themes"] == ["system_design"]

    # --- back on Reflect the theme is counted from both sources
    click_sidebar(page, "Reflect")
    wait_for_app(page)
    expect(
        page.get_by_text("‘System design’ has come up twice: in 1 reflection and 1 piece of feedback.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Turn into a skill")).to_be_visible()
    assert "System design · 2 times" in main_text(page)
    assert page.locator("[data-testid='stPlotlyChart']").count() >= 2
