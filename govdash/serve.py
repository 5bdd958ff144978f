"""Start the dashboard: `python -m govdash.serve [streamlit options]` (what `make run` calls). It
serves govdash/web.py: app.py inside an st.App with the sign-in routes and security middleware.

Why not plain `streamlit run app.py`: until some session has run app.py (which registers the
pages with st.navigation), Streamlit routes requests by its legacy pages/ folder discovery. The
first deep link after a server start, such as a meeting screen reopening /meeting after a
restart, would then run a page file on its own, without the shared frame, and show an English
"Page not found" dialog. The app only ever uses st.navigation, so legacy routing is switched off
before the server starts.
"""

from __future__ import annotations

import gc
import importlib
import sys
import threading

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from govdash.config import ROOT

# Imported once at start, in the background, so that no visitor pays for them on a page run:
# the page modules' own imports, and Streamlit's emoji table, which it compiles into one large
# regular expression (~0.4 s) the first time an st.info/st.error with an icon is drawn.
WARM_MODULES = ("streamlit.emojis", "pandas", "duckdb", "plotly.graph_objects", "govdash.desk.theme_page", "govdash.analysis")


def _warm_up() -> None:
    for name in WARM_MODULES:
        importlib.import_module(name)
    # What is alive now (the modules, Streamlit's server) lives as long as the process: moved out of
    # the collector's sight, so the collections Python still makes only walk what sessions create.
    gc.freeze()


def main(argv: list[str] | None = None) -> int:
    PagesManager.uses_pages_directory = False
    threading.Thread(target=_warm_up, name="govdash-warm-up", daemon=True).start()
    # govdash/web.py holds the st.App: app.py with the sign-in routes and the hardening middleware
    sys.argv = ["streamlit", "run", str(ROOT / "govdash" / "web.py"), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
