"""The first days on a new journal, in a real browser: what a discouraged person meets first.

- A second submit right after a save (a double click, Enter then a click, a second click on the
  emptied form) saves once and shows no error beside "Saved"; the success message stays.
- After a save, keyboard focus is on the emptied form's first field, not the top of the document.
- Every "choose or type" field takes the person's own words (typed, then Enter) and saves them.

Negative control: run against the code before these fixes (``git worktree add /tmp/old 55ed2bc``,
copy this file there, ``pytest tests/e2e/test_first_days.py``): the double click shows "Please
fill this in." beside "Saved", and focus is on the document's body; both tests fail there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from rebound import clock
from rebound.storage import FORMAT, SCHEMA_VERSION, open_workspace
from tests.e2e.helpers import after, choose, goto, main_text, wait_for_app
from tools.chart_gallery import first_days

ERRORS = ("Please fill this in.", "Please choose how you know them")


def ws(server):
    return open_workspace("personal", server.data_dir)


def focused_label(page) -> str:
    """The accessible label of the focused element ('' for the document's body)."""
    return page.evaluate("() => document.activeElement?.getAttribute('aria-label') || ''")


def type_in(root, label: str, text: str) -> None:
    box = root.get_by_label(label, exact=True)
    box.fill(text)
    box.blur()  # never Enter in a text input: inside a form it submits


def own_words(page, root, label: str, words: str) -> None:
    """Type ``words`` into a "choose or type" select or multiselect and press Enter, as a person does."""
    wait_for_app(page)
    box = root.get_by_label(label, exact=True)
    box.click()
    page.keyboard.type(words)
    expect(page.get_by_role("option", name=f"Add: {words}", exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    if page.get_by_role("listbox").count():  # a multiselect keeps its list open for the next choice
        page.keyboard.press("Escape")  # (never in a selectbox: there Escape clears the choice)
    box.blur()


def no_errors(page) -> None:
    text = main_text(page)
    for message in ERRORS:
        assert message not in text, f"{message!r} shown after a save:\n{text[:1500]}"


def open_tab(page, name: str):
    after(page, page.get_by_role("tab", name=name, exact=True).click)
    return page.locator("[data-testid='stTabs'] [role='tabpanel']:visible")


def test_a_second_submit_after_a_save_is_quiet_and_focus_stays_in_the_form(page, server_personal):
    goto(page, server_personal.url("/Support"))

    # A double click on "Save person": one person, "Saved", no error, focus on the first field.
    type_in(page, "Name", "Ann Double")
    own_words(page, page, "Relationship", "Mentor")
    after(page, lambda: page.get_by_role("button", name="Save person", exact=True).dblclick())
    wait_for_app(page)
    expect(page.get_by_text("Saved. Good to have them in your corner.")).to_be_visible()
    no_errors(page)
    people = [c for c in ws(server_personal).all("contacts") if c["name"] == "Ann Double"]
    assert [c["relationship"] for c in people] == ["Mentor"]  # typed, Enter: taken, and saved once

    # One more click on the emptied form before anything is typed: ignored, "Saved" stays.
    after(page, page.get_by_role("button", name="Save person", exact=True).click)
    expect(page.get_by_text("Saved. Good to have them in your corner.")).to_be_visible()
    no_errors(page)
    assert len(ws(server_personal).all("contacts")) == 1

    # A plain save: focus on the emptied form's first field, ready for the next person.
    type_in(page, "Name", "Bo Focus")
    choose(page, "Relationship", "peer")
    after(page, page.get_by_role("button", name="Save person", exact=True).click)
    expect(page.get_by_text("Saved. Good to have them in your corner.")).to_be_visible()
    assert focused_label(page) == "Name"

    # Enter in Role (it submits the form), then a click on Save: one rejection, no error.
    goto(page, server_personal.url("/Understand"))
    type_in(page, "Company", "Acme First")
    choose(page, "How far did you get?", "Interview")
    role = page.get_by_label("Role", exact=True)
    role.fill("Analyst")

    def enter_then_click():
        role.press("Enter")
        page.get_by_role("button", name="Save rejection", exact=True).click()

    after(page, enter_then_click)
    wait_for_app(page)
    expect(page.get_by_text("Saved. That took courage.", exact=False)).to_be_visible()
    no_errors(page)
    assert len([r for r in ws(server_personal).all("rejections") if r["company"] == "Acme First"]) == 1

    # Keyboard only: Enter in Role saves, and focus lands on the emptied form's first field.
    type_in(page, "Company", "Acme Keys")
    choose(page, "How far did you get?", "Application")
    page.get_by_label("Role", exact=True).fill("Designer")
    after(page, lambda: page.get_by_label("Role", exact=True).press("Enter"))
    expect(page.get_by_text("Saved. That took courage.", exact=False)).to_be_visible()
    no_errors(page)
    assert focused_label(page) == "Which application was it? (optional)"  # the emptied form's first field

    # ... and an empty submit after the page was drawn for something else is a real one again.
    goto(page, server_personal.url("/Understand"))
    after(page, page.get_by_role("button", name="Save rejection", exact=True).click)
    expect(page.get_by_text("Please fill this in.").first).to_be_visible()


@dataclass
class OwnWords:
    id: str
    path: str
    tab: str | None
    save: str
    table: str
    words: dict[str, tuple[str, str]]  # record field -> (label, the person's own words)
    fill: Callable = lambda page, root: None  # the form's other required fields
    setup: Callable | None = None


def _contact(w):
    if not any(c["name"] == "Priya" for c in w.all("contacts")):
        w.add("contacts", {"name": "Priya", "relationship": "mentor"})


def _rejection(w):
    if not w.all("rejections"):
        w.add("rejections", {"company": "Acme", "role": "Analyst", "stage": "interview", "rejected_on": "2026-01-05"})


OWN_WORDS = [
    OwnWords(
        "person",
        "/Support",
        "People",
        "Save person",
        "contacts",
        {"relationship": ("Relationship", "Old teacher")},
        lambda page, root: type_in(root, "Name", "Lee"),
    ),
    OwnWords(
        "conversation",
        "/Support",
        "Conversations",
        "Save conversation",
        "support_log",
        {
            "kind": ("Kind of conversation (optional)", "Walk in the park"),
            "themes": ("Themes in what they said (pick or type your own)", "Portfolio polish"),
        },
        lambda page, root: choose(page, "Who", "Priya · mentor"),
        _contact,
    ),
    OwnWords(
        "checkin",
        "/Understand",
        None,
        "Save check-in",
        "checkins",
        {"emotions": ("What are you feeling? (pick any, or type your own)", "Wobbly")},
    ),
    OwnWords(
        "reflection",
        "/Reflect",
        None,
        "Save reflection",
        "reflections",
        {"themes": ("Themes (pick from the list, or type your own and press Enter)", "Storytelling")},
        lambda page, root: (
            type_in(root, "What went well?", "Calm"),
            type_in(root, "What would you do differently?", "Slower"),
        ),
        _rejection,
    ),
    OwnWords(
        "thought_record",
        "/Reframe",
        "Thought records",
        "Save thought record",
        "reframes",
        {"emotion": ("3 · The feeling (pick or type your own)", "Deflated")},
        lambda page, root: (
            type_in(root, "1 · The situation", "No after the final round."),
            type_in(root, "2 · The thought that came up", "Never again."),
            type_in(root, "How strong, 0–100, right now", "70"),
            type_in(root, "7 · A more balanced thought", "I got far."),
            type_in(root, "9 · How strong is the feeling now, 0–100?", "40"),
        ),
    ),
    OwnWords(
        "skill",
        "/Grow",
        None,
        "Save skill",
        "skills",
        {
            "category": ("Category (optional)", "Craft"),
            "themes": ("Themes that motivated it (optional)", "Feedback on SQL"),
        },
        lambda page, root: type_in(root, "Skill", "Window functions"),
    ),
    OwnWords(
        "company",
        "/Next_steps",
        "Stay connected",
        "Save company",
        "connections",
        {"done": ("What you have done so far (pick or type your own)", "Sent a postcard")},
        lambda page, root: type_in(root, "Company", "Globex"),
    ),
]


@pytest.mark.parametrize("case", OWN_WORDS, ids=[c.id for c in OWN_WORDS])
def test_choose_or_type_takes_the_persons_own_words(page, server_personal, case):
    if case.setup:
        case.setup(ws(server_personal))
    goto(page, server_personal.url(case.path))
    root = open_tab(page, case.tab) if case.tab else page
    before = len(ws(server_personal).all(case.table))
    case.fill(page, root)
    for label, words in case.words.values():
        own_words(page, root, label, words)
    after(page, root.get_by_role("button", name=case.save, exact=True).click)
    wait_for_app(page)
    rows = ws(server_personal).all(case.table)
    assert len(rows) == before + 1, main_text(page)[:2000]
    # Focus after the save: the emptied form's first field, or "Saved" when that field is a date (whose
    # calendar a focus would open) - never back on the document's body.
    page.wait_for_function("() => document.activeElement && document.activeElement !== document.body")
    focused = page.evaluate(
        "() => ({label: document.activeElement.getAttribute('aria-label'), role: document.activeElement.getAttribute('role')})"
    )
    assert focused["role"] == "status" or focused["label"], (case.id, focused)
    saved = max(rows, key=lambda r: r["created_at"])
    for name, (_, words) in case.words.items():
        value = saved[name]
        got = [str(v).casefold() for v in value] if isinstance(value, list) else [str(value).casefold()]
        assert words.casefold() in got, f"{case.id}: {name} saved as {value!r}, typed {words!r}"


# --- Progress with a few records, My data, the plan --------------------------------------------------------

# Bounding boxes of what a chart draws, from Plotly's SVG: tick labels, axis and colour-bar titles,
# legend entries, texts beside points, and markers. Each is a {kind, trace, text, box} record.
_BOXES_JS = """
(chart) => {
  const out = [];
  const add = (kind, el, trace, text) => {
    const r = el.getBoundingClientRect();
    if (r.width < 0.5 || r.height < 0.5) return;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden" || style.opacity === "0") return;
    out.push({kind, trace, text: text ?? el.textContent, box: [r.left, r.top, r.right, r.bottom]});
  };
  const texts = (kind, selector) => chart.querySelectorAll(selector).forEach(
    (el) => { if (el.textContent.trim()) add(kind, el, null); });
  texts("tick", ".xtick text, .ytick text, .y2tick text, .cbaxis text, .colorbar .ticks text");
  texts("title", ".g-xtitle text, .g-ytitle text, .g-y2title text, .cbtitle text, .colorbar .cbtitle text");
  texts("annotation", ".annotation-text");
  chart.querySelectorAll(".legend .traces").forEach((el) => add("legend", el, null));
  chart.querySelectorAll(".scatterlayer .trace").forEach((trace) => {
    const name = trace.__data__?.[0]?.trace?.name ?? "?";  // Plotly's own data on its node (d3)
    trace.querySelectorAll(".points path.point").forEach((el) => add("marker", el, name, ""));
    trace.querySelectorAll(".text text, .textpoint text").forEach((el) => {
      if (el.textContent.trim()) add("text", el, name);
    });
  });
  return out;
}
"""


def _overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 1 and h > 1 else 0.0


def overlaps(items: list[dict]) -> list[str]:
    """Pairs that overlap by more than a pixel each way.

    Markers: two of one series never overlap, nor a rejection mark and any other mark. Two
    series' marks may meet where their values are equal (mood 4 and confidence 4 on one day:
    a circle and a diamond): that is the data, not the layout.
    """
    found = []
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            markers = a["kind"] == b["kind"] == "marker"
            if markers and a["trace"] != b["trace"] and "Rejection" not in (a["trace"], b["trace"]):
                continue
            if _overlap(a["box"], b["box"]):
                found.append(f"{a['kind']} {a['text']!r} ({a['trace']}) meets {b['kind']} {b['text']!r} ({b['trace']})")
    return found


CHARTS = ("effort", "days", "skills", "practice", "mood", "reframes", "funnel", "themes")  # the panels' keys


def chart_boxes(page) -> dict[str, list[dict]]:
    """The boxes of each Progress chart on the page (by its panel's key), once Plotly has drawn it."""
    out = {}
    for key in CHARTS:
        chart = page.locator(f".st-key-chart_{key}")
        if not chart.count():
            continue  # no data for it: the panel says so instead
        chart.scroll_into_view_if_needed()
        chart.locator(".main-svg").first.wait_for(state="attached")
        page.wait_for_function(
            "(el) => el.querySelector('.xtick, .ytick, .funnellayer .point')", arg=chart.element_handle()
        )
        out[key] = chart.evaluate(_BOXES_JS)
    return out


def load_journal(server, tables) -> None:
    w = ws(server)
    w.import_data(
        {"format": FORMAT, "version": SCHEMA_VERSION, "tables": {k: v for k, v in tables.items() if v}}, mode="replace"
    )


def test_progress_with_a_few_records_draws_every_chart_clearly(new_page, start_server):
    """Progress on a journal of 1 and 3 records of each kind: every chart drawn, nothing on top of anything.

    Negative control: on the code before (55ed2bc) the mood chart's "0" tick meets the first date,
    one active day draws an empty grid with a 0.6–1.4 scale, and the period line says
    "Showing 12 Mar 2026 to 12 Mar 2026" under "Last 6 months".
    """
    server = start_server("personal")
    today = clock.today()
    for n in (1, 3):  # 30 (a dense half-year) is in the gallery and the unit tests: this module's time is capped
        load_journal(server, first_days(n, today))
        page = new_page()  # a new session: nothing cached from the last size
        page.goto(server.url("/Progress"), wait_until="domcontentloaded")
        wait_for_app(page, timeout=60_000)
        boxes = chart_boxes(page)
        assert set(boxes) == set(CHARTS), (n, sorted(boxes))
        assert any(b["kind"] == "marker" and b["trace"] == "Rejection" for b in boxes["mood"]), boxes["mood"]
        problems = {key: overlaps(items) for key, items in boxes.items()}
        assert not any(problems.values()), (n, {k: v for k, v in problems.items() if v})
        # Whole numbers from 0 on the active-days scale; a drawn cell, not an empty grid.
        scale = [t["text"] for t in boxes["days"] if t["kind"] == "tick"]
        assert "0" in scale and all("." not in t for t in scale), scale
        assert page.locator(".st-key-chart_days .heatmaplayer image").count() >= 1
        text = main_text(page)
        if n == 1:
            assert f"Your journal began today, {today.day} {today:%b %Y}" in text
            assert f"Showing {today.day} {today:%b %Y} to {today.day} {today:%b %Y}" not in text


def test_my_data_keeps_folders_for_the_operator_and_the_plan_has_everything(page, server_personal):
    """My data: folder names and settings only under "For whoever runs this app"; the downloaded plan holds
    next steps, if-then plans, companies and people, with its dates in one format.

    Negative control: on 55ed2bc the info box names `data/workspaces/` and `REBOUND_DATA_DIR`, and the plan
    has none of these four sections and prints ISO dates beside "2 April 2026" ones.
    """
    w = ws(server_personal)
    w.add("actions", {"title": "Email Dana about the team", "due_on": "2026-03-20", "done": False})
    w.add("plans", {"cue": "I open my laptop on Monday", "action": "I send one application"})
    w.add("connections", {"company": "Globex", "next_check_on": "2026-04-15"})
    if not any(c["name"] == "Priya" for c in w.all("contacts")):
        w.add("contacts", {"name": "Priya", "relationship": "mentor"})
    goto(page, server_personal.url("/My_data"))
    text = main_text(page)
    assert "data/workspaces" not in text and "REBOUND_DATA_DIR" not in text  # closed: not shown to everyone
    runs = page.locator("[data-testid='stExpander']").filter(has_text="For whoever runs this app")
    after(page, runs.locator("summary").click)
    expect(runs.get_by_text("REBOUND_DATA_DIR", exact=False)).to_be_visible()
    expect(runs.get_by_text("data/workspaces/", exact=False)).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("button", name="My rebound plan (to print or share)").click()
    plan = Path(download.value.path()).read_text(encoding="utf-8")
    for title in ("Next steps", "If-then plans", "Companies I stay in touch with", "People in my corner"):
        assert f"<h2>{title}</h2>" in plan, title
    assert "Email Dana about the team (by 20 March 2026)" in plan
    assert "Globex</strong>: check again on 15 April 2026" in plan and "<strong>Priya</strong>, mentor" in plan
    assert not re.search(r"\d{4}-\d{2}-\d{2}", re.sub(r"<[^>]+>", "", plan))  # one date format
