"""rebound.text: people's words shown as typed, never as Markdown or HTML."""

from __future__ import annotations

import pytest

from rebound.text import WJ, break_autoformat, md_escape, shorten


@pytest.mark.parametrize(
    "text,expected",
    [
        ("![x](http://e)", r"\!\[x\]\(http\:" + WJ + r"//e\)"),
        ("[link](http://e)", r"\[link\]\(http\:" + WJ + r"//e\)"),
        ("<script>alert(1)</script>", r"\<script\>alert\(1\)\</script\>"),
        ("<b>x</b>", r"\<b\>x\</b\>"),
        ("**b**", r"\*\*b\*\*"),
        ("_i_", r"\_i\_"),
        ("`code`", r"\`code\`"),
        ("# Heading", r"\# Heading"),
        ("- item", r"\- item"),
        ("1. item", r"1\. item"),
        ("> quote", r"\> quote"),
        ("a | b", r"a \| b"),
        ("~~gone~~", r"\~\~gone\~\~"),
        ("$x^2$", r"\$x^2\$"),
        (":red[alarm]", r"\:" + WJ + r"red\[alarm\]"),
        (":material/home:", r"\:" + WJ + r"material/home\:"),
        ("&lt;b&gt;", r"\&lt;b\&gt;"),
        ("back\\slash", r"back\\slash"),
        ("plain words, no marks", "plain words, no marks"),
    ],
)
def test_md_escape(text, expected):
    assert md_escape(text) == expected


def test_every_markdown_character_is_escaped():
    # No Markdown/HTML-significant character survives without a backslash in front of it.
    special = "\\`*_{}[]()#+-.!|>~$:<&"
    escaped = md_escape(special)
    assert escaped == "".join("\\" + c for c in special)


def test_newlines_become_hard_breaks():
    assert md_escape("line one\nline two") == "line one  \nline two"


def test_none_and_non_text():
    assert md_escape(None) == ""
    assert md_escape(42) == "42"
    assert md_escape("") == ""


def test_unescaping_gives_back_the_text():
    # What CommonMark shows for a backslash escape is the character itself.
    import re

    for text in ("![x](http://e)", "<script>x</script>", "**b** _i_ `c`", "a\\b"):
        shown = re.sub(r"\\(.)", r"\1", md_escape(text)).replace(WJ, "")
        assert shown == text


def test_setext_heading_underline_neutralised():
    escaped = md_escape("Hello\n===")
    assert "\n===" not in escaped


def test_shorten():
    assert shorten("a  b\n c") == "a b c"
    assert shorten(None) == ""
    assert shorten("x" * 80) == "x" * 80
    assert shorten("x" * 81) == "x" * 79 + "…"
    assert shorten("hello world", 8) == "hello w…"
    assert shorten("hello  world", 7) == "hello…"  # no space before the ellipsis
    assert len(shorten("y" * 200, 40)) == 40


@pytest.mark.parametrize(
    "text,expected",
    [
        ("http://evil.example/x", "http:" + WJ + "//evil.example/x"),
        ("HTTPS://A.B", "HTTPS:" + WJ + "//A.B"),
        ("www.evil.com", "www" + WJ + ".evil.com"),
        ("WWW.EVIL.COM", "WWW" + WJ + ".EVIL.COM"),
        ("mail me a@b.com", "mail me a@" + WJ + "b.com"),
        ("mailto:a", "mailto:" + WJ + "a"),
        (":material/home:", ":" + WJ + "material/home:"),
        (":red[x]", ":" + WJ + "red[x]"),
        (":smile:", ":" + WJ + "smile:"),
        ("at 10:30, note: fine", "at 10:30, note: fine"),  # ordinary colons stay as they are
    ],
)
def test_autolinks_icons_and_directives_are_broken(text, expected):
    # Backslash escapes alone still autolink and still draw icons in Streamlit (seen in Chromium).
    assert break_autoformat(text) == expected
    assert break_autoformat(text).replace(WJ, "") == text  # nothing visible changes
