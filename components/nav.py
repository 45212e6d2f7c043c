"""The sidebar journey: every page, grouped by stage, each link carrying the private link."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from rebound.i18n import N_, _

ROOT = Path(__file__).resolve().parent.parent

# (group, page file, label, Material icon)
PAGES: list[tuple[str, str, str, str]] = [
    ("", "app.py", N_("Home"), ":material/home:"),
    (N_("1 · Understand"), "pages/1_Understand.py", N_("Understand"), ":material/favorite:"),
    (N_("2 · Reflect"), "pages/2_Reflect.py", N_("Reflect"), ":material/psychology:"),
    (N_("2 · Reflect"), "pages/3_Follow_up.py", N_("Follow up"), ":material/mail:"),
    (N_("3 · Reframe"), "pages/4_Reframe.py", N_("Reframe"), ":material/autorenew:"),
    (N_("3 · Reframe"), "pages/5_Support.py", N_("Support"), ":material/group:"),
    (N_("4 · Next steps"), "pages/6_Next_steps.py", N_("Next steps"), ":material/directions_walk:"),
    (N_("4 · Next steps"), "pages/7_Grow.py", N_("Grow"), ":material/trending_up:"),
    (N_("Your journey"), "pages/8_Progress.py", N_("Progress"), ":material/insights:"),
    (N_("Your journey"), "pages/9_My_data.py", N_("My data"), ":material/lock:"),
    (N_("Running a workshop"), "pages/10_Workshop.py", N_("Workshop"), ":material/groups:"),
]
WORKSHOP_ONLY = {"pages/10_Workshop.py"}

# A keyboard focus ring on the sidebar links that cannot be mistaken for the current page (which
# Streamlit marks with a filled background): a thick outline with a gap. Static CSS, never user text.
FOCUS_CSS = """<style>
[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]:focus-visible {
  outline: 3px solid #1d4ed8;
  outline-offset: 2px;
  box-shadow: 0 0 0 5px #ffffff;
  text-decoration: underline;
}
</style>"""


def available(page: str) -> bool:
    return (ROOT / page).exists()


def link_params(token: str | None) -> dict[str, str] | None:
    return {"w": token} if token else None


def page_link(page: str, label: str, token: str | None, icon: str | None = None, **kwargs) -> None:
    """A link to a page that keeps the person in their own journal."""
    if available(page):
        st.page_link(page, label=label, icon=icon, query_params=link_params(token), **kwargs)


def sidebar(token: str | None, workshop: bool = False) -> None:
    st.html(FOCUS_CSS)  # style only: Streamlit adds it without taking room on the page
    group = None
    for grp, page, label, icon in PAGES:
        if not available(page) or (page in WORKSHOP_ONLY and not workshop):
            continue
        if grp != group and grp:
            st.sidebar.caption(_(grp))
        group = grp
        with st.sidebar:
            page_link(page, _(label), token, icon)
