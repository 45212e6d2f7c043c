"""Patterns across rejections: hand-computed expectations on small journals, and the figures' values."""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import pytest

from rebound.charts import TEMPLATE_NAME
from rebound.charts import patterns as charts
from rebound.insights import patterns as P
from rebound.models import Invalid, validate

TODAY = dt.date(2026, 3, 31)


def rej(rid, on, stage="interview", channel=None, source=None):
    return {
        "id": rid,
        "company": f"Co {rid}",
        "role": "Analyst",
        "stage": stage,
        "rejected_on": on,
        "channel": channel,
        "source": source,
        "created_at": on + "T09:00:00+00:00",
    }


def refl(rid, rejection_id, themes=(), ratings=None, created="2026-03-01"):
    return {
        "id": rid,
        "rejection_id": rejection_id,
        "went_well": "x",
        "to_improve": "y",
        "themes": list(themes),
        "ratings": ratings or {},
        "created_at": created + "T10:00:00+00:00",
    }


def fb(rid, rejection_id, themes=(), status="received"):
    return {
        "id": rid,
        "rejection_id": rejection_id,
        "status": status,
        "themes": list(themes),
        "created_at": "2026-03-20T10:00:00+00:00",
    }


def talk(rid, on, themes=()):
    return {"id": rid, "contact_id": "c1", "date": on, "themes": list(themes), "created_at": on + "T10:00:00+00:00"}


# A small journal, computed by hand below.
REJ = [
    rej("r1", "2026-01-05", "applied", "job board", "LinkedIn"),
    rej("r2", "2026-02-10", "interview", "referral", "a friend"),
    rej("r3", "2026-03-01", "final", "Job Board", "linkedin "),
    rej("r4", "2026-03-20", "interview", None, None),
]
REFL = [
    refl("a", "r1", ["system_design", "Nerves"], {"preparation": 2, "communication": 3}),
    refl("b", "r2", ["system_design"], {"preparation": 3}),
    refl("c", "r3", ["system_design", "communication"], {"preparation": 4, "communication": 3}),
]
FB = [fb("f1", "r4", ["system_design", "salary_expectations"]), fb("f2", "r3", [])]
TALKS = [talk("t1", "2026-03-25", ["communication"])]


@pytest.fixture
def events():
    return P.theme_events(REFL, FB, TALKS, REJ)


# --- vocabulary ----------------------------------------------------------------------------
def test_vocabulary_has_stable_unique_ids_and_labels():
    vocab = P.vocabulary()
    ids = [t["id"] for t in vocab]
    assert len(ids) == len(set(ids))
    for needed in ("system_design", "technical_depth", "behavioural_examples", "communication", "culture_fit",
                   "salary_expectations", "experience_gap", "leadership", "domain_knowledge", "presentation",
                   "preparation", "questions_asked", "confidence", "networking", "portfolio", "cv_resume",
                   "seniority_mismatch", "internal_candidate", "timing_budget"):  # fmt: skip
        assert needed in ids
    assert all(t["label"].strip() and t["id"].isidentifier() for t in vocab)


def test_theme_label_maps_ids_and_leaves_own_tags():
    assert P.theme_label("system_design") == "System design"
    assert P.theme_label("My pitch") == "My pitch"
    assert P.theme_label("") == ""


def test_theme_options_lists_shipped_then_own_sorted():
    opts = P.theme_options({"zebra", "Apple", "system_design"})
    assert opts[: len(P.vocabulary())] == [t["id"] for t in P.vocabulary()]
    assert opts[len(P.vocabulary()) :] == ["Apple", "zebra"]


# --- cleaning tags ---------------------------------------------------------------------------
def test_clean_themes_maps_labels_to_ids_and_dedupes():
    out = P.clean_themes(["System design", "system_design", "  my   PITCH ", "My pitch", "", "C++", "R&D / UX"])
    assert out == ["system_design", "my PITCH", "C++", "R&D / UX"]


def test_clean_themes_reuses_known_own_tag_spelling():
    assert P.clean_themes(["nerves"], known=["Nerves"]) == ["Nerves"]


