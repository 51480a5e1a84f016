"""Form and edit tokens: Rejoinder's lean serializer writes and reads itsdangerous's own format.

Tokens live in readers' browsers (a form token for a day, an edit token for a month), so a token
written before the serializer was made cheaper must still be read, and one written now must be
what itsdangerous itself accepts with the same secret and salt.
"""

from __future__ import annotations

import pytest
from itsdangerous import URLSafeTimedSerializer

from rejoinder.errors import Forbidden
from rejoinder.services.tokens import COMPRESS_FROM, Tokens

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
