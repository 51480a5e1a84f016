"""Reading an export safely and in one pass: the XML comes from elsewhere and can be large.

``defusedxml`` refuses entity expansion and external references (billion laughs, XXE), and
elements are yielded as each one ends, so only one post or thread is held at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from rejoinder.errors import ValidationError


def local(tag: str) -> str:
    """An element's name without its namespace: WXR's ``wp`` namespace changes with its version."""
    return tag.rsplit("}", 1)[-1]


def children(element: Element) -> dict[str, Element]:
    """The element's children by local name (the first of each name)."""
    found: dict[str, Element] = {}
    for child in element:
        found.setdefault(local(child.tag), child)
    return found


def text_of(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def elements_at(source: Path | BinaryIO, level: int, what: str, root: str) -> Iterator[Element]:
    """Every element ``level`` steps below the root (1: the root's children), once it is complete.

    Each is cleared after the caller has seen it, so memory stays flat on large exports. A file
    that is not well-formed XML, or that uses entities, is refused with a message naming ``what``
    was expected; so is well-formed XML whose root is not ``root`` (the other kind of export would
    otherwise import as nothing, quietly).
    """
    depth = 0
    try:
        for event, element in SafeTree.iterparse(source, events=("start", "end")):
            if event == "start":
                if depth == 0 and local(element.tag) != root:
                    raise ValidationError(
                        f"not a {what}: its root element is <{local(element.tag)}>, not <{root}>",
                        field="file",
                    )
                depth += 1
                continue
            depth -= 1
            if depth == level:
                yield element
                element.clear()
    except (ParseError, DefusedXmlException) as exc:
        raise ValidationError(f"not a readable {what}: {exc}", field="file") from exc
