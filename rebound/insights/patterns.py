"""Patterns across rejections: recurring themes, area ratings over time, how far applications got.

Pure pandas over plain records (no Streamlit). Themes are strings on records: a
shipped theme is stored by its id (see data/content/themes.json), a person's own
tag as the text they typed. Everything is vectorised so a journal with hundreds of
reflections stays quick.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

import pandas as pd

from rebound import content, i18n
from rebound.i18n import N_, _, ngettext
from rebound.insights import channel_label, frame
from rebound.models import STAGE_LABELS, STAGES, Invalid, validate

TAG_MAX = 60  # characters in one theme or rating area (the models' cap)
TAGS_MAX = 30  # themes on one record

SOURCES: dict[str, tuple[str, str]] = {
    # source id -> (one, many), as said in a sentence (English; sentences use _source_count)
    "reflection": ("reflection", "reflections"),
    "feedback": ("piece of feedback", "pieces of feedback"),
    "mentor": ("conversation", "conversations"),
}
# English, marked: shown as _(SOURCE_LABELS[source])
SOURCE_LABELS = {
    "reflection": N_("Your reflections"),
    "feedback": N_("Feedback received"),
    "mentor": N_("Conversations"),
}
# Groups of stage_by() (English, marked): shown as group_label(name)
NOT_RECORDED = N_("not recorded")
OTHER = N_("other")


def group_label(name: str) -> str:
    """A stage_by() group as shown: our own groups translated, the person's channels and sources as typed."""
    return _(name) if name in (NOT_RECORDED, OTHER) else channel_label(name)


# Letters and digits of any script, spaces and a few harmless marks (C++, C#, R&D, UX/UI, O'Neil).
_TAG_OK = re.compile(r"[\w][\w &/'.+#(),\-]*", re.UNICODE)


# --- vocabulary --------------------------------------------------------------------------------
def vocabulary() -> list[dict]:
    """The shipped themes: [{id, label, description}], in their shipped order."""
    return content.themes()


def _labels() -> dict[str, str]:
    return content.theme_labels()


def theme_label(theme: str) -> str:
    """The label of a shipped theme id; a person's own tag is returned as it is."""
    return _labels().get(theme, theme)


def rating_areas() -> list[dict]:
    """The shipped rating areas: [{id, label, help}]."""
    return list(content.load("reflection")["rating_areas"])


def area_label(area: str) -> str:
    return {a["id"]: a["label"] for a in rating_areas()}.get(area, area)


def theme_options(used: Iterable[str] = ()) -> list[str]:
    """Choices for a theme picker: the shipped ids first, then own tags already in use (sorted)."""
    ids = [t["id"] for t in vocabulary()]
    known = set(ids)
    own = sorted({u for u in used if u and u not in known}, key=str.casefold)
    return ids + own


def used_themes(*tables: Iterable[Mapping]) -> set[str]:
    """Every theme string on the given records."""
    return {t for records in tables for r in records for t in (r.get("themes") or [])}


# --- cleaning what people type --------------------------------------------------------------
def _tidy(text: object) -> str:
    text = unicodedata.normalize("NFC", str(text if text is not None else ""))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\t\n")
    return " ".join(text.split())


def _check_tag(text: str, what: str) -> None:
    # Messages are our own words only: they are shown as Markdown next to the field.
    if len(text) > TAG_MAX:
        if what == "theme":
            raise ValueError(_("One theme is longer than {max} characters. Please shorten it.", max=TAG_MAX))
        raise ValueError(_("One rating area is longer than {max} characters. Please shorten it.", max=TAG_MAX))
    if not _TAG_OK.fullmatch(text):
        if what == "theme":
            raise ValueError(
                _(
                    "One theme has characters Rebound cannot keep (such as < > or symbols). "
                    "Please use letters, numbers, spaces and - & / ' . + # ( ) only."
                )
            )
        raise ValueError(
            _(
                "One rating area has characters Rebound cannot keep (such as < > or symbols). "
                "Please use letters, numbers, spaces and - & / ' . + # ( ) only."
            )
        )


