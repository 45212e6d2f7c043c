"""Keep private-link tokens out of anything written to the server's logs."""

from __future__ import annotations

import re

# A token travels as ``w=<token>`` in a link, as ``link:<token>`` in a journal key and as
# ``rebound_journal=<token>`` in the remembered-journal cookie (rebound.remember.COOKIE); each is a
# key to someone's journal. Any run of token characters after them is hidden, whatever its length.
_SECRETS = re.compile(r"(?P<tag>\bw=|\brebound_journal=|(?<![A-Za-z0-9_])link:)[A-Za-z0-9_%-]+")


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with every ``w=…`` value, ``link:…`` key and each given secret replaced by ``…``."""
    out = _SECRETS.sub(lambda m: m.group("tag") + "[redacted]", text)
    for secret in secrets:
        if secret:
            out = out.replace(secret, "[redacted]")
    return out
