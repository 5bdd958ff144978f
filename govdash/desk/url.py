"""The one writer of the browser's query string: filters, the meeting screen's playback and the
pages' own choices (?indicator=, ?evaluation=) all change the URL through here, so a view can be
sent as a link and opens the same way."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st


def write_query_params(update: Mapping[str, str | None]) -> None:
    """Set each key to its value, or remove it where the value is None; keys not named stay.
    Only keys whose value changes are written (each write is a message to the browser)."""
    for key, value in update.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value
