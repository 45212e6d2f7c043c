"""Aggregations over a journal with pandas: patterns, effort, progress (one module per topic)."""

from __future__ import annotations

import pandas as pd


def frame(records: list[dict], columns: list[str]) -> pd.DataFrame:
    """Records as a frame that always has ``columns``, even when there are no records."""
    df = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    for col in columns:
        if col not in df.columns:
            df[col] = pd.Series(dtype="object")
    return df
