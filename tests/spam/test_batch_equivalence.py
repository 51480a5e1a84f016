"""Session-3 speed work keeps every answer: each faster path equals the straightforward code it
replaced, kept here as the reference, on real comments and on fuzzed strings built to hit the
edge cases (text boundaries in a joined batch, look-alike digits, invisible and non-ASCII
characters, number runs).
"""

from __future__ import annotations

import html
import random
import unicodedata
from typing import Any

import numpy as np
import pytest

from rejoinder.spam import hashing, signals, urls
from rejoinder.spam.features import Config, _char_unit, _unit, extract
from rejoinder.spam.fields import _SURROGATES_AND_NUL, _has_surrogate, read_fields
from rejoinder.spam.fold_batch import fold_many
from rejoinder.spam.lexicon import CHEAP_TLDS, SPAM_PHRASES, SPAM_WORDS
from rejoinder.spam.normalise import (
    _ASCII_LETTERS,
    _AT_DOLLAR_BYTES,
    _CLASS_BYTES,
    _COUNTED,
    _INVISIBLE,
    _NON_ASCII,
    _SEPARATOR_BYTES,
    Prepared,
    _confusables,
    _is_separator,
    _non_ascii,
    _unleet_ascii,
    fold,
    fold_words,
    prepare,
    prepare_many,
)
from rejoinder.spam.phrase_search import find_phrases
from rejoinder.spam.urls import is_reference, tld_of
from tests.spam import golden_speed as golden

_PIECES = [
    *SPAM_PHRASES,
    *(p.split()[0] for p in SPAM_PHRASES),
    *(p.split()[-1] for p in SPAM_PHRASES),
    "click", "here", "xclick", "herex", "", " ", "555", "123", "4567", "12345", "a1", "c4sin0", "fr33",
    "v1agr@", "$5", "ab21", "2019", "@john", "e.g.", "www.shop.xyz", "bit.ly/x", "саsinо", "\u200b",
    "\ufeff", "\u202e", "😂", "’", "“", "…", "ﬁ", "Ｗ", "e\u0301", "\u3164", "é", "²", "٣", "Ω", "слова",
    "<b>", "&amp;", "&lt;", "&#39;", "\t", "\n", "\r\n", "!!!", "CAPS", "ΡΑΥΡΑL",
]  # fmt: skip


