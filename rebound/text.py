"""Showing people's own words safely: as typed, never as Markdown, HTML, links, icons or colours."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~$:<&=])")

# Backslash escapes are not enough in Streamlit's Markdown: a bare ``http://x``, ``www.x.com`` or
# ``a@b.com`` is still made a link (GFM autolinks), and ``\:material/home\:`` still becomes an icon
# (checked in Chromium). An invisible WORD JOINER breaks each pattern without changing what is read:
#   after a colon that a letter or "/" follows  (http://, mailto:, :material/…:, :red[…], :smile:)
#   inside "www."                                (www.x.com)
#   after "@"                                    (name@example.com)
WJ = "\u2060"
_BREAKS = re.compile(r"(?<=:)(?=[A-Za-z/])|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def break_autoformat(text: str) -> str:
    """``text`` with a word joiner where Streamlit would otherwise make a link, icon or directive."""
    return _BREAKS.sub(WJ, text)


def md_escape(text: object) -> str:
    """User text for any Streamlit Markdown (st.markdown/write/caption, expander and widget labels).

    Escapes Markdown and the characters of HTML so the text is shown as typed (a pasted
    ``![x](http://...)`` must not make the browser fetch an image), and breaks autolinks, icons and
    colour directives (see ``break_autoformat``).
    """
    raw = break_autoformat(str(text if text is not None else ""))
    return _MD_SPECIAL.sub(r"\\\1", raw).replace("\n", "  \n")


# Facilitator content (REBOUND_CONTENT_DIR) may keep bold, italics and lists, and nothing that reaches
# outside or reshapes the page. The same invisible joiner breaks, without changing what is read:
#   "](" "][" "]:"                 inline links and images, reference links and their definitions
#   "<" before a letter, / ! ?     raw HTML (<img ...>) and <http://...> autolinks
#   "#" or ">" opening a line      headings and quotes
# plus everything break_autoformat breaks (bare URLs, www., e-mail addresses, icons, colours).
_CONTENT_BREAKS = re.compile(r"(?m)(?<=\])(?=[(\[:])|(?<=<)(?=[A-Za-z/!?])|^(?=[ \t]{0,3}[#>])")


def content_markdown(text: str) -> str:
    """Facilitator content made safe for Streamlit Markdown, keeping **bold**, *italics* and lists.

    Display-neutral (only invisible word joiners are added), so the same string also reads right
    where it is shown as plain text.
    """
    return _CONTENT_BREAKS.sub(WJ, break_autoformat(text))


def shorten(text: str | None, limit: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
