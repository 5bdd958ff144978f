"""The ballot box (govdash/evaluation/ballot_box.py): rounds, one-time codes, all-or-nothing ballots, results,
simultaneous submissions from many threads and processes, and independence from the warehouse."""

from __future__ import annotations

import multiprocessing
import random
import shutil
import subprocess
import sys
import threading
import types
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from govdash.evaluation import ballot_box as ballots
from govdash.evaluation import codes as codes_module
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
    # A spawned child first imports the parent's __main__. After an AppTest in this process that is
    # app.py (Streamlit runs the script as __main__), which the children would run, bare, and die:
    # give them an empty main while they start.
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        for p in procs:
            p.start()
    finally:
        sys.modules["__main__"] = main
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


def submission_pattern(k: int) -> dict:
    """A sheet whose first two scores spell k (0..99), so a ballot can be told apart in the file."""
    sheet = {(u, c): 5 for u in SPEC.units for c in SPEC.criteria}
    sheet[(SPEC.units[0], SPEC.criteria[0])] = k % 10 + 1
    sheet[(SPEC.units[0], SPEC.criteria[1])] = k // 10 + 1
    return sheet


def test_the_file_alone_cannot_order_the_ballots(store, open_round, ballots_file):
    """Whoever copies the file sees ballots in an order unrelated to when they came in, with random
    ids and no time anywhere, so the order codes were used in cannot be matched to the sheets."""
    issued = [c for _, c in store.issue_codes(open_round.round_id, {"企业代表": 8, "政协委员": 8})]
    for k, code in enumerate(issued):
        store.submit_ballot(code, submission_pattern(k))
    con = duckdb.connect(str(ballots_file), read_only=True)
    try:
        rows = con.execute(f"""
            SELECT b.rowid AS ballot_row, b.ballot_id,
                   max(CASE WHEN s.criterion = '{SPEC.criteria[0]}' THEN s.score END) - 1
                   + 10 * (max(CASE WHEN s.criterion = '{SPEC.criteria[1]}' THEN s.score END) - 1) AS k,
                   min(s.rowid) AS first_score_row
            FROM ballots AS b JOIN ballot_scores AS s USING (ballot_id)
            WHERE s.unit = '{SPEC.units[0]}' GROUP BY ALL ORDER BY ballot_row""").df()
        time_columns = con.execute("""SELECT table_name, column_name FROM information_schema.columns
            WHERE table_name IN ('ballots', 'ballot_scores', 'ballot_codes')
              AND (data_type LIKE 'TIMESTAMP%' OR data_type IN ('DATE', 'TIME') OR column_name LIKE '%_at')""").fetchall()
    finally:
        con.close()
    in_file_order = list(rows["k"])
    assert sorted(in_file_order) == list(range(16))
    assert in_file_order != list(range(16)) and in_file_order != list(range(15, -1, -1)), in_file_order
    assert list(rows.sort_values("first_score_row")["k"]) != list(range(16))
    assert rows["ballot_id"].str.fullmatch(r"[0-9a-f]{32}").all()
    assert list(rows.sort_values("ballot_id")["k"]) != list(range(16))
    assert time_columns == []


def test_codes_are_keyed_with_a_secret_kept_outside_the_file(store, open_round, ballots_file, tmp_path, monkeypatch):
    """A copy of the ballot file cannot be brute-forced offline: the stored hash needs the server's
    secret key, which lives in another file."""
    import hashlib

    (code,) = [c for _, c in store.issue_codes(open_round.round_id, {"企业代表": 1})]
    con = duckdb.connect(str(ballots_file), read_only=True)
    stored, salt, scheme = con.execute(
        "SELECT code_hash, salt, code_hash_scheme FROM ballot_codes JOIN rounds USING (round_id)").fetchone()
    con.close()
    assert scheme == "hmac"
    assert stored != hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()
    assert stored == codes_module.code_hash(salt, code)
    monkeypatch.setenv("GOVDASH_SECRET_KEY_FILE", str(tmp_path / "another.key"))
    assert codes_module.code_hash(salt, code) != stored  # without this server's key the hash is not reproducible
    with pytest.raises(BallotRefused):
        BallotStore(ballots_file).check_code(code)


def test_rounds_made_before_the_key_keep_their_codes(store, open_round, ballots_file):
    """A round whose codes were hashed with plain salted SHA-256 (files made before) still admits them."""
    code = "K7QM3XPA"
    con = duckdb.connect(str(ballots_file))
    con.execute("UPDATE rounds SET code_hash_scheme = NULL")
    salt = con.execute("SELECT salt FROM rounds").fetchone()[0]
    con.execute("INSERT INTO ballot_codes (round_id, code_hash, group_name) VALUES (?, ?, '企业代表')",
                [open_round.round_id, codes_module.code_hash(salt, code, "sha256")])
    con.close()
    assert store.check_code(code).group_name == "企业代表"


