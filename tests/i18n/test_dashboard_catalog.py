"""The dashboard's catalogue is whole and in step with its templates and its Python.

Every text a template marks (``_()``, ``{% trans %}``, plurals) or the dashboard's Python marks
(``dashboard_text``, ``phrase``) must be in ``DASHBOARD``/``DASHBOARD_PLURALS`` in every
language with the same placeholders; a text added to a template without its translations fails
here, and so does a translation whose text no page shows any more.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import rejoinder
from rejoinder.i18n import LANGUAGES
from rejoinder.i18n.dashboard import PLURAL_FORMS, PLURAL_RULES, translate_plural
from rejoinder.i18n.dashboard_catalog import DASHBOARD, DASHBOARD_PLURALS
from rejoinder.web.admin.labels import SERVICE_SENTENCES
from rejoinder.web.admin.templating import TEMPLATES, environment

SOURCE = Path(rejoinder.__file__).parent
OTHERS = set(LANGUAGES) - {"en"}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _placeholders(text: str) -> set[str]:
    """The ``%(name)s`` in ``text``; any other ``%`` must be doubled, as the extension formats."""
    assert "%" not in PLACEHOLDER.sub("", text).replace("%%", ""), f"a lone % in {text!r}"
    return set(PLACEHOLDER.findall(text))


def _marked_in_templates() -> tuple[set[str], set[tuple[str, str]]]:
    """(texts, (singular, plural) pairs) that the templates give to gettext and ngettext."""
    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for path in TEMPLATES.glob("*.html"):
        for _, function, message in environment.extract_translations(path.read_text(encoding="utf-8")):
            first = message[0] if isinstance(message, tuple) else message
            if first is None:  # _(label): a value marked where it is defined, found below
                continue
            if function == "ngettext":
                assert isinstance(message, tuple)
                assert isinstance(message[1], str)
                plurals.add((first, message[1]))
            else:
                singles.add(first)
    return singles, plurals


def _marked_in_python() -> set[str]:
    """Every literal ``dashboard_text(...)`` and ``phrase(...)`` in the package."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("dashboard_text", "phrase")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_the_catalogue_and_the_dashboard_name_the_same_texts() -> None:
    singles, plurals = _marked_in_templates()
    in_use = singles | _marked_in_python()
    assert len(singles) > 100, "the scan must find the templates' texts"
    assert len(plurals) >= 5, "the scan must find the templates' plurals"
    assert sorted(in_use - set(DASHBOARD)) == [], "texts shown without translations"
    assert sorted(set(DASHBOARD) - in_use) == [], "translations of texts no longer shown"
    singulars = {singular for singular, _ in plurals}
    assert sorted(singulars - set(DASHBOARD_PLURALS)) == [], "plurals shown without translations"
    assert sorted(set(DASHBOARD_PLURALS) - singulars) == [], "plurals no longer shown"
    for singular, plural in plurals:
        assert _placeholders(singular) == _placeholders(plural), singular


@pytest.mark.parametrize("text", sorted(DASHBOARD))
def test_every_text_has_every_language_with_the_same_placeholders(text: str) -> None:
    translations = DASHBOARD[text]
    assert set(translations) == OTHERS
    for language, translated in translations.items():
        assert translated.strip() == translated, language
        assert translated, language
        assert _placeholders(translated) == _placeholders(text), language


@pytest.mark.parametrize("singular", sorted(DASHBOARD_PLURALS))
def test_every_plural_has_each_languages_forms(singular: str) -> None:
    forms = DASHBOARD_PLURALS[singular]
    assert set(forms) == OTHERS
    for language, texts in forms.items():
        assert len(texts) == PLURAL_FORMS[language], language
        for text in texts:
            assert text.strip() == text, language
            assert _placeholders(text) == _placeholders(singular), language


@pytest.mark.parametrize(
    ("language", "counts_by_form"),
    [
        ("en", [[1], [0, 2, 5, 11, 21]]),
        ("de", [[1], [0, 2, 21]]),
        ("fr", [[0, 1], [2, 5, 21]]),
        ("hi", [[0, 1], [2, 5]]),
        ("ru", [[1, 21, 101, 1001], [2, 3, 4, 22, 34, 102], [0, 5, 11, 12, 14, 19, 20, 25, 111, 112]]),
    ],
)
def test_plural_rules_pick_cldrs_form(language: str, counts_by_form: list[list[int]]) -> None:
    for form, counts in enumerate(counts_by_form):
        assert [PLURAL_RULES[language](n) for n in counts] == [form] * len(counts), counts


def test_a_plural_is_said_in_its_languages_form() -> None:
    key = "%(count)s comment"
    assert translate_plural(key, "%(count)s comments", 22, "ru") % {"count": 22} == "22 комментария"
    assert translate_plural(key, "%(count)s comments", 25, "ru") % {"count": 25} == "25 комментариев"
    assert translate_plural(key, "%(count)s comments", 0, "fr") % {"count": 0} == "0 commentaire"
    assert translate_plural(key, "%(count)s comments", 0, "en") % {"count": 0} == "0 comments"
    unknown = translate_plural("%(count)s thing", "%(count)s things", 3, "de")
    assert unknown == "%(count)s things", "a plural without translations stays English"


def test_the_services_sentences_the_catalogue_knows_are_still_theirs() -> None:
    """The dashboard translates a few fixed sentences of the services by their exact text."""
    services = "".join(path.read_text(encoding="utf-8") for path in (SOURCE / "services").rglob("*.py"))
    for sentence in SERVICE_SENTENCES:
        assert repr(sentence) in services or f'"{sentence}"' in services, sentence
