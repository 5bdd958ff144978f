"""Streamlit's websocket protocol from Python, without a browser: open a session on /_stcore/stream,
ask for a page run (BackMsg rerun_script, as the browser does on load) and read the ForwardMsgs
until the run finishes. Used by the access tests (which Host may connect) and the load benchmark."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


@dataclass
class Run:
    """What one page run sent back: message types in order, bytes, seconds until script_finished."""

    types: list[str] = field(default_factory=list)
    bytes: int = 0
    seconds: float = 0.0
    finished: bool = False


def rerun_message(page_name: str = "", query_string: str = "") -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = query_string
    msg.rerun_script.page_name = page_name
    return msg.SerializeToString()


def connect(base_url: str, host: str | None = None, headers: dict | None = None, open_timeout: float = 20):
    """A websocket to the app at base_url (http://127.0.0.1:PORT). `host` sends another Host header
    (what a DNS-rebinding page would send) while still connecting to base_url's address."""
    parsed = urlparse(base_url)
    name = host or parsed.hostname
    return websockets.connect(f"ws://{name}:{parsed.port}{parsed.path.rstrip('/')}/_stcore/stream",
                              host=parsed.hostname, port=parsed.port, subprotocols=["streamlit"],
                              additional_headers=headers or {}, open_timeout=open_timeout, max_size=None)


async def run_page(ws, page_name: str = "", query_string: str = "", timeout: float = 120) -> Run:
    """Ask for one run of a page and read until it finishes (or the timeout)."""
    run, start = Run(), time.perf_counter()
    await ws.send(rerun_message(page_name, query_string))
    deadline = start + timeout
    while time.perf_counter() < deadline:
        data = await asyncio.wait_for(ws.recv(), timeout=deadline - time.perf_counter())
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        run.types.append(kind)
        run.bytes += len(data)
        if kind == "script_finished":
            run.finished = True
            break
    run.seconds = time.perf_counter() - start
    return run


async def may_connect(base_url: str, host: str | None = None) -> bool:
    """Whether the app accepts a session from a browser that names `host`, and runs a page for it."""
    try:
        async with connect(base_url, host) as ws:
            return (await run_page(ws, timeout=60)).finished
    except (websockets.InvalidStatus, websockets.ConnectionClosed, TimeoutError):
        return False
