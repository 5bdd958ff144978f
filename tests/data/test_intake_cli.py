"""`python -m govdash.intake extract PATH --format json` on a fixture file, and its refusal of a
file it cannot read (non-zero exit, the Chinese reason on stderr)."""

from __future__ import annotations

import json
import subprocess
import sys

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
