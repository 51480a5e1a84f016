"""Neighbour pairs between which a leetspeak "1" reads as "l" (generated; do not edit).

Built by ``python -m training.build_leet_table`` from the comments named there. Each entry is
the character before and the character after the "1" (a space at a word's edge; "_" here).
"""

from __future__ import annotations

from typing import Final

_PAIRS: Final = (
    "_a _b _e _h _i _l _o _u _y a_ aa ab ac ae af ai "
    "ak al ao aq as at au av aw ay ba be bh bi bo bu "
    "by ce ci cu cy di dy e_ ea eb ec ed ee ef eh ei "
    "ej el em eo ep es eu ey fa fi fo fu fy ga ge gi "
    "go gy hi ho hu hy i_ ia ib id ie ih ii il im io "
    "is it iu iy j_ js ka ki ko ku ky l_ le lh li ll "
    "lo lr lu lw ly mi mo ni ny o_ oa ob od oe of og "
    "oh oi ok ol oo ou ov oy p_ pa pe pi po pu py q_ "
    "r_ rd ri ry sa se si su sy te ti ty u_ ua ud ue "
    "uf ug ui ul uo up ut uu uy w_ wa we wy x_ y_ ya "
    "ye yi yo yu ze zi "
)
L_CONTEXTS: Final[frozenset[str]] = frozenset(p.replace("_", " ") for p in _PAIRS.split())
