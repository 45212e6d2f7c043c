"""Rebound's domain: models, store, insights, drafts, content and backups (no Streamlit here)."""
