"""Streamlit UI pieces shared by the pages: the shell, forms and cards."""

from components.shell import Shell, shell

__all__ = ["Shell", "shell"]
