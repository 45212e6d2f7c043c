"""Every Progress chart at 0, 1, 3 and 30 records, as PNG pictures to look at.

A new journal is where the charts are seen first, by someone deciding whether to come back,
and where they were seen broken (an empty grid with a 0.6–1.4 colour scale, a one-point line
with no visible dot, rejection marks drawn on top of each other). This draws each chart as the
Progress page does (``rebound.charts.progress.figures`` over ``rebound.insights.progress``) for
journals of 0, 1, 3 and 30 records of each kind, and photographs each one in Debian's Chromium
(Playwright, no browser download), at the width of one Progress column::

    python -m tools.chart_gallery --out /tmp/gallery      # then open the PNGs

``first_days(n, today)`` is the journal it draws (the browser test of the sparse charts uses it too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import plotly.io as pio

from rebound.charts import CONFIG
from rebound.charts import progress as charts
from rebound.insights import progress as prog

SIZES = (0, 1, 3, 30)
TODAY = dt.date(2026, 12, 2)  # the day the sparse charts were seen broken (issue 17)
WIDTH = 440  # one of the two columns of the wide Progress page in a 1280-pixel window
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def _days_back(n: int) -> list[int]:
    """How many days before today each of ``n`` records is: all on the first day for 1, a few days for 3,
    then about every six days back over half a year."""
    if n <= 1:
        return [0] * n
    if n <= 3:
        return [0, 0, 2][:n]  # two on one day: marks must not hide each other
    return [round(i * 6.1) for i in range(n)]


def first_days(n: int, today: dt.date = TODAY) -> dict[str, list[dict]]:
    """A journal with ``n`` records of each kind the Progress page draws (valid records, fixed values)."""
    back = _days_back(n)
    day = [(today - dt.timedelta(days=b)).isoformat() for b in back]
    stages = ["interview", "applied", "screen", "final"]
    themes = ["communication", "technical_depth", "confidence"]
    skills = [
        {"id": f"s{i}", "name": name, "level": 2, "target_level": 4, "created_at": f"{day[-1]}T09:00:00+00:00"}
        for i, name in enumerate(["SQL", "Storytelling", "Python"][: min(n, 3)])
    ]
    return {
        "profile": [],
        "activities": [
            {"id": f"a{i}", "date": d, "kind": "application", "count": 1 + i % 3, "minutes": 30}
            for i, d in enumerate(day)
        ],
        "checkins": [
            {"id": f"c{i}", "date": d, "mood": 4 + i % 5, "confidence": 3 + i % 4, "emotions": []}
            for i, d in enumerate(day)
        ],
        "rejections": [
            {"id": f"r{i}", "company": f"Company {i}", "role": "Analyst", "stage": stages[i % 4], "rejected_on": d}
            for i, d in enumerate(day)
        ],
        "reframes": [
            {
                "id": f"f{i}",
                "date": d,
                "situation": "s",
                "automatic_thought": "t",
                "intensity_before": 80 - i % 20,
                "balanced_thought": "b",
                "intensity_after": 40 - i % 15,
            }
            for i, d in enumerate(day)
        ],  # fmt: skip
        "skills": skills,
        "skill_logs": [
            {
                "id": f"l{i}",
                "skill_id": skills[i % len(skills)]["id"],
                "date": d,
                "level": 2 + (i // 10) % 3,
                "minutes": 45,
            }
            for i, d in enumerate(day)
        ],  # fmt: skip
        "reflections": [
            {
                "id": f"k{i}",
                "rejection_id": f"r{i}",
                "went_well": "w",
                "to_improve": "t",
                "themes": [themes[i % 3]],
                "created_at": f"{d}T10:00:00+00:00",
            }
            for i, d in enumerate(day)
        ],  # fmt: skip
        "feedback_requests": [],
        "support_log": [],
    }


def figures_for(n: int, today: dt.date = TODAY, period: str = prog.DEFAULT_RANGE) -> dict:
    """The Progress page's figures for a journal of ``n`` records, over its default period."""
    tables = first_days(n, today)
    start, end = prog.date_range(period, today, prog.first_record_day(tables))
    frames = prog.prepare(tables, today)
    chosen = prog.default_skills(frames["skills"], frames["logs"])
    view = prog.dashboard(frames, start, end, today, chosen)
    return charts.figures(view, start, end)


_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><script>{plotly}</script>
<style>body {{ margin: 0; background: #fbfaf7; font-family: sans-serif; }}
.chart {{ width: {width}px; padding: 8px; }}</style></head><body>{charts}</body></html>"""


def write(out: Path) -> list[Path]:
    """Photograph every chart at every size into ``out``; the PNG paths."""
    from playwright.sync_api import sync_playwright
    from plotly.offline import get_plotlyjs

    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": WIDTH + 40, "height": 900}, device_scale_factor=1)
        for n in SIZES:
            figs = figures_for(n)
            divs = []
            for name, fig in figs.items():
                spec = json.dumps(pio.to_json(fig))
                divs.append(
                    f'<div class="chart" id="{name}"></div><script>(() => {{ const f = JSON.parse({spec});'
                    f' Plotly.newPlot("{name}", f.data, f.layout, {json.dumps(CONFIG)}); }})();</script>'
                )
            page.set_content(_PAGE.format(plotly=get_plotlyjs(), width=WIDTH, charts="".join(divs)))
            page.wait_for_function("() => document.querySelectorAll('.main-svg').length > 0")
            for name in figs:
                path = out / f"{name}-{n:02d}.png"
                page.locator(f"#{name}").screenshot(path=str(path))
                shots.append(path)
        browser.close()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/rebound-chart-gallery"))
    args = parser.parse_args()
    for path in write(args.out):
        print(path)


if __name__ == "__main__":
    main()
