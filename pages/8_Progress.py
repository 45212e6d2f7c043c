"""Progress: effort, active days, skills, practice time, mood, reframes, how far applications got, themes."""

import datetime as dt

import streamlit as st

from components import shell
from components.charts import show as show_chart
from components.nav import page_link
from rebound import applications
from rebound.charts import progress as charts
from rebound.charts import responses as response_charts
from rebound.insights import progress as prog
from rebound.insights import responses
from rebound.text import md_escape

app = shell("Progress", icon=":material/insights:", layout="wide")
ws, today, token = app.ws, app.today, app.token


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def journal_index(ws_id: str, revision: str, _ws) -> dict:
    """Per revision: a content hash of each table and the first day. Records are read here, never hashed."""
    tables = {name: _ws.all(name) for name in prog.TABLES}
    return {"fp": prog.fingerprints(tables), "first": prog.first_record_day(tables)}


def _read(ws, section: str) -> dict:
    return {name: ws.all(name) for name in prog.SECTIONS[section]}


# Each section is cached by the content of its own tables, so saving one record recomputes only
# the sections that use that table; a rerun with nothing new recomputes nothing.
@st.cache_data(scope="session", show_spinner=False, max_entries=8)
def effort_section(ws_id: str, fp: tuple, today_iso: str, start: dt.date, end: dt.date, _ws) -> dict:
    today_ = dt.date.fromisoformat(today_iso)
    return prog.effort_view(prog.prepare_effort(_read(_ws, "effort"), today_), start, end, today_)


@st.cache_data(scope="session", show_spinner=False, max_entries=8)
def skills_frames(ws_id: str, fp: tuple, _ws) -> dict:
    return prog.prepare_skills(_read(_ws, "skills"))


@st.cache_data(scope="session", show_spinner=False, max_entries=8)
def skills_section(ws_id: str, fp: tuple, start: dt.date, end: dt.date, chosen: tuple, _frames) -> dict:
    return prog.skills_view(_frames, start, end, list(chosen))


@st.cache_data(scope="session", show_spinner=False, max_entries=8)
def feel_section(ws_id: str, fp: tuple, start: dt.date, end: dt.date, _ws) -> dict:
    return prog.feel_view(prog.prepare_feel(_read(_ws, "feel")), start, end)


@st.cache_data(scope="session", show_spinner=False, max_entries=8)
def apps_section(ws_id: str, fp: tuple, start: dt.date, end: dt.date, _ws) -> dict:
    return prog.apps_view(prog.prepare_apps(_read(_ws, "apps")), start, end)


@st.cache_data(scope="session", show_spinner=False, max_entries=8)
def responses_section(ws_id: str, fp: tuple, today_iso: str, start: dt.date, end: dt.date, by: str, _ws) -> dict:
    tables = _read(_ws, "responses")
    weeks = applications.ghost_weeks((tables["profile"] or [{}])[0])
    frame = responses.prepare(tables["applications"], dt.date.fromisoformat(today_iso), weeks)
    return responses.view(frame, start, end, by, weeks)


index = journal_index(ws.id, ws.revision, ws)


def fp(section: str) -> tuple:
    return tuple(index["fp"][name] for name in prog.SECTIONS[section])


st.title("Your progress")
st.write(
    "Look back at what you have done, not only at the answers you got. Effort is the part you control, "
    "and it adds up. Every chart can show its numbers as a table."
)

# --- Period -------------------------------------------------------------------------------------
first = index["first"]
choices = [*prog.RANGES, "Custom"]
choice = st.selectbox("Period", choices, index=choices.index(prog.DEFAULT_RANGE), key="progress_period")
if choice == "Custom":
    # Two fields, not a range picker: a typed day applies as soon as it is entered, and each field
    # can say what is wrong with it. A range that cannot be shown shows nothing rather than the old one.
    start0, _ = prog.date_range("Last 3 months", today, first)
    col_from, col_to = st.columns(2)
    start = col_from.date_input("From", value=start0, key="progress_from", format="YYYY-MM-DD")
    end = col_to.date_input("To", value=today, key="progress_to", format="YYYY-MM-DD")
    range_errors = prog.custom_range(start, end, today)
    for field, col in (("start", col_from), ("end", col_to)):
        if field in range_errors:
            col.error(range_errors[field], icon=":material/error:")
    if range_errors:
        st.info("Your charts appear here once the period is complete.", icon=":material/date_range:")
        st.stop()
