"""rebound.insights.responses: answer rate per month (by channel and by source), time to an answer, never answered."""

from __future__ import annotations

import datetime as dt

from rebound.charts import responses as charts
from rebound.insights import responses

TODAY = dt.date(2026, 3, 12)
START, END = dt.date(2026, 1, 1), TODAY


def app(applied, status="waiting", answered=None, channel=None, source=None) -> dict:
    return {"applied_on": applied, "status": status, "answered_on": answered, "channel": channel, "source": source}


APPS = [
    app("2026-01-05", "rejected", "2026-01-19", "referral", "Friend"),  # answered in 14 days
    app("2026-01-10", "waiting", None, "job board", "Indeed"),  # 61 days, no answer: never
    app("2026-01-20", "ghosted", None, "job board", "Indeed"),  # marked no answer: never
    app("2026-02-02", "interview", "2026-02-06", "job board", "Indeed"),  # answered in 4 days
    app("2026-02-20", "screen", "2026-03-02", "company site"),  # answered in 10 days
    app("2026-03-05", "waiting", None, "job board"),  # 7 days: too early to say
    app("2026-03-06", "withdrawn", None, "referral"),  # not an answer, not silence
    app(None, "rejected"),  # no sending date: left out and named
    app("2025-12-01", "rejected", "2025-12-03"),  # before the period
]


def df():
    return responses.prepare(APPS, TODAY, weeks=6)


def test_states_follow_the_rules():
    states = df()["state"].tolist()
    assert states[:7] == ["answered", "never", "never", "answered", "answered", "early", "withdrawn"]


def test_the_persons_weeks_move_never_and_too_early():
    short = responses.prepare(APPS, TODAY, weeks=1)
    assert short["state"].tolist()[5] == "never"  # exactly one week without an answer: as applications.outcome
    assert responses.prepare(APPS, TODAY, weeks=12)["state"].tolist()[1] == "early"


def test_monthly_answer_rate():
    m = responses.monthly(df(), START, END)
    got = {r.month.strftime("%Y-%m"): (r.sent, r.answered, r.rate) for r in m.itertuples()}
    assert got == {"2026-01": (3, 1, 33.0), "2026-02": (2, 2, 100.0), "2026-03": (2, 0, 0.0)}


def test_rate_by_channel_and_by_source():
    g = responses.by_group(df(), START, END, "channel")
    assert {r.group: (r.sent, r.answered) for r in g.itertuples()} == {
        "job board": (4, 1),
        "referral": (2, 1),
        "company site": (1, 1),
    }
    s = responses.by_group(df(), START, END, "source")
    assert {r.group: (r.sent, r.answered) for r in s.itertuples()} == {
        "Indeed": (3, 1),
        "Not recorded": (3, 1),
        "Friend": (1, 1),
    }
    assert "company site had the highest answer rate, 100% of 1 application" in responses.group_summary(g, "channel")


def test_median_days_and_share_never_answered():
    t = responses.totals(df(), START, END)
    assert (t["sent"], t["answered"], t["never"], t["early"], t["timed"], t["undated"]) == (7, 3, 2, 1, 3, 1)
    assert t["median_days"] == 10.0
    words = responses.time_summary(t, 6)
    assert "within 10 days" in words and "33% never answered" in words and "2 of 6" in words
    assert "1 application without a sending date" in words
    assert responses.rate_summary(t, 6).startswith("Of 7 applications sent in this period, 3 got an answer (43%)")


def test_answer_times_by_week():
    times = responses.answer_times(df(), START, END)
    assert dict(zip(times["weeks"], times["answers"], strict=True)) == {0: 1, 1: 1, 2: 1}


def test_empty_journal_says_so_and_draws_a_message():
    empty = responses.prepare([], TODAY)
    v = responses.view(empty, START, END, "source", 6)
    assert v["resp_totals"]["sent"] == 0 and v["resp_table"].empty
    assert v["resp_summary"] == "No applications sent in this period are logged yet."
    fig = charts.response_rate(v["resp_months"], v["resp_split"], "source")
    assert fig.layout.annotations[0].text.startswith("No applications")


def test_charts_have_their_data():
    v = responses.view(df(), START, END, "", 6)
    fig = charts.response_rate(v["resp_months"], v["resp_split"], "")
    assert [t.name for t in fig.data] == ["Sent", "Answered"] and list(fig.data[0].y) == [3, 2, 2]
    split = responses.view(df(), START, END, "channel", 6)
    fig = charts.response_rate(split["resp_months"], split["resp_split"], "channel")
    assert sorted(t.name for t in fig.data) == ["company site", "job board", "referral"]
    assert list(charts.answer_times(v["times"]).data[0].y) == [1, 1, 1]
    assert fig.layout.template.layout.colorway  # the shared template
