"""Reframe in a real browser: complete a thought record and see its before/after shift on the page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.helpers import assert_no_serious_a11y, click_button, fill_text, goto, main_text, unique, wait_for_app


def rate(page, label: str, value: int) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(str(value))
    box.blur()


def test_thought_record_shows_its_shift(page, server_personal):
    goto(page, server_personal.url("/Reframe"))
    assert page.locator("[data-testid='stException']").count() == 0
    expect(page.get_by_text("No thought records yet. Once you save one")).to_be_visible()

    thought = unique("I'll never get a job like this")
    fill_text(page, "1 · The situation", "Heard no after the final round.")
    fill_text(page, "2 · The thought that came up", thought)
    rate(page, "How strong, 0–100, right now", 80)
    # A peek at another tab keeps what was typed (the fields do not live in a form)
    page.get_by_role("tab", name="Success stories", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("Brian Acton")).to_be_visible()
    page.get_by_role("tab", name="Thought records", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_label("2 · The thought that came up", exact=True)).to_have_value(thought)

    fill_text(page, "6 · Evidence against it", "I reached the final round out of many applicants.")
    fill_text(page, "7 · A more balanced thought", "This one hurt, and I am getting closer.")
    rate(page, "9 · How strong is the feeling now, 0–100?", 30)
    click_button(page, "Save thought record")

    expect(page.get_by_text("Thought record saved.")).to_be_visible()
    expect(page.get_by_text("Before → after: 80 → 30 (eased by 50)")).to_be_visible()
    expect(page.get_by_text("Across 1 thought record, the feeling eased by 50 points on average")).to_be_visible()
    expect(page.locator("[data-testid='stPlotlyChart']")).to_have_count(1)
    expect(page.locator("[data-testid='stExpander']").filter(has_text=thought)).to_contain_text("80 → 30 (eased by 50)")
    assert_no_serious_a11y(page, "on Reframe after saving a thought record")

    # saved, not just shown: a reload still has it
    page.reload(wait_until="domcontentloaded")
    wait_for_app(page)
    assert "80 → 30 (eased by 50)" in main_text(page)
