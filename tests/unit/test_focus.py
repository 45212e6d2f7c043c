"""The focus script after a save is constant code: only a widget key made by code goes into it."""

from __future__ import annotations

import pytest

from components import focus


@pytest.mark.parametrize("key", ["", "a b", "x'];alert(1);//", "<img src=x>", "ppl__name__1\n", "é"])
def test_a_key_that_is_not_a_plain_identifier_is_refused(key):
    with pytest.raises(ValueError):
        focus.widget(key)
    with pytest.raises(ValueError):
        focus.message(key)


def test_the_script_names_the_widget_by_its_key_class():
    script = focus._SCRIPT.replace("@KEY@", "ppl__name__3")
    assert ".st-key-ppl__name__3 input" in script and "@KEY@" not in script
