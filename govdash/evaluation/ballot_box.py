"""The ballot box of the 民主评议 测评表: the one gateway to data/ballots.duckdb.

It is apart from the warehouse on purpose: warehouse/db.py reads data/dashboard.duckdb read-only and
`make data` rebuilds that file from the documents, while ballots are written here by the app
and never touched by the build (GOVDASH_BALLOTS points at another file; tests do).

Writes are all-or-nothing and nothing is counted twice: marking a code used and inserting the
ballot with all its scores happen in ONE transaction, and the mark only succeeds for an
unused code of an open round (`UPDATE … WHERE NOT is_used … RETURNING`).

Concurrency: every operation runs alone, across threads and processes (govdash/filestore.py):
evaluators submitting at the same moment are served one after the other, each open-and-write
costing a few tens of milliseconds, and the file is closed between operations, so it can be
copied for safekeeping at any time.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from govdash import config
from govdash.evaluation.codes import (
    code_hash,
    looks_like_code,
    new_code,
    new_salt,
    password_hash,
    password_matches,
    validate_password,
)
from govdash.evaluation.rounds import (
    BallotInvalid,
    BallotRefused,
    Grade,
    RoundInvalid,
    RoundSpec,
    score_rows,
    validate_code_counts,
    validate_round,
    validate_scores,
)
from govdash.filestore import LockedFile, run_script
from govdash.warehouse.db import load_sql

REFUSED_FORMAT = "测评码应为 8 位字母和数字（如 K7QM-3XPA），请核对后重新输入。"
# One message for a code that is unknown, used, voided or of a closed round: a code holder must not
# learn which codes were used (or by whom).
REFUSED = ("这个测评码不能使用：可能输错了、已经用过，或本轮测评已结束。请核对后重新输入"
           "（不区分大小写，短横线可省略），仍有问题请联系组织者。")



@dataclass(frozen=True)
class Round:
    round_id: str
    spec: RoundSpec
    salt: str
    organiser_hash: str
    created_at: dt.datetime
    is_closed: bool
    code_hash_scheme: str = "hmac"


@dataclass(frozen=True)
class Admission:
    """A code that may be used now: its round and evaluator group."""

    round: Round
    group_name: str


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    """A file made before ballots were shuffled has a foreign key from scores to ballots: drop it."""
    if len(con.execute(load_sql("ballots/score_key")).fetchall()):
        con.begin()
        run_script(con, load_sql("ballots/drop_score_key"))
        con.commit()


def _round_from_row(row: dict) -> Round:
    spec = RoundSpec(
        title=row["title"], units=tuple(row["units"]), criteria=tuple(row["criteria"]), groups=tuple(row["groups"]),
        scale_min=int(row["scale_min"]), scale_max=int(row["scale_max"]),
        grades=tuple(Grade(n, float(s)) for n, s in zip(row["grade_names"], row["grade_min_scores"], strict=True)),
    )
    return Round(row["round_id"], spec, row["salt"], row["organiser_hash"], row["created_at"], bool(row["is_closed"]),
                 row.get("code_hash_scheme") or "sha256")


class BallotStore:
    """Rounds, one-time codes and ballots in one DuckDB file (default data/ballots.duckdb)."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else config.ballots_path()
        self.file = LockedFile(self.path, load_sql("ballots/create_tables"), "测评数据文件", migrate=_migrate)

    # --- connection ---------------------------------------------------------------------------

    def _session(self):
        return self.file.session()

    def _transaction(self):
        return self.file.transaction()

    @staticmethod
    def _run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
        return con.execute(load_sql(name), params).df()

    # --- organiser ----------------------------------------------------------------------------

    def create_round(self, spec: RoundSpec, password: str) -> Round:
        """Store a new round; RoundInvalid (all problems, in Chinese) leaves the file unchanged."""
        errors = validate_round(spec) + validate_password(password)
        if errors:
            raise RoundInvalid(errors)
        round_id, salt = secrets.token_hex(4), new_salt()
        with self._transaction() as con:
            self._run(con, "ballots/insert_round", round_id=round_id, title=spec.title.strip(), units=list(spec.units),
                      criteria=list(spec.criteria), groups=list(spec.groups),
                      grade_names=[g.name for g in spec.grades], grade_min_scores=[g.min_score for g in spec.grades],
                      scale_min=spec.scale_min, scale_max=spec.scale_max, salt=salt,
                      organiser_hash=password_hash(salt, password))
        return self.round(round_id)

    def rounds(self) -> pd.DataFrame:
        """Every round, newest first, with codes issued/used and ballots in."""
        with self._session() as con:
            return self._run(con, "ballots/rounds")

    def round(self, round_id: str) -> Round:
        with self._session() as con:
            rows = self._run(con, "ballots/round_by_id", round_id=round_id)
        if rows.empty:
            raise KeyError(f"没有编号为 {round_id} 的评议")
        return _round_from_row(rows.iloc[0].to_dict())

    def organiser_may_open(self, round_id: str, password: str) -> bool:
        r = self.round(round_id)
        return password_matches(r.salt, password or "", r.organiser_hash)

    def issue_codes(self, round_id: str, counts: Mapping[str, int]) -> list[tuple[str, str]]:
        """New one-time codes, (group, code) pairs. The codes exist only in the return value:
        the file keeps their hashes, so they must be handed out (or downloaded) now."""
        r = self.round(round_id)
        errors = validate_code_counts(counts, r.spec.groups)
        if r.is_closed:
            errors.append("本轮测评已结束，不能再发放测评码（可先重新开放）")
        if errors:
            raise RoundInvalid(errors)
        for _ in range(3):
            issued, seen = [], set()
            for group in r.spec.groups:
                for _ in range(int(counts.get(group, 0))):
                    code = new_code()
                    while code in seen:
                        code = new_code()
                    seen.add(code)
                    issued.append((group, code))
            try:
                with self._transaction() as con:
                    self._run(con, "ballots/insert_codes", round_id=round_id,
                              code_hashes=[code_hash(r.salt, c, r.code_hash_scheme) for _, c in issued],
                              group_names=[g for g, _ in issued])
                return issued
            except duckdb.ConstraintException:  # a code already issued earlier: draw the batch again
                continue
        raise RuntimeError("生成测评码时重复冲突，请重试")

    def set_closed(self, round_id: str, is_closed: bool) -> None:
        """Close (its unused codes are void for good) or reopen a round."""
        with self._transaction() as con:
            run_script(con, load_sql("ballots/set_round_closed"), round_id=round_id, is_closed=is_closed)

    def delete_round(self, round_id: str) -> None:
        """The round, its codes, ballots and scores, gone."""
        with self._transaction() as con:
            run_script(con, load_sql("ballots/delete_round"), round_id=round_id)

    def report(self, round_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(turnout per group, results) of a round, read in one session. Results are the rows of
        `ballots/results_by_unit`: unit × criterion × group, NULL meaning all."""
        with self._session() as con:
            return (self._run(con, "ballots/turnout_by_group", round_id=round_id),
                    self._run(con, "ballots/results_by_unit", round_id=round_id))

    def integrity(self, round_id: str) -> dict[str, int]:
        """Codes issued and used, ballots in, whole ballots (every unit × criterion scored once, on
        the scale) and scores without a ballot: N codes used must mean N whole ballots, no stray score."""
        with self._session() as con:
            row = self._run(con, "ballots/round_integrity", round_id=round_id).iloc[0]
        return {name: int(value) for name, value in row.items()}

    # --- evaluator ----------------------------------------------------------------------------

    def _admit(self, con: duckdb.DuckDBPyConnection, code: str) -> Admission:
        if not looks_like_code(code):
            raise BallotRefused(REFUSED_FORMAT)
        rounds = self._run(con, "ballots/round_salts")
        hashes = [code_hash(salt, code, scheme or "sha256")
                  for salt, scheme in zip(rounds["salt"], rounds["code_hash_scheme"], strict=True)]
        found = self._run(con, "ballots/code_lookup", round_ids=list(rounds["round_id"]), code_hashes=hashes)
        hit = found.iloc[0].to_dict() if len(found) else None
        if hit is None or hit["is_closed"] or hit["is_used"] or hit["is_void"]:
            raise BallotRefused(REFUSED)
        return Admission(_round_from_row(hit), hit["group_name"])

    def check_code(self, code: str) -> Admission:
        """The round and group of a code that may be used now; BallotRefused otherwise."""
        with self._session() as con:
            return self._admit(con, code)

    def submit_ballot(self, code: str, scores: Mapping[tuple[str, str], object]) -> None:
        """Record one complete score sheet and use up its code, all in one transaction.

        BallotInvalid (incomplete or out of range) and BallotRefused (unknown, used, closed)
        leave the file as it was and the code unused."""
        with self._transaction() as con:
            admission = self._admit(con, code)
            spec = admission.round.spec
            errors = validate_scores(spec, scores)
            if errors:
                raise BallotInvalid(errors)
            claimed = self._run(con, "ballots/claim_code", round_id=admission.round.round_id,
                                code_hash=code_hash(admission.round.salt, code, admission.round.code_hash_scheme))
            if claimed.empty:  # used or closed since _admit: cannot happen under the lock, kept as a guard
                raise BallotRefused(REFUSED)
            ballot_id = uuid.uuid4().hex
            self._run(con, "ballots/insert_ballot", ballot_id=ballot_id, round_id=admission.round.round_id,
                      group_name=claimed["group_name"].iloc[0])
            units, criteria, values = score_rows(spec, scores)
            self._run(con, "ballots/insert_scores", ballot_id=ballot_id, units=units, criteria=criteria, scores=values)
            run_script(con, load_sql("ballots/shuffle_ballots"), round_id=admission.round.round_id)


def store() -> BallotStore:
    """The ballot box the app uses (GOVDASH_BALLOTS or data/ballots.duckdb)."""
    return BallotStore(config.ballots_path())

