"""Golden outputs of the engine's text plumbing, so speed work can prove it changed nothing.

The cases are a fixed sample of real comments from ``training/data`` (stored in the fixture, so
new training data never changes them) plus hostile strings: homoglyphs, invisible and bidi
characters, leetspeak, spaced and bracketed URLs, HTML and BBCode, entities, lone surrogates,
odd whitespace, wrong field types, and a 1 MB text. For every case the fixture holds a short
digest of each function's complete output; the hashing functions are pinned on whole batches.

Regenerate (only when an output is *meant* to change, and say so in the commit):

    .venv/bin/python -m tests.spam.golden_speed
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from rejoinder.spam import hashing, sketch
from rejoinder.spam.fields import read_fields
from rejoinder.spam.normalise import fingerprint, fold, prepare
from rejoinder.spam.urls import find_links, host_of, is_reference, tld_of

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "data" / "speed_golden.json"
SAMPLE_PER_FILE = 50

HOSTILE_TEXTS = [
    "",
    " ",
    "саsinо bonus",  # Cyrillic с, а, о
    "Цены на удобрения растут, кто будет сеять?",
    "ca\u200bsi\u200dno\u202e bo\ufeffnus",
    "ＦＲＥＥ &amp; ｆａｓｔ ＣＡＳＩＮＯ",
    "Cheap C4SIN0 b0nus fr33 v1agr@ $$$ c@sh 4U",
    "ab21 x9y 12ab 1st 2nd 3rd 10th mp3 covid19 @john $5 a$$ 5ex",
    "ab21 only digits next to digits 2019 300",
    "In 2019 we paid 300 pounds and £400 or €5 or ₹100, about 5k",
    "visit example . com or example dot com or example[.]com or example(dot)org {.} x",
    "e x a m p l e . c o m   f r e e   m o n e y   n o w",
    '<a href="http://spam.example.com/x?y=1">Visit</a>, now!!! It’s “great”',
    "<A HREF='https://www.Shop.xyz'>shop</A><script>alert(1)</script><b>bold</b>",
    "[url=http://bit.ly/abc]click[/url] [link]http://goo.gl/x[/link] [b]x[/b]",
    "http://user:pw@host.example.co.uk:8080/path/to?q=1#frag, https://WWW.GOV.UK/x.",
    "see en.wikipedia.org/wiki/Thing and bbc.co.uk/news and who.int and nhs.uk, mit.edu",
    "e.g. i.e. end.so 3.5 v1.2.3 a.b file.txt www.test and ftp://files.example.net/a",
    "mailto:someone@example.com and someone.else@mail.example.org call +44 20 7946 0958",
    "555 123 4567 !!! ??? ?!? !?! ..... ---- ____ ==== ~~~ ^^^ |||",
    "&lt;b&gt;escaped&lt;/b&gt; &#x441;&#1072;sino &nbsp;&nbsp; &amp;amp; &unknown; &#0; &#xD800;",
    "\ud800 lone high \udfff lone low \ud83d\ude00 pair-as-surrogates",
    "nul\x00byte and\ttabs\nnewlines\r\n\x0b\x0c\x1c\x1d\x1e\x1f\x85 end",
    "nbsp\u00a0em\u2003ideographic\u3000thin\u2009line\u2028para\u2029 spaces",
    "ｈｔｔｐ：／／ｅｘａｍｐｌｅ．ｃｏｍ fullwidth url",
    "ﬁne ﬂower ligatures ① ② Ⅻ ㎏ ™ ½ ²³",
    "combining e\u0301 n\u0303 a\u0308 and Zalgo h\u0336\u0321e\u0337\u0322l\u0338p",
    "emoji 😂🔥❤️👍🏽👨\u200d👩\u200d👧 flags 🇬🇧 keycap 1\ufe0f\u20e3",
    "مرحبا بكم في موقعنا العربي",
    "中文评论，非常好！日本語のコメント。한국어 댓글",
    "Ελληνικά σχόλια και ρωσικά слова mixed with english words",
    "ΡΑΥΡΑL ΑССОUΝТ ΥΟU WΟΝ",  # Greek/Cyrillic capitals posing as Latin
    "THIS IS WRITTEN IN CAPITALS BECAUSE I AM VERY ANGRY ABOUT THE COUNCIL",
    "x" * 5000,
    "word " * 2000,
    "a1" * 3000,
    "." * 3000 + "com",
    "http://" + "a" * 3000 + ".com/" + "b" * 100,
    "<" * 500 + "tag" + ">" * 500,
    "&" * 200 + "amp;" * 50,
    "\u200b" * 300 + "hidden",
    "\u202e\u202d\u2066\u2069\u061c\ufff9\U000e0041\U000e007f tag chars",
    "\U0001d41c\U0001d41d\U0001d41e mathematical bold abc \U0001d7ce\U0001d7cf",
    "spam@@@@ $$$$ @$@$ @ $ @a $a a@ a$",
    "S P A C E D   O U T   W O R D S   H E R E   t o d a y",
    "dotted d.o.t.t.e.d w.o.r.d.s and bit . ly / abc",
    "tr.im/x t.co/y cutt.ly/z linktr.ee/me sub.domain.shop qwerty.xyz",
]

HOSTILE_COMMENTS: list[Any] = [
    None,
    "not a mapping",
    42,
    [1, 2, 3],
    {},
    {"comment_content": None, "content": "fallback to the short name"},
    {"comment_content": "", "content": "empty string falls through"},
    {"content": 12345, "author": 1.5, "email": True, "url": ["x"], "ip": {"a": 1}},
    {"content": b"bytes \xff\xfe content", "author": b"Bytes Author"},
    {
        "text": "third alias",
        "name": "Fourth Name",
        "website": " http://x.example.com ",
        "author_ip": " 1.2.3.4 ",
    },
    {"comment_content": "nul\x00inside", "comment_author": "\ud800surrogate\x00name"},
    {"comment_content": "honeypot", "honeypot": " filled ", "seconds_on_page": "1.5"},
    {"comment_content": "timing", "seconds_on_page": float("nan")},
    {"comment_content": "timing", "seconds_on_page": float("inf")},
    {"comment_content": "timing", "seconds_on_page": -3},
    {"comment_content": "timing", "seconds_on_page": True},
    {"comment_content": "timing", "seconds_on_page": "soon"},
    {"comment_content": "timing", "seconds_on_page": 10**400},
    {"comment_content": "x" * 25_000, "comment_author": "y" * 800, "user_agent": "curl/8.0"},
    {"comment_content": "é" * 25_000, "comment_author": "ü" * 800},
    {"comment_type": "trackback", "referrer": "ignored", "comment_author_email": " A@B.C "},
]


def _digest(value: Any) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _array_digest(arrays: Iterable[Any]) -> str:
    h = hashlib.blake2b(digest_size=8)
    for array in arrays:
        a = np.ascontiguousarray(array)
        h.update(f"{a.dtype}{a.shape}".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def _links(text: str) -> tuple[Any, ...]:
    found = find_links(text)
    return (found.hosts, found.disguised, found.html_anchors, found.bbcode, found.stripped,
            found.count, found.unknown, found.shortened,
            [(is_reference(h), tld_of(h)) for h in found.hosts])  # fmt: skip


def text_outputs(text: str) -> dict[str, str]:
    """Digests of every text function's output on ``text`` (raw, and prepared where the engine uses it)."""
    prepared = prepare(text)
    links = find_links(prepared.text)
    return {
        "prepare": _digest((prepared.text, prepared.invisible, prepared.confusable)),
        "fold_raw": _digest(fold(text)),
        "fold_prepared": _digest(fold(prepared.text)),
        "fold_stripped": _digest(fold(links.stripped)),
        "fingerprint": _digest(fingerprint(text)),
        "find_links": _digest(_links(prepared.text)),
        "find_links_raw": _digest(_links(text)),
        "host_of": _digest(host_of(text[:500])),
    }


