"""Signed tokens, so that anonymous readers can prove things without accounts or cookies.

- The **form token** is handed out with the widget's configuration when the page loads. It names
  the site and page, carries a one-time nonce and is time-stamped: the post that returns it says
  how long the reader spent on the page, and a nonce seen before is a replay.
- The **edit token** is handed back with a new comment. It names the comment (id and creation
  time, so a token can never be aimed at another row) and lets its holder edit or delete it
  within the site's edit window, and see it while it waits for a moderator.

Both are itsdangerous signatures over ``settings.secret_key`` with distinct salts, so one kind
can never pass for the other. Every post reads one token and writes two, so ``_LeanSerializer``
keeps itsdangerous's format and checks but skips its per-call work that a short token does not
need (see there), and signs and reads the usual token (short, valid, in date) with one copy of a
kept HMAC-SHA1 state; anything else is read by itsdangerous itself, which says what is wrong.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode

from rejoinder.errors import Forbidden
from rejoinder.i18n import msg

# itsdangerous's ``_CompactJSON.dumps`` with its options, as one encoder made once (``json.dumps``
# with options builds a new encoder on every call).
_COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

FORM_TOKEN_MAX_AGE = 24 * 3600  # a tab left open overnight must reload
EDIT_TOKEN_VIEW_AGE = 30 * 24 * 3600  # how long an author can still see their own pending comment
COMPRESS_FROM = 160  # payload bytes (JSON) from which a token is zlib-compressed, as itsdangerous does


@dataclass(frozen=True, slots=True)
class FormTicket:
    """A verified form token: the page it was issued for, its nonce and when it was issued."""

    site_id: int
    uri: str
    nonce: str
    issued_at: float

    def seconds_on_page(self, now: float | None = None) -> float:
        return max(0.0, (time.time() if now is None else now) - self.issued_at)


class _KeptKeySigner(TimestampSigner):
    """A ``TimestampSigner`` that derives its key once instead of on every signature."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._key = super().derive_key()

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        return self._key if secret_key is None else super().derive_key(secret_key)


class _LeanSerializer(URLSafeTimedSerializer):
    """itsdangerous's URL-safe timed tokens, made cheaper and read exactly as before.

    - One signer for the serializer's life: itsdangerous builds a signer and derives its key
      (a hash of salt and secret) for every ``dumps`` and ``loads``.
    - No zlib attempt for a short payload (a form token for a usual page path, an edit token):
      it saves a few bytes at most, and setting zlib up cost more than the rest of the token.
      A long one (a long page path) is compressed as before, so it stays under the API's
      1,000-character limit on tokens; a compressed token (the ``.`` prefix) is read as always.
    """

    def __init__(self, secret_key: str, salt: str) -> None:
        super().__init__(secret_key, salt=salt, signer=_KeptKeySigner)
        self._signer: Any = super().make_signer(self.salt)
        # The keyed HMAC state, made once and copied per token: ``hmac.digest(key, msg, "sha1")``
        # looks SHA-1 up in OpenSSL 3 on every call and runs with the GIL released, so under load a
        # post's three tokens each waited to get the GIL back (7% of a worker's wall time, py-spy).
        self._mac = hmac.new(self._signer.derive_key(), digestmod=hashlib.sha1)
        self._quick = _signs_as_sha1_hmac(self._signer, self._signature)

    def make_signer(self, salt: str | bytes | None = None) -> Any:
        if salt is None or salt == self.salt:
            return self._signer
        return super().make_signer(salt)

    def dump_payload(self, obj: Any) -> bytes:
        plain = _COMPACT_JSON(obj).encode()  # what itsdangerous's ``_CompactJSON`` writes
        if len(plain) > COMPRESS_FROM:
            return super().dump_payload(obj)
        return base64_encode(plain)

    def _signature(self, value: bytes) -> bytes:
        """HMAC-SHA1 of ``value`` under the signer's key, URL-safe base64: itsdangerous's signature."""
        mac = self._mac.copy()
        mac.update(value)
        return base64_encode(mac.digest())

    def dumps(self, obj: Any, salt: str | bytes | None = None) -> str:
        """itsdangerous's token, byte for byte: payload, time stamp and HMAC-SHA1, each URL-safe
        base64 without padding, joined by dots; signed by one C call, not three layers of objects."""
        if salt is not None or not self._quick:
            return str(super().dumps(obj, salt))
        stamp = base64_encode(int(time.time()).to_bytes(8, "big").lstrip(b"\x00"))
        value = self.dump_payload(obj) + b"." + stamp
        signature = self._signature(value)
        return (value + b"." + signature).decode("ascii")

    def loads_fast(self, token: str, max_age: int) -> tuple[Any, int]:
        """(payload, signing time) of a token written by ``dumps``, or of anything itsdangerous
        accepts. The quick path takes only a short, exactly signed token within ``max_age``; any
        other goes to itsdangerous's ``loads``, which reads the rest (and old lenient spellings)
        or raises the error that says what is wrong."""
        try:
            value, signature = token.encode("ascii").rsplit(b".", 1)
            expected = self._signature(value)
            payload, stamp = value.rsplit(b".", 1)
            if hmac.compare_digest(expected, signature) and not payload.startswith(b"."):
                signed = int.from_bytes(_unpadded_b64decode(stamp), "big")
                if 0 <= int(time.time()) - signed <= max_age:
                    return json.loads(_unpadded_b64decode(payload)), signed
        except ValueError:  # not ASCII, no dots, bad base64 or JSON: itsdangerous says what
            pass
        found, issued = self.loads(token, max_age=max_age, return_timestamp=True)
        return found, int(issued.timestamp())


