"""Grow → Progress in a real browser: plan a skill, log practice, see it on the skill chart."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.helpers import after, click_button, click_sidebar, fill_text, main_text, unique, wait_for_app


def test_log_practice_on_grow_and_see_the_skill_chart(page, server_personal):
    name = unique("Window functions")
    # The first run imports pandas and plotly in a fresh server: allow it a minute on a busy machine.
    page.goto(server_personal.url("/Grow"), wait_until="domcontentloaded")
    wait_for_app(page, timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0

    fill_text(page, "Skill", name)
    click_button(page, "Save skill")
    expect(page.get_by_text("Skill saved.")).to_be_visible()
    expect(page.get_by_text("the level after it", exact=False)).to_be_visible()

    minutes = page.get_by_label("Minutes (optional)", exact=True)
    minutes.fill("30")
    minutes.blur()
    click_button(page, "Save practice")
    expect(page.get_by_text("Practice saved.", exact=False)).to_be_visible()
    assert "Practice log · 1 session" in main_text(page)

    click_sidebar(page, "Progress")
    wait_for_app(page, timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    expect(page.get_by_text("Skill level against target")).to_be_visible()
    charts = page.locator("[data-testid='stPlotlyChart']")
    expect(charts.first).to_be_attached()
    # The skill's line is in the chart's legend, and the practice summary counts the session.
    expect(page.locator(".legendtext", has_text=name).first).to_be_attached(timeout=20_000)
    assert "You practised for 30 min on 1 day in this period." in main_text(page)

    # A chart's table is made only when its expander opens (a lazy expander reruns the page): in the
    # browser it opens on one click, shows the session, and the chart is still drawn beside it.
    assert page.locator("[data-testid='stDataFrame']").count() == 0
    first_table = page.locator("[data-testid='stExpander']", has_text="See the data as a table").first
    after(page, lambda: first_table.locator("summary").click(), timeout=60_000)
    expect(first_table.locator("[data-testid='stDataFrame']")).to_be_visible(timeout=20_000)
    assert page.locator("[data-testid='stDataFrame']").count() == 1  # only the one opened
    assert page.locator("[data-testid='stException']").count() == 0
    expect(page.locator(".legendtext", has_text=name).first).to_be_attached(timeout=20_000)