def clean_tag(text: object, known: Iterable[str] = ()) -> str:
    """One theme as typed: tidied, checked, and mapped to a shipped id when it names one.

    ``known`` are own tags already in use: a tag that differs only in case becomes that tag.
    """
    tag = _tidy(text)
    if not tag:
        return ""
    same = {k.casefold(): k for k in known}.get(tag.casefold())
    if same and same not in {t["id"] for t in vocabulary()}:
        return same
    by_name = {t["label"].casefold(): t["id"] for t in vocabulary()} | {t["id"]: t["id"] for t in vocabulary()}
    if tag in by_name.values():
        return tag
    key = tag.casefold()
    if key in by_name or key.replace(" ", "_") in by_name:
        return by_name.get(key) or by_name[key.replace(" ", "_")]
    _check_tag(tag, "theme")
    return tag


def clean_themes(values: Iterable[object] | None, field: str = "themes", known: Iterable[str] = ()) -> list[str]:
    """Themes from a picker (ids and typed tags): cleaned, de-duplicated; Invalid with a clear message."""
    out: dict[str, str] = {}
    known = list(known)
    for value in values or []:
        try:
            tag = clean_tag(value, known)
        except ValueError as exc:
            raise Invalid({field: str(exc)}) from None
        if tag:
            out.setdefault(tag.casefold(), tag)
    if len(out) > TAGS_MAX:
        raise Invalid({field: _("Please keep this to {max} themes or fewer.", max=TAGS_MAX)})
    return list(out.values())


def clean_area(text: object) -> str:
    """A rating area: a shipped area id, or the person's own area name (checked)."""
    area = _tidy(text)
    if not area:
        return ""
    by_name = {a["label"].casefold(): a["id"] for a in rating_areas()} | {a["id"]: a["id"] for a in rating_areas()}
    if area in by_name.values():
        return area
    if area.casefold() in by_name:
        return by_name[area.casefold()]
    _check_tag(area, "rating area")
    return area


# --- themes over time ------------------------------------------------------------------------
EVENT_COLUMNS = ["theme", "date", "source", "record_id", "rejection_id"]


def _rejection_dates(rejections: list[dict]) -> dict[str, pd.Timestamp]:
    """Rejection id -> the day the person heard back (a plain dict: mapping by it is fast and type-safe)."""
    rej = frame(rejections, ["id", "rejected_on"])
    dates = pd.to_datetime(rej["rejected_on"], errors="coerce")
    return {str(i): d for i, d in zip(rej["id"], dates, strict=True) if not pd.isna(d)}


def _events(records: list[dict], source: str) -> pd.DataFrame:
    df = frame(records, ["id", "themes", "rejection_id", "created_at"])
    df = df[df["themes"].map(lambda t: isinstance(t, list) and len(t) > 0)]
    if df.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    df = df.explode("themes")
    return pd.DataFrame(
        {
            "theme": df["themes"].astype(str).values,
            "date": pd.NaT,
            "source": source,
            "record_id": df["id"].astype(str).values,
            "rejection_id": df["rejection_id"].values,
            "_created": df["created_at"].values,
        }
    )


def _no_events() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype="object") for c in EVENT_COLUMNS})
    out["date"] = pd.Series(dtype="datetime64[ns]")
    return out


