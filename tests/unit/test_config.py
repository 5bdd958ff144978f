"""The offline settings are in place, and every setting is documented in the README."""

from __future__ import annotations

import tomllib

from tests.support import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit/config.toml").read_text(encoding="utf-8"))


def test_offline_settings():
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["browser"]["serverAddress"] == "127.0.0.1"
    assert CONFIG["server"]["address"] == "127.0.0.1"
    assert CONFIG["server"]["fileWatcherType"] == "none"
    assert CONFIG["client"]["toolbarMode"] == "viewer"
    assert CONFIG["client"]["showErrorLinks"] is False
    assert "Noto Sans CJK SC" in CONFIG["theme"]["font"] and "Microsoft YaHei" in CONFIG["theme"]["font"]


def test_every_setting_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for section, options in CONFIG.items():
        for option in options:
            if section == "theme" and option in ("base", "primaryColor"):
                continue  # look and feel, not behaviour
            assert f"`{section}.{option}`" in readme, f"{section}.{option} is not documented in README.md"


def test_readme_starts_with_the_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    for command in ("make run", "make test", "make data"):
        assert command in first_block
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_readme_layout_names_every_module():
    """The README's 目录 section names every module of the product and the tooling, so the
    picture a newcomer reads matches the tree."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## 目录 (layout)"):readme.index("## 测试 (tests)")]
    modules = [p for top in ("govdash", "tools") for p in (ROOT / top).rglob("*.py") if p.name != "__init__.py"]
    missing = [p.relative_to(ROOT).as_posix() for p in modules
               if p.stem not in layout and not (p.name == "__main__.py" and p.parent.name in layout)]
    assert missing == [], missing


def test_an_empty_path_setting_is_the_default(monkeypatch):
    """`Environment=GOVDASH_DB=` in a unit file must not point the app at the current directory."""
    from govdash import config

    monkeypatch.setenv("GOVDASH_DB", "  ")
    assert config.warehouse_path() == config.DATA_DIR / "dashboard.duckdb"
    monkeypatch.setenv("GOVDASH_DB", "/srv/govdash/dashboard.duckdb")
    assert str(config.warehouse_path()) == "/srv/govdash/dashboard.duckdb"