@pytest.mark.parametrize("bad", ["<script>alert(1)</script>", "<b>bold</b>", "![x](http://e.com/i.png)", "***"])
def test_clean_themes_refuses_markup_with_a_plain_message(bad):
    with pytest.raises(Invalid) as exc:
        P.clean_themes(["ok", bad])
    msg = exc.value.errors["themes"]
    assert "letters, numbers" in msg
    assert bad not in msg  # our own words only: the message is shown as Markdown


def test_clean_themes_length_and_count_caps():
    with pytest.raises(Invalid, match="longer than 60"):
        P.clean_themes(["x" * 61])
    assert P.clean_themes(["x" * 60]) == ["x" * 60]
    with pytest.raises(Invalid, match="30 themes"):
        P.clean_themes([f"tag {i}" for i in range(31)])


def test_clean_tag_strips_control_characters_and_keeps_other_scripts():
    assert P.clean_tag("Über\u200b\x07 Führung") == "Über Führung"
    assert P.clean_tag("面接") == "面接"


def test_clean_area_maps_label_to_id():
    assert P.clean_area("Communication") == "communication"
    assert P.clean_area("My pitch") == "My pitch"
    with pytest.raises(ValueError):
        P.clean_area("<i>")


# --- theme events and the theme table --------------------------------------------------------
def test_theme_events_dates_by_rejection_and_conversation(events):
    rows = {(r.theme, r.record_id): (r.date.date().isoformat(), r.source) for r in events.itertuples()}
    assert rows[("system_design", "a")] == ("2026-01-05", "reflection")
    assert rows[("system_design", "f1")] == ("2026-03-20", "feedback")
    assert rows[("communication", "t1")] == ("2026-03-25", "mentor")
    assert len(events) == 8  # 2 + 1 + 2 from reflections, 2 from feedback (f2 has none), 1 conversation


def test_theme_events_fall_back_to_written_date_when_rejection_is_gone():
    ev = P.theme_events([refl("x", "gone", ["leadership"], created="2026-02-02")], [], [], [])
    assert ev.loc[0, "date"] == pd.Timestamp("2026-02-02")


def test_theme_table_counts_by_hand(events):
    table = P.theme_table(events, TODAY, window=30).set_index("theme")
    sd = table.loc["system_design"]
    assert (sd.mentions, sd.reflection, sd.feedback, sd.mentor, sd.rejections) == (4, 3, 1, 0, 4)
    assert sd.first_seen == pd.Timestamp("2026-01-05") and sd.last_seen == pd.Timestamp("2026-03-20")
    # window 30: recent = (Mar 1, Mar 31] -> Mar 20 only; earlier = (Jan 30, Mar 1] -> Feb 10, Mar 1
    assert (sd.recent, sd.earlier, sd.trend) == (1, 2, "fading")
    comm = table.loc["communication"]
    assert (comm.mentions, comm.reflection, comm.mentor, comm.recent, comm.earlier, comm.trend) == (
        2,
        1,
        1,
        1,
        1,
        "steady",
    )
    assert table.loc["Nerves", "trend"] == "quiet"  # Jan 5: outside both windows
    assert table.loc["salary_expectations", "trend"] == "growing"
    assert table.loc["Nerves", "label"] == "Nerves"


def test_theme_table_order_breaks_ties_by_recency_then_label(events):
    table = P.theme_table(events, TODAY, window=30)
    # 4 mentions first; then communication (2); then the single ones: salary (Mar 20) before Nerves (Jan 5)
    assert table["theme"].tolist() == ["system_design", "communication", "salary_expectations", "Nerves"]
    same_day = P.theme_events([refl("x", "r1", ["zeta", "Alpha", "beta"])], [], [], REJ)
    assert P.theme_table(same_day, TODAY)["label"].tolist() == ["Alpha", "beta", "zeta"]


