"""Bringing the real job search in: rejection e-mails and application spreadsheets (no Streamlit)."""


def decode_text(data: bytes) -> str:
    """Bytes from a saved e-mail or a spreadsheet export as text: UTF-8 (with or without its mark), else
    Windows' own encoding, else Latin-1, which reads any byte, so a file is never refused for its encoding."""
    for charset in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
