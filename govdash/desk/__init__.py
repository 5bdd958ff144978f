"""The desk pages' frame (Streamlit): the page registry, the shared filters kept in the URL,
shared page components, the theme page, and what a page draws at most (limits)."""
