"""Form and edit tokens: Rejoinder's lean serializer writes and reads itsdangerous's own format.

Tokens live in readers' browsers (a form token for a day, an edit token for a month), so a token
written before the serializer was made cheaper must still be read, and one written now must be
what itsdangerous itself accepts with the same secret and salt.
"""

from __future__ import annotations

import time
import uuid

import pytest
from itsdangerous import URLSafeTimedSerializer

from rejoinder.errors import Forbidden
from rejoinder.services.tokens import COMPRESS_FROM, FORM_TOKEN_MAX_AGE, Tokens, new_nonce

FORM_SALT = "rejoinder.form-token"
EDIT_SALT = "rejoinder.edit-token"


def plain(salt: str, secret: str = "secret") -> URLSafeTimedSerializer:  # noqa: S107 - a test key
    return URLSafeTimedSerializer(secret, salt=salt)


def test_a_token_written_by_plain_itsdangerous_is_read() -> None:
    tokens = Tokens("secret")
    old = plain(FORM_SALT).dumps({"s": 3, "u": "/a", "n": "ab" * 16})
    assert old.startswith(".")  # itsdangerous compressed this one (the nonce repeats)
    ticket = tokens.read_form_token(old, 3, "/a")
    assert ticket.nonce == "ab" * 16
    edit = plain(EDIT_SALT).dumps({"c": 7, "t": 1_700_000_000})
    assert tokens.read_edit_token(edit) == (7, 1_700_000_000)


@pytest.mark.parametrize("uri", ["/a", "/news/2026/11/28/the-council-budget", "/" + "news/" * 120])
def test_a_token_written_now_is_read_by_plain_itsdangerous(uri: str) -> None:
    tokens = Tokens("secret")
    token = tokens.form_token(3, uri)
    payload = plain(FORM_SALT).loads(token, max_age=60)
    assert (payload["s"], payload["u"]) == (3, uri)
    assert tokens.read_form_token(token, 3, uri).uri == uri
    assert len(token) <= 1000  # the API's limit on a posted form token
    long_payload = len(uri) > COMPRESS_FROM
    assert token.startswith(".") is long_payload  # a long path is compressed, as itsdangerous does
    assert plain(EDIT_SALT).loads(tokens.edit_token(5, None)) == {"c": 5, "t": 0}


def test_the_kept_signer_still_refuses_other_secrets_and_salts() -> None:
    tokens = Tokens("secret")
    with pytest.raises(Forbidden):
        tokens.read_form_token(plain(FORM_SALT, "another").dumps({"s": 3, "u": "/a", "n": "x"}), 3, "/a")
    with pytest.raises(Forbidden):  # an edit token is no form token, whichever serializer wrote it
        tokens.read_form_token(plain(EDIT_SALT).dumps({"s": 3, "u": "/a", "n": "x"}), 3, "/a")
    token = tokens.form_token(3, "/a")
    with pytest.raises(Forbidden):
        tokens.read_form_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"), 3, "/a")


def test_the_quick_read_leaves_every_doubtful_token_to_itsdangerous() -> None:
    """Expired, from the future, tampered, cut or non-ASCII: each is refused exactly as
    itsdangerous decides, with the message that says what is wrong."""
    tokens = Tokens("secret")
    payload = {"s": 3, "u": "/a", "n": "x"}
    with pytest.raises(Forbidden, match="expired"):
        tokens.read_form_token(signed_at(FORM_SALT, payload, time.time() - FORM_TOKEN_MAX_AGE - 5), 3, "/a")
    with pytest.raises(Forbidden, match="expired"):  # itsdangerous: an age below 0 is expired too
        tokens.read_form_token(signed_at(FORM_SALT, payload, time.time() + 600), 3, "/a")
    assert tokens.read_form_token(signed_at(FORM_SALT, payload, time.time() - 30), 3, "/a").nonce == "x"
    token = tokens.form_token(3, "/a")
    for bad in (token.replace(".", "", 1), "." + token, token[:-1], "a.b.c", token + "!"):
        with pytest.raises(Forbidden, match="not valid"):
            tokens.read_form_token(bad, 3, "/a")
    for lenient in (token + "\u00e9", token + "="):  # itsdangerous's base64 skips these: read as before
        assert tokens.read_form_token(lenient, 3, "/a") == tokens.read_form_token(token, 3, "/a")
    edit = tokens.edit_token(9, None)
    with pytest.raises(Forbidden):
        tokens.read_edit_token(edit, max_age=-1)
    assert tokens.read_edit_token(edit) == (9, 0)


def test_a_quick_token_is_the_bytes_itsdangerous_writes() -> None:
    tokens = Tokens("secret")
    before = time.time()
    token = tokens.edit_token(12, None)
    after = time.time()
    assert token in {signed_at(EDIT_SALT, {"c": 12, "t": 0}, t) for t in (before, after)}


def signed_at(salt: str, payload: object, when: float) -> str:
    """What plain itsdangerous writes for ``payload`` with its clock at ``when``."""
    serializer = plain(salt)
    signer = serializer.make_signer()
    signer.get_timestamp = lambda: int(when)  # type: ignore[method-assign]
    return signer.sign(serializer.dump_payload(payload)).decode()


def test_tokens_are_written_by_the_quick_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every post writes two tokens: they must come from the one HMAC call, not itsdangerous's
    layers (session 7's check of the digest's identity never matched itsdangerous 2.2's
    ``_lazy_sha1``, so the quick path was dead code that no answer could reveal)."""
    tokens = Tokens("secret")

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("itsdangerous wrote a token the quick path should have")

    monkeypatch.setattr(URLSafeTimedSerializer, "dumps", refuse)
    form, edit = tokens.form_token(3, "/a"), tokens.edit_token(12, None)
    monkeypatch.undo()
    assert plain(FORM_SALT).loads(form)["u"] == "/a"
    assert plain(EDIT_SALT).loads(edit) == {"c": 12, "t": 0}
    assert tokens.form_token(3, "/" + "news/" * 120).startswith(".")  # long: itsdangerous, compressed


def test_a_new_nonce_is_a_version_4_uuid_in_hex() -> None:
    nonces = {new_nonce() for _ in range(2000)}
    assert len(nonces) == 2000
    for nonce in nonces:
        parsed = uuid.UUID(hex=nonce)
        assert (parsed.hex, parsed.version, parsed.variant) == (nonce, 4, uuid.RFC_4122)
