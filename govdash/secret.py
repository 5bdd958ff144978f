"""The server's secret key: signs session cookies and keys the hash of one-time codes. Made on first
use (32 random bytes, file mode 600) at config.secret_key_path(), never committed; kept apart from
the ballot box and the accounts file, so a copy of either cannot be brute-forced offline."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading

from govdash import config

_lock = threading.Lock()


def secret_key() -> bytes:
    path = config.secret_key_path()
    with _lock:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
        return path.read_bytes()


def keyed_hash(purpose: str, text: str) -> str:
    """HMAC-SHA256 of `text` under the secret key, separated by purpose ("code", "session", …)."""
    return hmac.new(secret_key(), f"{purpose}:{text}".encode(), hashlib.sha256).hexdigest()
