"""Words and phrases of the commercial spam the public corpora barely contain.

Source and rationale: the training corpora are YouTube, SMS, Instagram and a WordPress spam
queue; pharmacy, casino, essay-mill, payday-loan, "crypto recovery", adult-dating and SEO spam
is rare in them, so the learned model lets "Cheap viagra at pills-shop.xyz" through with a
middling score. These lists are written by hand from the categories that comment-spam
filters have long named (SpamAssassin's ``20_drugs.cf`` / ``20_advance_fee.cf`` rule families,
Akismet's and Wordfence's published spam examples), one topic per list so a reason can say
which trade a comment is selling. They feed fixed-weight prior signals (see
``signals.vocabulary``), never the learned model.

Maintenance rules: a *word* goes in only if a news reader almost never writes it except when
selling (so "casino" is in, "dating" and "loan" are not); everything a reader might discuss
("payday loans trap families") stays a *phrase* that only sellers use ("no credit check").
One hit alone is a small push; several hits, or hits next to a link to a cheap domain, decide.
"""

from __future__ import annotations

from typing import Final

# topic -> words that, alone, are already a sales pitch
_WORDS: Final[dict[str, str]] = {
    "pharmacy": "viagra cialis levitra tramadol xanax valium oxycodone pharmacy pills steroids cbd vape",
    "gambling": "casino casinos poker slots jackpot sportsbook",
    "adult": "porn xxx escort escorts webcam camgirls hookup hookups",
    "loans": "payday loans forex",
    "crypto": "crypto bitcoin",
    "seo": "backlinks backlink seo",
    "counterfeit": "replica replicas",
}
# topic -> phrases only sellers write (matched on the folded text, word boundaries by spaces)
_PHRASES: Final[dict[str, tuple[str, ...]]] = {
    "generic": (
        "click here", "make money", "work from home", "limited offer", "buy now", "order now", "free trial",
        "dm me", "whatsapp me", "text me on", "earn money", "per day from home", "guaranteed profit",
        "investment platform", "check out my channel", "subscribe to my channel", "visit my site",
        "visit my blog", "my website",
    ),
    "pharmacy": ("without prescription", "no prescription", "online pharmacy", "cheap meds", "weight loss"),
    "gambling": ("free spins", "betting tips", "deposit bonus", "welcome bonus", "sure odds"),
    "essays": (
        "essay writing service", "write my essay", "write my paper", "dissertation writing",
        "homework help service", "essay help",
    ),
    "loans": ("no credit check", "instant loan", "bad credit loan", "fast cash"),
    "crypto recovery": (
        "recover your lost", "recover my lost", "recovery expert", "funds recovery", "recover stolen",
        "recovery hacker",
    ),
    "adult dating": ("hot singles", "local singles", "lonely women", "sexy girls", "meet girls"),
    "seo": ("seo services", "guest post", "rank your website", "more traffic to your", "seo agency"),
}  # fmt: skip

SPAM_WORDS: Final[frozenset[str]] = frozenset(w for words in _WORDS.values() for w in words.split())
SPAM_PHRASES: Final[tuple[str, ...]] = tuple(p for phrases in _PHRASES.values() for p in phrases)

# Top-level domains that cost about a dollar and carry a large share of throw-away spam sites.
_CHEAP_TLDS_TEXT: Final = (
    "xyz top club online site store shop live icu buzz win vip bid loan click tk ml ga cf gq pw"
)
CHEAP_TLDS: Final[frozenset[str]] = frozenset(_CHEAP_TLDS_TEXT.split())
