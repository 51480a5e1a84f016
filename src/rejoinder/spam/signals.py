"""Metadata and form signals: what a comment reveals besides its words.

Two kinds, kept apart on purpose:

* **learned** signals (link counts, shorteners, BBCode, phone numbers...) are columns the
  model fits, because every training corpus has bodies with and without them;
* **prior** signals carry fixed, hand-set weights (in log-odds) and are never fitted. They
  cover what the public corpora cannot teach honestly: only the spam corpus has a website
  field, only SMS lacks a name, no corpus has a honeypot or timing. Learning them would teach
  "has a website => spam", which is false on a real blog.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from typing import Final

import numpy as np
import numpy.typing as npt

from rejoinder.spam import hashing
from rejoinder.spam.fields import CommentFields
from rejoinder.spam.lexicon import CHEAP_TLDS, SPAM_PHRASES, SPAM_WORDS
from rejoinder.spam.normalise import Prepared
from rejoinder.spam.phrase_search import find_phrases, find_phrases_packed
from rejoinder.spam.urls import SHORTENERS, Links, host_of, is_reference, tld_of

# name, how to say it when it pushes towards spam
LEARNED: Final[tuple[tuple[str, str], ...]] = (
    ("shortener", "a link shortener"),
    ("bbcode", "a BBCode [url=] link"),
    ("html_anchor", "an HTML <a href> link"),
    ("disguised", "a disguised web address (e.g. 'site dot com')"),
    ("email_in_text", "an e-mail address in the text"),
    ("phone", "a phone number"),
    ("punctuation", "repeated punctuation"),
)
N_LEARNED: Final = len(LEARNED)

_COMMERCIAL_WORDS_TEXT: Final = """
cheap buy sale sales discount coupon coupons deal deals outlet shop store wholesale replica replicas
casino casinos poker bet betting slot slots gambling lottery jackpot viagra cialis pharmacy pills
pill meds essay essays seo backlink backlinks escort escorts dating porn sex xxx adult crypto
bitcoin forex trading invest investment loan loans payday mortgage insurance credit debt diet weight
followers cbd vape jerseys jersey ugg uggs louboutin moncler vuitton kors rolex oakley rayban
flights airline hotel hotels travel repair printer support marketing agency lawyer attorney plumber
rental tickets download downloads apk hack hacks generator cracked free online best top cash money
earn profit bags handbags shoes boots sunglasses watches nfl nba wigs hair pharma steroids tramadol
xanax
"""
COMMERCIAL_WORDS: Final = frozenset(_COMMERCIAL_WORDS_TEXT.split())
# Longer commercial words, found inside run-together host labels ("cheapflightsonline").
_INSIDE: Final = re.compile(
    "|".join(sorted((w for w in COMMERCIAL_WORDS if len(w) >= 4), key=len, reverse=True))
)
_SUSPICIOUS_TLDS: Final = CHEAP_TLDS
_WORD: Final = re.compile(r"[a-z]+")
_DIGITS_END: Final = re.compile(r"[a-z]\d{2,}$")
# "name@host.tld" somewhere: led by the literal "@" so the scan jumps from one "@" to the next
# (same truth value as ``[\w.+-]+@[\w-]+\.[a-z]{2,}``, which tries every word start).
_EMAIL_IN_TEXT: Final = re.compile(r"@(?<=[\w.+-]@)[\w-]+\.[a-z]{2,}")
_HAS_DIGIT: Final = re.compile(r"\d")
_K_AMOUNT: Final = re.compile(r"\b\d+k\b")
_DIGIT_K: Final = re.compile(r"k(?<=\dk)")  # a "k" right after a digit: every ``_K_AMOUNT`` match holds one
_SPACED: Final = re.compile(r"(?:^| )(?:\S ){7}\S(?= |$)")
# A maximal run of consecutive number words in single-spaced ASCII text ("555 123 4567"). Led by
# the digit class, so the scan jumps from digit to digit; the look-behind then asks that the
# first digit starts its word.
_NUMBER_RUN: Final = re.compile(r"[0-9](?<![^ ][0-9])[0-9]*(?: [0-9]+)*(?![^ ])")
_MONEY_WORDS: Final = frozenset(
    ("usd", "dollars", "dollar", "euro", "euros", "btc", "eth", "pounds", "bucks")
)
_UPPER: Final = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER: Final = _UPPER.lower()
_BOT_AGENTS: Final = (
    "curl", "wget", "python", "requests", "httpclient", "java/", "go-http", "libwww", "scrapy", "bot/",
    "spider", "headless", "phantomjs",
)  # fmt: skip


@dataclass(slots=True)
class Prior:
    """One fixed-weight signal that fired, in plain words.

    Not frozen: a batch builds a few per comment, and a frozen dataclass costs about three
    times as much to build (each field goes through ``object.__setattr__``). Nothing mutates one.
    """

    text: str
    weight: float


@cache
def _disposable() -> frozenset[str]:
    from disposable_email_domains import blocklist  # loaded on first use: 10k domains

    return frozenset(blocklist)


def _phone(words: list[str] | None, folded: str) -> bool:
    """Nine or more digits in consecutive number words ("555 123 4567", "+44 20 7946 0958").

    ``folded``: ``" ".join(words)``. In ASCII text a number word is ``[0-9]+``, so the runs are
    found by one regex scan instead of a Python loop over every word.
    """
    if folded.isascii():
        return any(len(run) - run.count(" ") >= 9 for run in _NUMBER_RUN.findall(folded))
    run = 0
    for word in folded.split() if words is None else words:
        if word.isdigit():
            run += len(word)
            if run >= 9:
                return True
        else:
            run = 0
    return False


def _money(raw: str, text: str, words: list[str] | None, folded: str, lexicon: bool = True) -> bool:
    """``raw``: the comment as sent, because ``prepare`` turns non-ASCII symbols (£ € ₦ ₹) into spaces.
    ``lexicon``: see ``vocabulary``."""
    if "$" in text or "£" in raw or "€" in raw or "₦" in raw or "₹" in raw:
        return True
    if lexicon and _MONEY_WORDS.intersection(folded.split() if words is None else words):
        return True
    if not ("k " in text or text.endswith("k")) or not _digit_before_k(text):
        return False
    return _K_AMOUNT.search(text) is not None


def _digit_before_k(text: str) -> bool:
    """Pre-check for ``_K_AMOUNT`` ("5k"): a "k" right after a digit. Words ending in "k" are
    common ("think", "back"), and the regex, which starts with ``\b``, tries every position;
    this one is led by the literal "k", which the regex engine finds at memchr speed."""
    return _DIGIT_K.search(text) is not None


def learned(
    fields: CommentFields,
    prepared: Prepared,
    links: Links,
    words: list[str] | None,
    folded: str | None = None,
) -> list[float]:
    """The learned columns, in the order of ``LEARNED``. ``words``: the folded text, split;
    ``folded``: the words joined by single spaces (either may be None, not both).

    Cheap string tests come first; a regex runs only when its pre-check passes, because every
    regex pass over a comment costs more than the rest of its feature extraction together.
    """
    text = prepared.text
    raw = text.encode("utf-8", "replace")
    digits = len(raw) - len(raw.translate(None, b"0123456789"))
    return [
        1.0 if links.hosts and links.shortened else 0.0,
        1.0 if links.bbcode else 0.0,
        1.0 if links.html_anchors else 0.0,
        1.0 if links.disguised else 0.0,
        1.0 if "@" in text and _EMAIL_IN_TEXT.search(text) else 0.0,
        1.0 if digits >= 9 and _phone(words, " ".join(words or ()) if folded is None else folded) else 0.0,
        1.0 if ("!!!" in text or "???" in text or "?!?" in text or "!?!" in text or "....." in text) else 0.0,
    ]


def _commercial(words: list[str]) -> list[str]:
    return [w for w in words if w in COMMERCIAL_WORDS]


def _host_words(host: str) -> list[str]:
    """Words in a host name, also inside run-together labels ("cheapflightsonline").

    A single word found inside a label proves little ("wendovercommunityshop",
    "peterwatchesthings"), so inside matches count only when there are two or more.
    """
    words = _WORD.findall(host)
    found = _commercial(words)
    inside: list[str] = []
    for label in words:
        if len(label) > 8:
            inside += [w for w in _INSIDE.findall(label) if w not in found and w not in inside]
    return found + inside if len(found) + len(inside) >= 2 or not inside else found


def website(url: str) -> list[Prior]:
    host = host_of(url)
    if not url:
        return []
    if not host:
        return [Prior("website field is not a web address", 0.8)]
    out = [Prior("website field filled", 0.25)]
    if host in SHORTENERS:
        out.append(Prior(f"website is a link shortener ({host})", 2.5))
    words = _host_words(host.rsplit(".", 1)[0])
    if words:
        weight = min(1.0 + 0.4 * (len(set(words)) - 1), 2.0)
        out.append(Prior(f"website name sells something: {', '.join(sorted(set(words))[:3])}", weight))
    if tld_of(host) in _SUSPICIOUS_TLDS:
        out.append(Prior(f"website on a cheap top-level domain (.{tld_of(host)})", 1.0))
    if any(c.isdigit() for c in host.split(".")[0]) and len(host) > 8:
        out.append(Prior("website name has digits", 0.3))
    return out


def author(name: str) -> list[Prior]:
    name = name.strip().lower()
    if not name:
        return []
    out = []
    if host_of(name) and " " not in name:
        out.append(Prior("author name is a web address", 1.8))
    words = _WORD.findall(name)
    sold = _commercial(words)
    if sold:
        weight = 1.4 + 0.4 * min(len(sold), 3)
        out.append(Prior(f"author name is a keyword phrase: {name[:40]}", weight))
    elif len(words) >= 4:
        out.append(Prior("author name is a long phrase", 0.6))
    if _DIGITS_END.search(name):
        out.append(Prior("author name ends in digits", 0.3))
    return out


def email(address: str) -> list[Prior]:
    domain = address.rsplit("@", 1)[-1].strip().lower() if "@" in address else ""
    if address and not domain:
        return [Prior("e-mail field is not an address", 0.5)]
    if domain and domain in _disposable():
        return [Prior(f"disposable e-mail domain ({domain})", 1.5)]
    return []


@lru_cache(maxsize=1024)
def _automated(user_agent: str) -> bool:
    """Cached: a site sees the same few browser strings over and over."""
    agent = user_agent.lower()
    return any(bot in agent for bot in _BOT_AGENTS)


def form(fields: CommentFields, min_seconds: float = 3.0) -> list[Prior]:
    """Honeypot, timing, user agent, comment type: signals only our own form can give."""
    out = []
    if fields.honeypot:
        out.append(Prior("filled the hidden honeypot field", 9.0))
    if fields.seconds_on_page is not None and fields.seconds_on_page < min_seconds:
        out.append(Prior(f"submitted {fields.seconds_on_page:.1f} s after page load", 3.0))
    if fields.user_agent and _automated(fields.user_agent):
        out.append(Prior("sent by an automated user agent", 1.5))
    if fields.comment_type in ("trackback", "pingback"):
        out.append(Prior(f"a {fields.comment_type}", 1.0))
    return out


def _hidden(content: str, invisible: int) -> int:
    """Invisible characters that hide something: a byte-order mark (U+FEFF) at either end of the
    text is an export or copy-paste leftover, not a trick. The YouTube corpus ends 78% of its
    comments with one (ham more often than spam), so counting it taught nothing but noise."""
    if not invisible or "\ufeff" not in content:
        return invisible
    trimmed = content.strip()
    edges = len(trimmed) - len(trimmed.lstrip("\ufeff")) + len(trimmed) - len(trimmed.rstrip("\ufeff"))
    return max(invisible - min(edges, len(trimmed)), 0)


def text(fields: CommentFields, prepared: Prepared) -> list[Prior]:
    out = []
    hidden = _hidden(fields.content, prepared.invisible)
    if hidden:
        out.append(invisible_prior(hidden))
    if prepared.confusable >= 2:
        out.append(confusable_prior(prepared.confusable))
    if not fields.content or fields.raw_length > 10_000 or fields.content.isspace():
        out += text_length(fields)
    if shouting(fields.content):
        out.append(CAPITALS)
    return out


def text_length(fields: CommentFields) -> list[Prior]:
    """An empty comment, or a very long one."""
    if not fields.content or fields.content.isspace():  # as ``not content.strip()``, without a copy
        return [EMPTY]
    if fields.raw_length > 10_000:
        return [Prior(f"very long ({fields.raw_length} characters)", 1.0)]
    return []


EMPTY: Final = Prior("empty comment", 0.5)
CAPITALS: Final = Prior("written in capitals", 0.7)
# A stranger's comment that is links and not one word besides is spam on a blog or a news site
# (all 44 such comments in the public corpora are), yet the learned part sees only the few
# n-grams of a URL, which ``short_shrink`` rightly counts as little evidence: the shipped model
# published them at 0.21. This weight holds one for a moderator (0.66); it does not decide alone.
LINK_ONLY: Final = Prior("nothing but a link", 2.0)


@lru_cache(maxsize=256)
def invisible_prior(hidden: int) -> Prior:
    """One object per count: priors are never mutated, and a batch sees the same few counts."""
    return Prior(f"{hidden} invisible characters", min(1.0 + 0.2 * hidden, 2.5))


@lru_cache(maxsize=256)
def confusable_prior(confusable: int) -> Prior:
    return Prior("look-alike letters from another script", min(0.6 + 0.2 * confusable, 2.5))


def shouting(content: str) -> bool:
    """Mostly capitals, with 30 or more of them in the first 2,000 characters.

    Counted on UTF-8 bytes: a non-ASCII character's bytes are never ASCII letters, so the
    counts equal those of the ASCII letters alone, without the slow "ignore" error handler."""
    head = content[:2000].encode("utf-8", "surrogatepass")
    upper = len(head) - len(head.translate(None, _UPPER))
    if upper < 30:
        return False
    letters = upper + len(head) - len(head.translate(None, _LOWER))
    return upper > 0.7 * letters


def vocabulary(
    words: list[str] | None,
    folded: str,
    links: Links,
    phrases: Sequence[str] | None = None,
    lexicon: bool = True,
) -> list[Prior]:
    """Words and phrases that almost only spam uses, and links to throw-away domains.

    The public corpora hold little pharmacy, casino or loan spam, so the model alone would let
    "cheap viagra at pills-shop.xyz" through; like SpamAssassin's rules, a short hand-made list
    with modest weights fills that gap. One word alone never decides (a news comment may
    mention a casino); several do. ``phrases``: the ``SPAM_PHRASES`` in ``folded``, in their
    order, when the caller found them for a whole batch at once (``phrases_in``); ``lexicon``:
    False when the caller knows ``folded`` holds no word of ``SPAM_WORDS`` (``lexicon_in``).
    ``words``: ``folded.split()``, or None to split only if needed.
    """
    out = []
    if phrases is None:
        phrases = [p for p in SPAM_PHRASES if p in folded]
    if lexicon and words is None:
        words = folded.split()
    found = (sorted(SPAM_WORDS.intersection(words)) if words is not None else []) + list(phrases)
    if found:
        out.append(Prior(f"spam vocabulary: {', '.join(found[:4])}", min(0.7 * len(found), 2.1)))
    n = links.unknown
    if n:
        out.append(Prior(f"{n} link{'' if n == 1 else 's'}", 0.6 * min(n, 3)))
        if not folded:  # the words around the links: none
            out.append(LINK_ONLY)
    # eight or more one-letter words in a row; the ratio test spares ordinary text the regex
    spaces = folded.count(" ")  # eight or more words: seven or more single spaces
    if spaces >= 7 and spaces * 3 > len(folded) and _SPACED.search(folded):
        out.append(Prior("letters spaced out to hide words", 1.5))
    if links.hosts:
        out += _shop_links(links.hosts, found, words, folded)
    return out


def _shop_links(
    hosts: tuple[str, ...], found: list[str], words: list[str] | None, folded: str
) -> list[Prior]:
    """Links to keyword-named or cheap-domain sites, and a sales pitch next to them.
    ``words``: ``folded.split()``, or None to split only if needed."""
    out = []
    sold, cheap = _shop_hosts(hosts)
    if sold:
        weight = min(1.0 + 0.4 * (len(sold) - 1), 2.0)
        out.append(Prior(f"links to a site whose name sells something: {', '.join(sold[:3])}", weight))
    if cheap:
        out.append(Prior(f"links to a cheap top-level domain (.{cheap[0]})", 0.8))
    selling = (found or _commercial(folded.split() if words is None else words)) if cheap or sold else []
    if selling:
        # Each alone is common enough in honest comments; a sales pitch next to a link to a
        # throw-away or keyword-named site is what link spam is.
        out.append(Prior(f"a sales pitch ({', '.join(selling[:2])}) with a link to a shop-like site", 1.2))
    return out


@lru_cache(maxsize=4096)
def _shop_hosts(hosts: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(words that sell in the names of non-reference hosts, cheap top-level domains), sorted.
    Cached: campaigns and readers link the same sites again and again."""
    sold = sorted({w for h in hosts if not is_reference(h) for w in _host_words(h.rsplit(".", 1)[0])})
    return tuple(sold), tuple(sorted({tld_of(h) for h in hosts} & _SUSPICIOUS_TLDS))