def test_theme_table_single_entry_and_no_data():
    one = P.theme_events([refl("x", "r4", ["leadership"])], [], [], REJ)
    table = P.theme_table(one, TODAY)
    assert len(table) == 1 and table.loc[0, "mentions"] == 1 and table.loc[0, "trend"] == "growing"
    empty = P.theme_table(P.theme_events([], [], [], []), TODAY)
    assert empty.empty and list(empty.columns) == P.TABLE_COLUMNS
    assert P.summary(empty, P.theme_events([], [], [], []), [], TODAY) == []


def test_trend_window_is_half_the_span_within_bounds(events):
    assert P.trend_window(events, TODAY) == 43  # Jan 5 -> Mar 31 is 85 days; half rounded up
    assert P.trend_window(events, dt.date(2026, 1, 10)) == 14
    assert P.trend_window(events, dt.date(2027, 1, 5)) == 90
    assert P.trend_window(P.theme_events([], [], [], []), TODAY) == 14


def test_last_rejections_share(events):
    assert P.last_rejections_share(events, REJ, "system_design", n=3) == (3, 3)
    assert P.last_rejections_share(events, REJ, "communication", n=2) == (1, 2)  # talk has no rejection
    assert P.last_rejections_share(events, [], "system_design") == (0, 0)


def test_summary_sentences(events):
    table = P.theme_table(events, TODAY, window=30)
    lines = P.summary(table, events, REJ, TODAY, n=6)
    assert lines[0] == "‘System design’ came up in 4 of your last 4 rejections."
    assert any(line.startswith("Fading: ‘System design’") for line in lines)


def test_summary_when_every_theme_is_single():
    ev = P.theme_events([refl("x", "r4", ["leadership", "portfolio"])], [], [], REJ)
    lines = P.summary(P.theme_table(ev, TODAY), ev, REJ, TODAY)
    assert lines[0].startswith("Each theme has come up once so far")


def test_summary_counts_sources_when_not_tied_to_rejections():
    ev = P.theme_events(
        [], [], [talk("t1", "2026-03-01", ["networking"]), talk("t2", "2026-03-02", ["networking"])], []
    )
    lines = P.summary(P.theme_table(ev, TODAY), ev, [], TODAY)
    assert lines[0] == "‘Networking and referrals’ has come up twice: in 2 conversations."


def test_recurring_filters_by_mentions(events):
    table = P.theme_table(events, TODAY)
    assert P.recurring(table)["theme"].tolist() == ["system_design", "communication"]


# --- ratings ---------------------------------------------------------------------------------
def test_ratings_long_over_time_and_summary():
    long = P.ratings_long(REFL, REJ)
    assert len(long) == 5
    assert long[long["area"] == "preparation"]["rating"].tolist() == [2.0, 3.0, 4.0]
    over = P.ratings_over_time(long)
    assert over[over["area"] == "communication"]["rating"].tolist() == [3.0, 3.0]
    summ = P.ratings_summary(long).set_index("area")
    assert summ.loc["preparation", "mean"] == 3.0 and summ.loc["preparation", "change"] == 2.0
    assert (summ.loc["communication", "n"], summ.loc["communication", "first"]) == (2, 3.0)
    lines = P.ratings_sentences(P.ratings_summary(long))
    assert lines == [
        "Your average rating is 3.0 of 5 across the areas you rated.",
        "Preparation has gone from 2 to 4. That is real progress.",
    ]


def test_ratings_same_day_are_averaged_and_best_worst_named():
    rs = [refl("x", "r4", ratings={"preparation": 2, "questions": 5}), refl("y", "r4", ratings={"preparation": 4})]
    long = P.ratings_long(rs, REJ)
    over = P.ratings_over_time(long)
    assert over[over["area"] == "preparation"]["rating"].tolist() == [3.0]
    assert P.ratings_sentences(P.ratings_summary(long))[0] == (
        "Your strongest area on average: Questions asked (5.0 of 5). Most room to grow: Preparation (3.0 of 5)."
    )


