"""Facilitator content (REBOUND_CONTENT_DIR) in a real browser: a story holding an image, an <img>,
a raw URL and a link shows none of them as an image or a link, and makes the browser fetch
nothing outside; its **bold** and its list still render.

Negative control (kept as a test): the same check against a server whose content loader passes an
override's text through raw must find the image and the links. On the old code (55ed2bc) the main
test fails the same way: the story's image is fetched from 127.0.0.1:9.
"""

from __future__ import annotations

import json

import pytest

from rebound import content
from tests.e2e.helpers import ROOT, launch_server, wait_for_app

OUTSIDE = "http://127.0.0.1:9"  # a port nothing listens on: a fetch shows up as a request, not a picture
HOSTILE = (
    f"**Bold marker** then ![pic]({OUTSIDE}/x.png) and <img src='{OUTSIDE}/y.png'> and "
    f"a raw {OUTSIDE}/raw-page and www.example.com and [a link]({OUTSIDE}/link).\n\n- List item one\n- List item two"
)
RAW_LOADER = "import rebound.content as c\nc._safe = lambda value, key=None: value\n"

_FIND = """
(outside) => {
  const text = [...document.querySelectorAll("[data-testid='stMarkdownContainer']")]
    .find((el) => el.innerText.includes("Bold marker"));
  const card = text && text.closest("[data-testid='stLayoutWrapper']");  // the story's bordered box
  if (!card) return {found: false};
  const here = location.origin;
  return {
    found: true,
    images: [...card.querySelectorAll("img")].map((i) => i.src).filter((s) => !s.startsWith(here) && !s.startsWith("data:")),
    links: [...card.querySelectorAll("a[href]")].map((a) => a.href).filter((h) => !h.startsWith(here)),
    bold: [...card.querySelectorAll("strong")].some((b) => b.textContent.includes("Bold marker")),
    items: [...card.querySelectorAll("li")].map((li) => li.textContent.trim().slice(0, 13)),
    text: card.innerText,
  };
}
"""


@pytest.fixture(scope="module")
def content_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("facilitator_content")
    doc = json.loads((content.CONTENT_DIR / "stories.json").read_text(encoding="utf-8"))
    doc["stories"][0]["setback"] = HOSTILE
    (folder / "stories.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder


def _story(page, server) -> tuple[dict, list[str]]:
    fetched: list[str] = []
    page.on("request", lambda req: fetched.append(req.url) if req.url.startswith(OUTSIDE) else None)
    page.goto(server.url("/Reframe"), wait_until="domcontentloaded")
    wait_for_app(page, timeout=60_000)
    page.get_by_role("tab", name="Success stories", exact=True).click()
    wait_for_app(page)
    page.wait_for_timeout(500)  # an image would be requested as soon as it is drawn
    return page.evaluate(_FIND, OUTSIDE), fetched


def _server(tmp_path_factory, content_dir, extra=None):
    env = {"REBOUND_CONTENT_DIR": str(content_dir), **(extra or {})}
    return launch_server("personal", tmp_path_factory.mktemp("content_data"), env)


def test_an_override_story_shows_no_image_and_no_link_but_keeps_bold_and_lists(page, tmp_path_factory, content_dir):
    with _server(tmp_path_factory, content_dir) as server:
        seen, fetched = _story(page, server)
    assert seen["found"], "the overriding story is not on the page"
    assert seen["images"] == [] and seen["links"] == [], seen
    assert fetched == [], f"the browser fetched outside addresses: {fetched}"
    assert seen["bold"] and seen["items"][:2] == ["List item one", "List item two"], seen
    assert "raw-page" in seen["text"] and "a link" in seen["text"]  # shown, as text


def test_the_check_catches_a_raw_render_of_facilitator_content(page, tmp_path_factory, content_dir, tmp_path):
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(RAW_LOADER, encoding="utf-8")
    with _server(tmp_path_factory, content_dir, {"PYTHONPATH": f"{shim}:{ROOT}"}) as server:
        seen, fetched = _story(page, server)
    assert seen["found"]
    assert any(OUTSIDE in s for s in seen["images"]), seen
    assert any(OUTSIDE in h for h in seen["links"]), seen
    assert any("x.png" in f for f in fetched), fetched
