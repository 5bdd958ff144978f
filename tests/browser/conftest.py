"""The browser layer's server: the app on the real warehouse, one per test module, started only
where chromium is there to drive it (and required in CI). Screenshots go to artifacts/screenshots."""

from __future__ import annotations

import pytest

from tests.support import ROOT, require_chromium
from tools import browser

SCREENSHOTS = ROOT / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def server(real_db, tmp_path_factory):
    require_chromium()
    with browser.streamlit_server(real_db, tmp_path_factory.mktemp("server")) as srv:
        yield srv