else:
    start, end = prog.date_range(choice, today, first)
st.caption(prog.period_caption(choice, start, end, first))

if first is None:
    st.info(
        "Your charts fill in as you use Rebound: log a rejection or a check-in, an activity, or a skill "
        "you practise. Come back in a week or two to see the first lines.",
        icon=":material/insights:",
    )
    page_link("pages/1_Understand.py", "Log a rejection or check in", token, icon=":material/arrow_forward:")


def panel(title: str, summary: str, fig, table, has_data: bool, empty: str, link: tuple[str, str] | None, key: str):
    """One chart: its heading, a one-line summary, the chart (or a helpful empty state) and its table."""
    st.subheader(title)
    st.markdown(md_escape(summary))
    if not has_data:
        st.info(empty, icon=":material/info:")
        if link:
            page_link(link[0], link[1], token, icon=":material/arrow_forward:")
        return
    show_chart(fig, key=f"chart_{key}")
    with st.expander("See the data as a table"):
        st.dataframe(table, hide_index=True, key=f"table_{key}")


# --- The numbers of this period (each section cached, see above) -------------------------------------------
skill_frames = skills_frames(ws.id, fp("skills"), ws)
skills = skill_frames["skills"]
names = dict(zip(skills["skill_id"].astype(str), skills["skill"].astype(str), strict=True))
if "progress_skills" not in st.session_state:
    st.session_state["progress_skills"] = prog.default_skills(skills, skill_frames["logs"])
else:
    st.session_state["progress_skills"] = [s for s in st.session_state["progress_skills"] if s in names]
view = (
    effort_section(ws.id, fp("effort"), today.isoformat(), start, end, ws)
    | skills_section(ws.id, fp("skills"), start, end, tuple(st.session_state["progress_skills"]), skill_frames)
    | feel_section(ws.id, fp("feel"), start, end, ws)
    | apps_section(ws.id, fp("apps"), start, end, ws)
)

# --- Effort and active days -------------------------------------------------------------------------
metrics = view["metrics"]
m1, m2, m3, m4 = st.columns(4)
m1.metric(
    "Weeks in a row on goal", metrics["week_streak"], help="Weeks that met every weekly goal; rest weeks step over."
)
m2.metric("Days in a row with effort", metrics["day_streak"], help="Planned rest days do not break it.")
m3.metric("Active days in this period", metrics["active_days"])
m4.metric("Practice time in this period", view["practice_all"], help="All skills, in the period above.")

figs = charts.figures(view, start, end)  # the same figures as tools/chart_gallery.py draws
counts, goals = view["effort"]
days = view["days"]
left, right = st.columns(2)
with left:
    panel(
        "Effort per week",
        view["effort_summary"],
        figs["effort"],
        view["effort_table"],
        not counts.empty,
        "Nothing logged in this period yet. Log an application, a chat or an hour of learning on Next steps.",
        ("pages/6_Next_steps.py", "Log an activity"),
        "effort",
    )
with right:
    panel(
        "Active days",
        view["days_summary"],
        figs["days"],
        view["days_table"],
        bool(days["effort"].any()),
        "No active days in this period yet. Any small step counts: one application, one message, one lesson.",
        ("pages/6_Next_steps.py", "Log an activity"),
        "days",
    )

