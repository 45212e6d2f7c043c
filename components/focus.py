"""Keyboard focus after a save: on the emptied form's first field, not the top of the document.

Streamlit has no focus API, and after a rerun the browser's focus falls back to the document's
body: a keyboard or screen-reader user saves a form and has to find their way back to it. So
``widget(key)`` drops a tiny script that focuses one widget by its key: the forms put it on
the emptied form's first field, right under the success message (which Streamlit draws with
``role="status"``, so it is announced too).

The script is constant code: only a widget key made by code is put into it (checked below),
never anything a person typed.
"""

from __future__ import annotations

import re

import streamlit as st

_KEY = re.compile(r"[A-Za-z0-9_-]{1,120}")

# Streamlit draws elements as they arrive, and the old form's widgets stay in the page until the new
# ones replace them: the script waits (up to about three seconds) for the widget of this very key
# (Streamlit marks its container with the class ``st-key-<key>``), so focus never lands on a field
# that is about to vanish.
_SCRIPT = """<script>
(() => {
  const look = (tries) => {
    const field = document.querySelector(
      ".st-key-@KEY@ input:not([type='hidden']):not([tabindex='-1']):not([disabled]), .st-key-@KEY@ textarea:not([disabled])"
    );
    if (field) field.focus();
    else if (tries > 0) setTimeout(() => look(tries - 1), 50);
  };
  look(60);
})();
</script>"""


def widget(key: str) -> None:
    """Focus the widget with ``key`` once it is drawn (e.g. the first field of an emptied form).

    ``key`` is a widget key made by code (a form's name, a field's name, a generation), never
    user text; a new key is new content, so Streamlit runs the script again for the next save.
    """
    if not _KEY.fullmatch(key):
        raise ValueError(f"focus key {key!r}: letters, digits, - and _ only")
    st.html(_SCRIPT.replace("@KEY@", key), unsafe_allow_javascript=True)


# The message is the element drawn right before this marker (the marker is unique to one save).
_MESSAGE = """<span data-rebound-focus="@KEY@" hidden></span><script>
(() => {
  const look = (tries) => {
    const mark = document.querySelector('[data-rebound-focus="@KEY@"]');
    const box = mark && mark.closest("[data-testid='stElementContainer']");
    const alert = box && box.previousElementSibling && box.previousElementSibling.querySelector("[role='status'], [role='alert']");
    if (alert) {
      alert.setAttribute("tabindex", "-1");
      alert.focus();
    } else if (tries > 0) setTimeout(() => look(tries - 1), 50);
  };
  look(60);
})();
</script>"""


def message(mark: str) -> None:
    """Focus the message drawn just before (e.g. "Saved"), for a form whose first field a focus would open
    (a date's calendar, a slider): the next Tab goes on to the form. ``mark`` is unique to one save."""
    if not _KEY.fullmatch(mark):
        raise ValueError(f"focus mark {mark!r}: letters, digits, - and _ only")
    st.html(_MESSAGE.replace("@KEY@", mark), unsafe_allow_javascript=True)
