"""Progress: effort, active days, skills, practice time, mood, reframes, how far applications got, themes."""

import datetime as dt

import streamlit as st

from components import shell
from components.charts import figure as cached_figure
from components.charts import show as show_chart
from components.charts import table_expander
from components.nav import page_link
from rebound import applications, i18n
from rebound.charts import progress as charts
from rebound.charts import responses as response_charts
from rebound.i18n import N_, _, pgettext
from rebound.insights import progress as prog
from rebound.insights import responses
from rebound.text import md_escape

app = shell(N_("Progress"), icon=":material/insights:", layout="wide")
ws, today, token = app.ws, app.today, app.token


@st.cache_data(scope="session", show_spinner=False, max_entries=4)
def journal_index(ws_id: str, revision: str, _ws) -> dict:
    """Per revision: a content hash of each table and the first day. Records are read here, never hashed."""
    tables = {name: _ws.all(name) for name in prog.TABLES}
    return {"fp": prog.fingerprints(tables), "first": prog.first_record_day(tables)}


def _read(ws, section: str) -> dict:
    return {name: ws.all(name) for name in prog.SECTIONS[section]}


def _effort(ws, today_iso: str, start: dt.date, end: dt.date) -> dict:
    today_ = dt.date.fromisoformat(today_iso)
    return prog.effort_view(prog.prepare_effort(_read(ws, "effort"), today_), start, end, today_)


def _feel(ws, start: dt.date, end: dt.date) -> dict:
    return prog.feel_view(prog.prepare_feel(_read(ws, "feel")), start, end)


def _apps(ws, start: dt.date, end: dt.date) -> dict:
    return prog.apps_view(prog.prepare_apps(_read(ws, "apps")), start, end)


# Each section is cached by the content of its own tables, so saving one record recomputes only
# the sections that use that table; a rerun with nothing new recomputes nothing. Sections hold
# their summaries in words: each is cached per locale too (``locale``, never read in the body).
@st.cache_data(scope="session", show_spinner=False, max_entries=8)
def effort_section(ws_id: str, fp: tuple, today_iso: str, start: dt.date, end: dt.date, locale: str, _ws) -> dict:
    return _effort(_ws, today_iso, start, end)


@st.cache_data(scope="session", show_spinner=False, max_entries=8)
def skills_frames(ws_id: str, fp: tuple, _ws) -> dict:
    return prog.prepare_skills(_read(_ws, "skills"))


@st.cache_data(scope="session", show_spinner=False, max_entries=8)
def skills_section(ws_id: str, fp: tuple, start: dt.date, end: dt.date, chosen: tuple, locale: str, _frames) -> dict:
    return prog.skills_view(_frames, start, end, list(chosen))


@st.cache_data(scope="session", show_spinner=False, max_entries=8)
def feel_section(ws_id: str, fp: tuple, start: dt.date, end: dt.date, locale: str, _ws) -> dict:
    return _feel(_ws, start, end)


@st.cache_data(scope="session", show_spinner=False, max_entries=8)
def apps_section(ws_id: str, fp: tuple, start: dt.date, end: dt.date, locale: str, _ws) -> dict:
    return _apps(_ws, start, end)


class NoRecords:
    """A journal without records: what a section of a new journal is made from."""

    def all(self, table: str) -> list:
        return []


# A section none of whose tables has a record looks the same in every journal: it holds nobody's
# data, so one process-wide cache serves every new journal (keyed by the period only). A new
# journal's first visit, the costliest run of a room, then makes only the sections it has records for.
@st.cache_data(show_spinner=False, max_entries=32)
def section_without_records(section: str, today_iso: str, start: dt.date, end: dt.date, locale: str) -> dict:
    if section == "effort":
        return _effort(NoRecords(), today_iso, start, end)
    if section == "skills":
        return prog.skills_view(prog.prepare_skills(_read(NoRecords(), "skills")), start, end, [])
    return (_feel if section == "feel" else _apps)(NoRecords(), start, end)


@st.cache_data(show_spinner=False, max_entries=1)
def skill_frames_without_records() -> dict:
    return prog.prepare_skills(_read(NoRecords(), "skills"))


