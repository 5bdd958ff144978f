"""Run the app in a real Streamlit server and drive Debian's chromium with Playwright.

Used by the browser tests, the benchmark (tools/bench) and the soak (tools/soak.py). Chromium is started with flags that
keep it from contacting anything by itself, so any request to a non-local host that a test
sees comes from the app.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from govdash.exports.pdf_pack import CHROMIUM, chromium_available  # noqa: F401 (tools and tests ask browser.*)
from govdash.exports.pdf_pack import CHROMIUM_ARGS as PACK_CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
# the product's own chromium (the PDF meeting pack): one place names the binary and its offline flags
CHROMIUM_ARGS = [*PACK_CHROMIUM_ARGS, "--disable-quic"]
VIEWPORT = {"width": 1920, "height": 1080}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path
    env: dict = field(default_factory=dict)  # what the server was started with besides os.environ


def private_files(directory: Path, **extra: str) -> dict[str, str]:
    """Environment for a server whose ballot box, accounts, audit log and secret key live in
    `directory` (never the project's data/)."""
    directory.mkdir(parents=True, exist_ok=True)
    files = {"GOVDASH_BALLOTS": "ballots.duckdb", "GOVDASH_ACCOUNTS": "accounts.duckdb", "GOVDASH_AUDIT": "audit.jsonl",
             "GOVDASH_SECRET_KEY_FILE": "secret.key"}
    return {name: str(directory / file) for name, file in files.items()} | extra


@contextlib.contextmanager
def as_server(env: dict[str, str]):
    """This process sees the files of a server started with `env` (its accounts, its secret key),
    so what it writes there is what that server reads."""
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def add_account(env: dict[str, str], name: str, role: str, password: str) -> None:
    """An account in the accounts file of a server started with `env` (see private_files)."""
    from govdash.accounts.store import AccountStore

    with as_server(env):
        AccountStore(Path(env["GOVDASH_ACCOUNTS"])).add(name, role, password)


def issue_screen_key(env: dict[str, str], label: str, issued_by: str) -> str:
    """A screen key for the meeting screen of a server started with `env`, as an admin issues one."""
    from govdash.accounts.store import AccountStore

    with as_server(env):
        return AccountStore(Path(env["GOVDASH_ACCOUNTS"])).issue_screen_key(label, issued_by)


def sign_in(page, base_url: str, name: str, password: str, next_path: str = "/", timeout_ms: int = 30000) -> None:
    """Sign in through the sign-in page as a person does; ends on `next_path`, drawn."""
    page.goto(f"{base_url}/sign-in?next={next_path}", wait_until="domcontentloaded")
    page.get_by_label("账户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/account/" not in url and "sign-in" not in url, timeout=timeout_ms)
    wait_until_drawn(page, timeout_ms=timeout_ms)


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, seconds: float, what: str) -> None:
    """Until `url`/_stcore/health answers 200; a process that exits or a deadline passed raises with its log."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start; log:\n{log.read_text() if log.exists() else '(none)'}")
        time.sleep(0.2)


@contextlib.contextmanager
def streamlit_server(db: Path, log_dir: Path, env: dict | None = None, script: Path | None = None,
                     port: int | None = None, options: tuple[str, ...] = ()) -> Iterator[Server]:
    """Start the app (or another `script`, e.g. a benchmark baseline) on a local port (a free one
    unless given: a restart test reuses the port) against `db`; `options` are more Streamlit
    command-line options (e.g. "--secrets.files", path)."""
    port = port or free_port()
    log = log_dir / f"streamlit-{port}-{time.monotonic_ns()}.log"
    environment = {**os.environ, "GOVDASH_DB": str(db), **(env or {})}
    with log.open("w") as out:
        proc = subprocess.Popen(
            ([sys.executable, "-m", "govdash.serve"] if script is None else
             [sys.executable, "-m", "streamlit", "run", str(script)])
            + ["--server.port", str(port), "--server.address", "127.0.0.1", *options],
            cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log, 60, "streamlit")
        yield Server(url, proc, log, {"GOVDASH_DB": str(db), **(env or {})})
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@dataclass
class RequestLog:
    urls: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # the URL of the page (frame) that made each request

    def add(self, request) -> None:
        self.urls.append(request.url)
        try:
            self.pages.append(request.frame.url)
        except Exception:  # a service worker's request has no frame
            self.pages.append("")

    def external(self, ignore_pages_of: str | None = None) -> list[str]:
        """Requests to hosts other than this machine; `ignore_pages_of` leaves out what pages of
        another local test server made (the OIDC provider's own pages load their CSS from a CDN)."""
        out = []
        for url, page in zip(self.urls, self.pages + [""] * (len(self.urls) - len(self.pages)), strict=True):
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
                continue
            if ignore_pages_of and page.startswith(ignore_pages_of):
                continue
            if parsed.hostname not in LOCAL_HOSTS:
                out.append(url)
        return out


@contextlib.contextmanager
def browser_page(requests: RequestLog) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai")
        context.on("request", requests.add)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()


ERROR_SELECTORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def wait_until_drawn(page, min_charts: int = 0, timeout_ms: int = 30000) -> None:
    """Wait until the script finished running and at least `min_charts` Plotly charts are drawn.

    The app root carries the script state (`data-test-script-state`: initial, running, notRunning);
    it says "initial" until the first run starts, so waiting for "notRunning" cannot stop before the
    page ran. (The status widget is no guide: it shows up only half a second into a run.) A chart
    whose code is still loading is a skeleton after the run has finished: waited for too."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_function(
        """(n) => {
            const app = document.querySelector('[data-testid="stApp"]');
            const done = app && app.getAttribute('data-test-script-state') === 'notRunning';
            const drawn = document.querySelectorAll('.js-plotly-plot .main-svg').length;
            const main = document.querySelector('[data-testid="stMain"]');
            // a chart whose code is still loading is a skeleton, not yet a .js-plotly-plot
            const loading = document.querySelector('[data-testid="stSkeleton"]');
            const undrawn = [...document.querySelectorAll('.js-plotly-plot')].some(p => !p.querySelector('.main-svg'));
            return done && !loading && !undrawn && drawn >= n && main && main.innerText.length > 0;
        }""",
        arg=min_charts,
        timeout=timeout_ms,
    )


# --- meeting screen (/meeting) -------------------------------------------------------------

def wait_for_meeting(page, timeout_ms: int = 30000) -> None:
    """Wait until the meeting screen shows a header and its slide has finished drawing."""
    page.wait_for_selector(".mtg-header .mtg-page b", timeout=timeout_ms)
    page.wait_for_function(
        """() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))
                 && document.querySelector('.mtg-footer')""",
        timeout=timeout_ms,
    )


def meeting_slide(page) -> int:
    """The slide number the header shows (1-based), or 0 while no header is drawn."""
    text = page.evaluate("() => document.querySelector('.mtg-header .mtg-page b')?.textContent || '0'")
    return int(text)
