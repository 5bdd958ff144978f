"""The ballot box (govdash/evaluation/ballot_box.py): rounds, one-time codes, all-or-nothing ballots, results,
simultaneous submissions from many threads and processes, and independence from the warehouse."""

from __future__ import annotations

import multiprocessing
import random
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from govdash.evaluation import ballot_box as ballots
from govdash.evaluation import rounds
from govdash.evaluation.ballot_box import BallotStore
from govdash.evaluation.rounds import BallotInvalid, BallotRefused, RoundInvalid
from tests.support import FIXTURE_DATA, ROOT

UNITS = ("市住房保障和房产管理局", "市城乡建设局", "市发改委", "市城乡规划局", "市国土资源局", "市环境保护局")
GRADES, _ = rounds.parse_grades(rounds.DEFAULT_GRADES_TEXT, 1)
SPEC = rounds.RoundSpec("2017年度窗口单位民主评议", UNITS, rounds.DEFAULT_CRITERIA, ("企业代表", "政协委员"),
                            1, 10, GRADES)
PASSWORD = "zuzhizhe2017"


def random_sheet(rng: random.Random, spec=SPEC) -> dict:
    return {(u, c): rng.randint(spec.scale_min, spec.scale_max) for u in spec.units for c in spec.criteria}


def counts(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("rounds", "ballot_codes", "ballots", "ballot_scores")} | {
            "used": con.execute("SELECT count(*) FROM ballot_codes WHERE is_used").fetchone()[0]}
    finally:
        con.close()


@pytest.fixture
def store(ballots_file) -> BallotStore:
    return BallotStore(ballots_file)


@pytest.fixture
def open_round(store):
    created = store.create_round(SPEC, PASSWORD)
    return created


def test_store_uses_the_configured_file(ballots_file):
    assert ballots.store().path == ballots_file


def test_round_round_trips_and_password_is_hashed(store, ballots_file):
    created = store.create_round(SPEC, PASSWORD)
    assert created.spec == SPEC and not created.is_closed
    assert store.organiser_may_open(created.round_id, PASSWORD)
    assert not store.organiser_may_open(created.round_id, "wrong-password")
    assert PASSWORD.encode() not in ballots_file.read_bytes()
    listed = store.rounds()
    assert list(listed["round_id"]) == [created.round_id]
    assert listed.iloc[0][["codes_issued", "codes_used", "ballots_in"]].tolist() == [0, 0, 0]


def test_invalid_round_is_not_stored(store, ballots_file):
    bad = rounds.RoundSpec("", (), SPEC.criteria, SPEC.groups, 1, 10, GRADES)
    with pytest.raises(RoundInvalid) as info:
        store.create_round(bad, "123")
    assert "评议名称不能为空" in info.value.errors and any("至少 6 位" in e for e in info.value.errors)
    assert store.rounds().empty


def test_codes_are_stored_only_as_hashes(store, open_round, ballots_file):
    issued = store.issue_codes(open_round.round_id, {"企业代表": 28, "政协委员": 8})
    assert [g for g, _ in issued].count("企业代表") == 28 and len({c for _, c in issued}) == 36
    raw = ballots_file.read_bytes()
    for _, code in issued:
        assert code.encode() not in raw and code.replace("-", "").encode() not in raw
    turnout = store.report(open_round.round_id)[0]
    assert turnout.set_index("group_name")["codes_issued"].to_dict() == {"企业代表": 28, "政协委员": 8}


def test_ballot_is_counted_once_and_the_code_is_used_up(store, open_round, ballots_file):
    (_, code), = store.issue_codes(open_round.round_id, {"政协委员": 1})
    admission = store.check_code(code.lower().replace("-", ""))
    assert admission.group_name == "政协委员" and admission.round.round_id == open_round.round_id
    sheet = random_sheet(random.Random(1))
    store.submit_ballot(code, sheet)
    with pytest.raises(BallotRefused, match="不能使用"):
        store.submit_ballot(code, sheet)
    with pytest.raises(BallotRefused, match="不能使用"):
        store.check_code(code)
    assert counts(ballots_file) == {"rounds": 1, "ballot_codes": 1, "ballots": 1,
                                    "ballot_scores": len(UNITS) * len(SPEC.criteria), "used": 1}


