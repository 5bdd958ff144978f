"""Intake of new reports: reading uploaded documents (documents), proposing their metadata
(metadata) and every figure in them (extract) for curators to review. Pure Python: no Streamlit."""