def lexicon_in(folded_texts: Sequence[str]) -> tuple[list[list[str]], list[bool]]:
    """For each text, the ``SPAM_PHRASES`` it holds (as ``phrases_in``), and whether it may hold a
    word of ``SPAM_WORDS`` or ``_MONEY_WORDS`` (``False``: it holds none).

    The word test is what ``vocabulary`` and ``_money`` do per comment with a set intersection,
    which hashes every word of every comment as a Python string. Here the batch's words are
    hashed at once with numpy (the same polynomial hash as the n-grams) and looked up in a
    bitmap of the lexicon words' hashes; a text passes only if one of its words' hashes is a
    lexicon word's, so a text that holds a lexicon word always passes and the caller's exact
    test decides. Most comments hold none, and their words never become Python strings.
    """
    if len(folded_texts) < _LEXICON_MIN:  # a small batch: numpy's per-call cost outweighs the saving
        return phrases_in(folded_texts), [True] * len(folded_texts)
    blob = "\n".join(folded_texts).encode("utf-8", "surrogatepass")
    codes = np.frombuffer(blob, dtype=np.uint8)
    newlines = np.flatnonzero(codes == _NEWLINE)
    hits = _lexicon_words(codes)
    may_hold = [False] * len(folded_texts)
    for row in np.searchsorted(newlines, hits).tolist():
        may_hold[row] = True
    return find_phrases(blob, newlines, len(folded_texts)), may_hold


