"""The meeting screen: agendas (agenda), slides as plain data with no Streamlit (slides), and the
Streamlit screen that rotates them (screen)."""
