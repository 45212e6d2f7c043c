"""Bringing the real job search in: rejection e-mails and application spreadsheets (no Streamlit)."""