_NEWLINE: Final = 0x0A
_LEXICON_MIN: Final = 16  # texts
_LEXICON_WORDS: Final = sorted(SPAM_WORDS | _MONEY_WORDS)
_BITMAP_BITS: Final = 16


def _word_hashes(codes: npt.NDArray[np.uint8]) -> tuple[hashing.I64, hashing.U32]:
    """(start, hash) of every word of single-spaced texts joined by newlines, as UTF-8 codes."""
    bounds = np.flatnonzero((codes == _SPACE) | (codes == _NEWLINE))
    edges = np.concatenate(([-1], bounds, [len(codes)]))
    begin, end = edges[:-1] + 1, edges[1:]
    keep = end > begin
    begin, end = begin[keep], end[keep]
    forward, inverse = hashing._powers(len(codes))
    prefix = np.zeros(len(codes) + 1, dtype=np.uint32)
    np.cumsum(codes * forward[: len(codes)], out=prefix[1:], dtype=np.uint32)
    return begin, (prefix[end] - prefix[begin]) * inverse[begin]


_SPACE: Final = 0x20
_LEXICON_HASHES: Final = np.unique(
    _word_hashes(np.frombuffer(" ".join(_LEXICON_WORDS).encode(), dtype=np.uint8))[1]
)
_BITMAP: Final = np.zeros(1 << _BITMAP_BITS, dtype=bool)
_BITMAP[_LEXICON_HASHES >> np.uint32(32 - _BITMAP_BITS)] = True


