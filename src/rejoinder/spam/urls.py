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

_SHORTENERS_TEXT = """
bit.ly goo.gl tinyurl.com t.co ow.ly is.gd buff.ly adf.ly bit.do shorturl.at shorturl.fm cutt.ly
rebrand.ly tiny.cc lnkd.in db.tt qr.ae cur.lv ity.im v.gd s.id rb.gy t.ly shorte.st bc.vc linktr.ee
tr.im soo.gd goo.su clck.ru u.to x.co po.st mcaf.ee su.pr 1url.com hyperurl.co urlz.fr
"""
SHORTENERS = frozenset(_SHORTENERS_TEXT.split())
# Top-level domains that bare "word.tld" matches must end in, so "e.g." or "end.so" are not links.
_TLDS = (
    "com|net|org|info|biz|io|co|me|us|uk|ru|de|fr|cn|in|xyz|top|club|online|site|store|shop|live|app|"
    "tk|ml|ga|cf|gq|pw|ly|gl|gd|at|fm|to|cc|tv|ws|link|click|win|vip|bid|loan|icu|buzz|life|world|"
    "today|news|blog|eu|nl|pl|br|au|ca|es|it|jp|kr|vn|id|ph|pk|ng|za|ua|tr|ir|gov|edu"
)
_DOT_WORD = re.compile(r"\.[a-z]")  # cheap pre-check: a dot glued to a letter
# The look-ahead (a dot before any other character) and the possessive quantifiers (``*+``,
# ``++``: no backtracking where it could never help) make the scan skip plain words at once;
# the matches are the same as without them, at less than half the cost.
_LINK = re.compile(
    r"\b(?=[a-z0-9+:/-]*+\.)(?:[a-z][a-z0-9+.-]*+://)?[a-z0-9-]++(?:\.[a-z0-9-]++)+(?::\d+)?(?:/[^\s<>\"']*)?"
)
_REFERENCE_TLDS = frozenset(("gov", "edu", "int", "mil"))
_REFERENCE_LABELS = frozenset(
    ("gov", "gouv", "gob", "govt", "gv", "ac", "edu", "europa", "nhs", "parliament")
)
REFERENCE_DOMAINS = (
    "wikipedia.org", "wikimedia.org", "wikidata.org", "bbc.co.uk", "bbc.com", "reuters.com", "apnews.com",
    "theguardian.com", "nytimes.com", "ft.com", "economist.com", "washingtonpost.com", "lemonde.fr",
    "spiegel.de", "zeit.de", "tagesschau.de", "github.com", "arxiv.org", "doi.org", "nature.com",
    "science.org", "who.int", "un.org", "oecd.org", "imf.org", "worldbank.org", "archive.org",
    "ourworldindata.org", "statista.com", "police.uk", "legislation.gov.uk", "bundestag.de",
    "bundesregierung.de", "destatis.de",
)  # fmt: skip
_REFERENCE_SET = frozenset(REFERENCE_DOMAINS)
# The label's quantifier is possessive: what follows a label is never a label character, so only
# its whole run can match, and backing off one character at a time (the default) cannot help.
_DISGUISED = re.compile(
    r"\b([a-z0-9][a-z0-9-]{1,61}+)(\s+\.\s+|\s*[\[({]\s*(?:\.|dot)\s*[\])}]\s*|\s+dot\s+)(" + _TLDS + r")\b"
)
# The three ways a disguise starts, each led by a literal the regex engine finds at memchr speed.
_SPACED_DOT = re.compile(r"\.(?<=\s\.)(?=\s)")  # "example . com"
_SPACED_DOT_WORD = re.compile(r"dot(?<=\sdot)(?=\s)")  # "example dot com"
_BRACKETED_DOT = re.compile(r"[\[({]\s*(?:\.|dot)")  # "example[.]com", "example(dot)com"
_HTML_ANCHOR = re.compile(r"<a\s[^>]{0,300}href")
_BBCODE = re.compile(r"\[(?:url|link)[=\]]")
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//([^/?#:@\s]*@)?([^/?#:\s]+)")
_TLD_SET = frozenset(_TLDS.split("|"))
_WHITESPACE_TO_SPACE = str.maketrans({c: " " for c in map(chr, range(128)) if c.isspace()})


@dataclass(slots=True)
class Links:
    """What the link finder saw in one text.

    Not frozen, as ``fields.CommentFields``: built once per comment, never mutated.
    """

    hosts: tuple[str, ...]
    disguised: int  # "example . com" style
    html_anchors: int
    bbcode: int
    stripped: str  # the text with every link replaced by a space

    @property
    def count(self) -> int:
        return len(self.hosts) + self.disguised

    @property
    def unknown(self) -> int:
        """Links that are not to a reference site (government, encyclopaedia, major press)."""
        return sum(1 for host in self.hosts if not is_reference(host)) + self.disguised

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
    """Every link in prepared text, in order of appearance (a URL counts by its host)."""
    dot, bracket = "." in text, "[" in text
    if not dot and not bracket and " dot " not in text:
        return Links((), 0, 0, 0, text)
    hosts: list[str] = []
    stripped = text
    if dot and _DOT_WORD.search(text):
        pieces, last = [], 0
        for match in _link_matches(text):
            host = host_of(match.group(0).rstrip(".,;:!?)"))
            if host and host.rsplit(".", 1)[-1] in _TLD_SET:
                hosts.append(host)
                pieces += [text[last : match.start()], " "]
                last = match.end()
        stripped = "".join([*pieces, text[last:]]) if pieces else text
    disguised = 0
    if " dot " in text or " . " in text or bracket or "(" in text or "{" in text:
        disguised = _disguised(text)
    anchors = len(_HTML_ANCHOR.findall(text)) if "<a" in text else 0
    bbcode = len(_BBCODE.findall(text)) if "[" in text else 0
    return Links(tuple(hosts), disguised, anchors, bbcode, stripped)


def _link_matches(text: str) -> list[re.Match[str]]:
    """What ``_LINK.finditer(text)`` finds, scanning only the words that hold a dot before a letter.

    A link never spans whitespace and every host ends in ".tld", so the only matches that can
    give a host lie in such words; the scan restarts at whitespace, where the full scan holds no
    match either, so it finds exactly the same matches there. For ASCII text (the whitespace
    we can find with ``rfind`` once it is all spaces); other text gets the full scan.
    """
    if not text.isascii():
        return list(_LINK.finditer(text))
    spaced = text if text.isprintable() else text.translate(_WHITESPACE_TO_SPACE)
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


def _disguised(text: str) -> int:
    """``len(_DISGUISED.findall(text))``, scanning from the first hint's label instead of the start.

    Every match holds a hint in its middle (" . ", " dot ", "[.]"), and starts at the label
    before it: a run of label characters, then whitespace, then the hint. So no match starts
    before the label run in front of the first hint, and a scan from there (``pos`` keeps the
    characters before it in view for ``\b``) finds the same matches as one from the start.
    The ``\b``-led regex otherwise tries every position of the text.
    """
    hints = [_SPACED_DOT.search(text), _SPACED_DOT_WORD.search(text)]
    if "[" in text or "(" in text or "{" in text:
        hints.append(_BRACKETED_DOT.search(text))
    first = min((hint.start() for hint in hints if hint is not None), default=-1)
    if first < 0:
        return 0
    start = len(text[:first].rstrip().rstrip(_LABEL_CHARACTERS))
    return len(_DISGUISED.findall(text, start))


_LABEL_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789-"


def tld_of(host: str) -> str:
    last = host.rsplit(".", 1)[-1]
    return last if last in _TLD_SET else ""
