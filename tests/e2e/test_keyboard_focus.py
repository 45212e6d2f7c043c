"""Keyboard: a focused sidebar link shows a ring that the current page's style does not have."""

from __future__ import annotations

from tests.e2e.helpers import SIDEBAR_LINK, assert_no_serious_a11y, goto

_STYLE = """(el) => { const s = getComputedStyle(el);
  return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor,
          background: s.backgroundColor, weight: s.fontWeight}; }"""


def test_tabbing_through_the_sidebar_shows_a_focus_ring(page, server_personal, tmp_path):
    goto(page, server_personal.url("/Reflect"))
    links = page.locator(SIDEBAR_LINK)
    current = links.filter(has_text="Reflect").first
    links.first.focus()
    for _ in range(3):  # Home → Understand → Reflect → Follow up, by keyboard
        page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent")
    assert focused.endswith("Follow up"), focused
    ring = page.evaluate(_STYLE, page.evaluate_handle("() => document.activeElement"))
    assert ring["outline"] == "solid" and ring["width"] >= 2, ring
    here = current.evaluate(_STYLE)
    assert here["outline"] == "none" or here["width"] == 0, here  # the current page has no ring...
    assert (ring["outline"], ring["width"]) != (here["outline"], here["width"])  # ...so the two never look alike
    page.locator("[data-testid='stSidebar']").screenshot(path=str(tmp_path / "sidebar-focus.png"))
    assert_no_serious_a11y(page, "on Reflect with a sidebar link focused")
