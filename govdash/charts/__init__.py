"""Charts: `style` holds every colour and the Plotly templates; the factories build go.Figure
objects from figures as read from the warehouse (`figures` for the desk, `evaluation` for
民主评议 and window units, `meeting` for the dark screen); `render.show` draws one on a page.
Only `render` imports Streamlit."""
