"""Build tests: a good build, and each kind of bad input stopping the build with a Chinese
message naming file, row and field while the previous warehouse stays byte-for-byte intact."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from govdash.warehouse import build
from govdash.warehouse.curated import CurationFailed, load_curated
from tests.support import ROOT

FIGURES = "curated/figures/900.csv"


def edit_csv(data_dir: Path, rel: str, row_index: int, **changes: str) -> None:
    """Change fields of one data row (0 = first row after the header)."""
    path = data_dir / rel
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[row_index].update(changes)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)


def append_row(data_dir: Path, rel: str, **values: str) -> None:
    path = data_dir / rel
    with path.open(encoding="utf-8", newline="") as fh:
        fields = next(csv.reader(fh))
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=fields).writerow(values)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_good_build_holds_every_figure(fixture_data, tmp_path):
    db = tmp_path / "out.duckdb"
    summary = build.build(fixture_data, db)
    assert summary["figures"] == 9 and summary["problems"] == 2
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT figure_id, value, unit, rank_total, city, province, evidence_start, sentence "
        "FROM facts WHERE figure_id = '900-0002'"
    ).fetchall()
    con.close()
    (fid, value, unit, total, city, province, start, sentence) = rows[0]
    assert (fid, value, unit, total, city, province) == ("900-0002", 8.0, "名", 15, "测试市", "测试省")
    text = next((fixture_data / "sources").glob("*.txt")).read_text(encoding="utf-8")
    assert text[start:].startswith("四办改革在全市15个区排名")
    assert sentence == "四办改革在全市15个区排名分别是第8118111415名。"


BAD_INPUTS = [
    # (description, rel file, row index, changes, expected line, expected field, expected words)
    ("evidence not verbatim", FIGURES, 3, {"evidence": "双随机一公开抽查覆盖率由7.25%提升至70%"}, 5, "evidence", "找不到原文"),
    ("rank above its total", FIGURES, 1, {"value": "16"}, 3, "value", "不在 1–15 之内"),
    ("rate above 100", FIGURES, 4, {"value": "700"}, 6, "value", "超出 0–100"),
    ("unknown region", FIGURES, 0, {"region": "不存在区"}, 2, "region", "不在 regions.csv 中"),
    ("unknown indicator", FIGURES, 0, {"indicator": "不存在的指标"}, 2, "indicator", "不在 indicators.csv 中"),
    ("malformed date", FIGURES, 0, {"period_end": "2021-02-30"}, 2, "period_end", "不存在"),
    ("date in wrong format", FIGURES, 0, {"period_start": "2021/01/01"}, 2, "period_start", "格式错误"),
    ("unit differs from catalogue", FIGURES, 0, {"unit": "件"}, 2, "unit", "不一致"),
    ("value not a number", FIGURES, 5, {"value": "5,000"}, 7, "value", "不是数字"),
    ("bound without qualifier", FIGURES, 8, {"qualifier": ""}, 10, "qualifier", "限定词"),
    # every bound word of the vocabulary, not only the common ones (不少于 was once missing from the rule's own list)
    ("bound word on an exact value", FIGURES, 8, {"qualifier": "不少于", "bound": "exact"}, 10, "bound", "表示界限"),
    ("rank without total or note", FIGURES, 1, {"rank_total": "", "note": ""}, 3, "rank_total", "总数"),
    ("dangling numerator", FIGURES, 7, {"numerator_id": "900-0999"}, 9, "numerator_id", "不存在"),
    ("unknown problem", FIGURES, 3, {"problem_no": "7"}, 5, "problem_no", "不在 problems/900.csv"),
    ("unknown stage", FIGURES, 0, {"stage": "以后"}, 2, "stage", "不是允许的取值"),
    ("figure dated after publication", FIGURES, 0, {"period_end": "2023-01-01"}, 2, "period_end", "晚于文件发布日期"),
    ("problem evidence not verbatim", "curated/problems/900.csv", 0, {"evidence": "覆盖率很低"}, 2, "evidence", "找不到原文"),
    ("unknown parent region", "curated/regions.csv", 2, {"parent": "火星市"}, 4, "parent", "不在 regions.csv 中"),
    ("bad theme", "curated/indicators.csv", 0, {"theme": "天气"}, 2, "theme", "不是允许的取值"),
    ("bad publication date", "curated/sources.csv", 0, {"published_on": "2022-13-01"}, 2, "published_on", "不存在"),
]


@pytest.mark.parametrize(
    ("rel", "index", "changes", "line", "field", "words"),
    [case[1:] for case in BAD_INPUTS],
    ids=[case[0] for case in BAD_INPUTS],
)
def test_bad_input_stops_build_and_keeps_old_warehouse(fixture_data, tmp_path, rel, index, changes, line, field, words):
    db = tmp_path / "dashboard.duckdb"
    build.build(fixture_data, db)
    before = digest(db)
    edit_csv(fixture_data, rel, index, **changes)
    with pytest.raises(CurationFailed) as err:
        build.build(fixture_data, db)
    messages = [str(e) for e in err.value.errors]
    expected = f"data/{rel} 第{line}行 字段「{field}」"
    assert any(m.startswith(expected) and words in m for m in messages), messages
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dashboard.duckdb", "data"], "no temp files left"


def test_duplicate_figure_is_refused(fixture_data, tmp_path):
    with (fixture_data / FIGURES).open(encoding="utf-8", newline="") as fh:
        first = next(csv.DictReader(fh))
    append_row(fixture_data, FIGURES, **{**first, "figure_id": "900-0010"})
    with pytest.raises(CurationFailed) as err:
        load_curated(fixture_data)
    assert any("第11行" in str(e) and "与第2行（900-0001）是同一项数据" in str(e) for e in err.value.errors)


def test_the_same_figure_in_another_document_is_refused_naming_that_file(fixture_data):
    """A later report restating a figure (上月, 上年同期) is curated once: the second row is refused,
    and the message names the file and line of the first (not a bare line number of another file)."""
    text = next((fixture_data / "sources").glob("900_*.txt"))
    copy = text.with_name("901_" + text.name[4:])
    copy.write_bytes(text.read_bytes())
    with (fixture_data / "curated" / "sources.csv").open(encoding="utf-8", newline="") as fh:
        source = next(csv.DictReader(fh))
    append_row(fixture_data, "curated/sources.csv", **{**source, "source_file": copy.name})
    with (fixture_data / FIGURES).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, first = reader.fieldnames, next(reader)
    with (fixture_data / "curated" / "figures" / "901.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header)
        writer.writeheader()
        writer.writerow({**first, "figure_id": "901-0001", "numerator_id": "", "denominator_id": "", "problem_no": ""})
    with pytest.raises(CurationFailed) as err:
        load_curated(fixture_data)
    messages = [str(e) for e in err.value.errors]
    assert any(m.startswith("data/curated/figures/901.csv 第2行 字段「indicator」")
               and "与 data/curated/figures/900.csv 第2行（900-0001）是同一项数据" in m for m in messages), messages


def test_duplicate_figure_id_is_refused(fixture_data):
    with (fixture_data / FIGURES).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    append_row(fixture_data, FIGURES, **{**rows[1], "figure_id": "900-0001", "period_label": "2021年6月"})
    with pytest.raises(CurationFailed) as err:
        load_curated(fixture_data)
    assert any("字段「figure_id」" in str(e) and "重复" in str(e) for e in err.value.errors)


def test_malformed_csv_names_the_line(fixture_data):
    path = fixture_data / FIGURES
    path.write_text(path.read_text(encoding="utf-8") + "900-0010,只有三列,测试区\n", encoding="utf-8")
    with pytest.raises(CurationFailed) as err:
        load_curated(fixture_data)
    assert any(str(e).startswith("data/curated/figures/900.csv 第11行") and "列数" in str(e) for e in err.value.errors)


def test_missing_column_is_reported(fixture_data):
    path = fixture_data / "curated/indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace(",framework", ",frame")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CurationFailed) as err:
        load_curated(fixture_data)
    assert "缺少列 framework" in str(err.value) and "多出未知列 frame" in str(err.value)


def test_bom_is_reported(fixture_data):
    path = fixture_data / "curated/regions.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with pytest.raises(CurationFailed, match="BOM"):
        load_curated(fixture_data)


def test_sql_failure_keeps_old_warehouse(fixture_data, tmp_path, monkeypatch):
    """A failure after validation (here: a broken build SQL file) also leaves the old file."""
    db = tmp_path / "dashboard.duckdb"
    build.build(fixture_data, db)
    before = digest(db)
    sql_dir = tmp_path / "sql"
    sql_dir.mkdir()
    for f in build.build_sql_files():
        (sql_dir / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (sql_dir / "99_broken.sql").write_text("SELECT * FROM no_such_table;", encoding="utf-8")
    monkeypatch.setattr(build.config, "BUILD_SQL_DIR", sql_dir)
    monkeypatch.setattr(build.config, "ROOT", tmp_path)
    with pytest.raises(build.BuildFailed, match="99_broken.sql"):
        build.build(fixture_data, db)
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dashboard.duckdb", "data", "sql"]


def test_cli_prints_chinese_error_and_exits_nonzero(fixture_data, tmp_path):
    edit_csv(fixture_data, FIGURES, 1, value="16")
    db = tmp_path / "cli.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "govdash.warehouse.build", "--data", str(fixture_data), "--db", str(db)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 1
    assert "data/curated/figures/900.csv 第3行 字段「value」：名次 16 不在 1–15 之内" in result.stderr
    assert "原有数据仓库保持不变" in result.stderr
    assert not db.exists()
