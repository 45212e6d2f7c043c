"""Aggregations over a journal with pandas: patterns, effort, progress (one module per topic)."""

from __future__ import annotations

import pandas as pd

from rebound.i18n import N_, _

# How an application was sent: stored as these codes (rebound.models.CHANNELS, English words);
# shown translated where a chart or a sentence names a channel.
CHANNEL_LABELS = {
    "job board": N_("job board"),
    "company site": N_("company site"),
    "referral": N_("referral"),
    "recruiter": N_("recruiter"),
    "networking": N_("networking"),
    "other": N_("other"),
}


def channel_label(value: str) -> str:
    """A channel as shown: one of ours (a code) in the person's language; anything typed as it is."""
    return _(CHANNEL_LABELS[value]) if value in CHANNEL_LABELS else value


def frame(records: list[dict], columns: list[str]) -> pd.DataFrame:
    """Records as a frame that always has ``columns``, even when there are no records."""
    df = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    for col in columns:
        if col not in df.columns:
            df[col] = pd.Series(dtype="object")
    return df