def _lexicon_words(codes: npt.NDArray[np.uint8]) -> hashing.I64:
    """Where the words whose hash is a lexicon word's begin: a bitmap on the top bits first,
    so the exact lookup (a sort) only sees the few that pass it."""
    begin, hashes = _word_hashes(codes)
    passed = np.flatnonzero(_BITMAP[hashes >> np.uint32(32 - _BITMAP_BITS)])
    if not len(passed):
        return begin[:0]
    return begin[passed[np.isin(hashes[passed], _LEXICON_HASHES)]]


def lexicon_in_packed(
    packed: hashing.Packed, words: hashing.Words, salt: int
) -> tuple[list[list[str]], list[bool]]:
    """``lexicon_in`` for texts the caller has already packed and split into hashed words
    (``hashing.pack``, ``hashing.words(packed, salt)``): the same answers from the hashes the
    n-gram features need anyway. ``hashing.mix`` is a bijection, so a word's salted hash is a
    lexicon word's salted hash exactly when their polynomial hashes are equal, and an ASCII
    word's polynomial hash is the same on code points as on UTF-8 bytes."""
    may_hold = [False] * packed.n
    hashes = _salted_lexicon(salt)
    passed = np.flatnonzero(_salted_bitmap(salt)[words.hash >> np.uint32(32 - _BITMAP_BITS)])
    if len(passed):
        for row in words.row[passed[np.isin(words.hash[passed], hashes)]].tolist():
            may_hold[row] = True
    return find_phrases_packed(packed), may_hold


