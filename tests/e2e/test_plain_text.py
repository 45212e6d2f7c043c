"""User text is plain text on every page, in a real browser: a journal holding links, Markdown,
icons, colour directives, HTML, maths and emoji shortcodes in every text field (tests/hostile.py)
makes no link, icon, coloured span, element or maths, and axe finds no serious violation.

The negative control is kept as a test: the same check against a server whose ``md_escape`` is
replaced by a raw render must find the links, icons and colours.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from components.nav import PAGES, WORKSHOP_ONLY
from rebound import clock
from rebound.storage import open_workspace
from tests import hostile
from tests.e2e.helpers import ROOT, assert_no_serious_a11y, launch_server, wait_for_app

_FIND = """
(m) => {
  const found = [];
  const scope = [...document.querySelectorAll("[data-testid='stMain'], [data-testid='stSidebar']")];
  const all = (sel) => scope.flatMap((root) => [...root.querySelectorAll(sel)]);
  for (const a of all("a")) {
    const href = (a.getAttribute("href") || "") + (a.getAttribute("xlink:href") || "");
    // The app's own "open in your email app" buttons carry the draft URL-encoded in a mailto: link.
    const appMailto = a.matches("[data-testid^='stBaseLinkButton']") && href.startsWith("mailto:");
    if (!appMailto && (href.includes(m.evil) || a.textContent.includes(m.evil))) found.push("link " + href);
  }
  for (const el of all("*")) {
    const own = el.textContent.trim();
    if (own === m.icon) found.push("icon " + el.tagName);
    if (own === m.coloured) found.push("coloured " + el.tagName);
    if (own === m.bold) found.push("element " + el.tagName);
  }
  for (const el of all("script, img[src='x'], .katex")) found.push("html " + el.tagName);
  if (window.__hostile) found.push("a script from user text ran");
  if (scope.some((root) => root.innerText.includes("\\u{1F604}"))) found.push("emoji from :smile:");
  return found;
}
"""
MARKERS = {"evil": hostile.EVIL, "icon": hostile.ICON, "coloured": hostile.COLOURED, "bold": hostile.BOLD}
# The raw render: every page's md_escape gives the text back unchanged (run at interpreter start).
RAW_RENDER = "import rebound.text as t\nt.md_escape = lambda text: str(text if text is not None else '')\n"


def _pages() -> list[tuple[str, str]]:
    return [(page, label) for _, page, label, _ in PAGES if page not in WORKSHOP_ONLY]


def _path(page: str) -> str:
    return "/" if page == "app.py" else "/" + Path(page).stem.split("_", 1)[1]


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile_data")
    fields = hostile.fill(open_workspace("personal", folder), clock.today())
    assert sum(len(f) for f in fields.values()) > 60  # the journal really is hostile everywhere
    return folder


def _visit(page, server, path: str) -> list[str]:
    page.goto(server.url(path), wait_until="domcontentloaded")
    wait_for_app(page, timeout=60_000)  # a first run imports pandas and plotly
    page.wait_for_timeout(500)  # Plotly draws its SVG after the run
    assert page.locator("[data-testid='stException']").count() == 0, path
    return page.evaluate(_FIND, MARKERS)


@pytest.fixture(scope="module")
def hostile_server(_playwright, hostile_dir):
    with launch_server("personal", hostile_dir) as server:
        yield server


@pytest.mark.parametrize(("page_file", "label"), _pages(), ids=[label for _, label in _pages()])
def test_every_page_shows_hostile_text_as_plain_text(page, hostile_server, page_file, label):
    found = _visit(page, hostile_server, _path(page_file))
    assert not found, f"{label}: user text became markup: {sorted(set(found))}"
    assert_no_serious_a11y(page, f"on {label} with hostile text")


def test_the_check_catches_a_raw_render(page, start_server, hostile_dir, tmp_path):
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(RAW_RENDER, encoding="utf-8")
    server = start_server("personal", hostile_dir, env={"PYTHONPATH": f"{shim}:{ROOT}"})
    found = set(_visit(page, server, "/"))
    kinds = {f.split(" ")[0] for f in found}
    assert {"link", "icon", "coloured"} <= kinds, found


def test_the_downloaded_plan_has_no_escape_characters(page, hostile_server, tmp_path):
    page.goto(hostile_server.url("/My_data"), wait_until="domcontentloaded")
    wait_for_app(page, timeout=60_000)
    with page.expect_download() as info:
        page.get_by_role("button", name="My rebound plan (to print or share)").click()
    download = info.value
    assert download.suggested_filename.endswith(".html")
    report = Path(download.path()).read_text(encoding="utf-8")
    assert "\\" not in report  # no Markdown escape backslashes
    assert "<h1>My rebound plan</h1>" in report and "@media print" in report
    assert "<script>window.__hostile" not in report and "&lt;script&gt;window.__hostile" in report
    assert f"&lt;b&gt;{hostile.BOLD}&lt;/b&gt;" in report  # the person's text, escaped, as typed
