"""Find the links in a comment, however they are written, and the host of the website field.

Links are what comment spam sells, so we look for every way of writing one: plain and
``www.`` URLs, HTML anchors, BBCode ``[url=]``, bare domains ("example.com"), and disguised
domains ("example . com", "example dot com", "example[.]com"). Input is already prepared text
(lower-case, homoglyphs mapped; see ``normalise.prepare``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

_SHORTENERS_TEXT: Final = """
bit.ly goo.gl tinyurl.com t.co ow.ly is.gd buff.ly adf.ly bit.do shorturl.at shorturl.fm cutt.ly
rebrand.ly tiny.cc lnkd.in db.tt qr.ae cur.lv ity.im v.gd s.id rb.gy t.ly shorte.st bc.vc linktr.ee
tr.im soo.gd goo.su clck.ru u.to x.co po.st mcaf.ee su.pr 1url.com hyperurl.co urlz.fr
"""
SHORTENERS: Final = frozenset(_SHORTENERS_TEXT.split())
# Top-level domains that bare "word.tld" matches must end in, so "e.g." or "end.so" are not links.
_TLDS: Final = (
    "com|net|org|info|biz|io|co|me|us|uk|ru|de|fr|cn|in|xyz|top|club|online|site|store|shop|live|app|"
    "tk|ml|ga|cf|gq|pw|ly|gl|gd|at|fm|to|cc|tv|ws|link|click|win|vip|bid|loan|icu|buzz|life|world|"
    "today|news|blog|eu|nl|be|pl|br|au|ca|es|it|jp|kr|vn|id|ph|pk|ng|za|ua|tr|ir|gov|edu"
)
_DOT_WORD: Final = re.compile(r"\.[a-z]")  # cheap pre-check: a dot glued to a letter
# The look-ahead (a dot before any other character) and the possessive quantifiers (``*+``,
# ``++``: no backtracking where it could never help) make the scan skip plain words at once;
# the matches are the same as without them, at less than half the cost. A scheme holds no dot, so
# a link glued to the words before it ("here...https://site.com") starts at its scheme.
_LINK: Final = re.compile(
    r"\b(?=[a-z0-9+:/-]*+\.)(?:[a-z][a-z0-9+-]*+://)?[a-z0-9-]++(?:\.[a-z0-9-]++)+(?::\d+)?(?:/[^\s<>\"']*)?"
)
_REFERENCE_TLDS: Final = frozenset(("gov", "edu", "int", "mil"))
_REFERENCE_LABELS: Final = frozenset(
    ("gov", "gouv", "gob", "govt", "gv", "ac", "edu", "europa", "nhs", "parliament")
)
REFERENCE_DOMAINS: Final = (
    "wikipedia.org", "wikimedia.org", "wikidata.org", "bbc.co.uk", "bbc.com", "reuters.com", "apnews.com",
    "theguardian.com", "nytimes.com", "ft.com", "economist.com", "washingtonpost.com", "lemonde.fr",
    "spiegel.de", "zeit.de", "tagesschau.de", "github.com", "arxiv.org", "doi.org", "nature.com",
    "science.org", "who.int", "un.org", "oecd.org", "imf.org", "worldbank.org", "archive.org",
    "ourworldindata.org", "statista.com", "police.uk", "legislation.gov.uk", "bundestag.de",
    "bundesregierung.de", "destatis.de",
)  # fmt: skip
_REFERENCE_SET: Final = frozenset(REFERENCE_DOMAINS)
# The three ways a disguise starts, each led by a literal the regex engine finds at memchr speed.
_SPACED_DOT: Final = re.compile(r"\.(?<=\s\.)(?=\s)")  # "example . com"
_SPACED_DOT_WORD: Final = re.compile(r"dot(?<=\sdot)(?=\s)")  # "example dot com"
_BRACKETED_DOT: Final = re.compile(r"[\[({]\s*(?:\.|dot)")  # "example[.]com", "example(dot)com"
# A disguised link: labels joined by disguised dots (a label may be spaced out: "w w w", "s h o p"),
# then a path whose dots may be disguised as well. ``undisguise`` keeps a chain that ends in a domain.
# A chain starts where a label starts, not inside a run of labels ("a.b.c", possessively matched
# as one), and a spaced-out label starts where its run does ("a b c"), so the scan is linear where
# a start at every letter would read the rest of such a run again (a 64 kB "a.a.a..." took 79 s).
_JOIN: Final = r"(?:\s+\.\s+|\s*[\[({]\s*(?:\.|dot)\s*[\])}]\s*|\s+dot\s+)"
_JOINER: Final = re.compile(_JOIN)
_SPACED_LABEL: Final = r"(?<!(?<![a-z0-9])[a-z0-9] )[a-z0-9](?: [a-z0-9-])++(?![a-z0-9])"  # "s h o p"
_LABEL: Final = rf"(?:{_SPACED_LABEL}|[a-z0-9][a-z0-9-]*+(?:\.[a-z0-9-]++)*+)"
_CHAIN: Final = re.compile(
    r"(?<![a-z0-9-])(?<![a-z0-9]\.)"  # where a label starts (see above)
    rf"(?P<host>{_LABEL}(?:{_JOIN}{_LABEL})+)"
    rf"(?P<path>/[^\s<>\"']*(?:{_JOIN}[a-z0-9_-]+[^\s<>\"']*)*)?"
)
_SCHEME: Final = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//(?:www\.)?|^www\.")
_HTML_ANCHOR: Final = re.compile(r"<a\s[^>]{0,300}href")
_BBCODE: Final = re.compile(r"\[(?:url|link)[=\]]")
_HOST: Final = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//([^/?#:@\s]*@)?([^/?#:\s]+)")
_TLD_SET: Final = frozenset(_TLDS.split("|"))
# ASCII whitespace to a space, as a byte table: ``bytes.translate`` reads a table, ``str.translate``
# looks each character up in a dict.
_WHITESPACE_BYTES: Final = bytes(32 if c < 128 and chr(c).isspace() else c for c in range(256))


@dataclass(slots=True)
class Links:
    """What the link finder saw in one text.

    Not frozen, as ``fields.CommentFields``: built once per comment, never mutated.
    """

    hosts: tuple[str, ...]  # disguised links too, read back ("example . com" -> "example.com")
    disguised: int  # how many of them were disguised: the trick itself is evidence
    html_anchors: int
    bbcode: int
    stripped: str  # the text with every link replaced by a space
    read: str  # the text with every link written "http://host/path": one scheme, no "www.", no disguise

    @classmethod
    def none(cls, text: str) -> Links:
        """What a text without any link reads as: no hosts, the text itself both ways."""
        return cls((), 0, 0, 0, text, text)

    @property
    def count(self) -> int:
        return len(self.hosts)

    @property
    def unknown(self) -> int:
        """Links that are not to a reference site (government, encyclopaedia, major press)."""
        return sum(1 for host in self.hosts if not is_reference(host))

    @property
    def shortened(self) -> bool:
        return any(host in SHORTENERS for host in self.hosts)


@lru_cache(maxsize=4096)
def host_of(url: str) -> str:
    """The lower-case host of a URL or bare domain, without ``www.``; "" if there is none.
    Cached: website fields and linked sites repeat."""
    url = url.strip().lower()
    if not url:
        return ""
    if "//" not in url[:12]:
        url = "//" + url
    match = _HOST.match(url)
    host = match.group(2).strip(".") if match else ""
    if host.startswith("www."):
        host = host[4:]
    return host if "." in host else ""


@lru_cache(maxsize=4096)
def is_reference(host: str) -> bool:
    """A government, university, encyclopaedia or major-press host: readers cite these as sources."""
    labels = host.split(".")
    if labels[-1] in _REFERENCE_TLDS or not _REFERENCE_LABELS.isdisjoint(labels[:-1]):
        return True
    return any(".".join(labels[i:]) in _REFERENCE_SET for i in range(len(labels) - 1))


def find_links(text: str) -> Links:
    """Every link in prepared text, in order of appearance (a URL counts by its host).

    A disguised link ("example . com", "www dot example dot com/page", "example[.]com") is first
    written back as the link it stands for, so it is read exactly as the plain link: its host
    counts, and its words are the plain link's. Each link is read one way, "http://" + host and
    path, whatever its scheme and whether "www." was written: a spammer (and a browser) can leave
    them out at will, so the words a link gives the model must not depend on them, while the one
    "http" every link now has still tells the model that a link is there.
    """
    dot, bracket = "." in text, "[" in text
    if not dot and not bracket and "dot" not in text:
        return Links.none(text)
    text, disguised = undisguise(text)
    dot = dot or disguised > 0
    hosts: list[str] = []
    stripped = read = text
    if dot and _DOT_WORD.search(text):
        pieces, canonical, last = [], [], 0
        for match in _link_matches(text):
            url = match.group(0).rstrip(".,;:!?)")
            host = host_of(url)
            if host and (host.rsplit(".", 1)[-1] in _TLD_SET or _SCHEME.match(url)):
                hosts.append(host)
                before = text[last : match.start()]
                pieces += [before, " "]
                canonical += [
                    before,
                    " http://",
                    _bare(url),
                    text[match.start() + len(url) : match.end()],
                ]
                last = match.end()
        if pieces:
            stripped = "".join([*pieces, text[last:]])
            read = "".join([*canonical, text[last:]])
    anchors = len(_HTML_ANCHOR.findall(text)) if "<a" in text else 0
    bbcode = len(_BBCODE.findall(text)) if "[" in text else 0
    return Links(tuple(hosts), disguised, anchors, bbcode, stripped, read)


def _bare(url: str) -> str:
    """``url`` without its scheme (or a scheme-relative "//") and without "www."; the same as
    ``_SCHEME.sub("", url)`` for any scheme of up to 20 characters, without a regex."""
    at = url.find("//", 0, 24)
    if at >= 0 and (at == 0 or url[at - 1] == ":"):
        url = url[at + 2 :]
    return url[4:] if url.startswith("www.") else url


def undisguise(text: str) -> tuple[str, int]:
    """``text`` with each disguised link written as a plain one, and how many there were.

    A disguise is a chain of labels joined by spaced or bracketed dots or the word "dot" that
    ends in a known top-level domain ("w w w . site . com", "site (dot) co [.] uk", "s i t e . s h o p",
    a plain "site.com" after a spaced "www ."); the path after the host keeps its own disguised dots
    ("/page (dot) html"). Prose stays as it is: "a dot com bubble" has no label before its dot,
    and a chain that runs on into prose ("site . com . then") is cut after its last domain.
    """
    hints = _join_hints(text)
    return _rewrite(text, hints) if hints else (text, 0)


def _join_hints(text: str) -> list[int]:
    """Where a disguised join may be: every spaced dot, spaced "dot" and bracketed dot, as
    ``finditer`` finds them. Every disguise holds one, so none means no disguise (the cheap
    pre-check), and the same list tells ``_chain_starts`` where chains may start, found once.
    Each search runs only when its literal is in the text, and the first two are led by it, so the
    regex engine finds candidates at memchr speed, where ``_CHAIN`` (led by ``\b``) would try every
    position of the text. (A spaced dot's whitespace may be a tab or a line break, so the literal
    tested first is the dot alone: ``isprintable``, which told such texts apart before, reads each
    character's class, several times the cost of the searches.)"""
    hints = [m.start() for m in _SPACED_DOT.finditer(text)] if "." in text else []
    if "dot" in text:
        hints += [m.start() for m in _SPACED_DOT_WORD.finditer(text)]
    if "[" in text or "(" in text or "{" in text:
        hints += _bracketed_dots(text)
    return hints


_FEW_BRACKETS: Final = 32  # past this many, one regex scan of the text is cheaper than a try at each


def _bracketed_dots(text: str) -> list[int]:
    """Where ``_BRACKETED_DOT`` matches, in order: ``finditer``'s starts. The pattern is led by a
    character class, so a scan tries it at every position (about 10 instructions a character);
    a text holds few brackets, so each is found by ``str.find`` (memchr speed) and tried alone.
    No match holds a second bracket, so the matches at the brackets are ``finditer``'s."""
    starts: list[int] = []
    for bracket in "[({":
        at = text.find(bracket)
        while at >= 0:
            if len(starts) >= _FEW_BRACKETS:
                return [match.start() for match in _BRACKETED_DOT.finditer(text)]
            if _BRACKETED_DOT.match(text, at):
                starts.append(at)
            at = text.find(bracket, at + 1)
    return sorted(starts)


def _rewrite(text: str, hints: list[int] | None = None) -> tuple[str, int]:
    """``undisguise`` without its pre-check: ``_CHAIN.sub`` with the matches tried only where one
    can start (``_chain_starts`` from the ``_join_hints``, found here if not given), not at every
    position of the text. A match is tried at each
    such position in order, and after a match from its end on, as ``sub`` does; the positions
    left out hold no match, so the matches, and the text, are the same."""
    found = 0

    def plain(match: re.Match[str]) -> str:
        nonlocal found
        written = match.group("host")
        labels = _JOINER.split(written)
        kept = len(labels)
        while kept > 1 and not _domain_end(labels[kept - 1], labels[0]):
            kept -= 1
        squeezed = ["".join(label.split()) for label in labels[:kept]]
        if kept < 2 or len(squeezed[-2]) < 2:  # "a dot com": no name before the domain
            return match.group(0)
        found += 1
        host = ".".join(squeezed)
        if kept < len(labels):  # cut: the dot after the domain ended a sentence, and prose follows
            joints = list(_JOINER.finditer(written))
            return host + ". " + match.group(0)[joints[kept - 1].end() :]
        return host + _JOINER.sub(".", match.group("path") or "")

    pieces: list[str] = []
    last = 0
    for start in _chain_starts(text, _join_hints(text) if hints is None else hints):
        if start < last:  # inside the chain just rewritten
            continue
        match = _CHAIN.match(text, start)  # the look-behinds see the text before ``start``
        if match is not None:
            pieces += [text[last:start], plain(match)]
            last = match.end()
    return ("".join([*pieces, text[last:]]) if pieces else text), found


_LABEL_FIRST: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_LABEL_CHARS: Final = _LABEL_FIRST | {"-"}


def _chain_starts(text: str, hints: list[int]) -> list[int]:
    """Every position where a disguised chain may start, in order. A chain's first join holds a
    spaced dot, a spaced "dot" or a bracketed dot (one of the ``hints``), and its first label
    ends just before that join's leading whitespace: a run of non-space characters, or a spaced-out
    label ("s h o p"), whose characters are each one space apart. So a chain starts between the
    start of the longer of the two read back from there and the join."""
    starts: set[int] = set()
    for hint in hints:
        end = hint
        while end > 0 and text[end - 1].isspace():
            end -= 1
        begin = end  # back over a plain label: its run of non-space characters
        while begin > 0 and not text[begin - 1].isspace():
            begin -= 1
        spaced = end - 1  # back over a spaced-out label: characters one space apart
        while spaced >= 2 and text[spaced - 1] == " " and not text[spaced - 2].isspace():
            spaced -= 2
        starts.update(
            at
            for at in range(max(min(begin, spaced), 0), hint + 1)
            if text[at] in _LABEL_FIRST and (at == 0 or text[at - 1] not in _LABEL_CHARS)
        )  # the chain's first character and its first look-behind, tested without the regex
    return sorted(starts)


def _domain_end(label: str, first: str) -> bool:
    """Whether a disguised chain may end with ``label``: a known top-level domain or, after a
    "www" (which announces a link), any two-letter country domain ("www . google . ro")."""
    tld = "".join(label.split()).rsplit(".", 1)[-1]
    return tld in _TLD_SET or ("".join(first.split()) == "www" and tld.isalpha() and len(tld) == 2)


def _link_matches(text: str) -> list[re.Match[str]]:
    """What ``_LINK.finditer(text)`` finds, scanning only the words that hold a dot before a letter.

    A link never spans whitespace and every host ends in ".tld", so the only matches that can
    give a host lie in such words; the scan restarts at whitespace, where the full scan holds no
    match either, so it finds exactly the same matches there. For ASCII text (the whitespace
    we can find with ``rfind`` once it is all spaces: a byte table makes every ASCII whitespace
    a space, a no-op for a text with none); other text gets the full scan.
    """
    if not text.isascii():
        return list(_LINK.finditer(text))
    spaced = text.encode("ascii").translate(_WHITESPACE_BYTES).decode("ascii")  # cheaper than ``isprintable``
    found: list[re.Match[str]] = []
    end = 0
    for dot in _DOT_WORD.finditer(text):
        at = dot.start()
        if at >= end:  # not in a word already scanned
            start = spaced.rfind(" ", end, at) + 1 or end
            stop = spaced.find(" ", at)
            end = len(text) if stop < 0 else stop
            found += _LINK.finditer(text, start, end)
    return found


def tld_of(host: str) -> str:
    last = host.rsplit(".", 1)[-1]
    return last if last in _TLD_SET else ""