@lru_cache(maxsize=8)
def _salted_lexicon(salt: int) -> hashing.U32:
    return np.unique(hashing.mix(_LEXICON_HASHES.copy(), salt))


@lru_cache(maxsize=8)
def _salted_bitmap(salt: int) -> npt.NDArray[np.bool_]:
    bitmap = np.zeros(1 << _BITMAP_BITS, dtype=bool)
    bitmap[_salted_lexicon(salt) >> np.uint32(32 - _BITMAP_BITS)] = True
    return bitmap


def phrases_in(folded_texts: Sequence[str]) -> list[list[str]]:
    """For each text, the ``SPAM_PHRASES`` it holds, in their order: ``vocabulary``'s phrase test
    for a whole batch at once.

    One search per phrase over the batch joined by newlines (no folded text holds one, so no
    match spans two texts) replaces one search per phrase and text; phrases are rare, so
    finding a match's text by bisection costs next to nothing.
    """
    if len(folded_texts) == 1:  # a single check: the ``in`` operator is cheaper than a find loop
        return [[p for p in SPAM_PHRASES if p in folded_texts[0]]]
    joined = "\n".join(folded_texts)
    found: list[list[str]] = [[] for _ in folded_texts]
    starts: list[int] = []
    for phrase in SPAM_PHRASES:
        at = joined.find(phrase)
        while at >= 0:
            if not starts:
                starts = list(accumulate((len(t) + 1 for t in folded_texts), initial=0))
            hits = found[bisect_right(starts, at) - 1]
            if not hits or hits[-1] != phrase:
                hits.append(phrase)
            at = joined.find(phrase, at + 1)
    return found


