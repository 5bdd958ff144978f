"""One-time codes for evaluators and the organiser's password: how they are made, typed and
kept. Only salted hashes are stored; a code is shown once, when it is issued."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

from govdash.secret import keyed_hash

# No 0/O, 1/I/L: codes are read off paper and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
PASSWORD_ITERATIONS = 200_000
MIN_PASSWORD_LENGTH = 6


def new_code() -> str:
    """A random code such as 'K7QM-3XPA' (31^8 ≈ 8.5×10^11 possibilities)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(text: str) -> str:
    """What the evaluator typed, as the code: full-width characters, case, spaces and dashes ignored."""
    text = unicodedata.normalize("NFKC", text or "").upper()
    return re.sub(r"[\s\-_—–－]+", "", text)


def looks_like_code(text: str) -> bool:
    code = normalise_code(text)
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def code_hash(salt: str, code: str, scheme: str = "hmac") -> str:
    """The stored form of a code: keyed with the server's secret key (kept outside the ballot file,
    so a copy of the file cannot be brute-forced offline) and the round's salt. Rounds made before
    the key existed use plain salted SHA-256 ('sha256')."""
    text = f"{salt}:{normalise_code(code)}"
    if scheme == "sha256":
        return hashlib.sha256(text.encode()).hexdigest()
    return keyed_hash("code", text)


def new_salt() -> str:
    return secrets.token_hex(16)


def password_hash(salt: str, password: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), PASSWORD_ITERATIONS).hex()


def password_matches(salt: str, password: str, stored: str) -> bool:
    return hmac.compare_digest(password_hash(salt, password), stored)


def validate_password(password: str) -> list[str]:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return [f"组织者密码至少 {MIN_PASSWORD_LENGTH} 位（用于发放测评码和查看结果）"]
    return []
