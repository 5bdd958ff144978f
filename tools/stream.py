"""Streamlit's websocket protocol from Python, without a browser: open a session on /_stcore/stream,
ask for a page run (BackMsg rerun_script, as the browser does on load) and read the ForwardMsgs
until the run finishes. Used by the access tests (which Host may connect) and the load benchmark
(tools/load/), which drives whole sessions with `Session`: it keeps what the browser keeps between
runs (the query string the app wrote, every widget's value, the navigation's pages), finds widgets
by their label in the elements a run drew, and sends their values and button clicks the way the
browser's widget manager does."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
FRAGMENT_FINISHED = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_FRAGMENT_RUN_SUCCESSFULLY")


@dataclass
class Run:
    """What one page run sent back: message types in order, bytes, seconds until script_finished,
    the elements drawn (kind and proto, in order) and the errors shown (error boxes, exceptions)."""

    types: list[str] = field(default_factory=list)
    bytes: int = 0
    seconds: float = 0.0
    finished: bool = False
    elements: list[tuple[str, object]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def texts(self) -> str:
        """The Markdown, headings and alerts drawn, one per line (what a reader of the page sees as text)."""
        out = []
        for kind, proto in self.elements:
            if kind in ("markdown", "heading", "text"):
                out.append(proto.body)
            elif kind == "alert":
                out.append(proto.body)
        return "\n".join(out)


def rerun_message(page_name: str = "", query_string: str = "", widgets: list[WidgetState] | None = None,
                  page_script_hash: str = "") -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = query_string
    msg.rerun_script.page_name = page_name
    msg.rerun_script.page_script_hash = page_script_hash
    if widgets:
        msg.rerun_script.widget_states.widgets.extend(widgets)
    return msg.SerializeToString()


def connect(base_url: str, host: str | None = None, headers: dict | None = None, open_timeout: float = 20,
            **connect_options):
    """A websocket to the app at base_url (http://127.0.0.1:PORT). `host` sends another Host header
    (what a DNS-rebinding page would send) while still connecting to base_url's address;
    `connect_options` go to the socket (e.g. local_addr=("127.0.0.2", 0): another client address)."""
    parsed = urlparse(base_url)
    name = host or parsed.hostname
    return websockets.connect(f"ws://{name}:{parsed.port}{parsed.path.rstrip('/')}/_stcore/stream",
                              host=parsed.hostname, port=parsed.port, subprotocols=["streamlit"],
                              additional_headers=headers or {}, open_timeout=open_timeout, max_size=None,
                              **connect_options)


def _note(run: Run, msg: ForwardMsg) -> None:
    """Keep the elements of a delta, and say which are errors (an error box or an exception)."""
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return
    element: Element = msg.delta.new_element
    kind = element.WhichOneof("type")
    proto = getattr(element, kind)
    run.elements.append((kind, proto))
    if kind == "exception":
        run.errors.append(f"exception: {proto.type}: {proto.message}"[:300])
    elif kind == "alert" and proto.format == Alert.ERROR:
        run.errors.append(f"error box: {proto.body}"[:300])


async def read_run(ws, run: Run, deadline: float, on_message=None) -> Run:
    """Read ForwardMsgs until the run finishes; a run that ends early for st.rerun() goes on into the
    next one, as the browser sees it (one step for the person)."""
    while time.perf_counter() < deadline:
        data = await asyncio.wait_for(ws.recv(), timeout=deadline - time.perf_counter())
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        run.types.append(kind)
        run.bytes += len(data)
        _note(run, msg)
        if on_message is not None:
            on_message(msg)
        if kind == "script_finished":
            if msg.script_finished == EARLY_FOR_RERUN:
                run.elements.clear()  # what the next run draws replaces it
                run.errors.clear()
                continue
            if msg.script_finished == FRAGMENT_FINISHED:
                continue
            run.finished = True
            break
    return run


async def run_page(ws, page_name: str = "", query_string: str = "", timeout: float = 120) -> Run:
    """Ask for one run of a page and read until it finishes (or the timeout)."""
    run, start = Run(), time.perf_counter()
    await ws.send(rerun_message(page_name, query_string))
    await read_run(ws, run, start + timeout)
    run.seconds = time.perf_counter() - start
    return run


async def may_connect(base_url: str, host: str | None = None) -> bool:
    """Whether the app accepts a session from a browser that names `host`, and runs a page for it."""
    try:
        async with connect(base_url, host) as ws:
            return (await run_page(ws, timeout=60)).finished
    except (websockets.InvalidStatus, websockets.ConnectionClosed, TimeoutError):
        return False


# --- a whole session, as a browser tab holds it ------------------------------------------------

WIDGET_KINDS = ("button", "button_group", "text_input", "multiselect", "slider", "checkbox", "selectbox",
                "number_input", "radio", "text_area", "download_button")


def initial_state(kind: str, proto) -> WidgetState | None:
    """The value the browser holds for a widget it has just drawn: the value the script set, else
    the default (buttons hold none: a click is a trigger for one run)."""
    state = WidgetState(id=proto.id)
    chosen = getattr(proto, "set_value", False)
    if kind == "slider":
        state.double_array_value.data.extend(proto.value if chosen else proto.default)
    elif kind == "multiselect":
        state.string_array_value.data.extend(proto.raw_values if chosen else [proto.options[i] for i in proto.default])
    elif kind == "button_group":
        state.string_array_value.data.extend(
            proto.raw_values if chosen else [proto.options[i].content for i in proto.default])
    elif kind == "checkbox":
        state.bool_value = proto.value if chosen else proto.default
    elif kind in ("text_input", "text_area"):
        if chosen or proto.HasField("default"):
            state.string_value = proto.value if chosen else proto.default
        else:
            return None
    elif kind == "selectbox":
        if chosen:
            state.string_value = proto.raw_value
        elif proto.HasField("default") and proto.options:
            state.string_value = proto.options[proto.default]
        else:
            return None
    elif kind == "number_input":
        if chosen or proto.HasField("default"):
            state.double_value = proto.value if chosen else proto.default
        else:
            return None
    else:
        return None
    return state


class WidgetMissing(LookupError):
    """No widget with that label in the last run."""


class Session:
    """One browser tab's session over an open websocket: `open` the first page, `switch` pages as
    the sidebar does, `set` widget values and `click` buttons; each call is one run, timed from the
    message sent to script_finished."""

    def __init__(self, ws, timeout: float = 120):
        self.ws = ws
        self.timeout = timeout
        self.query_string = ""
        self.page_name = ""
        self.pages: dict[str, str] = {}  # url path -> page_script_hash, from the navigation message
        self.values: dict[str, WidgetState] = {}  # widget id -> the value this tab holds
        self.last = Run()

    def _on_message(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "navigation":
            self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}

    async def _run(self, triggers: tuple[str, ...] = (), page_script_hash: str = "") -> Run:
        widgets = [state for wid, state in self.values.items() if wid not in triggers]
        for wid in triggers:
            widgets.append(WidgetState(id=wid, trigger_value=True))
        run, start = Run(), time.perf_counter()
        await self.ws.send(rerun_message(self.page_name, self.query_string, widgets, page_script_hash))
        await read_run(self.ws, run, start + self.timeout, self._on_message)
        run.seconds = time.perf_counter() - start
        held, self.values = self.values, {}
        for kind, proto in run.elements:  # as the browser: forget widgets not drawn, take new ones' values
            if kind in WIDGET_KINDS and proto.id:
                state = held.get(proto.id)
                if state is None or getattr(proto, "set_value", False):
                    state = initial_state(kind, proto)
                if state is not None:
                    self.values[proto.id] = state
        self.last = run
        return run

    async def open(self, page_name: str = "", query_string: str = "") -> Run:
        self.page_name, self.query_string = page_name, query_string
        return await self._run()

    async def rerun(self) -> Run:
        """A run with the values this tab holds now (what a changed widget outside a form sends)."""
        return await self._run()

    async def switch(self, page_name: str) -> Run:
        """A click on the page's link in the sidebar navigation."""
        self.page_name, self.query_string = page_name, ""
        return await self._run(page_script_hash=self.pages.get(page_name, ""))

    def widgets(self, kind: str) -> list:
        return [proto for k, proto in self.last.elements if k == kind]

    def widget(self, kind: str, label: str):
        found = [proto for proto in self.widgets(kind) if proto.label == label]
        if not found:
            raise WidgetMissing(f"no {kind} labelled {label!r} in the last run")
        return found[0]

    def set(self, widget, **value) -> None:
        """Hold a value for a widget (sent with the next run), e.g. string_value="…"; for
        string_array_value, double_array_value and int_array_value pass a list."""
        state = WidgetState(id=widget.id)
        for name, v in value.items():
            if name.endswith("_array_value"):
                getattr(state, name).data.extend(v)
            else:
                setattr(state, name, v)
        self.values[widget.id] = state

    async def click(self, label: str, kind: str = "button") -> Run:
        return await self._run(triggers=(self.widget(kind, label).id,))