def theme_events(
    reflections: list[dict],
    feedback_requests: list[dict],
    support_log: list[dict],
    rejections: list[dict],
) -> pd.DataFrame:
    """One row per theme mention: theme, date, source, record_id, rejection_id.

    A reflection's or feedback's themes are dated by the rejection they are about
    (when it happened); a conversation's by its own date. Missing dates fall back
    to the day the record was written.
    """
    if not (reflections or feedback_requests or support_log):  # nothing to mention a theme: no pandas needed
        return _no_events()
    by_rejection = _rejection_dates(rejections)
    parts = []
    for records, source in ((reflections, "reflection"), (feedback_requests, "feedback")):
        ev = _events(records, source)
        if not ev.empty:
            ev["date"] = pd.to_datetime(ev["rejection_id"].map(by_rejection), errors="coerce")
        parts.append(ev)
    talks = frame(support_log, ["id", "themes", "date", "created_at"])
    talks = talks[talks["themes"].map(lambda t: isinstance(t, list) and len(t) > 0)]
    if not talks.empty:
        talks = talks.explode("themes")
        parts.append(
            pd.DataFrame(
                {
                    "theme": talks["themes"].astype(str).values,
                    "date": pd.to_datetime(talks["date"], errors="coerce").values,
                    "source": "mentor",
                    "record_id": talks["id"].astype(str).values,
                    "rejection_id": None,
                    "_created": talks["created_at"].values,
                }
            )
        )
    parts = [p for p in parts if not p.empty]
    if not parts:
        return _no_events()
    ev = pd.concat(parts, ignore_index=True)
    ev["date"] = pd.to_datetime(ev["date"], errors="coerce")
    created = pd.to_datetime(ev["_created"].astype(str).str[:10], errors="coerce")
    ev["date"] = ev["date"].fillna(created).astype("datetime64[ns]")
    return ev[EVENT_COLUMNS]


