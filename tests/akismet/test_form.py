"""Decoding Akismet bodies as the clients in the wild encode them."""

from __future__ import annotations

from urllib.parse import quote, unquote_to_bytes, urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from rejoinder.web.akismet.form import charset_of, decode_form, list_name, unquote_plus, usable_charset


def test_plain_utf8_body_with_plus_and_percent() -> None:
    body = urlencode({"comment_content": "Grüße & +1 = ça va?", "blog": "https://example.org"}).encode()
    form = decode_form(body, "application/x-www-form-urlencoded")
    assert form == {"comment_content": "Grüße & +1 = ça va?", "blog": "https://example.org"}


def test_iso_8859_1_body_declared_in_the_content_type() -> None:
    body = b"comment_author=" + quote("Jérôme Müller", encoding="latin-1").encode()
    assert decode_form(body, "application/x-www-form-urlencoded; charset=ISO-8859-1") == {
        "comment_author": "Jérôme Müller"
    }


def test_blog_charset_field_names_the_charset_when_the_header_does_not() -> None:
    body = b"comment_author=" + quote("Ångström", encoding="latin-1").encode() + b"&blog_charset=ISO-8859-1"
    assert decode_form(body)["comment_author"] == "Ångström"


def test_latin1_bytes_declared_as_utf8_are_read_as_windows_1252() -> None:
    body = b"comment_content=" + quote("café “quoted”", encoding="cp1252").encode()
    assert decode_form(body, "application/x-www-form-urlencoded; charset=UTF-8")["comment_content"] == (
        "café “quoted”"
    )


def test_unknown_and_non_text_charsets_fall_back_to_utf8() -> None:
    body = b"comment_content=" + quote("naïve").encode()
    for charset in ("no-such-charset", "base64", "zlib", "rot13", "x" * 300):
        assert decode_form(body, f"application/x-www-form-urlencoded; charset={charset}") == {
            "comment_content": "naïve"
        }


def test_bytes_invalid_in_the_declared_charset_become_replacement_characters() -> None:
    body = b"comment_content=%FF%FEabc&x=%E9"
    form = decode_form(body, "application/x-www-form-urlencoded; charset=shift_jis")
    assert "abc" in str(form["comment_content"])


def test_broken_percent_encoding_is_kept_as_written() -> None:
    form = decode_form(b"comment_content=100%25+sure+%zz+%4&user_ip=%")
    assert form == {"comment_content": "100% sure %zz %4", "user_ip": "%"}


def test_php_arrays_repeated_names_and_empty_brackets_collect_into_lists() -> None:
    body = b"comment_context%5B0%5D=news&comment_context%5B1%5D=politics&blog=x"
    assert decode_form(body)["comment_context"] == ["news", "politics"]
    assert decode_form(b"comment_context[]=a&comment_context[]=b")["comment_context"] == ["a", "b"]
    assert decode_form(b"comment_context=a&comment_context=b")["comment_context"] == ["a", "b"]
    assert decode_form(b"comment_context=solo")["comment_context"] == ["solo"]


def test_scalars_last_value_wins_as_in_php_and_odd_segments_are_tolerated() -> None:
    assert decode_form(b"a=1&a=2&&b&=c") == {"a": "2", "b": "", "": "c"}


def test_helpers() -> None:
    assert charset_of('application/x-www-form-urlencoded; charset="ISO-8859-1"') == "iso-8859-1"
    assert charset_of("application/x-www-form-urlencoded") == ""
    assert usable_charset("latin1") == "iso8859-1"
    assert usable_charset("hex") is None
    assert list_name("POST_tags[en]") == "POST_tags"
    assert list_name("[0]") is None


@settings(max_examples=300, deadline=None)
@given(body=st.binary(max_size=2000), charset=st.text(max_size=20))
def test_any_bytes_with_any_charset_decode_without_error(body: bytes, charset: str) -> None:
    form = decode_form(body, f"application/x-www-form-urlencoded; charset={charset}")
    assert all(isinstance(k, str) and isinstance(v, str | list) for k, v in form.items())


@settings(max_examples=200, deadline=None)
@given(
    fields=st.dictionaries(
        st.text(min_size=1, max_size=20).filter(lambda k: "[" not in k), st.text(max_size=200)
    )
)
def test_what_urlencode_writes_decodes_back(fields: dict[str, str]) -> None:
    fields.pop("comment_context", None)
    assert decode_form(urlencode(fields).encode()) == fields


@given(
    st.binary(max_size=64) | st.text(alphabet="%+\\\\xX0123456789abcdefgAF&= é", max_size=40).map(str.encode)
)
def test_unquote_plus_is_urllibs_unquote_for_any_bytes(data: bytes) -> None:
    """The C path agrees with ``unquote_to_bytes`` everywhere, bad escapes and backslashes included."""
    assert unquote_plus(data) == unquote_to_bytes(data.replace(b"+", b" "))


def test_unquote_plus_decodes_escapes_and_keeps_bad_ones() -> None:
    assert unquote_plus(b"%D0%BF%D1%80%D0%B8+%5Cx41") == "при \\x41".encode()
    assert unquote_plus(b"100%25+%zz%4") == b"100% %zz%4"