def _fuzzed(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    seps = [" ", "", "  ", "\n", ". ", "-"]
    return [rng.choice(seps).join(rng.choice(_PIECES) for _ in range(rng.randint(0, 9))) for _ in range(n)]


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    comments = [*golden.sample_comments(seed=7), *golden.HOSTILE_COMMENTS]
    return [read_fields(c).content for c in comments] + golden.HOSTILE_TEXTS


# -- phrases, found for a whole batch at once ---------------------------------------------------
def _phrases_one_by_one(texts: list[str]) -> list[list[str]]:
    return [[p for p in SPAM_PHRASES if p in t] for t in texts]


@pytest.mark.parametrize("size", [1, 2, 7, 256])
def test_phrases_in_a_batch_equal_phrases_one_by_one(corpus_texts: list[str], size: int) -> None:
    texts = [fold(prepare(t).text) for t in corpus_texts] + [fold(t) for t in _fuzzed(1, 3000)]
    for start in range(0, len(texts), size):
        chunk = texts[start : start + size]
        assert signals.phrases_in(chunk) == _phrases_one_by_one(chunk)


def test_a_phrase_never_spans_two_texts_of_a_batch() -> None:
    texts = ["please click", "here now", "", "make", "money fast", "click here click here"]
    assert signals.phrases_in(texts) == [[], [], [], [], [], ["click here"]]
    assert signals.phrases_in(["hot singles and local singles"]) == [["hot singles", "local singles"]]


def _glued_phrases(seed: int, n: int) -> list[str]:
    """Texts dense in phrases, their prefixes and overlaps, at every byte alignment."""
    rng = random.Random(seed)
    bits = [*SPAM_PHRASES, *(p[: rng.randint(1, len(p))] for p in SPAM_PHRASES), "dm", "x", "é", "😂", " "]
    return [
        "x" * rng.randint(0, 3)
        + rng.choice(["", " "]).join(rng.choice(bits) for _ in range(rng.randint(0, 6)))
        for _ in range(n)
    ]


@pytest.mark.parametrize("size", [1, 2, 3, 16, 256])
def test_phrases_by_four_byte_keys_equal_a_search_per_phrase(corpus_texts: list[str], size: int) -> None:
    texts = [fold(prepare(t).text) for t in corpus_texts] + _glued_phrases(4, 3000)
    texts += ["", "a", "dm", "dm m", "dm me", "dm dm me", "xdm me", "dm mex", "click herclick here"]
    for start in range(0, len(texts), size):
        chunk = texts[start : start + size]
        blob = "\n".join(chunk).encode("utf-8", "surrogatepass")
        newlines = np.flatnonzero(np.frombuffer(blob, dtype=np.uint8) == 0x0A)
        assert find_phrases(blob, newlines, len(chunk)) == _phrases_one_by_one(chunk), chunk


# -- number runs (phone numbers) ----------------------------------------------------------------
def _phone_loop(words: list[str]) -> bool:
    run = 0
    for word in words:
        if word.isdigit():
            run += len(word)
            if run >= 9:
                return True
        else:
            run = 0
    return False


def test_phone_by_regex_equals_the_word_loop() -> None:
    rng = random.Random(3)
    tokens = [
        "1",
        "12",
        "123",
        "1234",
        "12345",
        "a1",
        "1a",
        "x",
        "555",
        "0958",
        "7946",
        "123456789",
        "²",
        "٣٣٣",
    ]
    for _ in range(20_000):
        words = [rng.choice(tokens) for _ in range(rng.randint(0, 8))]
        assert signals._phone(words, " ".join(words)) == _phone_loop(words), words


# -- fold: words handed on, spaces squeezed by split --------------------------------------------
def _fold_ascii_squeeze(text: str) -> str:
    """``fold`` for ASCII text as it was: squeezing double spaces in a loop."""
    raw = text.encode("ascii").translate(_SEPARATOR_BYTES)
    classes = raw.translate(_CLASS_BYTES)
    if b"a1" in classes or b"1a" in classes:
        raw = _unleet_ascii(raw, classes)
    raw = raw.translate(_AT_DOLLAR_BYTES)
    while b"  " in raw:
        raw = raw.replace(b"  ", b" ")
    return raw.strip(b" ").decode("ascii")


def test_fold_words_are_the_words_of_fold(corpus_texts: list[str]) -> None:
    for text in [*corpus_texts, *_fuzzed(2, 5000)]:
        prepared = prepare(text).text
        words = fold_words(prepared)
        assert " ".join(words) == fold(prepared)
        assert words == fold(prepared).split()
        if prepared.isascii() and "<" not in prepared:
            assert fold(prepared) == _fold_ascii_squeeze(prepared)


# -- prepare: a cached plan per set of non-ASCII characters -------------------------------------
def _prepare_reference(text: str) -> Prepared:
    """``prepare`` as it was before the per-set plan."""
    if "&" in text:
        text = html.unescape(text)
    if text.isascii():
        return Prepared(text.lower(), 0, 0)
    special = set(_NON_ASCII.findall(text))
    invisible = confusable = 0
    for char in special & _INVISIBLE:
        if char in _COUNTED:
            invisible += text.count(char)
        text = text.replace(char, "")
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
        special = set(_NON_ASCII.findall(text))
    for char in special:
        if _is_separator(char):
            text = text.replace(char, " ")
    other = sum(text.count(c) for c in special if c.isalpha())
    raw = text.encode("ascii", "ignore")
    if not other or len(raw) - len(raw.translate(None, _ASCII_LETTERS)) >= other:
        for char in special:
            target = _confusables().get(ord(char))
            if target is not None:
                confusable += text.count(char)
                text = text.replace(char, target)
    return Prepared(text.lower(), invisible, confusable)


def test_prepare_equals_the_reference(corpus_texts: list[str]) -> None:
    for text in [*corpus_texts, *_fuzzed(4, 8000), golden.big_text()]:
        assert prepare(text) == _prepare_reference(text), repr(text[:80])


def test_prepare_of_byte_order_marks_equals_the_reference() -> None:
    marks = [
        "\ufeffWord",
        "a\ufeff\ufeffB",
        "\ufeff",
        "\ufeffé",
        "&amp;\ufeff",
        "\ufeff\u200b",
        "x\ufeff&#xfeff;",
    ]
    for text in [*marks, *(m + " Ｗide саsinо" for m in marks)]:
        assert prepare(text) == _prepare_reference(text), repr(text)


# -- small exact rewrites -----------------------------------------------------------------------
def test_surrogates_found_by_encoding_equal_the_regex() -> None:
    rng = random.Random(5)
    alphabet = ["a", "é", "😂", "\ud800", "\udfff", "\ud83d\ude00", "\u200b", " "]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        assert _has_surrogate(text) == (_SURROGATES_AND_NUL.search(text.replace("\x00", "")) is not None)


def test_capitals_counted_on_utf8_bytes_equal_ascii_only() -> None:
    for text in [*_fuzzed(6, 3000), "ΡΑΥΡΑL ΑССОUΝТ " * 5, "THIS IS LOUD, ÉNORMÉMENT LOUD " * 3]:
        fields = read_fields({"content": text})
        head = fields.content[:2000].encode("ascii", "ignore")
        upper = len(head) - len(head.translate(None, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        letters = upper + len(head) - len(head.translate(None, b"abcdefghijklmnopqrstuvwxyz"))
        expected = upper >= 30 and upper > 0.7 * letters
        got = any(p.text == "written in capitals" for p in signals.text(fields, prepare(fields.content)))
        assert got == expected


def test_cached_shop_link_checks_equal_the_direct_ones() -> None:
    hosts = ["cheapflightsonline.shop", "pills-shop.xyz", "en.wikipedia.org", "gov.uk", "bbc.co.uk", "a.top",
             "casinobonus.club", "example.com", "peterwatchesthings.com", "buy-cheap-loans.ru"]  # fmt: skip
    rng = random.Random(7)
    for _ in range(500):
        pick = tuple(rng.sample(hosts, rng.randint(1, 4)))
        words = {w for h in pick if not is_reference(h) for w in signals._host_words(h.rsplit(".", 1)[0])}
        assert signals._shop_hosts(pick) == (
            tuple(sorted(words)),
            tuple(sorted({tld_of(h) for h in pick} & CHEAP_TLDS)),
        )


# -- what extraction now records instead of recomputing -----------------------------------------
@pytest.mark.parametrize(
    "config", [Config(), Config(char_min=3, char_max=4, author_scale=0.5, link_words=False)]
)
def test_has_text_and_dense_positions_match_their_definitions(config: Config) -> None:
    comments: list[Any] = [
        *golden.sample_comments(seed=7)[:150],
        *golden.HOSTILE_COMMENTS,
        {"content": "", "author": "Only A Name"},
        {"content": "!!!", "author": ""},
        {"content": "call 555 123 4567 now!!!", "author": "x"},
    ]
    batch = extract(comments, config)
    dense = batch.cols >= config.n_hashed
    assert batch.n_dense == int(dense.sum())
    assert dense[len(dense) - batch.n_dense :].all()
    text_entries = np.bincount(batch.rows[~dense], minlength=batch.n)
    assert batch.has_text == (text_entries > 0).tolist()
    assert any(batch.has_text)
    assert not all(batch.has_text)


def test_the_digit_led_number_regex_needs_whole_number_words() -> None:
    assert signals._NUMBER_RUN.findall("call 555 123 4567 or x12 345") == ["555 123 4567", "345"]
    assert signals._NUMBER_RUN.findall("123abc 456 789x 12") == ["456", "12"]
    assert signals._NUMBER_RUN.findall("a 1 2 b 3") == ["1 2", "3"]


@pytest.mark.parametrize("config", [Config(), Config(char_min=1, char_max=3), Config(char_min=3, char_max=5)])
@pytest.mark.parametrize("scale", [1.0, 0.5])
def test_char_values_from_text_lengths_equal_the_gathered_ones(config: Config, scale: float) -> None:
    texts = ["", "a", "ab", "hello world", "", "x" * 50, "😂 é", " "]
    packed = hashing.pack(texts)
    grams = hashing.char_ngrams(packed, range(config.char_min, config.char_max + 1), 1)
    empty = np.array([not t for t in texts])
    rows = np.concatenate([r[~empty[r]] for r, _ in grams.values()])
    expected, expected_counts = _unit(rows, len(texts), scale)
    got, counts = _char_unit(packed, texts, config, scale)
    assert got.tobytes() == expected.tobytes()
    assert counts.tolist() == expected_counts.tolist()


# -- session 4: folding and the lexicon tests for a whole batch ---------------------------------
@pytest.mark.parametrize("size", [1, 2, 15, 16, 17, 256])
def test_fold_many_equals_fold_one_by_one(corpus_texts: list[str], size: int) -> None:
    texts = [prepare(t).text for t in [*corpus_texts, *_fuzzed(4, 4000)]]
    texts += ["", " ", "  a  ", "a  b", "x\t\ty", "\x1c\x1f", "<b> </b>", "caf\u00e9 ok", "1a 2b"]
    for start in range(0, len(texts), size):
        chunk = texts[start : start + size]
        assert fold_many(chunk) == [fold(t) for t in chunk]


def test_fold_many_keeps_each_token_inside_its_text() -> None:
    """The batch is folded as one blob: a look-alike at one text's end next to a letter at the
    next one's start must not make either a leetspeak token, and a text with a NUL, a tag or a
    non-ASCII letter (folded alone) must not shift the others. ``fold`` is the reference."""
    edges = ["abc", "1", "x", "4b", "c0", "@", "d", "$", "", "7h3", "a", "2", "b1", "1a2"]
    odd = ["nul\x00inside c4sino", "<b>c4s1n0</b>", "café c4sino", "UPPER C4SINO 1ST", "p1ease fo11ow"]
    rng = random.Random(5)
    for _ in range(300):
        chunk = [rng.choice(edges + odd) for _ in range(rng.randint(16, 40))]
        assert fold_many(chunk) == [fold(t) for t in chunk], chunk


def _holds_a_lexicon_word(folded: str) -> bool:
    words = folded.split()
    return bool(SPAM_WORDS.intersection(words) or signals._MONEY_WORDS.intersection(words))


@pytest.mark.parametrize("size", [1, 2, 15, 16, 17, 256])
def test_lexicon_in_a_batch_finds_the_phrases_and_every_lexicon_word(
    corpus_texts: list[str], size: int
) -> None:
    texts = [fold(prepare(t).text) for t in corpus_texts] + [fold(t) for t in _fuzzed(5, 3000)]
    texts += [
        "casino",
        "a casino",
        "casinos b",
        "xcasino",
        "casinox",
        "usd",
        "5 usd",
        "usda",
        "",
        "\u00e9 btc",
    ]
    for start in range(0, len(texts), size):
        chunk = texts[start : start + size]
        phrases, may_hold = signals.lexicon_in(chunk)
        assert phrases == _phrases_one_by_one(chunk)
        assert [m or not _holds_a_lexicon_word(t) for m, t in zip(may_hold, chunk, strict=True)] == [
            True
        ] * len(chunk)


@pytest.mark.parametrize("size", [1, 2, 16, 256])
def test_lexicon_from_packed_hashes_equals_lexicon_in(corpus_texts: list[str], size: int) -> None:
    texts = [fold(prepare(t).text) for t in corpus_texts] + [fold(t) for t in _fuzzed(5, 2000)]
    texts += [*_glued_phrases(6, 1000), "casino", "xcasino casinox", "usda", "", "\u00e9 btc", "btc\u00e9"]
    salt = 0x5EED_1001
    for start in range(0, len(texts), size):
        chunk = texts[start : start + size]
        packed = hashing.pack(chunk)
        phrases, may_hold = signals.lexicon_in_packed(packed, hashing.words(packed, salt), salt)
        assert phrases == _phrases_one_by_one(chunk), chunk
        assert all(m or not _holds_a_lexicon_word(t) for m, t in zip(may_hold, chunk, strict=True)), chunk
        if len(chunk) >= 16:
            assert may_hold == signals.lexicon_in(chunk)[1]  # the same words pass both bitmaps


def test_lexicon_in_clears_texts_without_a_lexicon_word() -> None:
    texts = ["xcasino casinox", "the usda report", "a casino", "method", "5 btc", "", "bitcoins"]
    packed = hashing.pack(texts)
    cleared = signals.lexicon_in_packed(packed, hashing.words(packed, 7), 7)[1]
    assert cleared == [False, False, True, False, True, False, False]
    assert signals.lexicon_in(texts * 3)[1] == [False, False, True, False, True, False, False] * 3
    assert signals.lexicon_in(texts)[1] == [True] * len(texts)  # a small batch is left to the exact test


def test_non_ascii_characters_by_bytes_equal_the_regex(corpus_texts: list[str]) -> None:
    rng = random.Random(6)
    planes = [(0, 128), (128, 0x800), (0x800, 0x10000), (0xD800, 0xE000), (0x10000, 0x110000)]
    fuzzed = [
        "".join(chr(rng.randrange(*rng.choice(planes))) for _ in range(rng.randrange(0, 12)))
        for _ in range(20_000)
    ]
    for text in [*corpus_texts, *_fuzzed(7, 3000), *fuzzed]:
        assert _non_ascii(text) == frozenset(_NON_ASCII.findall(text)), repr(text)


# -- disguised links: the pre-check before the rewrite --------------------------------------------
def test_the_disguise_pre_check_skips_no_disguise(corpus_texts: list[str]) -> None:
    """``undisguise`` rewrites only the texts its cheap pre-check lets through; the full rewrite
    finds nothing in any text the pre-check turns away."""
    rng = random.Random(8)
    pieces = [
        "a", "ab", "x-y", "-", "example", "a" * 61, "b" * 62, "c" * 63, " ", "  ", "\t", " . ", ".", " dot ",
        "dot", "[.]", "(dot)", "{ . }", "[", "(", "com", "co", "comx", "org", "\n", "é", "1", "_", "site",
        "\u2003", "\x1c", "]", ")", "x.com", "E", "w w w", "s h o p", "/p",
    ]  # fmt: skip
    fuzzed = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(30_000)]
    found = 0
    for text in [*(prepare(t).text for t in corpus_texts), *fuzzed]:
        rewritten = urls._rewrite(text)
        may_hide = bool(urls._join_hints(text))
        if not may_hide:
            assert rewritten == (text, 0), repr(text)
        assert urls.undisguise(text) == (rewritten if may_hide else (text, 0))
        found += rewritten[1] > 0
    assert found > 300  # the fuzz does hit the disguises


# -- the "5k" pre-check, led by the literal "k" -------------------------------------------------
def _digit_before_k_loop(text: str) -> bool:
    at = text.find("k", 1)
    while at > 0:
        if text[at - 1].isdigit():
            return True
        at = text.find("k", at + 1)
    return False


def test_k_amount_pre_check_by_regex_gives_the_same_money_signal() -> None:
    rng = random.Random(9)
    pieces = ["k", "5", "10", "²", "٣", " ", "a", "k ", "x", "kk", "_", "-", "5k", "\n"]
    hits = 0
    for _ in range(100_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        old = _digit_before_k_loop(text) and signals._K_AMOUNT.search(text) is not None
        new = signals._digit_before_k(text) and signals._K_AMOUNT.search(text) is not None
        assert new == old, repr(text)
        hits += old
    assert hits > 1000


def test_prepare_many_equals_prepare_one_by_one(corpus_texts: list[str]) -> None:
    texts = [*corpus_texts, *_fuzzed(6, 3000), "with &amp; entity", "\ufeffbom", "ＣＡＳＩＮＯ"]
    assert prepare_many(texts) == [prepare(text) for text in texts]