def comment_outputs(comment: Any) -> dict[str, str]:
    fields = read_fields(comment)
    # dataclasses.fields, not __slots__: a class compiled by mypyc has no __slots__ (same order)
    values = [getattr(fields, field.name) for field in dataclasses.fields(fields)]
    return {"read_fields": _digest(values), "host_of_url": _digest(host_of(fields.url))}


def folded_texts(comments: list[Any], texts: list[str]) -> list[str]:
    """What the engine hashes: each comment's folded body (links removed) and the hostile texts."""
    bodies = [read_fields(c).content for c in comments] + texts
    return [fold(find_links(prepare(b).text).stripped) for b in bodies]


def hashing_outputs(texts: list[str]) -> dict[str, str]:
    """Every hashing function on the batch as a whole and cut into odd-sized chunks."""
    out: dict[str, str] = {}
    for size in (1, 7, 256, len(texts)):
        arrays: list[Any] = []
        for start in range(0, len(texts), size):
            packed = hashing.pack(texts[start : start + size])
            arrays += [packed.starts, packed.row_of, packed.end_of, packed.is_space, packed.prefix]
            for n, (rows, hashes) in sorted(hashing.char_ngrams(packed, [3, 4, 5], 0x5EED).items()):
                arrays += [np.array([n]), rows, hashes, hashing.bucket(hashes, 18)]
            w = hashing.words(packed, 0x5EED_1000)
            arrays += [
                w.row,
                w.begin,
                w.end,
                w.hash,
                hashing.bucket(w.hash, 20),
                *hashing.bigrams(w, 0x5EED_2000),
            ]
            five_rows, five = hashing.char_ngrams(packed, [5], 1)[5]
            cuts = np.searchsorted(five_rows, np.arange(packed.n + 1))
            for i in range(packed.n):
                signature = sketch.signature(five[cuts[i] : cuts[i + 1]])
                arrays.append(np.zeros(0) if signature is None else signature)
        out[f"chunks_of_{size if size < len(texts) else 'all'}"] = _array_digest(arrays)
    return out


