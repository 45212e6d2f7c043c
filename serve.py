"""Rebound's server: the app (Home is app.py, the pages are pages/) plus two small routes.

Run it with ``streamlit run serve.py``. Streamlit finds the ``st.App`` below and serves app.py with
the routes that let a browser remember its journal (an HttpOnly cookie, which a page cannot set).
``streamlit run app.py`` still works: everything but remembering.
"""

import streamlit as st

from components.device_routes import routes

app = st.App("app.py", routes=routes())
