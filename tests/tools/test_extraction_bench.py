"""The extraction benchmark (tools/bench/extraction.py, section 8 of `make bench` and `--smoke`):
its matching rule, and a smoke run of the section on the real documents and on the fixture data.
Nothing here asserts on timing or on the scores."""

from __future__ import annotations

import re

from govdash.intake.extract import Candidate
from tests.support import FIXTURE_DATA, ROOT
from tools.bench import __main__ as bench_main
from tools.bench import extraction, report


def candidate(value: float, start: int, end: int, readings: list[float] | None = None) -> Candidate:
    return Candidate(value=value, unit="%", qualifier=None, bound="exact", evidence="x" * (end - start),
                     evidence_start=start, evidence_end=end, sentence="", indicator=None, new_indicator=None,
                     theme="其他", kind="rate", region=None, org_unit=None, period_label="2021年", period_grain="year",
                     period_start="2021-01-01", period_end="2021-12-31", stage="现状", readings=readings or [])


def test_a_match_needs_the_value_and_an_overlapping_span():
    figure = {"value": 99.6}
    spans = [(10, 20), (50, 60)]
    assert extraction.matches(candidate(99.6, 15, 25), figure, spans)
    assert extraction.matches(candidate(99.6 + 1e-9, 55, 58), figure, spans)  # the second place it occurs
    assert not extraction.matches(candidate(99.6, 20, 30), figure, spans)  # touching is not overlapping
    assert not extraction.matches(candidate(996, 15, 25), figure, spans)
    assert extraction.matches(candidate(996, 15, 25, readings=[99.6, 9.96]), figure, spans)
    assert extraction.spans_of("ab-ab-ab", "ab") == [(0, 2), (3, 5), (6, 8)]


def test_section_prints_every_document_and_the_goals():
    lines: list[str] = []
    bench_main.section_extraction(report.Report(lines.append))
    text = "\n".join(lines)
    sources = sorted(p.name for p in (ROOT / "data" / "sources").glob("*.txt"))
    for name in sources:
        row = next(ln for ln in lines if ln.startswith(name))
        _, figures, candidates, recall, precision, seconds = row.split()
        assert int(figures) > 0 and int(candidates) > 0
        assert re.fullmatch(r"\d+\.\d%", recall) and re.fullmatch(r"\d+\.\d%", precision) and float(seconds) >= 0
    assert "8. 数据导入：抽取" in text and any(ln.startswith("合计") for ln in lines)
    assert len([ln for ln in lines if re.match(r"(达标|未达标)  ", ln)]) == 3


def test_scores_on_the_fixture_data():
    scores = extraction.bench_extraction(FIXTURE_DATA)
    assert len(scores) == 1 and scores[0].figures > 0
    s = scores[0]
    assert s.found == s.figures == 9 and s.recall == 1.0  # every curated figure of the fixture is proposed
    assert s.precision == s.correct / s.candidates and 0 < s.precision <= 1
    rows = extraction.table_rows(scores)
    assert rows[-1][0] == "合计" and len(rows) == 2