def _responses(ws, today_iso: str, start: dt.date, end: dt.date, by: str) -> dict:
    tables = _read(ws, "responses")
    weeks = applications.ghost_weeks((tables["profile"] or [{}])[0])
    frame = responses.prepare(tables["applications"], dt.date.fromisoformat(today_iso), weeks)
    return responses.view(frame, start, end, by, weeks)


@st.cache_data(scope="session", show_spinner=False, max_entries=8)
def responses_section(
    ws_id: str, fp: tuple, today_iso: str, start: dt.date, end: dt.date, by: str, locale: str, _ws
) -> dict:
    return _responses(_ws, today_iso, start, end, by)


@st.cache_data(show_spinner=False, max_entries=32)
def responses_without_records(today_iso: str, start: dt.date, end: dt.date, by: str, locale: str) -> dict:
    return _responses(NoRecords(), today_iso, start, end, by)


index = journal_index(ws.id, ws.revision, ws)
NO_RECORDS = prog.fingerprints({"none": []})["none"]


def fp(section: str) -> tuple:
    return tuple(index["fp"][name] for name in prog.SECTIONS[section])


def has_records(section: str) -> bool:
    return any(f != NO_RECORDS for f in fp(section))


locale = i18n.current_locale()  # every cached section and figure below is made per locale
st.title(_("Your progress"))
st.write(
    _(
        "Look back at what you have done, not only at the answers you got. Effort is the part you control, "
        "and it adds up. Every chart can show its numbers as a table."
    )
)

# --- Period -------------------------------------------------------------------------------------
first = index["first"]
choices = [*prog.RANGES, prog.CUSTOM]  # English names in the state; shown translated
period_labels = {c: _(c) for c in choices}  # made here: a format_func's _() would run outside this run
choice = st.selectbox(
    _("Period"),
    choices,
    index=choices.index(prog.DEFAULT_RANGE),
    format_func=period_labels.get,
    placeholder=_("Choose…"),
    key="progress_period",
)
if choice == prog.CUSTOM:
    # Two fields, not a range picker: a typed day applies as soon as it is entered, and each field
    # can say what is wrong with it. A range that cannot be shown shows nothing rather than the old one.
    start0, _unused = prog.date_range("Last 3 months", today, first)
    col_from, col_to = st.columns(2)
    date_format = "YYYY-MM-DD" if i18n.current() in (i18n.SOURCE, i18n.PSEUDO) else i18n.date_input_format()
    start = col_from.date_input(
        pgettext("start of a period", "From"), value=start0, key="progress_from", format=date_format
    )
    end = col_to.date_input(pgettext("end of a period", "To"), value=today, key="progress_to", format=date_format)
    range_errors = prog.custom_range(start, end, today)
    for field, col in (("start", col_from), ("end", col_to)):
        if field in range_errors:
            col.error(range_errors[field], icon=":material/error:")
    if range_errors:
        st.info(_("Your charts appear here once the period is complete."), icon=":material/date_range:")
        st.stop()
else:
    start, end = prog.date_range(choice, today, first)
st.caption(prog.period_caption(choice, start, end, first))

if first is None:
    st.info(
        _(
            "Your charts fill in as you use Rebound: log a rejection or a check-in, an activity, or a skill "
            "you practise. Come back in a week or two to see the first lines."
        ),
        icon=":material/insights:",
    )
    page_link("pages/1_Understand.py", _("Log a rejection or check in"), token, icon=":material/arrow_forward:")