def trend_window(events: pd.DataFrame, today: dt.date) -> int:
    """Days in each of the two windows compared for a trend: half the journal's span, 14 to 90 days."""
    if events.empty or events["date"].isna().all():
        return 14
    span = (pd.Timestamp(today) - events["date"].min()).days
    return int(min(90, max(14, -(-span // 2))))


TABLE_COLUMNS = [
    "theme",
    "label",
    "mentions",
    "reflection",
    "feedback",
    "mentor",
    "rejections",
    "first_seen",
    "last_seen",
    "recent",
    "earlier",
    "trend",
]


def theme_table(events: pd.DataFrame, today: dt.date, window: int | None = None) -> pd.DataFrame:
    """Per theme: how often, from where, first and last seen, and whether it is growing or fading.

    Trend compares mentions in the last ``window`` days with the ``window`` days before:
    more now -> "growing", fewer -> "fading", the same (and some) -> "steady", none in
    either -> "quiet". Sorted by mentions, then most recent, then label.
    """
    if events.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in TABLE_COLUMNS})
    window = window or trend_window(events, today)
    now = pd.Timestamp(today)
    recent_start = now - pd.Timedelta(days=window)
    earlier_start = now - pd.Timedelta(days=2 * window)
    ev = events.assign(
        recent=(events["date"] > recent_start) & (events["date"] <= now),
        earlier=(events["date"] > earlier_start) & (events["date"] <= recent_start),
    )
    grouped = ev.groupby("theme", sort=False)
    table = pd.DataFrame(
        {
            "mentions": grouped.size(),
            "rejections": grouped["rejection_id"].nunique(),
            "first_seen": grouped["date"].min(),
            "last_seen": grouped["date"].max(),
            "recent": grouped["recent"].sum().astype(int),
            "earlier": grouped["earlier"].sum().astype(int),
        }
    )
    by_source = pd.crosstab(ev["theme"], ev["source"]).reindex(columns=list(SOURCES), fill_value=0)
    table = table.join(by_source)
    for col in SOURCES:
        table[col] = table[col].fillna(0).astype(int)
    table["trend"] = "steady"
    table.loc[table["recent"] > table["earlier"], "trend"] = "growing"
    table.loc[table["recent"] < table["earlier"], "trend"] = "fading"
    table.loc[(table["recent"] == 0) & (table["earlier"] == 0), "trend"] = "quiet"
    table = table.reset_index(names="theme")
    table["label"] = table["theme"].map(theme_label)
    table["_key"] = table["label"].str.casefold()
    table = table.sort_values(["mentions", "last_seen", "_key"], ascending=[False, False, True], kind="mergesort")
    return table[TABLE_COLUMNS].reset_index(drop=True)


def recurring(table: pd.DataFrame, at_least: int = 2) -> pd.DataFrame:
    """Themes that came up at least ``at_least`` times."""
    return table[table["mentions"] >= at_least] if not table.empty else table


def last_rejections_share(events: pd.DataFrame, rejections: list[dict], theme: str, n: int = 6) -> tuple[int, int]:
    """(k, m): the theme came up (in a reflection or feedback) for k of the m most recent rejections."""
    rej = frame(rejections, ["id", "rejected_on", "created_at"])
    if rej.empty:
        return 0, 0
    latest = rej.sort_values(["rejected_on", "created_at"], ascending=False, kind="mergesort")["id"].head(n)
    hits = events.loc[(events["theme"] == theme) & events["rejection_id"].isin(latest), "rejection_id"].nunique()
    return int(hits), int(len(latest))


def _times(n: int) -> str:
    if n == 1:
        return _("once")
    if n == 2:
        return _("twice")
    return ngettext("{n} time", "{n} times", n)


def _source_count(source: str, n: int) -> str:
    if source == "reflection":
        return ngettext("{n} reflection", "{n} reflections", n)
    if source == "feedback":
        return ngettext("{n} piece of feedback", "{n} pieces of feedback", n)
    return ngettext("{n} conversation", "{n} conversations", n)


def _sources_phrase(row: Mapping) -> str:
    return i18n.format_list([_source_count(s, int(row[s])) for s in SOURCES if row[s]])


def _quote(label: str) -> str:
    # Translators: a theme's name in quotation marks (German „…“, Spanish «…» or “…”).
    return _("‘{label}’", label=label)


def _quoted(labels: list[str]) -> str:
    return i18n.format_list([_quote(x) for x in labels])


def summary(table: pd.DataFrame, events: pd.DataFrame, rejections: list[dict], today: dt.date, n: int = 6) -> list[str]:
    """Plain sentences about the themes (they contain the person's own tags: escape before Markdown)."""
    if table.empty:
        return []
    lines = []
    top = table.iloc[0]
    if top["mentions"] < 2:
        lines.append(
            _(
                "Each theme has come up once so far. Patterns start to show after a few more reflections "
                "or pieces of feedback."
            )
        )
    else:
        k, m = last_rejections_share(events, rejections, top["theme"], n)
        if k >= 2:
            lines.append(
                ngettext(
                    "{theme} came up in {k} of your last {n} rejection.",
                    "{theme} came up in {k} of your last {n} rejections.",
                    m,
                    theme=_quote(top["label"]),
                    k=k,
                )
            )
        else:
            lines.append(
                _(
                    "{theme} has come up {times}: in {sources}.",
                    theme=_quote(top["label"]),
                    times=_times(int(top["mentions"])),
                    sources=_sources_phrase(top),
                )
            )
    window = trend_window(events, today)
    growing = table[(table["trend"] == "growing") & (table["mentions"] >= 2)]["label"].head(3).tolist()
    fading = table[table["trend"] == "fading"]["label"].head(3).tolist()
    if growing:
        lines.append(
            _(
                "Coming up more lately: {themes} (more in the last {window} days than in the {window} before).",
                themes=_quoted(growing),
                window=window,
            )
        )
    if fading:
        lines.append(
            _(
                "Fading: {themes} came up less in the last {window} days than before. "
                "If you have been working on it, that may be why.",
                themes=_quoted(fading),
                window=window,
            )
        )
    return lines


# --- ratings over time -------------------------------------------------------------------------
RATING_COLUMNS = ["date", "area", "label", "rating", "record_id"]


def ratings_long(reflections: list[dict], rejections: list[dict]) -> pd.DataFrame:
    """One row per rating: date (of the rejection, else when written), area, label, rating."""
    rated = [r for r in reflections if isinstance(r.get("ratings"), dict) and r["ratings"]]
    df = frame(rated, ["id", "ratings", "rejection_id", "created_at"])
    if df.empty:  # no pandas for a journal without ratings (most first visits)
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in RATING_COLUMNS})
        out["date"] = pd.Series(dtype="datetime64[ns]")
        out["rating"] = pd.Series(dtype="float")
        return out
    wide = pd.DataFrame(df["ratings"].tolist(), index=df.index)
    stacked = wide.stack()
    long = pd.DataFrame(
        {"area": stacked.index.get_level_values(1).astype(str), "rating": stacked.values},
        index=stacked.index.get_level_values(0),
    )
    dates = pd.to_datetime(df["rejection_id"].map(_rejection_dates(rejections)), errors="coerce")
    created = pd.to_datetime(df["created_at"].astype(str).str[:10], errors="coerce")
    long["date"] = dates.fillna(created).reindex(long.index).astype("datetime64[ns]").values
    long["record_id"] = df["id"].reindex(long.index).values
    long["rating"] = pd.to_numeric(long["rating"], errors="coerce")
    long = long.dropna(subset=["rating"])
    long["label"] = long["area"].map(area_label)
    return long.sort_values(["date", "area"], kind="mergesort")[RATING_COLUMNS].reset_index(drop=True)


