"""The translation catalogue is whole and in step with the code that raises its sentences."""

from __future__ import annotations

import ast
from pathlib import Path
from string import Formatter

import pytest

import rejoinder
from rejoinder.i18n import LANGUAGES, TRANSLATIONS, Message, localise, msg, negotiate

SOURCE = Path(rejoinder.__file__).parent


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def _templates_in_code() -> set[str]:
    """Every literal template of ``msg(...)``, ``translatable(...)`` and ``say(request, ...)``."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            position = {"msg": 0, "translatable": 0, "say": 1}.get(node.func.id)
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.add(argument.value)
    return found


@pytest.mark.parametrize("template", sorted(TRANSLATIONS))
def test_every_sentence_has_every_language_with_the_same_placeholders(template: str) -> None:
    texts = TRANSLATIONS[template]
    assert set(texts) == set(LANGUAGES) - {"en"}
    for language, text in texts.items():
        assert _placeholders(text) == _placeholders(template), language
        assert text.strip() == text, language
        assert text != template, language


def test_the_catalogue_and_the_code_name_the_same_sentences() -> None:
    in_code = _templates_in_code()
    assert in_code, "the scan must find the sentences the code raises"
    assert sorted(in_code - set(TRANSLATIONS)) == [], "sentences raised without translations"
    assert sorted(set(TRANSLATIONS) - in_code) == [], "translations of sentences no longer raised"


def test_a_message_is_its_english_text_and_can_be_said_again() -> None:
    message = msg("The name is too long: at most {limit} characters.", limit=200)
    assert isinstance(message, Message)
    assert isinstance(message, str)
    assert message == "The name is too long: at most 200 characters."
    assert localise(message, "de") == "Der Name ist zu lang: höchstens 200 Zeichen."
    assert localise(message, "en") == message
    assert localise("A plain sentence stays as it is.", "fr") == "A plain sentence stays as it is."
    assert localise(msg("No translation for {x} yet.", x=1), "ru") == "No translation for 1 yet."


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("", "en"),
        ("de", "de"),
        ("de-AT", "de"),
        ("FR-ca, fr;q=0.9, en;q=0.8", "fr"),
        ("ja, es;q=0.5", "es"),  # the first language we speak
        ("en;q=0.4, ru;q=0.9", "ru"),  # by weight, not order
        ("hi;q=0.5, de;q=0.5", "hi"),  # equal weights: the earlier
        ("de;q=0, fr;q=0.1", "fr"),  # q=0 means "not this one"
        ("de;q=abc", "en"),  # a malformed weight is not a wish
        ("*", "en"),
        ("x" * 10_000 + ",de", "en"),  # an absurd header is read only so far
        ("\u0000, ;;;, =, q=, de;;q=1", "de"),
    ],
)
def test_the_language_is_negotiated_from_accept_language(header: str | None, language: str) -> None:
    assert negotiate(header) == language
