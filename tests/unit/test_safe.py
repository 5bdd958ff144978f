"""One escape for Markdown, one for HTML, one guard for spreadsheet cells; and the middleware that
adds security headers and drops the websocket messages no visitor may send."""

from __future__ import annotations

import asyncio
import io

import pandas as pd
import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg

from govdash.accounts.routes import SECURITY_HEADERS, Hardening
from govdash.safe import WORD_JOINER, html, md, spreadsheet_cell, spreadsheet_csv, spreadsheet_frame

pytestmark = pytest.mark.unit

PAYLOADS = [
    "![](http://evil.example/track.png)",
    "[点这里](http://evil.example)",
    "<img src=http://evil.example/x.png>",
    "<script>alert(1)</script>",
    "http://evil.example/auto",
    "www.evil.example",
    "**粗体** _斜体_ `代码` # 标题",
    "a\nb\r\n- item",
    "$x^2$ ~~删~~ | 表 |",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_escape_leaves_only_text(payload):
    """Every character CommonMark/GFM could read as syntax comes out backslash-escaped, line breaks
    become spaces, and unescaping gives the text back. (How Streamlit's own renderer draws the
    result is checked in the browser: tests/browser/test_access_browser.py walks every URL
    parameter with these payloads.)"""
    out = md(payload)
    assert "\n" not in out and "\r" not in out
    unescaped, k = [], 0
    while k < len(out):
        char = out[k]
        if char == "\\":
            unescaped.append(out[k + 1])
            k += 2
            continue
        assert char not in "[]()!<>`*_#|~$:/@=&\"'", (payload, out, k)
        unescaped.append(char)
        k += 1
    assert "".join(unescaped).replace(WORD_JOINER, "") == payload.replace("\r", " ").replace("\n", " ")


@pytest.mark.parametrize("payload, host_at", [("http://evil.example/x", "://"), ("HTTPS://evil.example", "://"),
                                              ("www.evil.example", "www"), ("a@evil.example", "@")])
def test_markdown_escape_breaks_autolink_literals(payload, host_at):
    """GFM links these from the text left after escapes are resolved: a word joiner leaves no host."""
    out = md(payload).replace("\\", "")
    assert host_at + WORD_JOINER in out or host_at.upper() + WORD_JOINER in out


def test_html_escape_covers_attributes():
    assert html('"><img src=x onerror=alert(1)>') == "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert html(None) == "" and md(None) == ""


@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil.example","点我")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1)",
                                   "\t=1", "\r=1"])
def test_formula_cells_are_prefixed(value):
    assert spreadsheet_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["市发改委", "95.06", 12, -3.5, 0, "增长 -2%", "", "a=b", "超过 410 万条"])
def test_other_cells_pass_unchanged(value):
    assert spreadsheet_cell(value) == value


def test_missing_values_are_empty_cells():
    for empty in (None, float("nan"), pd.NA, pd.NaT):
        assert spreadsheet_cell(empty) is None


def test_csv_and_frames_go_through_the_guard():
    df = pd.DataFrame({"单位": ["=1+1", "市发改委"], "=列": [1, 2]})
    guarded = spreadsheet_frame(df)
    assert list(guarded["单位"]) == ["'=1+1", "市发改委"] and list(guarded.columns) == ["单位", "'=列"]
    raw = spreadsheet_csv(df)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(back["单位"]) == ["'=1+1", "市发改委"]
    assert list(df["单位"]) == ["=1+1", "市发改委"]  # the caller's frame is untouched


def back_msg(kind: str) -> bytes:
    msg = BackMsg()
    if kind == "clear_cache":
        msg.clear_cache = True
    elif kind == "set_run_on_save":
        msg.set_run_on_save = True
    else:
        msg.rerun_script.query_string = "region=长沙市"
    return msg.SerializeToString()


def run_websocket(messages: list[bytes]) -> list[str]:
    """What the app behind Hardening receives when a client sends `messages` on the stream."""
    seen: list[str] = []
    queue = [{"type": "websocket.connect"}] + [{"type": "websocket.receive", "bytes": m} for m in messages] + [
        {"type": "websocket.disconnect", "code": 1000}]

    async def receive():
        return queue.pop(0)

    async def send(message):
        pass

    async def app(scope, receive, send):
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            if message["type"] == "websocket.receive":
                parsed = BackMsg()
                parsed.ParseFromString(message["bytes"])
                seen.append(parsed.WhichOneof("type"))

    asyncio.run(Hardening(app)({"type": "websocket", "path": "/_stcore/stream"}, receive, send))
    return seen


def test_clients_cannot_clear_everyones_cache():
    seen = run_websocket([back_msg("rerun_script"), back_msg("clear_cache"), back_msg("set_run_on_save"),
                          back_msg("rerun_script")])
    assert seen == ["rerun_script", "rerun_script"]


def test_every_http_response_carries_the_security_headers():
    sent = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"ok"})

    async def receive():
        return {"type": "http.request"}

    async def send(message):
        sent.append(message)

    asyncio.run(Hardening(app)({"type": "http", "path": "/rankings", "headers": []}, receive, send))
    headers = dict(sent[0]["headers"])
    for name, value in SECURITY_HEADERS:
        assert headers[name] == value
    assert headers[b"x-frame-options"] == b"DENY" and b"frame-ancestors 'none'" in headers[b"content-security-policy"]