def ratings_over_time(long: pd.DataFrame) -> pd.DataFrame:
    """Mean rating per area per date (several reflections on one day share a point)."""
    if long.empty:
        return long[["date", "area", "label", "rating"]]
    out = long.groupby(["area", "label", "date"], as_index=False, sort=False)["rating"].mean()
    return out.sort_values(["area", "date"], kind="mergesort").reset_index(drop=True)


def ratings_summary(long: pd.DataFrame) -> pd.DataFrame:
    """Per area: how many ratings, the average, the first and the latest rating, and the change."""
    cols = ["area", "label", "n", "mean", "first", "latest", "change"]
    if long.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    ordered = long.sort_values(["date", "record_id"], kind="mergesort")
    g = ordered.groupby(["area", "label"], sort=False)["rating"]
    out = pd.DataFrame({"n": g.size(), "mean": g.mean().round(2), "first": g.first(), "latest": g.last()})
    out["change"] = out["latest"] - out["first"]
    return out.reset_index().sort_values(["mean", "label"], ascending=[False, True], kind="mergesort")[cols]


def ratings_sentences(summary_df: pd.DataFrame) -> list[str]:
    if summary_df.empty:
        return []
    lines = []
    best, worst = summary_df.iloc[0], summary_df.iloc[-1]
    if len(summary_df) == 1 or best["mean"] == worst["mean"]:
        lines.append(
            _(
                "Your average rating is {mean} of 5 across the areas you rated.",
                mean=i18n.format_number(float(best["mean"]), decimals=1),
            )
        )
    else:
        lines.append(
            _(
                "Your strongest area on average: {best} ({best_mean} of 5). "
                "Most room to grow: {worst} ({worst_mean} of 5).",
                best=best["label"],
                best_mean=i18n.format_number(float(best["mean"]), decimals=1),
                worst=worst["label"],
                worst_mean=i18n.format_number(float(worst["mean"]), decimals=1),
            )
        )
    risen = summary_df[(summary_df["n"] >= 2) & (summary_df["change"] >= 1)].sort_values("change", ascending=False)
    if not risen.empty:
        r = risen.iloc[0]
        lines.append(
            _(
                "{area} has gone from {first} to {latest}. That is real progress.",
                area=r["label"],
                first=f"{r['first']:.0f}",
                latest=f"{r['latest']:.0f}",
            )
        )
    return lines


# --- how far applications got -------------------------------------------------------------
def stage_counts(rejections: list[dict]) -> pd.DataFrame:
    """Rejections per stage reached, in journey order, zeros included: stage, label, count."""
    rej = frame(rejections, ["stage"])
    counts = rej["stage"].value_counts().reindex(list(STAGES), fill_value=0)
    return pd.DataFrame(
        {"stage": list(STAGES), "label": [STAGE_LABELS[s] for s in STAGES], "count": counts.astype(int).values}
    )


