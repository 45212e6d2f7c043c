"""What is due today: open next steps, feedback follow-ups and companies to check on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from rebound.i18n import _


@dataclass(frozen=True)
class DueItem:
    when: str  # ISO date it was due
    text: str  # our own words plus the person's text (escape before Markdown)
    page: str


def due_items(tables: Mapping[str, list[dict]], today: dt.date) -> list[DueItem]:
    """Everything due on or before *today*, oldest first."""
    now = today.isoformat()
    items = [
        DueItem(a["due_on"], _("Next step: {title}", title=a["title"]), "pages/6_Next_steps.py")
        for a in tables.get("actions", [])
        if a.get("due_on") and a["due_on"] <= now and not a.get("done")
    ]
    items += [
        DueItem(
            f["follow_up_on"],
            _(
                "Follow up on your feedback request to {who}",
                who=f.get("contact_name") or _("the company"),
            ),
            "pages/3_Follow_up.py",
        )
        for f in tables.get("feedback_requests", [])
        if f.get("follow_up_on") and f["follow_up_on"] <= now and f.get("status") == "sent"
    ]
    items += [
        DueItem(c["next_check_on"], _("Check in on {company}", company=c["company"]), "pages/6_Next_steps.py")
        for c in tables.get("connections", [])
        if c.get("next_check_on") and c["next_check_on"] <= now
    ]
    return sorted(items, key=lambda i: i.when)