def _signs_as_sha1_hmac(signer: Any, quick: Callable[[bytes], bytes]) -> bool:
    """Whether ``signer`` signs as the quick path does (HMAC-SHA1 with its derived key), asked once
    of a probe. Asked, not looked up: itsdangerous 2.2's default digest is its own ``_lazy_sha1``
    wrapper, not ``hashlib.sha1``, so a check of the digest's identity (session 7's) silently sent
    every token through the slow path."""
    probe = b"rejoinder.probe"
    return bool(signer.get_signature(probe) == quick(probe))


def _unpadded_b64decode(data: bytes) -> bytes:
    return base64.urlsafe_b64decode(data + b"=" * (-len(data) % 4))


class Tokens:
    def __init__(self, secret_key: str) -> None:
        self._form = _LeanSerializer(secret_key, salt="rejoinder.form-token")
        self._edit = _LeanSerializer(secret_key, salt="rejoinder.edit-token")

    # -- form tokens --------------------------------------------------------------------------
    def form_token(self, site_id: int, uri: str) -> str:
        return self._form.dumps({"s": site_id, "u": uri, "n": new_nonce()})

    def read_form_token(self, token: str, site_id: int, uri: str) -> FormTicket:
        """Verify a form token for this page, or raise ``Forbidden`` naming ``form_token``."""
        try:
            payload, issued = self._form.loads_fast(token, FORM_TOKEN_MAX_AGE)
        except SignatureExpired:
            raise Forbidden(
                msg("The form token has expired: reload the page and post again."), field="form_token"
            ) from None
        except BadSignature:
            raise Forbidden(
                msg("The form token is not valid: reload the page and post again."), field="form_token"
            ) from None
        if not isinstance(payload, dict) or payload.get("s") != site_id or payload.get("u") != uri:
            raise Forbidden("The form token was issued for another page.", field="form_token")
        return FormTicket(site_id, uri, str(payload.get("n", "")), float(issued))

    # -- edit tokens --------------------------------------------------------------------------
    def edit_token(self, comment_id: int, created_at: datetime | None) -> str:
        return self._edit.dumps({"c": comment_id, "t": stamp_of(created_at)})

    def read_edit_token(self, token: str, *, max_age: int = EDIT_TOKEN_VIEW_AGE) -> tuple[int, int]:
        """The (comment id, creation stamp) a token names, or ``Forbidden``."""
        try:
            payload, _ = self._edit.loads_fast(token, max_age)
        except BadSignature:
            raise Forbidden(
                msg("The edit token is not valid for this comment."), field="edit_token"
            ) from None
        if not isinstance(payload, dict) or not isinstance(payload.get("c"), int):
            raise Forbidden(msg("The edit token is not valid for this comment."), field="edit_token")
        return int(payload["c"]), int(payload.get("t", 0))

    def token_matches(self, token: str, comment_id: int, created_at: datetime | None) -> bool:
        try:
            return self.read_edit_token(token) == (comment_id, stamp_of(created_at))
        except Forbidden:
            return False


def new_nonce() -> str:
    """A form's nonce in ``uuid.uuid4().hex``'s form (32 lowercase hex digits, version 4, RFC 4122
    variant; its guid is the nonce as a UUID), from ``os.urandom`` directly: ``uuid4`` builds a
    ``UUID`` in Python code, which cost about as much as the token's signature."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # variant: RFC 4122
    return raw.hex()


def stamp_of(created_at: datetime | None) -> int:
    """Creation time in whole seconds: binds an edit token to one row even if ids are reused
    (after a restore), coarse enough to survive any backend's timestamp precision."""
    return int(created_at.timestamp()) if created_at else 0