def test_ballot_rows_carry_the_group_but_no_link_to_the_code(store, open_round, ballots_file):
    (_, code), = store.issue_codes(open_round.round_id, {"企业代表": 1})
    store.submit_ballot(code, random_sheet(random.Random(2)))
    con = duckdb.connect(str(ballots_file), read_only=True)
    try:
        columns = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name IN ('ballots', 'ballot_scores')").fetchall()}
        ballot = con.execute("SELECT * FROM ballots").fetchone()
        code_hash = con.execute("SELECT code_hash FROM ballot_codes").fetchone()[0]
    finally:
        con.close()
    assert columns == {"ballot_id", "round_id", "group_name", "unit", "criterion", "score"}
    assert code_hash not in ballot and code not in ballot


@pytest.mark.parametrize(("typed", "message"), [
    ("ABCD-EFG", ballots.REFUSED_FORMAT), ("ABCD-EFGH", ballots.REFUSED), ("", ballots.REFUSED_FORMAT)])
def test_unknown_codes_are_refused(store, open_round, typed, message):
    store.issue_codes(open_round.round_id, {"企业代表": 2})
    with pytest.raises(BallotRefused) as info:
        store.submit_ballot(typed, random_sheet(random.Random(3)))
    assert str(info.value) == message


def test_incomplete_ballot_stores_nothing_and_keeps_the_code(store, open_round, ballots_file):
    (_, code), = store.issue_codes(open_round.round_id, {"企业代表": 1})
    sheet = random_sheet(random.Random(4))
    del sheet[("市发改委", "廉洁自律")]
    sheet[("市环境保护局", "服务态度")] = 11
    with pytest.raises(BallotInvalid) as info:
        store.submit_ballot(code, sheet)
    assert "「市发改委」还有 1 项未打分：廉洁自律" in info.value.errors
    assert "「市环境保护局」的「服务态度」分数 11 超出 1–10 分" in info.value.errors
    assert counts(ballots_file)["ballots"] == 0 and counts(ballots_file)["used"] == 0
    store.submit_ballot(code, random_sheet(random.Random(4)))  # the code still works
    assert counts(ballots_file)["ballots"] == 1


def test_failure_inside_the_transaction_rolls_everything_back(store, open_round, ballots_file, monkeypatch):
    (_, code), = store.issue_codes(open_round.round_id, {"企业代表": 1})
    sheet = random_sheet(random.Random(5))

    def broken(*args):  # fails after the code was marked used and the ballot row inserted
        raise RuntimeError("磁盘写入失败（模拟）")

    with monkeypatch.context() as patched:
        patched.setattr(ballots, "score_rows", broken)
        with pytest.raises(RuntimeError, match="模拟"):
            store.submit_ballot(code, sheet)
    assert counts(ballots_file) | {"rounds": 0} == {"rounds": 0, "ballot_codes": 1, "ballots": 0, "ballot_scores": 0,
                                                     "used": 0}
    store.submit_ballot(code, sheet)
    assert counts(ballots_file)["ballots"] == 1


def test_closed_round_refuses_codes_and_new_codes(store, open_round):
    (_, code), = store.issue_codes(open_round.round_id, {"企业代表": 1})
    store.set_closed(open_round.round_id, True)
    with pytest.raises(BallotRefused, match="不能使用"):
        store.submit_ballot(code, random_sheet(random.Random(6)))
    with pytest.raises(RoundInvalid, match="已结束"):
        store.issue_codes(open_round.round_id, {"企业代表": 1})
    # reopening does not revive a code its evaluator was told is void (tester's finding): new codes are issued
    store.set_closed(open_round.round_id, False)
    with pytest.raises(BallotRefused, match="不能使用"):
        store.submit_ballot(code, random_sheet(random.Random(6)))
    (_, fresh), = store.issue_codes(open_round.round_id, {"企业代表": 1})
    store.submit_ballot(fresh, random_sheet(random.Random(6)))
    assert store.rounds().iloc[0]["ballots_in"] == 1