def panel(
    title: str,
    summary: str,
    build,
    table,
    has_data: bool,
    empty: str,
    link: tuple[str, str] | None,
    key: str,
    vary: tuple = (),
):
    """One chart: its heading, a one-line summary, the chart (or a helpful empty state) and its table.

    ``title``, ``empty`` and the link's words are English, marked ``N_``: translated here.

    ``build`` makes the figure, called only when there is something to draw, and cached for the
    session by what it is drawn from (``view_key``, and ``vary``: the panel's own choices); the
    table (a ``prog.Table``) is made only while its expander is open (the expander reruns the page).
    """
    st.subheader(_(title))
    st.markdown(md_escape(summary))
    if not has_data:
        st.info(_(empty), icon=":material/info:")
        if link:
            page_link(link[0], _(link[1]), token, icon=":material/arrow_forward:")
        return
    show_chart(cached_figure(ws.id, (key, view_key, vary), build), key=f"chart_{key}")
    with table_expander(_("See the data as a table"), key=f"table_open_{key}") as is_open:
        if is_open:
            frame = table.frame() if isinstance(table, prog.Table) else table
            st.dataframe(frame, hide_index=True, key=f"table_{key}")


# --- The numbers of this period (each section cached, see above) -------------------------------------------
skill_frames = skills_frames(ws.id, fp("skills"), ws) if has_records("skills") else skill_frames_without_records()
skills = skill_frames["skills"]
names = dict(zip(skills["skill_id"].astype(str), skills["skill"].astype(str), strict=True))
if "progress_skills" not in st.session_state:
    st.session_state["progress_skills"] = prog.default_skills(skills, skill_frames["logs"])
else:
    st.session_state["progress_skills"] = [s for s in st.session_state["progress_skills"] if s in names]
chosen = tuple(st.session_state["progress_skills"])
today_iso = today.isoformat()
view_key = (index["fp"], today_iso, start, end, chosen)  # what every figure below is drawn from
view = {}
for section in ("effort", "skills", "feel", "apps"):
    if not has_records(section):
        view |= section_without_records(section, today_iso, start, end, locale)
    elif section == "effort":
        view |= effort_section(ws.id, fp("effort"), today_iso, start, end, locale, ws)
    elif section == "skills":
        view |= skills_section(ws.id, fp("skills"), start, end, chosen, locale, skill_frames)
    elif section == "feel":
        view |= feel_section(ws.id, fp("feel"), start, end, locale, ws)
    else:
        view |= apps_section(ws.id, fp("apps"), start, end, locale, ws)

# --- Effort and active days -------------------------------------------------------------------------
metrics = view["metrics"]
m1, m2, m3, m4 = st.columns(4)
m1.metric(
    _("Weeks in a row on goal"),
    metrics["week_streak"],
    help=_("Weeks that met every weekly goal; rest weeks step over."),
)
m2.metric(_("Days in a row with effort"), metrics["day_streak"], help=_("Planned rest days do not break it."))
m3.metric(_("Active days in this period"), metrics["active_days"])
m4.metric(_("Practice time in this period"), view["practice_all"], help=_("All skills, in the period above."))

builds = charts.builders(view, start, end)  # the same figures as tools/chart_gallery.py draws, made lazily
counts, goals = view["effort"]
days = view["days"]
left, right = st.columns(2)
with left:
    panel(
        N_("Effort per week"),
        view["effort_summary"],
        builds["effort"],
        view["effort_table"],
        not counts.empty,
        N_("Nothing logged in this period yet. Log an application, a chat or an hour of learning on Next steps."),
        ("pages/6_Next_steps.py", N_("Log an activity")),
        "effort",
    )
with right:
    panel(
        N_("Active days"),
        view["days_summary"],
        builds["days"],
        view["days_table"],
        bool(days["effort"].any()),
        N_("No active days in this period yet. Any small step counts: one application, one message, one lesson."),
        ("pages/6_Next_steps.py", N_("Log an activity")),
        "days",
    )

# --- Skills ---------------------------------------------------------------------------------------------
st.header(_("Skills"))
if names:  # with no skills, the panel's empty state says what to do (a greyed-out field is hard to read)
    st.multiselect(
        _("Skills to show"),
        list(names),
        format_func=names.get,
        key="progress_skills",
        placeholder=_("Choose skills"),
    )
left, right = st.columns(2)
with left:
    panel(
        N_("Skill level against target"),
        view["levels_summary"],
        builds["skills"],
        view["levels_table"],
        not view["levels"].empty,
        N_("No skills to show yet. Add a skill on Grow and log a practice session to see it climb.")
        if not names
        else N_("Choose a skill above to see its level over time."),
        ("pages/7_Grow.py", N_("Plan a skill")) if not names else None,
        "skills",
    )
