"""Find the links in a comment, however they are written, and the host of the website field.

Links are what comment spam sells, so we look for every way of writing one: plain and
``www.`` URLs, HTML anchors, BBCode ``[url=]``, bare domains ("example.com"), and disguised
domains ("example . com", "example dot com", "example[.]com"). Input is already prepared text
(lower-case, homoglyphs mapped; see ``normalise.prepare``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SHORTENERS_TEXT = """
bit.ly goo.gl tinyurl.com t.co ow.ly is.gd buff.ly adf.ly bit.do shorturl.at shorturl.fm cutt.ly
rebrand.ly tiny.cc lnkd.in db.tt qr.ae cur.lv ity.im v.gd s.id rb.gy t.ly shorte.st bc.vc linktr.ee
tr.im soo.gd clck.ru u.to x.co po.st mcaf.ee su.pr 1url.com hyperurl.co urlz.fr
"""
SHORTENERS = frozenset(_SHORTENERS_TEXT.split())
# Top-level domains that bare "word.tld" matches must end in, so "e.g." or "end.so" are not links.
_TLDS = (
    "com|net|org|info|biz|io|co|me|us|uk|ru|de|fr|cn|in|xyz|top|club|online|site|store|shop|live|app|"
    "tk|ml|ga|cf|gq|pw|ly|gl|gd|at|fm|to|cc|tv|ws|link|click|win|vip|bid|loan|icu|buzz|life|world|"
    "today|news|blog|eu|nl|pl|br|au|ca|es|it|jp|kr|vn|id|ph|pk|ng|za|ua|tr|ir|gov|edu"
)
_DOT_WORD = re.compile(r"\.[a-z]")  # cheap pre-check: a dot glued to a letter
_DOTTED = re.compile(r"\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+")
_DISGUISED = re.compile(
    r"\b([a-z0-9][a-z0-9-]{1,61})(\s+\.\s+|\s*[\[({]\s*(?:\.|dot)\s*[\])}]\s*|\s+dot\s+)(" + _TLDS + r")\b"
)
_DISGUISE_HINT = re.compile(r"\s\.\s|[\[({]\s*(?:\.|dot)|\sdot\s")
_HTML_ANCHOR = re.compile(r"<a\s[^>]{0,300}href")
_BBCODE = re.compile(r"\[(?:url|link)[=\]]")
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//([^/?#:@\s]*@)?([^/?#:\s]+)")
_TLD_SET = frozenset(_TLDS.split("|"))


@dataclass(frozen=True, slots=True)
class Links:
    """What the link finder saw in one text."""

    hosts: tuple[str, ...]
    disguised: int  # "example . com" style
    html_anchors: int
    bbcode: int

    @property
    def count(self) -> int:
        return len(self.hosts) + self.disguised

    @property
    def shortened(self) -> bool:
        return any(host in SHORTENERS for host in self.hosts)


def host_of(url: str) -> str:
    """The lower-case host of a URL or bare domain, without ``www.``; "" if there is none."""
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


def find_links(text: str) -> Links:
    """Every link in prepared text, in order of appearance (a URL counts by its host)."""
    dot, bracket = "." in text, "[" in text
    if not dot and not bracket and " dot " not in text:
        return Links((), 0, 0, 0)
    hosts: list[str] = []
    if dot and _DOT_WORD.search(text):
        for found in _DOTTED.findall(text):
            host = found.strip("-")
            if host.rsplit(".", 1)[-1] in _TLD_SET:
                hosts.append(host.removeprefix("www."))
    disguised = 0
    if (" dot " in text or " . " in text or bracket or "(" in text or "{" in text) and _DISGUISE_HINT.search(
        text
    ):
        disguised = len(_DISGUISED.findall(text))
    anchors = len(_HTML_ANCHOR.findall(text)) if "<a" in text else 0
    bbcode = len(_BBCODE.findall(text)) if "[" in text else 0
    return Links(tuple(hosts), disguised, anchors, bbcode)


def tld_of(host: str) -> str:
    last = host.rsplit(".", 1)[-1]
    return last if last in _TLD_SET else ""
