"""The yardstick for benchmarks/real_load.py: the least a Streamlit page can do (a title, a text input, a button)."""

import streamlit as st

st.title("Trivial app")
name = st.text_input("Company")
if st.button("Save"):
    st.write(f"Saved {name}.")
