"""Every page in the pseudo-locale ``en_XA``: no visible string that was never marked for translation.

Each page is opened empty and with a month of journal (benchmarks.generate), and each of its forms is
sent empty so that its error messages show; every tab and expander is drawn by AppTest at once. What
the journal holds (the person's own words) may stay plain; everything else must be wrapped ⟦ ⟧.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.generate import generate
from rebound import clock
from rebound.storage import open_workspace
from tests import pseudo
from tests.apptest.conftest import open_page

PAGES = [None] + [
    "pages/1_Understand.py",
    "pages/2_Reflect.py",
    "pages/3_Follow_up.py",
    "pages/4_Reframe.py",
    "pages/5_Support.py",
    "pages/6_Next_steps.py",
    "pages/7_Grow.py",
    "pages/8_Progress.py",
    "pages/9_My_data.py",
    "pages/10_Workshop.py",
]


def _open(page: str | None) -> AppTest:
    return open_page(page, "en_XA")


def _problems(at: AppTest, allowed: set[str]) -> list[str]:
    return pseudo.unwrapped(pseudo.visible_strings(at), allowed)


def _sweep(page: str | None, allowed: set[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    at = _open(page)
    found["page"] = _problems(at, allowed)
    submits = [b for b in at.button if b.proto.is_form_submitter]
    for nth in range(len(submits)):
        at = _open(page)
        button = [b for b in at.button if b.proto.is_form_submitter][nth]
        button.click().run()
        assert not at.exception, at.exception
        found[f"form {button.proto.form_id} sent empty"] = _problems(at, allowed)
    return {where: strings for where, strings in found.items() if strings}


def _report(problems: dict[str, list[str]]) -> str:
    return "strings never marked for translation:\n" + "\n".join(
        f"  [{where}] {text!r}" for where, strings in problems.items() for text in strings
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p or "app.py")
def test_every_string_of_an_empty_journal_is_marked(personal, page):
    problems = _sweep(page, set())
    assert not problems, _report(problems)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p or "app.py")
def test_every_string_of_a_month_old_journal_is_marked(personal, page):
    ws = open_workspace("personal", personal)
    generate(ws, scale=0.01, today=clock.today())
    problems = _sweep(page, pseudo.user_texts(ws.export()))
    assert not problems, _report(problems)


def test_negative_control_one_unmarked_string_is_caught(personal):
    script = """
import streamlit as st
from rebound import i18n
from rebound.i18n import _
with i18n.use("en_XA"):
    st.caption(_("Changes saved."))
    st.caption("Saved on " + i18n.format_date(__import__("datetime").date(2026, 3, 2)))
    st.button(_("Cancel"), help="Takes you back")
"""
    at = AppTest.from_string(script).run()
    assert pseudo.unwrapped(pseudo.visible_strings(at)) == ["Saved on 2 Mar 2026", "Takes you back"]