def stage_by(rejections: list[dict], by: str = "channel", top: int = 8) -> pd.DataFrame:
    """A table of rejections: rows are the channel (or source), columns the stage reached.

    Free text is grouped without regard to case or spacing; past the ``top`` largest
    groups the rest are counted together as "other".
    """
    # Counted with dicts: a journal has few rejections, and pandas' crosstab cost more than the rest of the page.
    if not rejections:
        return pd.DataFrame(columns=list(STAGES))
    names: list[str] = []
    stages: list[object] = []
    display: dict[str, str] = {}  # each group as first written
    for r in rejections:
        v = r.get(by)
        raw = " ".join(v.split()) if isinstance(v, str) and v.strip() else NOT_RECORDED
        names.append(display.setdefault(raw.casefold(), raw))
        stages.append(r.get("stage"))
    order = Counter(names)
    if len(order) > top:
        keep = {name for name, _ in order.most_common(top)}
        names = [n if n in keep else OTHER for n in names]
    column = {s: i for i, s in enumerate(STAGES)}
    table: dict[str, list[int]] = {}
    for name, stage in zip(names, stages, strict=True):
        if not isinstance(stage, str):  # no stage: not counted anywhere (as pandas' crosstab did)
            continue
        row = table.setdefault(name, [0] * len(STAGES))
        if stage in column:
            row[column[stage]] += 1
    ordered = sorted(table, key=lambda n: (n in (NOT_RECORDED, OTHER), -sum(table[n]), str(n).casefold()))
    out = pd.DataFrame([table[n] for n in ordered], index=pd.Index(ordered, name=by), columns=list(STAGES))
    return out.astype(int)


def stage_sentence(counts: pd.DataFrame) -> str:
    total = int(counts["count"].sum())
    if total == 0:
        return ""
    far = int(counts.loc[counts["stage"].isin(["interview", "final", "offer"]), "count"].sum())
    if far:
        return ngettext(
            "Of your {n} rejection, {far} came after an interview or later. "
            "Getting that far means your application is doing its job.",
            "Of your {n} rejections, {far} came after an interview or later. "
            "Getting that far means your application is doing its job.",
            total,
            far=far,
        )
    return ngettext(
        "All {n} of your rejection came before an interview. The application stage may be the place to focus.",
        "All {n} of your rejections came before an interview. The application stage may be the place to focus.",
        total,
    )


# --- from a theme to a skill -------------------------------------------------------------
def skill_from_theme(theme: str) -> dict:
    """A new skills record built from a recurring theme (the Grow page refines it)."""
    label = theme_label(theme)
    return {
        "name": label,
        "level": 2,
        "target_level": 4,
        "themes": [theme],
        "from_theme": theme,
        "plan": _(
            "Came up more than once across your rejections. Pick one small way to practise {skill} this week.",
            skill=label if i18n.current() == "de" else label.lower(),  # German nouns keep their capitals
        ),
    }


def skill_for(skills: list[dict], theme: str) -> dict | None:
    """The skill already made from this theme, if any."""
    return next((s for s in skills if s.get("from_theme") == theme), None)


# --- checking a reflection before it is saved -------------------------------------------------
_KIND = {  # English, marked: shown as _(_KIND[field])
    "went_well": N_("Write at least one thing that went well, even a small one. There nearly always is one."),
    "to_improve": N_("Write one thing you would do differently next time. One is enough."),
    "rejection_id": N_("Choose the rejection this reflection is about."),
}


def check_reflection(
    data: Mapping, ratings: Mapping[str, object], today: dt.date, known_themes: Iterable[str] = ()
) -> dict:
    """A reflection, clean; or Invalid naming every field that needs a change.

    ``ratings`` maps an area (shipped id or the person's own words) to 0–5, 0 meaning not rated.
    """
    errors: dict[str, str] = {}
    record = dict(data)
    try:
        record["themes"] = clean_themes(record.get("themes"), known=known_themes)
    except Invalid as exc:
        errors.update(exc.errors)
        record["themes"] = []
    clean_ratings: dict[str, int] = {}
    for area, value in ratings.items():
        if not value:
            continue
        try:
            key = clean_area(area)
        except ValueError as exc:
            errors.setdefault("ratings", str(exc))
            continue
        if key:
            clean_ratings[key] = value  # type: ignore[assignment]
    record["ratings"] = clean_ratings
    try:
        clean = validate("reflections", record, today)
    except Invalid as exc:
        for field, message in exc.errors.items():
            if message in ("Please fill this in.", _("Please fill this in.")) and field in _KIND:
                message = _(_KIND[field])
            errors.setdefault(field, message)
        clean = None
    if errors:
        raise Invalid(errors)
    return clean  # type: ignore[return-value]