# --- Skills ---------------------------------------------------------------------------------------------
st.header("Skills")
st.multiselect(
    "Skills to show",
    list(names),
    format_func=names.get,
    key="progress_skills",
    placeholder="Choose skills",
    disabled=not names,
)
left, right = st.columns(2)
with left:
    panel(
        "Skill level against target",
        view["levels_summary"],
        figs["skills"],
        view["levels_table"],
        not view["levels"].empty,
        "No skills to show yet. Add a skill on Grow and log a practice session to see it climb."
        if not names
        else "Choose a skill above to see its level over time.",
        ("pages/7_Grow.py", "Plan a skill") if not names else None,
        "skills",
    )
with right:
    panel(
        "Practice time",
        view["practice_summary"],
        figs["practice"],
        view["practice_table"],
        bool(view["practice"]["minutes"].sum() > 0),
        "No practice minutes in this period yet. Log a session on Grow with how long it took.",
        ("pages/7_Grow.py", "Log practice"),
        "practice",
    )

# --- How you feel ---------------------------------------------------------------------------------------
st.header("How you feel")
mood, rejected = view["mood"]
left, right = st.columns(2)
with left:
    panel(
        "Mood and confidence",
        view["mood_summary"],
        figs["mood"],
        view["mood_table"],
        not mood.empty,
        "No check-ins in this period yet. A quick check-in on Understand takes a minute and shows how you are doing "
        "over the weeks.",
        ("pages/1_Understand.py", "Check in"),
        "mood",
    )
with right:
    panel(
        "Thought records: before and after",
        view["reframes_summary"],
        figs["reframes"],
        view["reframes_table"],
        not view["reframes"].empty,
        "No thought records in this period yet. On Reframe you rate a hard thought, find a more balanced one, "
        "and rate it again.",
        ("pages/4_Reframe.py", "Try a thought record"),
        "reframes",
    )

# --- Applications and themes -------------------------------------------------------------------------------
st.header("Applications and themes")
funnel = view["funnel"]
theme_counts, labels = view["themes"]
left, right = st.columns(2)
with left:
    panel(
        "How far applications got",
        view["funnel_summary"],
        figs["funnel"],
        view["funnel_table"],
        int(funnel["reached"].iloc[0]) > 0,
        "No rejections logged in this period. When one comes, log it on Understand: it shows how far you get.",
        ("pages/1_Understand.py", "Log a rejection"),
        "funnel",
    )
with right:
    panel(
        "Recurring themes",
        view["themes_summary"],
        figs["themes"],
        view["themes_table"],
        not theme_counts.empty,
        "No themes noted in this period yet. Themes come from your reflections, feedback and conversations.",
        ("pages/2_Reflect.py", "Reflect on a rejection"),
        "themes",
    )

# --- Answers to applications ---------------------------------------------------------------------------------
st.header("Answers to your applications")
st.write(
    "How many of the applications you logged got any answer, and how long answers took. Silence is not a "
    "verdict on you; these numbers help you see which ways of applying get heard, so you can put your energy there."
)
by = st.radio(
    "Compare by",
    list(responses.BY),
    format_func=responses.BY.get,
    horizontal=True,
    key="progress_answers_by",
)
answers = responses_section(ws.id, fp("responses"), today.isoformat(), start, end, by, ws)
left, right = st.columns(2)
with left:
    panel(
        "Answers per month",
        answers["resp_summary"],
        response_charts.response_rate(answers["resp_months"], answers["resp_split"], by),
        answers["resp_table"],
        answers["resp_totals"]["sent"] > 0,
        "No applications sent in this period are logged yet. Log each one on Understand when you send it.",
        ("pages/1_Understand.py", "Log an application"),
        "answers",
    )
with right:
    panel(
        "Time to an answer",
        answers["times_summary"],
        response_charts.answer_times(answers["times"]),
        answers["times_table"],
        answers["resp_totals"]["sent"] > 0,
        "Nothing to time yet. When an answer comes, record it on the application.",
        ("pages/1_Understand.py", "Record an answer"),
        "times",
    )
