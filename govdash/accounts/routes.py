"""HTTP routes and middleware around the Streamlit app (st.App in govdash/web.py):

- /account/session?t=…&next=…  sets the sign-in cookie from a one-time hand-off token, then redirects;
- /account/logout           ends the session, clears the cookie, goes to the sign-in page;
- Hardening: security headers on every response (no framing by other sites, no MIME sniffing,
  same-origin referrers), the default page's own path redirected to "/" (Streamlit would show an
  English "Page not found"), and the `clear_cache` / `set_run_on_save` messages any client could
  send over the websocket dropped, so no visitor can empty every user's cache.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route
from streamlit.proto.BackMsg_pb2 import BackMsg

from govdash import config
from govdash.accounts import audit, sessions
from govdash.accounts.store import store
from govdash.desk import registry

SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
DROPPED_MESSAGES = {"clear_cache", "set_run_on_save"}


async def session_route(request: Request) -> RedirectResponse:
    session_id = sessions.redeem(request.query_params.get("t", ""), claim=store().claim_handoff)
    target = sessions.local_path(request.query_params.get("next"))
    if session_id is None:
        return RedirectResponse(f"/{registry.SIGN_IN.url_path}?expired=1", status_code=302)
    response = RedirectResponse(target, status_code=302)
    response.set_cookie(sessions.COOKIE, sessions.cookie_value(session_id), httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/",
                        max_age=config.SESSION_MAX_HOURS * 3600)
    return response


async def logout_route(request: Request) -> RedirectResponse:
    session_id = sessions.session_id_of(request.cookies.get(sessions.COOKIE))
    if session_id:
        accounts = store()
        account = accounts.session_account(session_id)
        accounts.close_session(session_id)
        if account:
            audit.record(account.name, account.role, "sign_out", client=client_of(request))
    response = RedirectResponse(f"/{registry.SIGN_IN.url_path}", status_code=302)
    response.delete_cookie(sessions.COOKIE, path="/")
    return response


# Not under /auth/: Streamlit's own st.login routes live there (/auth/login, /auth/logout).
def client_of(request: Request) -> str | None:
    """As gate.client(): the client's address, None (「本机」) for this machine."""
    host = request.client.host if request.client else None
    return None if host in (None, "127.0.0.1", "::1", "localhost") else host


ROUTES = [Route("/account/session", session_route), Route("/account/logout", logout_route)]


class Hardening:
    """ASGI middleware: headers, the default page's path, and client messages no visitor may send."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            if scope["path"].rstrip("/") == f"/{registry.OVERVIEW.url_path}":
                await RedirectResponse("/", status_code=302)(scope, receive, send)
                return

            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
                await send(message)

            await self.app(scope, receive, send_with_headers)
            return
        if scope["type"] == "websocket" and scope["path"].endswith("/_stcore/stream"):
            await self.app(scope, _filtered(receive), send)
            return
        await self.app(scope, receive, send)


def _filtered(receive):
    async def receive_allowed():
        while True:
            message = await receive()
            data = message.get("bytes") if message["type"] == "websocket.receive" else None
            if data and _message_type(data) in DROPPED_MESSAGES:
                continue
            return message
    return receive_allowed


def _message_type(data: bytes) -> str | None:
    msg = BackMsg()
    try:
        msg.ParseFromString(data)
    except Exception:  # not ours to judge: Streamlit refuses what it cannot parse
        return None
    return msg.WhichOneof("type")
