"""The room keeps its promise: no per-person numbers in its store, OpenDP noise on every release,
a budget that freezes the figures, bounded joins, and fake attendees that learn no more than ε allows.

Negative controls (each run in this module, so they can never silently stop catching):
- the raw-store check is run against a room written in the old layout (one row per member with
  their numbers, a ``joined`` row per member id) and must find the per-person values;
- the Sybil check is run against an exact release (the old design: totals without noise) and
  must find that the attacker is always exact.
The two concurrency tests were run once with ``apply_delta``'s batch replaced by no lock (and a 2 ms
pause between its read and its write): all four (threads and processes, both backends) failed.
The raw-store and Sybil checks were also run against the code before this change (``workshop.push`` rows): the raw-store
check found every attendee's rejections, applications and mood change in the room's file.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import threading

import orjson
import pytest

from rebound import access, content, journal, room_privacy, workshop
from rebound.storage import open_workspace, seal

DAY = dt.date(2026, 5, 4)
THEMES = content.theme_ids()
CODE = "ROOM-7f3a"
SESSION = {"code": CODE}


# --- helpers ---------------------------------------------------------------------------------------


def attendee(open_ws, i: int, rejections: int, applications: int, mood: tuple[int, int]):
    """A real attendee journal (sealed with its own token) with numbers of its own, joined and sharing."""
    token = access.new_token()
    ws = open_ws(access.link_key(token))
    for r in range(rejections):
        ws.add(
            "rejections",
            {"company": f"Co{i}-{r}", "role": "Analyst", "stage": "interview", "rejected_on": "2026-03-02"},
        )
    ws.add("activities", {"date": "2026-03-03", "kind": "application", "count": applications})
    ws.add("checkins", {"date": "2026-03-01", "mood": mood[0], "confidence": 4})
    ws.add("checkins", {"date": "2026-03-09", "mood": mood[1], "confidence": 5})
    journal.save_profile(
        ws, {"workshop": CODE, "workshop_member_id": workshop.new_member_id(), "workshop_opt_in": True}, DAY
    )
    return ws, token


def share(ws, room) -> None:
    tables = {t: ws.all(t) for t in ("activities", "rejections", "reflections", "checkins", "reframes")}
    summary = workshop.summarise(tables, THEMES)
    workshop.sync(ws, room, summary, DAY, THEMES)


def six_attendees(open_ws):
    """Six people with distinct numbers no room count can reach (counts here never pass 6)."""
    people = []
    for i in range(6):
        rejections, applications, mood = 31 + i, 41 + i, (1 + i % 3, 10)
        ws, token = attendee(open_ws, i, rejections, applications, mood)
        people.append({"ws": ws, "token": token, "values": {rejections, applications, mood[1] - mood[0]}, "mood": mood})
    return people


def numbers_in(value) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [value]
    if isinstance(value, dict):
        return [n for v in value.values() for n in numbers_in(v)]
    if isinstance(value, list):
        return [n for v in value for n in numbers_in(v)]
    return []


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value, *(s for v in value.values() for s in strings_in(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def raw_room_tables(backend, key: str) -> list[dict[str, dict]]:
    """The room's store exactly as it is at rest: every file (with its snapshots) or every row."""
    if backend.kind == "file":
        stem = open_workspace(key, backend.folder).id
        docs = []
        for path in sorted(backend.folder.glob(stem + ".*")):
            if path.suffix == ".json":
                doc = orjson.loads(path.read_bytes())
                doc.pop("__rebound__", None)
                docs.append(doc)
        return docs
    import psycopg

    from rebound.storage import postgres as pgstore

    with psycopg.connect(backend.url) as conn:
        rows = conn.execute(
            "SELECT tbl, rid, body FROM rebound_records WHERE journal = %s", (pgstore.journal_digest(key),)
        ).fetchall()
    tables: dict[str, dict] = {}
    for tbl, rid, body in rows:
        tables.setdefault(tbl, {})[rid] = orjson.loads(bytes(body))
    return [tables]


