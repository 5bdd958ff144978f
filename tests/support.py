"""What tests of every layer share besides fixtures: paths, and the rule that browser tests skip on
a development machine without chromium but fail in CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
ROOT = TESTS_DIR.parent
FIXTURE_DATA = TESTS_DIR / "fixtures" / "data"
APP = str(ROOT / "app.py")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_chromium() -> None:
    """Browser tests skip on a machine without chromium, and fail in CI (CI=true) instead."""
    from tools import browser

    if not browser.chromium_available():
        if in_ci():
            pytest.fail("CI 环境缺少 chromium：.ci/run 应先用 apt-get 安装 chromium")
        pytest.skip("chromium not installed (CI installs it via .ci/run)")


def require_nginx() -> None:
    """The cluster tests skip on a machine without nginx, and fail in CI (CI=true) instead."""
    from tools import cluster

    if cluster.nginx_binary() is None:
        if in_ci():
            pytest.fail("CI 环境缺少 nginx：.ci/run 应先用 apt-get 安装 nginx")
        pytest.skip("nginx not installed (CI installs it via .ci/run)")


def rendered(markdown: str) -> str:
    """Markdown source as a reader sees its text: backslash escapes and autolink breakers (safe.md) removed."""
    import re

    from govdash.safe import WORD_JOINER

    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")
