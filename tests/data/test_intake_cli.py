"""`python -m govdash.intake extract PATH --format json` on a fixture file and on a filled table
template, its refusal of a file it cannot read (non-zero exit, the Chinese reason on stderr), and
`python -m govdash.intake template OUT.xlsx`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT, TESTS_DIR

FIXTURES = TESTS_DIR / "fixtures" / "intake"
KEYS = {"value", "unit", "qualifier", "bound", "evidence", "sentence", "indicator", "region", "org_unit",
        "period_label", "stage", "theme", "is_doubtful", "confidence"}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govdash.intake", "extract", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_extract_prints_candidates_as_json():
    done = run_cli(str(FIXTURES / "two_column.pdf"), "--format", "json")
    assert done.returncode == 0, done.stderr
    candidates = json.loads(done.stdout)
    assert isinstance(candidates, list) and candidates
    assert all(KEYS <= set(c) for c in candidates)
    by_value = {c["value"]: c for c in candidates}
    assert by_value[93.4]["unit"] == "%" and "接通率" in by_value[93.4]["evidence"]
    ranks = [(c["value"], c["rank_total"]) for c in candidates if c["kind"] == "rank"]
    assert ranks == [(1.0, 32), (5.0, 32)]
    assert by_value[95.0]["stage"] == "目标" and by_value[95.0]["qualifier"] == "以上"


def test_extract_of_a_text_file(tmp_path):
    path = tmp_path / "通报.txt"
    path.write_bytes("关于好差评情况的通报\n全市主动评价率为95.2%，差评整改率100%。\n某市政务服务管理局\n2023年10月8日\n".encode("gb18030"))
    done = run_cli(str(path))
    assert done.returncode == 0, done.stderr
    assert [c["value"] for c in json.loads(done.stdout)] == [95.2, 100.0]


def test_a_file_it_cannot_read_exits_non_zero_with_the_reason():
    done = run_cli(str(FIXTURES / "image_only.pdf"))
    assert done.returncode != 0
    assert done.stdout == ""
    assert "文件「image_only.pdf」无法读取：未能从该PDF提取文字，请提供文字版或 .docx" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_missing_file_exits_non_zero(tmp_path):
    done = run_cli(str(tmp_path / "没有.txt"))
    assert done.returncode != 0 and "文件「没有.txt」无法读取" in done.stderr


def run_intake(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govdash.intake", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def fill(blank: Path, out: Path, *rows) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(blank)
    for row in rows:
        wb["数据"].append(list(row))
    wb.save(out)
    return out


def test_template_command_writes_the_template_and_extract_reads_a_filled_copy(tmp_path):
    blank = tmp_path / "数据导入模板.xlsx"
    done = run_intake("template", str(blank))
    assert done.returncode == 0 and "已写出数据导入模板" in done.stdout, done.stderr
    filled = fill(blank, tmp_path / "长沙市三季度.xlsx",
                  ["好差评主动评价率", "长沙市", None, "2023年第三季度", 95.06, "%", None, None, "整改后", None, None],
                  ["一件新指标", "长沙市", "市政务服务中心", "2023年1-9月", 1200, "件", None, "超过", None, None, "存疑：待核"])
    done = run_intake("extract", str(filled), "--format", "json")
    assert done.returncode == 0, done.stderr
    candidates = json.loads(done.stdout)
    assert all(KEYS <= set(c) for c in candidates)
    first, second = candidates
    assert (first["value"], first["indicator"], first["period_label"], first["stage"]) == (95.06, "好差评主动评价率", "2023年第3季度", "整改后")
    assert (second["new_indicator"], second["bound"], second["org_unit"], second["is_doubtful"]) == ("一件新指标", "lower", "市政务服务中心", True)
    assert first["evidence"].startswith("好差评主动评价率｜长沙市｜")


def test_extract_refuses_a_bad_table_naming_sheet_row_and_column(tmp_path):
    blank = tmp_path / "模板.xlsx"
    assert run_intake("template", str(blank)).returncode == 0
    bad = fill(blank, tmp_path / "有误.xlsx",
               ["好差评主动评价率", "长沙市", None, "2023年第三季度", "95.06分", "%", None, None, None, None, None])
    done = run_intake("extract", str(bad))
    assert done.returncode == 2 and done.stdout == ""
    assert "文件「有误.xlsx」无法读取：工作表「数据」第2行 E列（数值）：「95.06分」不是数字" in done.stderr
    assert "Traceback" not in done.stderr


def test_template_command_wants_an_xlsx_name(tmp_path):
    done = run_intake("template", str(tmp_path / "模板.csv"))
    assert done.returncode == 1 and "须以 .xlsx 结尾" in done.stderr and not (tmp_path / "模板.csv").exists()