def per_person_findings(docs: list[dict[str, dict]], people: list[dict]) -> list[str]:
    """Everything in the room's store that is, or points to, one person."""
    found = []
    secrets = {p["token"] for p in people} | {p["ws"].id for p in people}
    secrets |= {journal.profile(p["ws"]).get("workshop_member_id") for p in people}
    values = set().union(*(p["values"] for p in people))
    for doc in docs:
        for table, records in doc.items():
            if table not in (workshop.COUNTS_TABLE, workshop.RELEASES):
                found.append(f"an unexpected table {table!r} ({len(records)} rows)")
            if table == workshop.COUNTS_TABLE and set(records) != {workshop.COUNTS_ID}:
                found.append(f"{len(records)} rows in the counts table")
            for rid, record in records.items():
                if any(s in secrets for s in [rid, *strings_in(record)]):
                    found.append(f"a member id, journal id or private link in {table}/{rid}")
                if table != workshop.RELEASES:  # released figures are noisy; any number may come out
                    hits = sorted({n for n in numbers_in(record) if n in values})
                    if hits:
                        found.append(f"per-person values {hits} in {table}/{rid}")
    return found


# --- the room's store holds nothing about one person ---------------------------------------------


def test_six_attendees_leave_no_per_person_value_in_the_rooms_store(store_backend):
    key = workshop.workshop_key(CODE)
    room = store_backend(key)
    people = six_attendees(store_backend)
    for p in people:
        workshop.count_join(room, SESSION)
        share(p["ws"], room)
    workshop.release(room, THEMES, DAY)
    joined, counts = workshop.room_counts(room)
    assert joined == 6 and counts["sharing"] == 6 and counts["activity:application"] == 6
    assert sum(v for k, v in counts.items() if k.startswith("mood:")) == 6
    docs = raw_room_tables(store_backend, key)
    assert docs and any(workshop.COUNTS_TABLE in d for d in docs)
    assert per_person_findings(docs, people) == []
    # What each person added lives in their own sealed journal, and only there.
    for p in people:
        assert p["ws"].sealed
        assert journal.profile(p["ws"])["workshop_contributed"]["sharing"] == 1


def test_negative_control_the_old_layout_is_caught(store_backend):
    """The layout before this change: a row per member with their numbers, a joined row per member id."""
    key = workshop.workshop_key(CODE)
    room = store_backend(key)
    people = six_attendees(store_backend)
    for p in people:
        member_id = journal.profile(p["ws"])["workshop_member_id"]
        tables = {t: p["ws"].all(t) for t in ("activities", "rejections", "checkins")}
        room.add("members", {"id": member_id, **workshop.summarise(tables, THEMES)})
        room.add("joined", {"id": member_id})
    found = per_person_findings(raw_room_tables(store_backend, key), people)
    assert any("per-person values" in f for f in found)
    assert any("member id" in f for f in found)


def test_with_a_storage_secret_the_rooms_store_is_sealed(store_backend, monkeypatch):
    monkeypatch.setenv("REBOUND_STORAGE_SECRET", "a-deployment-secret-for-tests")
    key = workshop.workshop_key(CODE)
    room = store_backend(key)
    assert room.sealed
    workshop.apply_delta(room, {"sharing": 1}, joined=1)
    if store_backend.kind == "file":
        raw = [p.read_bytes() for p in store_backend.folder.glob(room.id + ".*") if p.suffix == ".json"]
    else:
        import psycopg

        from rebound.storage import postgres as pgstore

        with psycopg.connect(store_backend.url) as conn:
            raw = [
                bytes(r[0])
                for r in conn.execute(
                    "SELECT body FROM rebound_records WHERE journal = %s", (pgstore.journal_digest(key),)
                )
            ]
    assert raw and all(seal.is_sealed(b) for b in raw)
    assert workshop.room_counts(store_backend(key)) == (1, {"sharing": 1})
    assert seal.codec_for(workshop.control_key(CODE), "s").sealed and not seal.codec_for(key, None).sealed


def test_rotating_the_storage_secret_re_seals_the_room_too(store_backend, monkeypatch):
    from rebound.storage import rotate

    monkeypatch.setenv("REBOUND_STORAGE_SECRET", "the-old-deployment-secret")
    workshop.apply_delta(store_backend(workshop.workshop_key(CODE)), {"sharing": 3}, joined=3)
    if store_backend.kind == "file":
        report = rotate.rotate_folder(store_backend.folder, "the-old-deployment-secret", "the-new-deployment-secret")
    else:
        report = rotate.rotate_database(store_backend.url, "the-old-deployment-secret", "the-new-deployment-secret")
    assert report.rotated == 1 and not report.problems
    monkeypatch.setenv("REBOUND_STORAGE_SECRET", "the-new-deployment-secret")
    if store_backend.kind == "postgresql":
        from rebound.storage import postgres as pgstore

        pgstore.close(store_backend.url)  # a restarted app: nothing cached from before the rotation
    else:
        from rebound.storage import files

        files._journals.clear()
    assert workshop.room_counts(store_backend(workshop.workshop_key(CODE))) == (3, {"sharing": 3})