def priors(
    fields: CommentFields,
    prepared: Prepared,
    words: list[str] | None,
    links: Links,
    folded: str | None = None,
    phrases: Sequence[str] | None = None,
    lexicon: bool = True,
) -> list[Prior]:
    """Every prior signal of the comment itself (the site's context is added by the engine).

    ``folded``: ``" ".join(words)`` when the caller already has it (``normalise.fold`` returns it;
    then ``words`` may be None); ``phrases`` and ``lexicon``: see ``vocabulary``.
    """
    if folded is None:
        folded = " ".join(words or ())
    return [
        *form(fields),
        *text(fields, prepared),
        *vocabulary(words, folded, links, phrases, lexicon),
        *(
            [Prior("money amounts", 0.3)]
            if _money(fields.content, prepared.text, words, folded, lexicon)
            else []
        ),  # readers discuss prices too
        *_person(fields.url, fields.author, fields.email),
    ]


@lru_cache(maxsize=4096)
def _person(url: str, name: str, address: str) -> tuple[Prior, ...]:
    """The website, author and e-mail signals: pure functions of three short fields that repeat
    (regular readers, and spam campaigns reusing one identity), so they are computed once each:
    per triple, and below it per field, since a new triple often repeats a known field."""
    return (*_website(url), *_author(name), *_email(address), *_keyword_identity(url, name))


SEO_IDENTITY: Final = Prior("a keyword-phrase name linking a website named to sell", 2.0)


@lru_cache(maxsize=4096)
def _keyword_identity(url: str, name: str) -> tuple[Prior, ...]:
    """A name that is a keyword phrase and a website named to sell: the backlink's signature.

    Each alone is a modest push (a shop has an owner, a person an odd name), and a short bland
    body ("Great article!") that the text model reads as genuine outweighed both: such comments
    were published. Together they are what no reader signs a comment with, so they add this on
    top: enough to hold the comment for a moderator, not to decide alone."""
    host = host_of(url)
    if not host or not _commercial(_WORD.findall(name.strip().lower())):
        return ()
    return (SEO_IDENTITY,) if _host_words(host.rsplit(".", 1)[0]) else ()


@lru_cache(maxsize=4096)
def _website(url: str) -> tuple[Prior, ...]:
    return tuple(website(url))


@lru_cache(maxsize=4096)
def _author(name: str) -> tuple[Prior, ...]:
    return tuple(author(name))


@lru_cache(maxsize=4096)
def _email(address: str) -> tuple[Prior, ...]:
    return tuple(email(address))
