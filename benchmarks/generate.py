"""A realistic journal for benchmarks and tests, written through the store API.

``generate(ws, scale=1.0, today=...)`` fills a workspace with about two years of use at
scale 1 (2,000 applications of which 300 were rejections, 4,000 activities, 700 check-ins, 40 skills with 2,500 practice
sessions, 300 thought records, 300 reflections, plus people, conversations, feedback,
stories and the rest), or a month-old journal at scale 0.01 (about 1% of that, over 30
days). Every record passes ``rebound.models.validate``; the random seed is fixed, so the
same call gives the same journal. Everything lands in one atomic ``ws.import_data`` (one batch, one file write: adding
10,000 records one by one costs TinyDB a copy of the table per insert).

Run it by hand to fill a journal you can look at::

    REBOUND_DATA_DIR=/tmp/heavy python -m benchmarks.generate --scale 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from rebound.models import ACTIVITY_KINDS, CHANNELS, PLAN_KINDS, STAGES, validate
from rebound.storage import FORMAT, SCHEMA_VERSION, Workspace, open_workspace

ROOT = Path(__file__).resolve().parent.parent
HEAVY = {
    "applications": 2000,  # every rejection has one; the rest wait, got a stage, or never answered
    "rejections": 300,
    "activities": 4000,
    "checkins": 700,
    "skills": 40,
    "skill_logs": 2500,
    "reframes": 300,
    "reflections": 300,
    "feedback_requests": 150,
    "thank_you_notes": 120,
    "contacts": 60,
    "support_log": 400,
    "interview_stories": 30,
    "actions": 250,
    "wins": 120,
    "writings": 60,
    "plans": 12,
    "plan_reviews": 300,
    "reviews": 24,
    "connections": 50,
    "stories": 10,
}
SPAN_DAYS = 730

COMPANIES = [
    "Northwind Analytics", "Bluebird Health", "Crescent Logistics", "Harbor & Finch", "Lumen Energy",
    "Quarry Labs", "Redwood Retail", "Sable Insurance", "Tidewater Bank", "Vantage Media",
    "Willow Education", "Atlas Robotics", "Beacon Foods", "Cobalt Security", "Driftwood Games",
    "Evergreen Council", "Foxglove Pharma", "Granite Telecom", "Hollow Pine Studio", "Ironbridge Consulting",
]  # fmt: skip
ROLES = [
    "Data Analyst", "Product Manager", "Backend Engineer", "UX Researcher", "Marketing Lead",
    "Operations Coordinator", "Business Analyst", "Frontend Developer", "Customer Success Manager",
    "Project Manager", "QA Engineer", "Content Strategist",
]  # fmt: skip
SOURCES = ["LinkedIn", "Company careers page", "A friend", "Recruiter email", "Meetup", "Job fair"]
EMOTIONS = ["disappointed", "tired", "hopeful", "frustrated", "calm", "anxious", "relieved", "proud"]
TRAPS = ["all_or_nothing", "mind_reading", "fortune_telling", "personalisation", "overgeneralisation"]  # content ids
SKILL_NAMES = [
    ("SQL window functions", "Technical"), ("Python testing", "Technical"), ("System design basics", "Technical"),
    ("Explaining trade-offs", "Communication"), ("STAR answers", "Interviewing"), ("Salary conversations", "Interviewing"),
    ("Stakeholder updates", "Communication"), ("Public speaking", "Communication"), ("Excel modelling", "Tools"),
    ("Figma prototyping", "Tools"), ("Git workflows", "Tools"), ("Statistics refresher", "Domain knowledge"),
    ("Healthcare data rules", "Domain knowledge"), ("Leading a stand-up", "Leadership"), ("Mentoring juniors", "Leadership"),
    ("Case interviews", "Interviewing"), ("Portfolio write-ups", "Communication"), ("Cloud fundamentals", "Technical"),
    ("Accessibility checks", "Technical"), ("Negotiation", "Interviewing"),
]  # fmt: skip
OPENERS = [
    "The interview felt friendly at first", "I had prepared for days", "The recruiter was quick to reply",
    "The take-home task took a whole weekend", "The panel asked a lot about my last project",
    "I was nervous in the first ten minutes", "It was my third round with them",
]  # fmt: skip
MIDDLES = [
    "and I explained my approach clearly", "but I rushed the system design part", "and the team seemed to like my questions",
    "but I lost my thread on a salary question", "and I stayed calm when I did not know an answer",
    "but I did not give a concrete example", "and I asked good follow-up questions",
]  # fmt: skip
ENDINGS = [
    "Next time I will slow down and structure my answer.", "I want to practise one more story about teamwork.",
    "I should research the product more deeply.", "It was still a useful rehearsal.",
    "I will ask for feedback from the hiring manager.", "I learned what this kind of team looks for.",
]  # fmt: skip
THOUGHTS = [
    "I will never get a job in this field.", "They must have thought I was not smart enough.",
    "Everyone else is better prepared than me.", "I wasted months on this search.",
    "If I failed this interview I will fail the next one too.",
]  # fmt: skip
BALANCED = [
    "One company chose someone else; other teams are still hiring and I reached the final round.",
    "I do not know what they thought. The feedback I did get was mostly about one gap I can work on.",
    "Some people are better at some things. I have strengths they mentioned, and I can prepare more.",
    "The months taught me a lot, and I have more interviews now than at the start.",
]  # fmt: skip
FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dev", "Elena", "Femi", "Grace", "Hiro", "Ines", "Jonas", "Kofi", "Lena"]
LAST_NAMES = ["Okafor", "Svensson", "Patel", "García", "Nguyen", "Brennan", "Kowalski", "Haddad", "Moreau", "Tanaka"]


def _themes() -> list[str]:
    return [t["id"] for t in json.loads((ROOT / "data" / "content" / "themes.json").read_text(encoding="utf-8"))]


def counts_for(scale: float) -> dict[str, int]:
    return {table: max(1, round(n * scale)) for table, n in HEAVY.items()}


def generate(ws: Workspace, scale: float = 1.0, today: dt.date | None = None, seed: int = 5) -> dict[str, int]:
    """Fill ``ws`` with a journal of ``scale`` × the heavy sizes over the matching span; return the counts."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    n = counts_for(scale)
    span = max(30, round(SPAN_DAYS * min(scale, 1.0)))
    first = today - dt.timedelta(days=span - 1)
    themes = _themes()
    written: dict[str, int] = {}

    def day(lo: dt.date | None = None) -> dt.date:
        lo = lo or first
        return lo + dt.timedelta(days=rng.randrange((today - lo).days + 1))

    def sentence() -> str:
        return f"{rng.choice(OPENERS)} {rng.choice(MIDDLES)}. {rng.choice(ENDINGS)}"

    docs: dict[str, list[dict[str, Any]]] = {}

    def add(table: str, data: dict[str, Any], when: dt.date | None = None) -> str:
        clean = validate(table, data, today)
        clean["id"] = f"{rng.getrandbits(128):032x}"
        stamp = f"{(when or today).isoformat()}T12:00:00+00:00"
        clean["created_at"] = clean["updated_at"] = stamp
        docs.setdefault(table, []).append(clean)
        written[table] = written.get(table, 0) + 1
        return clean["id"]

    # Build every record in memory, then write them all in one atomic import.
    add(
        "profile",
        {
            "name": "Sam",
            "long_term_goal": "A data role in a team that builds things for patients.",
            "values": ["always learning", "kind teams"],
            "target_roles": ["Data Analyst", "Analytics Engineer"],
            "weekly_goals": {"application": 5, "networking": 2, "learning": 3},
        },
    )
    rejections = []
    for _ in range(n["rejections"]):
        applied = day()
        heard = min(today, applied + dt.timedelta(days=rng.randint(3, 40)))
        stage = rng.choices(STAGES, weights=[50, 22, 16, 9, 3])[0]
        sent = {
            "company": rng.choice(COMPANIES),
            "role": rng.choice(ROLES),
            "applied_on": applied.isoformat(),
            "channel": rng.choice(CHANNELS),
            "source": rng.choice(SOURCES),
        }
        first = heard if stage == "applied" else min(heard, applied + dt.timedelta(days=rng.randint(2, 14)))
        app_id = add(
            "applications",
            {**sent, "status": "rejected", "answered_on": first.isoformat(), "status_on": heard.isoformat()},
            applied,
        )
        rid = add(
            "rejections",
            {
                **sent,
                "stage": stage,
                "rejected_on": heard.isoformat(),
                "notes": sentence() if rng.random() < 0.6 else None,
                "application_id": app_id,
            },
            heard,
        )
        rejections.append((rid, heard))
    open_statuses = ["waiting", "screen", "interview", "final", "offer", "ghosted", "withdrawn"]
    for _ in range(max(0, n["applications"] - n["rejections"])):
        applied = day()
        status = rng.choices(open_statuses, weights=[55, 10, 8, 3, 2, 17, 5])[0]
        app = {
            "company": rng.choice(COMPANIES),
            "role": rng.choice(ROLES),
            "applied_on": applied.isoformat(),
            "channel": rng.choice(CHANNELS),
            "source": rng.choice(SOURCES) if rng.random() < 0.8 else None,
            "notes": sentence() if rng.random() < 0.2 else None,
            "status": status,
        }
        if status not in ("waiting", "ghosted"):
            on = min(today, applied + dt.timedelta(days=rng.randint(2, 30)))
            app |= {"status_on": on.isoformat(), "answered_on": on.isoformat() if status != "withdrawn" else None}
        elif status == "ghosted":
            app["status_on"] = min(today, applied + dt.timedelta(days=42)).isoformat()
        add("applications", app, applied)
    for rid, heard in rng.sample(rejections, min(n["reflections"], len(rejections))):
        add(
            "reflections",
            {
                "rejection_id": rid,
                "went_well": sentence(),
                "to_improve": rng.choice(ENDINGS),
                "ratings": {"preparation": rng.randint(1, 5), "communication": rng.randint(1, 5)},
                "themes": rng.sample(themes[:12], rng.randint(1, 3)),
                "lesson": rng.choice(ENDINGS),
            },
            heard,
        )
    for _ in range(n["checkins"]):
        d = day()
        linked = rng.choice(rejections) if rng.random() < 0.3 else None
        add(
            "checkins",
            {
                "date": d.isoformat(),
                "mood": rng.randint(2, 9),
                "confidence": rng.randint(2, 9),
                "emotions": rng.sample(EMOTIONS, rng.randint(1, 3)),
                "note": sentence() if rng.random() < 0.4 else None,
                "rejection_id": linked[0] if linked else None,
            },
            d,
        )
    for _ in range(n["feedback_requests"]):
        rid, heard = rng.choice(rejections)
        status = rng.choice(["draft", "sent", "received", "received", "no_reply", "declined"])
        add(
            "feedback_requests",
            {
                "rejection_id": rid,
                "status": status,
                "contact_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "requested_on": heard.isoformat() if status != "draft" else None,
                "feedback_text": sentence() if status == "received" else None,
                "themes": rng.sample(themes, 2) if status == "received" else [],
            },
            heard,
        )
    for _ in range(n["thank_you_notes"]):
        rid, heard = rng.choice(rejections)
        add(
            "thank_you_notes",
            {
                "rejection_id": rid,
                "recipient": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "sent_on": heard.isoformat(),
                "body": "Thank you for your time and for telling me. I enjoyed meeting the team.",
            },
            heard,
        )
    for _ in range(n["reframes"]):
        d = day()
        before = rng.randint(50, 95)
        add(
            "reframes",
            {
                "date": d.isoformat(),
                "situation": sentence(),
                "automatic_thought": rng.choice(THOUGHTS),
                "intensity_before": before,
                "balanced_thought": rng.choice(BALANCED),
                "intensity_after": max(0, before - rng.randint(5, 50)),
                "emotion": rng.choice(EMOTIONS),
                "distortions": rng.sample(TRAPS, rng.randint(0, 2)),
                "rejection_id": rng.choice(rejections)[0] if rng.random() < 0.5 else None,
            },
            d,
        )
    kinds = [k for k in ACTIVITY_KINDS if k != "rest"]
    for _ in range(n["activities"]):
        d = day()
        kind = "rest" if rng.random() < 0.04 else rng.choices(kinds, weights=[40, 15, 10, 20, 8, 7])[0]
        add(
            "activities",
            {
                "date": d.isoformat(),
                "kind": kind,
                "count": 0 if kind == "rest" else rng.randint(1, 3),
                "minutes": None if kind == "rest" else rng.choice([15, 20, 30, 45, 60, 90]),
                "note": rng.choice(ENDINGS) if rng.random() < 0.2 else None,
            },
            d,
        )
    contacts = []
    for i in range(n["contacts"]):
        d = day()
        contacts.append(
            add(
                "contacts",
                {
                    "name": f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {rng.choice(LAST_NAMES)}",
                    "relationship": rng.choice(["former manager", "mentor", "friend", "ex-colleague", "recruiter"]),
                    "organization": rng.choice(COMPANIES),
                    "how_they_help": "Honest feedback on my CV and interview answers.",
                    "last_contacted_on": d.isoformat(),
                },
                d,
            )
        )
    for _ in range(n["support_log"]):
        d = day()
        add(
            "support_log",
            {
                "contact_id": rng.choice(contacts),
                "date": d.isoformat(),
                "kind": rng.choice(["coffee", "call", "message"]),
                "takeaways": sentence(),
                "themes": rng.sample(themes, rng.randint(0, 2)),
            },
            d,
        )
    skills = []
    for i in range(n["skills"]):
        name, category = SKILL_NAMES[i % len(SKILL_NAMES)]
        if i >= len(SKILL_NAMES):
            name = f"{name} (advanced)"
        start, target = rng.randint(1, 3), rng.randint(3, 5)
        created = day()
        theme = rng.choice(themes) if rng.random() < 0.4 else None
        sid = add(
            "skills",
            {
                "name": name,
                "category": category,
                "level": start,
                "target_level": max(start, target),
                "plan_kind": rng.choice(PLAN_KINDS),
                "plan": "An evening course and one small project a month.",
                "themes": [theme] if theme else [],
                "from_theme": theme,
            },
            created,
        )
        skills.append([sid, created, start, max(start, target)])
    logs = []
    for _ in range(n["skill_logs"]):  # a session is for a skill that existed that day
        d = day()
        existing = [i for i, sk in enumerate(skills) if sk[1] <= d] or [
            min(range(len(skills)), key=lambda i: skills[i][1])
        ]
        i = rng.choice(existing)
        logs.append((max(d, skills[i][1]), i))
    logs.sort()
    for d, i in logs:
        sid, _created, level, target = skills[i]
        if level < target and rng.random() < 0.08:
            level += 1
            skills[i][2] = level
        add(
            "skill_logs",
            {
                "skill_id": sid,
                "date": d.isoformat(),
                "level": level,
                "minutes": rng.choice([20, 30, 45, 60, 90]),
                "note": rng.choice(ENDINGS) if rng.random() < 0.3 else None,
            },
            d,
        )
    levels = {sid: level for sid, _created, level, _target in skills}
    for rec in docs["skills"]:
        rec["level"] = levels[rec["id"]]
    for i in range(n["interview_stories"]):
        add(
            "interview_stories",
            {
                "title": f"{rng.choice(['Fixing', 'Leading', 'Rescuing', 'Simplifying'])} the {rng.choice(['report', 'launch', 'migration', 'onboarding'])} #{i + 1}",
                "situation": sentence(),
                "task": "I was asked to get it back on track within a month.",
                "action": "I mapped the steps, talked to each person involved and cut the scope to what mattered.",
                "result": f"It shipped on time and saved about {rng.randint(2, 20)} hours a week.",
                "themes": rng.sample(themes, 2),
                "skill_id": rng.choice(skills)[0] if rng.random() < 0.7 else None,
                "times_rehearsed": (times := rng.randint(0, 6)),
                "last_rehearsed_on": day().isoformat() if times else None,
            },
        )
    for _ in range(n["actions"]):
        d = day()
        add(
            "actions",
            {
                "title": rng.choice(
                    ["Update CV summary", "Email a former colleague", "Practise STAR story", "Apply to two roles"]
                ),
                "due_on": (d + dt.timedelta(days=7)).isoformat(),
                "done": d < today - dt.timedelta(days=14),
                "rejection_id": rng.choice(rejections)[0] if rng.random() < 0.4 else None,
            },
            d,
        )
    for _ in range(n["wins"]):
        d = day()
        add("wins", {"date": d.isoformat(), "text": rng.choice(ENDINGS)}, d)
    for _ in range(n["writings"]):
        d = day()
        add("writings", {"date": d.isoformat(), "text": " ".join(sentence() for _ in range(8)), "minutes": 20}, d)
    plans = []
    for _ in range(n["plans"]):
        plans.append(
            add(
                "plans",
                {
                    "cue": rng.choice(
                        ["After breakfast on Monday", "When I feel like giving up", "After a rejection email"]
                    ),
                    "action": rng.choice(["I apply to one role", "I text a friend", "I take a 20-minute walk"]),
                    "per_week": rng.randint(1, 5),
                },
            )
        )
    for _ in range(n["plan_reviews"]):
        d = day()
        add(
            "plan_reviews",
            {
                "plan_id": rng.choice(plans),
                "week_start": (d - dt.timedelta(days=d.weekday())).isoformat(),
                "kept": rng.random() < 0.7,
            },
            d,
        )
    for _ in range(n["reviews"]):
        d = day()
        add(
            "reviews",
            {
                "date": d.isoformat(),
                "working": sentence(),
                "not_working": sentence(),
                "change_next": rng.choice(ENDINGS),
            },
            d,
        )
    for _ in range(n["connections"]):
        d = day()
        add(
            "connections",
            {
                "company": rng.choice(COMPANIES),
                "contact": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "done": rng.sample(["followed", "newsletter", "congratulated"], rng.randint(0, 2)),
                "last_touch_on": d.isoformat(),
                "next_check_on": (d + dt.timedelta(days=60)).isoformat(),
            },
            d,
        )
    for _ in range(n["stories"]):
        add(
            "stories",
            {
                "title": "The year I changed teams",
                "setback": "I was turned down for an internal move twice.",
                "outcome": "A year later a new team asked me to join.",
                "lesson": "Timing matters more than I thought.",
            },
        )
    ws.import_data({"format": FORMAT, "version": SCHEMA_VERSION, "tables": docs}, mode="merge")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--key", default="personal", help="workspace key (default: the personal journal)")
    args = parser.parse_args()
    ws = open_workspace(args.key)
    print(generate(ws, args.scale))


if __name__ == "__main__":
    main()