def test_old_files_with_the_score_key_are_migrated(tmp_path):
    """A ballot file made when ballot_scores referenced ballots opens, keeps its ballots and takes new ones."""
    from govdash.warehouse.sql import load_sql

    path = tmp_path / "old-ballots.duckdb"
    ddl = load_sql("ballots/create_tables").replace(
        "PRIMARY KEY (ballot_id, unit, criterion)\n);",
        "PRIMARY KEY (ballot_id, unit, criterion),\n    FOREIGN KEY (ballot_id) REFERENCES ballots (ballot_id)\n);", 1)
    assert "FOREIGN KEY" in ddl
    con = duckdb.connect(str(path))
    con.execute(ddl)
    con.close()
    old = BallotStore(tmp_path / "scratch.duckdb")  # make a round and a ballot the normal way, then copy rows in
    made = old.create_round(SPEC, PASSWORD)
    codes_ = [c for _, c in old.issue_codes(made.round_id, {"企业代表": 2})]
    old.submit_ballot(codes_[0], random_sheet(random.Random(2)))
    con = duckdb.connect(str(path))
    con.execute(f"ATTACH '{tmp_path / 'scratch.duckdb'}' AS scratch (READ_ONLY)")
    for table in ("rounds", "ballot_codes", "ballots", "ballot_scores"):
        con.execute(f"INSERT INTO {table} SELECT * FROM scratch.{table}")
    assert con.execute("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY'").fetchone()[0] == 1
    con.close()
    migrated = BallotStore(path)
    migrated.submit_ballot(codes_[1], random_sheet(random.Random(3)))
    assert migrated.rounds().iloc[0]["ballots_in"] == 2
    assert counts(path)["ballot_scores"] == 2 * len(SPEC.units) * len(SPEC.criteria)


def test_closing_voids_unused_codes_for_good(store, open_round):
    """An evaluator told their code is void after the close is not surprised by it working again."""
    unused, used = [c for _, c in store.issue_codes(open_round.round_id, {"企业代表": 2})]
    store.submit_ballot(used, random_sheet(random.Random(5)))
    store.set_closed(open_round.round_id, True)
    store.set_closed(open_round.round_id, False)
    with pytest.raises(BallotRefused) as refused:
        store.check_code(unused)
    assert str(refused.value) == ballots.REFUSED
    (fresh,) = [c for _, c in store.issue_codes(open_round.round_id, {"政协委员": 1})]
    assert store.check_code(fresh).group_name == "政协委员"  # codes issued after reopening work


def test_every_refusal_reads_the_same(store, open_round):
    """Unknown, used and closed codes get one message, so a code holder learns nothing about others."""
    first, second = [c for _, c in store.issue_codes(open_round.round_id, {"企业代表": 2})]
    store.submit_ballot(first, random_sheet(random.Random(6)))
    messages = set()
    for code in ("ABCDEFGH", first):
        with pytest.raises(BallotRefused) as refused:
            store.check_code(code)
        messages.add(str(refused.value))
    store.set_closed(open_round.round_id, True)
    with pytest.raises(BallotRefused) as refused:
        store.check_code(second)
    messages.add(str(refused.value))
    assert messages == {ballots.REFUSED}


def test_a_deleted_round_leaves_nothing_behind(store, open_round, ballots_file):
    (code,) = [c for _, c in store.issue_codes(open_round.round_id, {"企业代表": 1})]
    store.submit_ballot(code, random_sheet(random.Random(7)))
    store.delete_round(open_round.round_id)
    assert counts(ballots_file) == {"rounds": 0, "ballot_codes": 0, "ballots": 0, "ballot_scores": 0, "used": 0}


def test_a_file_held_by_another_program_is_named_and_then_used_when_let_go(store, open_round, ballots_file, monkeypatch):
    """Each operation attaches the file and lets it go again (filestore): a program that holds it open
    meanwhile (not through the lock) gets a Chinese message after the wait, and nothing is lost; once
    it lets go, the next operation works."""
    from govdash import filestore

    code = store.issue_codes(open_round.round_id, {"企业代表": 1})[0][1]
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(60)", str(ballots_file)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        monkeypatch.setattr(filestore, "OPEN_TIMEOUT_SECONDS", 0.5)
        with pytest.raises(filestore.FileBusy, match="测评数据文件 ballots.duckdb 正被其他程序占用，请稍后重试"):
            store.submit_ballot(code, random_sheet(random.Random(7)))
    finally:
        holder.kill()
        holder.wait()
    store.submit_ballot(code, random_sheet(random.Random(7)))
    assert counts(ballots_file)["ballots"] == 1 and counts(ballots_file)["used"] == 1
