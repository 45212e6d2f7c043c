"""The forms of each page, declared once (see rebound.forms_spec)."""
