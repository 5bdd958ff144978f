"""Start the dashboard: `python -m govdash.serve [streamlit options]` (what `make run` calls).

Why not plain `streamlit run app.py`: until some session has run app.py (which registers the
pages with st.navigation), Streamlit routes requests by its legacy pages/ folder discovery. The
first deep link after a server start, such as a meeting screen reopening /meeting after a
restart, would then run a page file on its own, without the shared frame, and show an English
"Page not found" dialog. The app only ever uses st.navigation, so legacy routing is switched off
before the server starts.
"""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from govdash.config import ROOT


def main(argv: list[str] | None = None) -> int:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