# --- deltas: the room always equals the sum of what each journal says it added ---------------------


def test_a_change_sends_only_the_difference_and_opting_out_subtracts_it(data_dir):
    room = open_workspace(workshop.workshop_key(CODE), data_dir)
    people = six_attendees(lambda key: open_workspace(key, data_dir))
    for p in people:
        share(p["ws"], room)
    before = workshop.room_counts(room)[1]
    first = people[0]["ws"]
    assert workshop.sync(first, room, None, DAY, THEMES)  # opt out
    after = workshop.room_counts(room)[1]
    gone = journal.profile(first)
    assert gone["workshop_contributed"] == {}
    assert before["sharing"] - after["sharing"] == 1
    assert sum(before.values()) - sum(after.values()) == 3  # sharing, a mood bin, an activity: nothing else
    assert not workshop.sync(first, room, None, DAY, THEMES)  # twice is fine: nothing more to take back
    # A change of mood from better to lower moves one count down and one up.
    second = people[1]["ws"]
    summary = {"mood_change": -3.0}
    workshop.sync(second, room, summary, DAY, THEMES)
    now = workshop.room_counts(room)[1]
    assert now["sharing"] == after["sharing"]
    totals = {}
    for p in people:
        for k, v in workshop.last_contribution(journal.profile(p["ws"])).items():
            totals[k] = totals.get(k, 0) + v
    assert now == totals


def test_a_damaged_profile_changes_nothing_in_the_room(data_dir):
    room = open_workspace(workshop.workshop_key(CODE), data_dir)
    ws = open_workspace(access.link_key(access.new_token()), data_dir)
    ws.add("profile", {"workshop": CODE, "weekly_goals": {"application": "lots"}})  # bypasses validation
    with pytest.raises(Exception, match="(?i)valid|whole number|integer"):
        workshop.sync(ws, room, {"mood_change": 1.0}, DAY, THEMES)
    assert workshop.room_counts(room) == (0, {})