with right:
    panel(
        N_("Practice time"),
        view["practice_summary"],
        builds["practice"],
        view["practice_table"],
        bool(view["practice"]["minutes"].sum() > 0),
        N_("No practice minutes in this period yet. Log a session on Grow with how long it took."),
        ("pages/7_Grow.py", N_("Log practice")),
        "practice",
    )

# --- How you feel ---------------------------------------------------------------------------------------
st.header(_("How you feel"))
mood, rejected = view["mood"]
left, right = st.columns(2)
with left:
    panel(
        N_("Mood and confidence"),
        view["mood_summary"],
        builds["mood"],
        view["mood_table"],
        not mood.empty,
        N_(
            "No check-ins in this period yet. A quick check-in on Understand takes a minute and shows how you are "
            "doing over the weeks."
        ),
        ("pages/1_Understand.py", N_("Check in")),
        "mood",
    )
with right:
    panel(
        N_("Thought records: before and after"),
        view["reframes_summary"],
        builds["reframes"],
        view["reframes_table"],
        not view["reframes"].empty,
        N_(
            "No thought records in this period yet. On Reframe you rate a hard thought, find a more balanced one, "
            "and rate it again."
        ),
        ("pages/4_Reframe.py", N_("Try a thought record")),
        "reframes",
    )

# --- Applications and themes -------------------------------------------------------------------------------
st.header(_("Applications and themes"))
funnel = view["funnel"]
theme_counts, labels = view["themes"]
left, right = st.columns(2)
with left:
    panel(
        N_("How far applications got"),
        view["funnel_summary"],
        builds["funnel"],
        view["funnel_table"],
        int(funnel["reached"].iloc[0]) > 0,
        N_("No rejections logged in this period. When one comes, log it on Understand: it shows how far you get."),
        ("pages/1_Understand.py", N_("Log a rejection")),
        "funnel",
    )
with right:
    panel(
        N_("Recurring themes"),
        view["themes_summary"],
        builds["themes"],
        view["themes_table"],
        not theme_counts.empty,
        N_("No themes noted in this period yet. Themes come from your reflections, feedback and conversations."),
        ("pages/2_Reflect.py", N_("Reflect on a rejection")),
        "themes",
    )

# --- Answers to applications ---------------------------------------------------------------------------------
st.header(_("Answers to your applications"))
st.write(
    _(
        "How many of the applications you logged got any answer, and how long answers took. Silence is not a "
        "verdict on you; these numbers help you see which ways of applying get heard, so you can put your energy "
        "there."
    )
)
by_labels = {by: _(label) for by, label in responses.BY.items()}  # made here, as the period's labels
by = st.radio(
    _("Compare by"),
    list(responses.BY),
    format_func=by_labels.get,
    horizontal=True,
    key="progress_answers_by",
)
answers = (
    responses_section(ws.id, fp("responses"), today_iso, start, end, by, locale, ws)
    if has_records("responses")
    else responses_without_records(today_iso, start, end, by, locale)
)
left, right = st.columns(2)
with left:
    panel(
        N_("Answers per month"),
        answers["resp_summary"],
        lambda: response_charts.response_rate(answers["resp_months"], answers["resp_split"], by),
        answers["resp_table"],
        answers["resp_totals"]["sent"] > 0,
        N_("No applications sent in this period are logged yet. Log each one on Understand when you send it."),
        ("pages/1_Understand.py", N_("Log an application")),
        "answers",
        vary=(by,),
    )
with right:
    panel(
        N_("Time to an answer"),
        answers["times_summary"],
        lambda: response_charts.answer_times(answers["times"]),
        answers["times_table"],
        answers["resp_totals"]["sent"] > 0,
        N_("Nothing to time yet. When an answer comes, record it on the application."),
        ("pages/1_Understand.py", N_("Record an answer")),
        "times",
        vary=(by,),
    )
