"""Counter the artefacts of the public corpora before training.

Only the WordPress corpus (all spam) has name, e-mail and website fields; YouTube, SMS and
Instagram have none or a bare name. Trained as-is, a model learns "has a name like a keyword
phrase => spam" (fine) but also "has any name field => spam" and "no name => ham" (false). So
every ham and spam row without an author gets, with the same probability, a realistic reader
identity (name; sometimes e-mail and a personal website), and some WordPress spam loses its
website so the body alone must carry it. The generator is seeded: the same input gives the same
training set. Website and e-mail are never learned columns (see ``signals``); here they only
make the fixed prior offsets realistic during training.
"""

from __future__ import annotations

import random
from typing import Any

_FIRST_TEXT = """
anna ben carla david elena frank grace hannah ivan julia karl laura marco nina oliver paula quentin
rosa samuel tina ulrich vera walter xenia yusuf zoe ahmed bea chen dmitri eva fatima george helen
ingrid james kofi lena miguel noor omar priya raj sara tom uma victor wei yara
"""
FIRST = _FIRST_TEXT.split()
_LAST_TEXT = """
smith jones garcia miller davis rossi müller dubois novak kowalski tanaka kim nguyen okafor silva
johansson hansen brown wilson moore taylor anderson thomas martin lee walker hall young king wright
lopez hill scott green adams baker nelson carter mitchell roberts turner phillips campbell parker
evans
"""
LAST = _LAST_TEXT.split()
MAIL = [
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "proton.me",
    "web.de",
    "icloud.com",
]
SITE = [
    "https://{f}{l}.net",
    "https://{f}-{l}.com",
    "https://{f}.blog",
    "https://github.com/{f}{l}",
    "https://{f}{l}.substack.com",
    "http://www.{l}family.org",
    "https://{f}{l}.wordpress.com",
]


def identity(rng: random.Random) -> dict[str, str]:
    """A plausible reader: name always, e-mail often, personal website sometimes."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    style = rng.random()
    if style < 0.45:
        name = f"{first.title()} {last.title()}"
    elif style < 0.65:
        name = first.title()
    elif style < 0.8:
        name = f"{first}{rng.randint(1, 99)}" if rng.random() < 0.5 else f"{first}_{last[0]}"
    else:
        name = f"{first.title()} {last[0].upper()}."
    out = {"author": name}
    if rng.random() < 0.6:
        out["author_email"] = f"{first}.{last}@{rng.choice(MAIL)}"
    if rng.random() < 0.25:
        out["author_url"] = rng.choice(SITE).format(f=first, l=last)
    return out


def augment(row: dict[str, Any], label: int, source: str, rng: random.Random) -> dict[str, Any]:
    """Return the row to train on (a new dict; the input is not changed)."""
    row = dict(row)
    if not row.get("author") and rng.random() < 0.7:
        row.update(identity(rng))
    elif label == 0 and rng.random() < 0.3:
        row.update({k: v for k, v in identity(rng).items() if k != "author"})
    if label == 1 and source.startswith("wordpress") and row.get("author_url") and rng.random() < 0.3:
        row.pop("author_url")
    return row