def test_ratings_with_no_data():
    long = P.ratings_long([refl("x", "r1")], REJ)
    assert long.empty and P.ratings_summary(long).empty and P.ratings_sentences(P.ratings_summary(long)) == []
    assert P.ratings_over_time(long).empty


# --- stages ----------------------------------------------------------------------------------
def test_stage_counts_in_journey_order_with_zeros():
    counts = P.stage_counts(REJ)
    assert counts["stage"].tolist() == ["applied", "screen", "interview", "final", "offer"]
    assert counts["count"].tolist() == [1, 0, 2, 1, 0]
    assert P.stage_counts([])["count"].tolist() == [0, 0, 0, 0, 0]


def test_stage_sentence():
    assert P.stage_sentence(P.stage_counts(REJ)) == (
        "Of your 4 rejections, 3 came after an interview or later. Getting that far means your application is doing its job."
    )
    assert P.stage_sentence(P.stage_counts([rej("x", "2026-01-01", "screen")])).startswith(
        "All 1 of your rejection came before an interview"
    )
    assert P.stage_sentence(P.stage_counts([])) == ""


def test_stage_by_groups_free_text_case_insensitively():
    by_channel = P.stage_by(REJ, "channel")
    assert by_channel.loc["job board"].tolist() == [1, 0, 0, 1, 0]  # "job board" + "Job Board"
    assert by_channel.loc["not recorded", "interview"] == 1
    by_source = P.stage_by(REJ, "source")
    assert by_source.loc["LinkedIn"].sum() == 2
    assert by_source.index[0] == "LinkedIn"  # biggest group first
    many = [rej(f"x{i}", "2026-01-01", channel=f"ch{i}") for i in range(10)]
    grouped = P.stage_by(many, "channel", top=3)
    assert "other" in grouped.index and grouped.loc["other"].sum() == 7
    assert P.stage_by([], "channel").empty


# --- from theme to skill ---------------------------------------------------------------------
def test_skill_from_theme_is_a_valid_skill_record():
    rec = validate("skills", P.skill_from_theme("system_design"), TODAY)
    assert rec["from_theme"] == "system_design" and rec["name"] == "System design"
    assert rec["themes"] == ["system_design"]
    own = validate("skills", P.skill_from_theme("My pitch"), TODAY)
    assert own["name"] == "My pitch" and own["from_theme"] == "My pitch"
    assert P.skill_for([{"id": "s", "from_theme": "system_design"}], "system_design")["id"] == "s"
    assert P.skill_for([], "system_design") is None


# --- checking a reflection -------------------------------------------------------------------
def test_check_reflection_kind_messages_for_empty_reflection():
    with pytest.raises(Invalid) as exc:
        P.check_reflection({"went_well": "  ", "to_improve": "", "themes": None}, {}, TODAY)
    errs = exc.value.errors
    assert errs["went_well"].startswith("Write at least one thing that went well")
    assert errs["to_improve"].startswith("Write one thing you would do differently")
    assert errs["rejection_id"] == "Choose the rejection this reflection is about."


def test_check_reflection_collects_every_problem_at_once():
    data = {"rejection_id": "r1", "went_well": "x" * 5001, "to_improve": "ok", "themes": ["<b>"]}
    with pytest.raises(Invalid) as exc:
        P.check_reflection(data, {"<x>": 3}, TODAY)
    assert set(exc.value.errors) == {"went_well", "themes", "ratings"}
    assert "5,001 of 5,000" in exc.value.errors["went_well"]


def test_check_reflection_cleans_ratings_and_themes():
    clean = P.check_reflection(
        {"rejection_id": "r1", "went_well": " a ", "to_improve": "b", "themes": ["Confidence and nerves", "mine"]},
        {"Preparation": 4, "communication": 0, "My pitch": 2},
        TODAY,
    )
    assert clean["ratings"] == {"preparation": 4, "My pitch": 2}
    assert clean["themes"] == ["confidence", "mine"] and clean["went_well"] == "a"