def sample_comments(seed: int = 2026) -> list[dict[str, Any]]:
    """``SAMPLE_PER_FILE`` comments from each training file, with every field they carry."""
    rng = random.Random(seed)
    data = ROOT / "training" / "data"
    out = []
    for path in sorted(data.glob("*.jsonl")) + sorted((data / "handwritten").glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        for row in rng.sample(rows, min(SAMPLE_PER_FILE, len(rows))):
            out.append({k: v for k, v in row.items() if k not in ("id", "label", "date", "source")})
    return out


def big_text() -> str:
    """About 1 MB of mixed text with links, homoglyphs and invisible characters (built, not stored)."""
    piece = "Check саsinо.xyz now\u200b for fr33 b0nus!!! <a href='http://x.io'>x</a> ünïcödé 😂 "
    return (piece * (1_000_000 // len(piece) + 1))[:1_000_000]


def all_outputs(sampled: list[dict[str, Any]]) -> dict[str, Any]:
    """Every digest for the stored sample plus the hostile cases defined above."""
    comments = [*sampled, *HOSTILE_COMMENTS]
    cases = [{**comment_outputs(c), **text_outputs(read_fields(c).content)} for c in comments]
    cases += [text_outputs(t) for t in HOSTILE_TEXTS]
    return {
        "cases": cases,
        "big_text": text_outputs(big_text()),
        "hashing": hashing_outputs(folded_texts(comments, HOSTILE_TEXTS)),
    }


def main() -> None:
    sampled = sample_comments()
    fixture = {"comments": sampled, **all_outputs(sampled)}
    FIXTURE.parent.mkdir(exist_ok=True)
    FIXTURE.write_text(json.dumps(fixture, separators=(",", ":"), allow_nan=True) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE} ({FIXTURE.stat().st_size:,} bytes, {len(fixture['cases'])} cases)")


if __name__ == "__main__":
    main()