def test_codes_of_one_round_do_not_open_another(store, open_round):
    other = store.create_round(rounds.RoundSpec("另一轮", ("甲",), ("总体评价",), ("政协委员",), 1, 5,
                                                    (rounds.Grade("好", 4), rounds.Grade("差", 1))), PASSWORD)
    (_, code), = store.issue_codes(other.round_id, {"政协委员": 1})
    assert store.check_code(code).round.round_id == other.round_id
    with pytest.raises(BallotInvalid):  # a sheet for the first round does not fit the second
        store.submit_ballot(code, random_sheet(random.Random(7)))


def test_results_agree_with_an_independent_computation(store, open_round):
    rng = random.Random(2017)
    issued = store.issue_codes(open_round.round_id, {"企业代表": 12, "政协委员": 5})
    submitted = []
    for group, code in issued:
        sheet = random_sheet(rng)
        store.submit_ballot(code, sheet)
        submitted += [(group, code, u, c, s) for (u, c), s in sheet.items()]
    df = pd.DataFrame(submitted, columns=["group_name", "code", "unit", "criterion", "score"])
    turnout, stats = store.report(open_round.round_id)
    assert turnout["ballots_in"].tolist() == [12, 5]
    got = stats.set_index(["unit", "criterion", "group_name"], drop=False)
    for (unit, criterion, group), g in df.groupby(["unit", "criterion", "group_name"]):
        row = got.loc[(unit, criterion, group)]
        assert row["ballots"] == len(g)
        assert row["mean_score"] == pytest.approx(g["score"].mean())
        assert row["sd_score"] == pytest.approx(g["score"].std())
    per_ballot = df.groupby(["code", "unit"])["score"].mean()
    summary = rounds.summarise(stats, SPEC).set_index("unit")
    for unit in UNITS:
        means = per_ballot.xs(unit, level="unit")
        assert summary.loc[unit, "mean_score"] == round(means.mean(), 2)
        assert summary.loc[unit, "sd_score"] == round(means.std(), 2)
        assert summary.loc[unit, "grade"] == rounds.grade_for(round(means.mean(), 2), GRADES)
        assert summary.loc[unit, "ballots"] == 17


# --- simultaneous submissions -----------------------------------------------------------------------------