# --- figures: check the values, not only the count -------------------------------------------
def test_themes_bar_values(events):
    table = P.theme_table(events, TODAY, window=30)
    fig = charts.themes_bar(table)
    assert fig.layout.template.layout.colorway == charts.PALETTE or fig.layout.template is not None
    traces = {t.name: t for t in fig.data}
    assert set(traces) == {"Your reflections", "Feedback received", "Conversations"}
    refl_trace = traces["Your reflections"]
    # bottom to top: least frequent first, so the top theme is drawn at the top
    assert list(refl_trace.y) == ["Nerves", "Salary expectations", "Communication", "System design"]
    assert list(refl_trace.x) == [1, 0, 1, 3]
    assert list(traces["Feedback received"].x) == [0, 1, 0, 1]
    assert list(traces["Conversations"].x) == [0, 0, 1, 0]
    assert fig.layout.barmode == "stack"


def test_themes_bar_top_limits_rows(events):
    fig = charts.themes_bar(P.theme_table(events, TODAY), top=2)
    assert list(fig.data[0].y) == ["Communication", "System design"]


def test_ratings_lines_values():
    fig = charts.ratings_lines(P.ratings_over_time(P.ratings_long(REFL, REJ)))
    traces = {t.name: t for t in fig.data}
    assert list(traces["Preparation"].y) == [2.0, 3.0, 4.0]
    assert list(traces["Preparation"].x) == ["2026-01-05", "2026-02-10", "2026-03-01"]
    assert list(traces["Communication"].y) == [3.0, 3.0]
    assert tuple(fig.layout.yaxis.range) == (0.5, 5.5)


def test_stage_bar_and_breakdown_values():
    fig = charts.stage_bar(P.stage_counts(REJ))
    assert list(fig.data[0].x) == ["Application", "Screening call", "Interview", "Final round", "Offer stage"]
    assert list(fig.data[0].y) == [1, 0, 2, 1, 0]
    fig2 = charts.stage_by_bar(P.stage_by(REJ, "channel"))
    traces = {t.name: t for t in fig2.data}
    assert set(traces) == {"Application", "Interview", "Final round"}  # stages with no rejections left out
    assert list(traces["Interview"].x) == ["job board", "referral", "not recorded"]
    assert list(traces["Interview"].y) == [0, 1, 1]


def test_figures_use_the_shared_template():
    fig = charts.stage_bar(P.stage_counts(REJ))
    assert fig.layout.template.layout.colorway is not None
    assert TEMPLATE_NAME == "rebound"


# --- a heavy journal stays quick ----------------------------------------------------------------
def test_three_hundred_reflections_aggregate_quickly():
    vocab = [t["id"] for t in P.vocabulary()]
    start = dt.date(2024, 4, 1)
    rejections = [rej(f"r{i}", (start + dt.timedelta(days=2 * i)).isoformat()) for i in range(300)]
    reflections = [
        refl(
            f"x{i}",
            f"r{i}",
            [vocab[i % 7], vocab[(i * 3) % 11], f"own {i % 5}"],
            {"preparation": 1 + i % 5, "communication": 1 + (i // 3) % 5, "examples": 1 + (i // 7) % 5},
        )
        for i in range(300)
    ]
    feedback = [fb(f"f{i}", f"r{i}", [vocab[i % 4]]) for i in range(0, 300, 2)]
    talks = [talk(f"t{i}", (start + dt.timedelta(days=5 * i)).isoformat(), [vocab[i % 3]]) for i in range(100)]
    t0 = time.perf_counter()
    ev = P.theme_events(reflections, feedback, talks, rejections)
    table = P.theme_table(ev, TODAY)
    P.summary(table, ev, rejections, TODAY)
    long = P.ratings_long(reflections, rejections)
    P.ratings_summary(long)
    P.ratings_over_time(long)
    P.stage_by(rejections, "channel")
    elapsed = time.perf_counter() - t0
    assert len(ev) == 300 * 3 + 150 + 100
    assert table["mentions"].sum() == len(ev)
    assert len(long) == 900
    assert elapsed < 2.0, f"aggregating a heavy journal took {elapsed:.2f}s"
