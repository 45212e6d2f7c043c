"""Next steps in a real browser: set a weekly goal, log effort that meets it, see the streak."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from rebound import clock, journal
from rebound.storage import open_workspace
from tests.e2e.helpers import (
    after,
    assert_no_serious_a11y,
    choose,
    click_button,
    wait_for_app,
)

SLOW = 20_000  # ms: elements inside a tab load their code on first view; a busy machine needs longer


def open_tab(page, name: str) -> None:
    """Only the open tab runs: a click reruns the page; wait for that run."""
    after(page, lambda: page.get_by_role("tab", name=name, exact=True).click())


def metric(page, label: str):
    return page.locator("[data-testid='stMetric']").filter(has_text=label).locator("[data-testid='stMetricValue']")


def test_log_effort_meet_the_weekly_goal_and_see_the_streak(page, server_personal):
    # The first run imports pandas, plotly and icalendar in a fresh server: allow it a minute on a busy machine.
    page.goto(server_personal.url("/Next_steps"), wait_until="domcontentloaded")
    wait_for_app(page, timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    open_tab(page, "This week")
    expect(page.get_by_text("Set weekly effort goals in the first tab")).to_be_visible()
    open_tab(page, "Direction & goals")

    # Direction & goals (the first tab): two applications a week
    goal = page.get_by_label("Applications per week", exact=True)
    goal.fill("2")
    goal.blur()
    click_button(page, "Save goals")
    expect(page.get_by_text("Weekly goals saved.")).to_be_visible()
    expect(page.get_by_text("Each week: 2 applications.")).to_be_visible()

    # This week: nothing yet, then log two applications
    open_tab(page, "This week")
    expect(page.get_by_text("This week so far: 0 of 2").first).to_be_visible()
    expect(metric(page, "Weeks in a row, all goals")).to_have_text("0", timeout=SLOW)
    choose(page, "Kind", "Applications")
    count = page.get_by_label("How many", exact=True)
    count.fill("2")
    count.blur()
    click_button(page, "Log it")
    open_tab(page, "This week")  # stays selected in most versions; harmless when it is

    expect(page.get_by_text("Logged. Every bit of effort counts.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"2 of 2 applications this week.*goal met"))).to_be_visible()
    expect(metric(page, "Weeks in a row, all goals")).to_have_text("1", timeout=SLOW)
    expect(metric(page, "Days in a row with some effort")).to_have_text("1", timeout=SLOW)
    expect(page.get_by_text("Goal met this week.").first).to_be_visible()
    assert_no_serious_a11y(page, "on Next steps after logging")

    # it is saved: a reload shows the same streak
    page.reload(wait_until="domcontentloaded")
    wait_for_app(page)
    open_tab(page, "This week")
    expect(metric(page, "Weeks in a row, all goals")).to_have_text("1", timeout=SLOW)
    expect(page.get_by_text(re.compile(r"2 of 2 applications this week"))).to_be_visible(timeout=SLOW)


def test_axe_no_serious_violations_with_data(page, server_personal):
    store = open_workspace("personal", server_personal.data_dir)
    day = clock.today()
    journal.save_profile(store, {"weekly_goals": {"networking": 1}, "long_term_goal": "Lead a small team"}, day)
    journal.save(store, "activities", {"date": day.isoformat(), "kind": "networking", "count": 1}, day)
    page.goto(server_personal.url("/Next_steps"), wait_until="domcontentloaded")
    wait_for_app(page, timeout=60_000)
    open_tab(page, "This week")
    expect(metric(page, "Days in a row with some effort")).to_have_text("1", timeout=SLOW)
    assert_no_serious_a11y(page, "on Next steps")
