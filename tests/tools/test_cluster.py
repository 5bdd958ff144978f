"""K app processes behind nginx (tools/cluster.py), through the websocket protocol (tools/stream.py):
a browser's requests stay on one process while browsers spread over all; clients are told apart
by their own address behind the proxy; and with three processes writing at once, the ballot box,
the accounts file and the audit log count exactly what was done."""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from govdash.desk import registry
from tests.support import require_nginx
from tools import browser, cluster, stream
from tools.load import __main__ as load
from tools.load import crowds

PASSWORD = "cluster-pass-1"


@pytest.fixture
def nginx_ready():
    require_nginx()


def test_config_routes_by_cookie_and_passes_the_websocket(tmp_path):  # the text only: no nginx needed
    conf = cluster.nginx_config(tmp_path, "127.0.0.1:9000", [9001, 9002])
    assert "hash $govdash_route consistent;" in conf and "ip_hash" not in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf and "proxy_set_header Connection $connection_upgrade;" in conf
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf  # replaced, never appended: no spoofing
    assert "server 127.0.0.1:9001" in conf and "server 127.0.0.1:9002" in conf and "listen 127.0.0.1:9000;" in conf


async def _shell_then_socket(url: str, cookies: dict, local_addr=None) -> tuple[dict, stream.Run]:
    cookies = {**cookies, **await crowds.fetch(url, "/ballot", cookies, local_addr)}
    header = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    async with stream.connect(url, headers=header, **({"local_addr": local_addr} if local_addr else {})) as ws:
        s = stream.Session(ws)
        run = await s.open(registry.BALLOT.url_path)
        if local_addr:  # a wrong code: counted against this client's address
            s.set(s.widget("text_input", "测评码"), string_value="ZZZZ-ZZZZ")
            run = await s.click("开始填写")
    return cookies, run


def test_a_browser_stays_on_one_process_and_browsers_spread(real_db, tmp_path, nginx_ready):
    env = browser.private_files(tmp_path / "files")
    with cluster.cluster(real_db, tmp_path, 2, env=env, access_log=True) as c:
        async def browsers():
            return [await _shell_then_socket(c.url, {}) for _ in range(12)]
        sessions = asyncio.run(browsers())
        assert all(run.finished and not run.errors for _, run in sessions)
        routes = {cookies[cluster.ROUTE_COOKIE] for cookies, _ in sessions}
        assert len(routes) == 12  # each browser got its own route
        served = c.served_by()
    by_route: dict[str, set[str]] = {}
    for _request, port, route in served:
        if route in routes:
            by_route.setdefault(route, set()).add(port)
    assert set(by_route) == routes
    assert all(len(ports) == 1 for ports in by_route.values()), by_route  # shell and websocket: one process
    assert any("/_stcore/stream" in request for request, _, _ in served)
    ports = {port for ports in by_route.values() for port in ports}
    assert ports == {s.url.rsplit(":", 1)[1] for s in c.servers}  # twelve browsers reach both processes


def test_clients_are_told_apart_behind_the_proxy(real_db, tmp_path, nginx_ready):
    """nginx passes the client's address on; the app sees 127.0.0.2 and 127.0.0.3, not nginx's own
    127.0.0.1, so a wrong code is counted against the phone that typed it."""
    env = browser.private_files(tmp_path / "files")
    with cluster.cluster(real_db, tmp_path, 2, env=env) as c:
        for address in ("127.0.0.2", "127.0.0.3", "127.0.0.3"):
            _, run = asyncio.run(_shell_then_socket(c.url, {}, (address, 0)))
            assert run.errors and "测评码" in run.errors[0]
    con = duckdb.connect(env["GOVDASH_ACCOUNTS"], read_only=True)
    try:
        subjects = Counter(s for (s,) in con.execute("SELECT subject FROM failures WHERE scope = 'code'").fetchall())
    finally:
        con.close()
    assert subjects["client:127.0.0.2"] == 1 and subjects["client:127.0.0.3"] == 2
    assert "client:本机" not in subjects and "client:127.0.0.1" not in subjects


def sign_in(tally: crowds.Tally, name: str):
    """The sign-in form over the protocol: writes a session to the accounts file and a line to the audit log."""
    async def body(s: stream.Session, start: float) -> None:
        await s.open(registry.SIGN_IN.url_path)
        s.set(s.widget("text_input", "账户名"), string_value=name)
        s.set(s.widget("text_input", "密码"), string_value=PASSWORD)
        run = await crowds.timed(tally, "登录", s.click("登录"))
        if "正在登录" not in run.texts():
            raise crowds.StepFailed(f"登录没有成功：{run.texts()[-200:]}")
    return body


def test_three_processes_write_every_file_exactly(real_db, tmp_path, nginx_ready):
    evaluators, people, wrong = 24, 9, 6
    env = browser.private_files(tmp_path / "files")
    names = [f"查看员{i:02d}" for i in range(people)]
    for name in names:
        browser.add_account(env, name, "viewer", PASSWORD)
    with cluster.cluster(real_db, tmp_path, 3, env=env) as c:
        round_id, codes = load.new_round(c.env, evaluators)
        tally, rng = crowds.Tally(), random.Random(3)
        bodies = [crowds.evaluator(tally, code, 30, crowds.QUICK, random.Random(rng.random())) for code in codes]
        bodies += [sign_in(tally, name) for name in names]
        addresses = [(f"127.0.0.{10 + i}", 0) for i in range(len(bodies))]

        async def everyone():
            await asyncio.gather(
                crowds.crowd(c.url, bodies, 2.0, [{}], "/ballot", tally, addresses),
                *[_shell_then_socket(c.url, {}, (f"127.0.1.{i + 1}", 0)) for i in range(wrong)])

        asyncio.run(everyone())
        assert tally.errors == [] and tally.completed == len(bodies)
        got = load.integrity(c.env, round_id)
    assert got == {"codes_issued": evaluators, "codes_used": evaluators, "ballots_in": evaluators,
                   "ballots_whole": evaluators, "stray_scores": 0}
    lines = Path(env["GOVDASH_AUDIT"]).read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]  # every line whole: no two processes interleaved
    assert sorted(e["who"] for e in entries if e["action"] == "sign_in") == names
    con = duckdb.connect(env["GOVDASH_ACCOUNTS"], read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM sessions").fetchone()[0] == people
        clients = con.execute("SELECT count(*) FROM failures WHERE subject LIKE 'client:127.0.1.%'").fetchone()[0]
    finally:
        con.close()
    assert clients == wrong
