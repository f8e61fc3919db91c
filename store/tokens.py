"""Random secrets for links and keys, and the join codes people type in a room.

Secrets are at least 128 random bits and are stored only as hashes. A fast hash (sha256)
is right for them: with that much entropy there is nothing to brute-force, unlike passwords.
"""

import base64
import hashlib
import hmac
import re
import secrets

TOKEN_BYTES = 24
"""Random bytes per secret: 192 bits, 32 url-safe characters."""

_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22,128}")
"""22 characters carry 128 bits; the upper bound only stops absurd inputs cheaply."""

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I/L, so a code read off a projector is typed right first time."""

JOIN_CODE_LENGTH = 6


def new_secret() -> str:
    """A fresh resume token, facilitator key or owner key."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_secret(secret: str) -> str:
    """What is stored in place of a secret (sha256, hex)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Whether a secret matches a stored hash, in constant time."""
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def key_matches(key: object, stored_hash: str | None) -> bool:
    """Whether a key someone gave (any value) is the one stored as stored_hash (None: no
    such thing is stored); a malformed key never matches."""
    return stored_hash is not None and looks_like_token(key) and secret_matches(key, stored_hash)


def derived_secret(secret: str, purpose: str) -> str:
    """A secret only the holder of `secret` can compute (HMAC-SHA256, 192 bits kept): a
    campaign link's token gives each of its sheets its own resume token, so the one link
    the respondent was sent opens every sheet and the store still keeps only hashes.

    >>> derived_secret("a" * 32, "sheet:core") == derived_secret("a" * 32, "sheet:core")
    True
    >>> looks_like_token(derived_secret("a" * 32, "sheet:core"))
    True
    """
    digest = hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:TOKEN_BYTES]).decode()


def sheet_token(link_token: str, bank_id: str) -> str:
    """The resume token of the sheet of `bank_id` opened by a campaign link."""
    return derived_secret(link_token, f"sheet:{bank_id}")


def looks_like_token(value: object) -> bool:
    """Cheap format check, so a mangled link is refused before any query."""
    return isinstance(value, str) and _TOKEN_RE.fullmatch(value) is not None


def new_join_code() -> str:
    """A short code for a workshop's join page (about 30 bits: short to type, not a secret)."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(code: str) -> str:
    """The code as stored: typed codes may be lower case and spaced or dashed ("ab3 k-7m")."""
    return re.sub(r"[\s-]+", "", code).upper()


def is_join_code(code: object) -> bool:
    """Whether a normalised value can be a join code at all."""
    return (
        isinstance(code, str)
        and len(code) == JOIN_CODE_LENGTH
        and all(char in JOIN_CODE_ALPHABET for char in code)
    )