def submit_all_at_once(store, jobs: list[tuple[str, dict]]) -> list[str]:
    """Start one thread per (code, sheet), release them together, return 'ok' or the refusal."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [""] * len(jobs)

    def run(i, code, sheet):
        barrier.wait()
        try:
            store.submit_ballot(code, sheet)
            outcomes[i] = "ok"
        except BallotRefused as exc:
            outcomes[i] = str(exc)

    threads = [threading.Thread(target=run, args=(i, code, sheet)) for i, (code, sheet) in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_forty_simultaneous_ballots_are_all_counted_once(store, open_round, ballots_file):
    issued = store.issue_codes(open_round.round_id, {"企业代表": 28, "政协委员": 12})
    rng = random.Random(40)
    sheets = [random_sheet(rng) for _ in issued]
    outcomes = submit_all_at_once(store, [(code, sheet) for (_, code), sheet in zip(issued, sheets, strict=True)])
    assert outcomes == ["ok"] * 40
    assert counts(ballots_file) == {"rounds": 1, "ballot_codes": 40, "ballots": 40, "used": 40,
                                    "ballot_scores": 40 * len(UNITS) * len(SPEC.criteria)}
    _, stats = store.report(open_round.round_id)
    overall = stats[stats["criterion"].isna() & stats["group_name"].isna()]
    assert set(overall["ballots"]) == {40}
    # every submitted score is there exactly once: the sums agree
    expected_total = sum(sum(s.values()) for s in sheets)
    by_criterion = stats[stats["criterion"].notna() & stats["group_name"].isna()]
    assert (by_criterion["mean_score"] * by_criterion["ballots"]).sum() == pytest.approx(expected_total)


def test_one_code_submitted_ten_times_at_once_counts_once(store, open_round, ballots_file):
    (_, code), = store.issue_codes(open_round.round_id, {"企业代表": 1})
    rng = random.Random(10)
    outcomes = submit_all_at_once(store, [(code, random_sheet(rng)) for _ in range(10)])
    assert outcomes.count("ok") == 1
    assert outcomes.count(ballots.REFUSED) == 9
    assert counts(ballots_file)["ballots"] == 1 and counts(ballots_file)["used"] == 1


def _submit_in_process(path: str, codes: list[str], start, seed: int, queue) -> None:
    store = BallotStore(path)
    rng = random.Random(seed)
    start.wait()
    for code in codes:
        try:
            store.submit_ballot(code, random_sheet(rng))
            queue.put("ok")
        except BallotRefused as exc:
            queue.put(str(exc))


def run_processes(path: Path, code_lists: list[list[str]]) -> list[str]:
    ctx = multiprocessing.get_context("spawn")
    start, queue = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_submit_in_process, args=(str(path), codes, start, i, queue))
             for i, codes in enumerate(code_lists)]
    for p in procs:
        p.start()
    start.set()
    outcomes = [queue.get(timeout=120) for codes in code_lists for _ in codes]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return outcomes


def test_several_processes_submitting_at_once_are_all_counted_once(store, open_round, ballots_file):
    """Three processes (each its own DuckDB instance, serialised by the file lock) start together:
    all try one shared code first, then each submits its own share of 40 distinct codes."""
    (_, shared), = store.issue_codes(open_round.round_id, {"政协委员": 1})
    issued = [c for _, c in store.issue_codes(open_round.round_id, {"企业代表": 20, "政协委员": 20})]
    outcomes = run_processes(ballots_file, [[shared, *issued[i::3]] for i in range(3)])
    assert outcomes.count("ok") == 41
    assert outcomes.count(ballots.REFUSED) == 2
    assert counts(ballots_file)["ballots"] == 41 and counts(ballots_file)["used"] == 41


# --- apart from the warehouse ------------------------------------------------------------------------------

def test_rebuilding_the_warehouse_leaves_the_ballots_byte_identical(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    box = BallotStore(data / "ballots.duckdb")  # where the app keeps it: beside the warehouse
    created = box.create_round(SPEC, PASSWORD)
    for _, code in box.issue_codes(created.round_id, {"企业代表": 3}):
        box.submit_ballot(code, random_sheet(random.Random(0)))
    before = (box.path.read_bytes(), box.path.stat().st_mtime_ns)
    for _ in range(2):  # what `make data` runs: a first build, then a rebuild over it
        done = subprocess.run([sys.executable, "-m", "govdash.warehouse.build", "--data", str(data),
                               "--db", str(data / "dashboard.duckdb")], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert (box.path.read_bytes(), box.path.stat().st_mtime_ns) == before
    assert box.rounds().iloc[0]["ballots_in"] == 3
    assert sorted(p.name for p in data.glob("ballots*")) == ["ballots.duckdb", "ballots.duckdb.lock"]


def test_ballot_files_are_ignored_by_git():
    ignored = subprocess.run(["git", "check-ignore", "data/ballots.duckdb", "data/ballots.duckdb.lock",
                              "data/ballots.duckdb.wal"], cwd=ROOT, capture_output=True, text=True)
    assert ignored.stdout.split() == ["data/ballots.duckdb", "data/ballots.duckdb.lock", "data/ballots.duckdb.wal"]
