"""rebound.keyguard: the facilitator key is slow to guess, and nobody can keep the facilitator out.

Replicas are two guards over two workspace objects on one store (as two app processes on one data
folder or database). The negative control, kept as a test: the same storm against guards that each
keep their counts to themselves (a store per replica, as the old per-process guard did) lets the
replicas together take more wrong keys than the app-wide cap, and the check catches it.
"""

from __future__ import annotations

import pytest

from rebound import keyguard
from rebound.keyguard import Attempts, KeyGuard, Limits, client_address, key_problem
from rebound.storage import open_workspace

KEY = "correct horse battery staple"
GUARD_KEY = "workshop-guard:room"


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture(params=["file", "postgresql"])
def store(request, tmp_path):
    """Opens the guard's journal on one store: a data folder, or a fresh PostgreSQL database."""
    if request.param == "file":
        yield lambda: open_workspace(GUARD_KEY, tmp_path)
        return
    from tests.conftest import fresh_database, require_pg

    with fresh_database(require_pg()) as url:
        yield lambda: open_workspace(GUARD_KEY, database_url=url)


def guard(store, clock, **limits) -> KeyGuard:
    return KeyGuard(store(), KEY, Limits(**limits), clock=clock)


def test_right_key_opens_at_once(store):
    g = guard(store, Clock())
    assert g.check(Attempts(), None, KEY, KEY).ok


def test_wrong_keys_wait_longer_each_time_per_session(store):
    clock = Clock()
    g = guard(store, clock, per_minute=1000)
    session = Attempts()
    waits = []
    for _ in range(5):
        v = g.check(session, None, "guess", KEY)
        assert not v.ok and v.refused is None
        waits.append(v.wait)
        clock.now += v.wait
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert g.check(Attempts(), None, KEY, KEY).ok  # another session is not slowed


def test_an_early_attempt_is_refused_uncompared_and_uncounted(store):
    clock = Clock()
    g = guard(store, clock)
    session = Attempts()
    g.check(session, None, "guess", KEY)
    v = g.check(session, None, KEY, KEY)
    assert not v.ok and v.refused == "session" and v.wait == pytest.approx(1.0)
    assert session.failures == 1
    clock.now += 1.0
    assert g.check(session, None, KEY, KEY).ok


def test_a_storm_from_fresh_sessions_leaves_a_fresh_session_free(store):
    """Issue 16: 30 wrong keys from 10 sessions in one minute; then the right key from a fresh session."""
    clock = Clock()
    g = guard(store, clock)
    sessions = [Attempts() for _ in range(10)]
    for i in range(30):
        clock.now += 2.0  # 30 in one minute
        s = sessions[i % 10]
        if s.next_allowed > clock.now:  # a storm waits out its own session's delay
            s = sessions[i % 10] = Attempts()
        assert g.check(s, None, "guess", KEY).refused is None
    v = g.check(Attempts(), None, KEY, KEY)
    assert v.ok and v.wait == 0


def test_beyond_the_app_wide_cap_wrong_keys_wait_out_the_minute_on_every_replica(store):
    clock = Clock()
    replicas = [guard(store, clock, per_minute=20) for _ in range(2)]
    assert _slowed_after(replicas, clock, tries=30) == 10  # the 21st to the 30th, on either replica


def test_beyond_the_app_wide_cap_the_right_key_still_opens_at_once(store):
    """A storm over the cap cannot keep the facilitator out: only wrong keys are slowed."""
    clock = Clock()
    replicas = [guard(store, clock, per_minute=20) for _ in range(2)]
    _slowed_after(replicas, clock, tries=100)
    v = replicas[1].check(Attempts(), None, KEY, KEY)
    assert v.ok and v.wait == 0


def test_negative_control_per_replica_counts_let_replicas_multiply_guesses(tmp_path):
    clock = Clock()
    replicas = [
        KeyGuard(open_workspace(GUARD_KEY, tmp_path / f"replica{i}"), KEY, Limits(per_minute=20), clock=clock)
        for i in range(2)
    ]
    assert _slowed_after(replicas, clock, tries=30) == 0  # each replica sees 15: the check above catches this