def test_concurrent_syncs_and_joins_keep_exact_counts(store_backend):
    """Many journals sharing at once (threads, each with its own journal) and a crowd at the door."""
    room_key = workshop.workshop_key(CODE)
    journals = [store_backend(access.link_key(access.new_token())) for _ in range(16)]
    for ws in journals:
        journal.save_profile(ws, {"workshop": CODE, "workshop_opt_in": True}, DAY)
    refused = []

    def work(i: int, ws) -> None:
        room = store_backend(room_key)
        try:
            workshop.count_join(room, {"code": CODE, "expected_size": 6})  # up to 12 may join
        except workshop.RoomFull:
            refused.append(i)
        for mood in (1.0, -1.0, 0.0, 2.0):  # each change sends a difference; the last one stands
            workshop.sync(ws, room, {"mood_change": mood, "activities": {"learning": 2}}, DAY, THEMES)

    threads = [threading.Thread(target=work, args=(i, ws)) for i, ws in enumerate(journals)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    joined, counts = workshop.room_counts(store_backend(room_key))
    assert joined == 12 and len(refused) == 4
    assert counts == {"sharing": 16, "mood:better": 16, "activity:learning": 16}


def test_joins_beyond_twice_the_expected_size_are_refused(data_dir):
    room = open_workspace(workshop.workshop_key(CODE), data_dir)
    session = {"code": CODE, "expected_size": 3}
    for _ in range(6):
        workshop.count_join(room, session)
    with pytest.raises(workshop.RoomFull):
        workshop.count_join(room, session)
    assert workshop.joined_count(room) == 6
    assert workshop.join_limit({"code": CODE}) == 2 * workshop.DEFAULT_EXPECTED == 80


# --- releases: OpenDP noise, a budget, frozen figures ------------------------------------------------


def test_the_stated_epsilon_is_opendps_own_accounting():
    assert room_privacy.release_measurement().map(room_privacy.PERSON_L1) == pytest.approx(room_privacy.RELEASE_EPSILON)
    assert room_privacy.spent(2) == pytest.approx(2 * room_privacy.RELEASE_EPSILON)
    assert room_privacy.releases_allowed() == 2
    assert room_privacy.spent(room_privacy.releases_allowed()) <= room_privacy.BUDGET_EPSILON


def test_each_person_counts_at_most_once_in_each_group():
    summary = {
        "activities": {"application": 400, "learning": 399, "rest": 10_000},
        "themes": dict.fromkeys(THEMES, 50),
        "mood_change": 9.0,
    }
    c = room_privacy.contribution(summary, workshop.SHARED_KINDS, THEMES)
    assert c == {"sharing": 1, "mood:better": 1, "activity:application": 1, "theme:" + sorted(THEMES)[0]: 1}
    assert sum(c.values()) <= room_privacy.PERSON_L1
    assert room_privacy.contribution(None, workshop.SHARED_KINDS, THEMES) == {}
    empty = room_privacy.contribution({"activities": {}, "themes": {}}, workshop.SHARED_KINDS, THEMES)
    assert empty == {"sharing": 1}


def test_releases_spend_the_budget_then_the_figures_freeze(data_dir):
    room = open_workspace(workshop.workshop_key(CODE), data_dir)
    workshop.apply_delta(room, {"sharing": 30, "mood:better": 20, "theme:" + THEMES[0]: 25}, joined=4)
    with pytest.raises(workshop.TooFewSharing):  # gated on the joined count, which the facilitator sees
        workshop.release(room, THEMES, DAY)
    assert workshop.budget_state(room)["made"] == 0  # nothing spent
    workshop.apply_delta(room, {}, joined=26)
    first = workshop.release(room, THEMES, DAY)
    second = workshop.release(room, THEMES, DAY)
    assert (first["number"], second["number"]) == (1, 2)
    assert set(first["figures"]) == set(room_privacy.layout(workshop.SHARED_KINDS, THEMES))
    with pytest.raises(workshop.BudgetSpent):
        workshop.release(room, THEMES, DAY)
    state = workshop.budget_state(room)
    assert state == {"budget": 4.0, "spent": 4.0, "left": 0.0, "made": 2, "remaining": 0}
    assert workshop.latest_release(room)["figures"] == second["figures"]


def test_released_counts_are_noisy_with_the_stated_scale():
    names = room_privacy.layout(workshop.SHARED_KINDS, THEMES)
    true = {"sharing": 40}
    draws = [room_privacy.draw(true, names).figures["sharing"] - 40 for _ in range(2000)]
    assert len(set(draws)) > 5  # really noisy
    mean_abs = sum(abs(d) for d in draws) / len(draws)
    # A discrete Laplace of scale 2 is off by about 1.9 on average; far from 0, far from 4.
    assert 1.4 < mean_abs < 2.5
    within = sum(abs(d) <= room_privacy.error_at(0.9) for d in draws) / len(draws)
    assert within >= 0.86


def test_thresholds_hide_what_noise_alone_would_show():
    assert room_privacy.threshold(1) == room_privacy.MINIMUM_ROOM == 5
    names = room_privacy.layout(workshop.SHARED_KINDS, THEMES)
    junk = 0
    for _ in range(400):
        figures = room_privacy.draw({"sharing": 3}, names).figures  # three people, no theme, no mood
        junk += bool(workshop.shown_figures(figures).get("theme"))
    assert junk / 400 < 0.1


# --- fake attendees ------------------------------------------------------------------------------------


def attacker_exact_rate(release, trials: int) -> float:
    """4 fake journals of known values and 1 real one; the attacker subtracts the fakes and guesses
    the real person's mood (better / same / lower), which is equally likely to be any of the three."""
    fakes = {"sharing": 4, "mood:lower": 4, "activity:application": 4, "theme:" + THEMES[0]: 4}
    exact = 0
    for _ in range(trials):
        truth = random.choice(room_privacy.MOODS)
        counts = dict(fakes)
        for k, v in {"sharing": 1, "mood:" + truth: 1, "activity:learning": 1}.items():
            counts[k] = counts.get(k, 0) + v
        figures = release(counts)
        left = {m: figures["mood:" + m] - fakes.get("mood:" + m, 0) for m in room_privacy.MOODS}
        best = max(left.values())
        guess = random.choice([m for m, v in left.items() if v == best])
        exact += guess == truth
    return exact / trials


def allowed_exact_rate(epsilon: float, choices: int = 3) -> float:
    """With ``choices`` equally likely values and ε between any two of them, no guess is right more
    often than e^ε / (e^ε + choices - 1) (1/choices with ε = 0; 1 without privacy)."""
    return math.exp(epsilon) / (math.exp(epsilon) + choices - 1)


def test_four_fake_attendees_learn_no_more_than_epsilon_allows(data_dir):
    # The real room passes the threshold: 4 fakes + 1 real person share.
    room = open_workspace(workshop.workshop_key(CODE), data_dir)
    fakes = [attendee(lambda k: open_workspace(k, data_dir), i, 2, 3, (5, 2))[0] for i in range(4)]
    real, _ = attendee(lambda k: open_workspace(k, data_dir), 9, 9, 9, (2, 5))
    for ws in [*fakes, real]:
        share(ws, room)
    workshop.apply_delta(room, {}, joined=5)  # the five joined (attendee() only shares)
    assert workshop.release(room, THEMES, DAY)["number"] == 1  # no threshold stops this attack
    # One person's mood moving between two bins is L1 distance 2: OpenDP's own map says what that costs.
    names = room_privacy.layout(workshop.SHARED_KINDS, THEMES)
    one = room_privacy.release_measurement().map(2)
    whole = room_privacy.spent(room_privacy.releases_allowed(), d_in=2)
    trials = 1500
    margin = 4 * math.sqrt(0.25 / trials)
    rate = attacker_exact_rate(lambda c: room_privacy.draw(c, names).figures, trials)
    assert rate <= allowed_exact_rate(one) + margin, (rate, allowed_exact_rate(one))
    assert rate > 1 / 3 - margin  # the attacker does learn a little: that is what ε measures

    # Every release the budget allows, added up: still within the whole budget's bound.
    allowed = room_privacy.releases_allowed()

    def all_releases(counts):
        draws = [room_privacy.draw(counts, names).figures for _ in range(allowed)]
        return {k: sum(d[k] for d in draws) / len(draws) for k in draws[0]}

    rate_all = attacker_exact_rate(all_releases, trials)
    assert rate_all <= allowed_exact_rate(whole) + margin, (rate_all, allowed_exact_rate(whole))

    # Whether the real person shares at all (present or absent: every figure at once, ε as stated).
    present = 0
    for _ in range(trials):
        truth = random.random() < 0.5
        counts = {"sharing": 4 + truth, "mood:lower": 4, "activity:application": 4 + truth}
        figures = room_privacy.draw(counts, names).figures
        guess = (figures["sharing"] - 4) + (figures["activity:application"] - 4) >= 1
        present += guess == truth
    stated = room_privacy.release_measurement().map(room_privacy.PERSON_L1)
    assert stated == room_privacy.RELEASE_EPSILON
    assert present / trials <= allowed_exact_rate(stated, choices=2) + margin

    # Negative control: the old release (exact counts, no noise) gives the attacker the answer every time.
    exact = attacker_exact_rate(lambda c: {n: c.get(n, 0) for n in names}, 300)
    assert exact == 1.0 and exact > allowed_exact_rate(whole) + margin


WORKER = """
import sys, datetime as dt
from rebound import access, content, journal, workshop
from rebound.storage import open_workspace
folder, url, code, n = sys.argv[1], sys.argv[2] or None, sys.argv[3], int(sys.argv[4])
opener = lambda key: open_workspace(key, folder, database_url=url)
day, themes = dt.date(2026, 5, 4), content.theme_ids()
room = opener(workshop.workshop_key(code))
for _ in range(n):
    ws = opener(access.link_key(access.new_token()))
    workshop.join(ws, lambda c: opener(workshop.workshop_key(c)), {"code": code}, day)
    journal.save_profile(ws, {"workshop_opt_in": True}, day)
    for mood in (1.0, -2.0, 3.0):
        workshop.sync(ws, room, {"mood_change": mood, "activities": {"networking": 1}}, day, themes)
"""


def test_processes_syncing_at_once_keep_exact_counts(store_backend):
    """Several processes (the file lock, or PostgreSQL's advisory lock, not just a thread lock)."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [str(store_backend.folder), store_backend.url or "", CODE, "4"]
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, *args], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    joined, counts = workshop.room_counts(store_backend(workshop.workshop_key(CODE)))
    assert joined == 12
    assert counts == {"sharing": 12, "mood:better": 12, "activity:networking": 12}


@pytest.mark.parametrize("sharing", [4, 5])
def test_whether_a_release_is_made_says_nothing_about_who_shares(data_dir, sharing):
    """Four fake journals plus one real person: the release is made either way (only the noisy figures
    depend on the fifth), so pressing Release cannot tell the facilitator, free of budget, whether they share.
    Negative control: the earlier gate on the exact sharing count refused at 4 and released at 5."""
    room = open_workspace(workshop.workshop_key(CODE), data_dir)
    workshop.apply_delta(room, {"sharing": sharing}, joined=10)
    assert workshop.release(room, THEMES, DAY)["number"] == 1