def _slowed_after(replicas: list[KeyGuard], clock: Clock, tries: int) -> int:
    """Fresh sessions spread over the replicas, within one minute: how many wrong keys had to wait out the
    minute (more than a session's own first 1 s)."""
    slowed = 0
    for i in range(tries):
        clock.now += 0.5
        v = replicas[i % len(replicas)].check(Attempts(), None, "guess", KEY)
        assert not v.ok and v.refused is None  # compared, never turned away unseen
        slowed += v.wait > 1.0
    return slowed


def test_an_address_slows_down_after_its_free_tries_across_replicas_but_others_do_not(store):
    clock = Clock()
    a, b = guard(store, clock, address_free=3), guard(store, clock, address_free=3)
    waits = []
    for i in range(5):  # fresh sessions from one address, on both replicas, each waiting as told
        v = (a if i % 2 else b).check(Attempts(), "203.0.113.7", "guess", KEY)
        assert v.refused is None
        waits.append(v.wait)
        if i < 4:
            clock.now += v.wait
    assert waits == [1.0, 1.0, 1.0, 1.0, 2.0]  # the session's own 1 s; then the address's 1 s, 2 s
    # The facilitator on the same venue Wi-Fi (one address) is not kept out by an attendee's wrong keys.
    assert a.check(Attempts(), "203.0.113.7", KEY, KEY).ok
    assert b.check(Attempts(), "198.51.100.2", KEY, KEY).ok


def test_the_store_keeps_no_address_and_no_key(tmp_path):
    clock = Clock()
    g = KeyGuard(open_workspace(GUARD_KEY, tmp_path), KEY, clock=clock)
    g.check(Attempts(), "203.0.113.7", "my-wrong-guess", KEY)
    raw = b"".join(p.read_bytes() for p in tmp_path.rglob("*.json"))
    assert raw and b"203.0.113.7" not in raw and b"my-wrong-guess" not in raw and KEY.encode() not in raw


def test_old_counts_are_pruned(store):
    clock = Clock()
    g = guard(store, clock)
    g.check(Attempts(), "203.0.113.7", "guess", KEY)
    clock.now += keyguard.KEEP_S + 60
    g.check(Attempts(), None, "guess", KEY)
    ws = store()
    assert len(ws.all("buckets")) == 1 and ws.all("addresses") == []


def test_attempts_are_logged_without_the_key(store, caplog):
    clock = Clock()
    g = guard(store, clock)
    session = Attempts()
    with caplog.at_level("INFO", logger="rebound.access"):
        g.check(session, None, "my-wrong-guess-ÄÖ", KEY)
        g.check(session, None, "second-guess", KEY)  # too soon
        clock.now += 10
        g.check(session, None, KEY, KEY)
    text = caplog.text
    assert "Wrong facilitator key" in text and "too soon" in text and "opened" in text
    for secret in ("my-wrong-guess", "second-guess", KEY, "ÄÖ"):
        assert secret not in text


def test_non_ascii_keys_are_compared_as_utf8_bytes(tmp_path):
    g = KeyGuard(open_workspace(GUARD_KEY, tmp_path), "clé-été-clé-été", clock=Clock())
    assert g.check(Attempts(), None, "clé-été-clé-été", "clé-été-clé-été").ok
    assert not g.check(Attempts(), None, "cle-ete-cle-ete", "clé-été-clé-été").ok


@pytest.mark.parametrize(("key", "refused"), [(None, True), ("", True), ("elevenchars", True), ("twelve-chars", False)])
def test_a_key_shorter_than_12_characters_is_refused_saying_why(key, refused):
    problem = key_problem(key)
    assert (problem is not None) is refused
    if refused:
        assert "too short" in problem and "at least 12" in problem


def test_the_client_address_is_read_only_behind_the_apps_own_proxy():
    headers = {"X-Real-IP": "203.0.113.7", "X-Forwarded-For": "6.6.6.6, 203.0.113.7"}
    assert client_address(headers, behind_proxy=False) is None  # anyone can send headers
    assert client_address(headers, behind_proxy=True) == "203.0.113.7"
    assert client_address({"X-Forwarded-For": "6.6.6.6, 198.51.100.2"}, True) == "198.51.100.2"  # the proxy's hop
    assert client_address({}, True) is None
