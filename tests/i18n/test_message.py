"""One kind of translatable sentence for both audiences: a reader's (``msg``) and a moderator's
(``phrase``) each carry their own catalogue and placeholder style, so whichever lookup meets
them says them from the catalogue they were written for, never the other one."""

from __future__ import annotations

from rejoinder.i18n import Message, localise, msg
from rejoinder.i18n.dashboard import phrase, translate

PAGE = "There is no dashboard page /admin/%(rest)s."
NAME = "The name is too long: at most {limit} characters."


def test_a_dashboard_phrase_is_a_message_in_english_with_gettexts_placeholders() -> None:
    said = phrase(PAGE, rest="nowhere")
    assert isinstance(said, Message)
    assert said == "There is no dashboard page /admin/nowhere."
    assert (said.template, dict(said.params)) == (PAGE, {"rest": "nowhere"})


def test_localise_says_a_dashboard_phrase_from_the_dashboards_catalogue() -> None:
    """The deliberate choice: a phrase knows its catalogue, so ``localise`` (the JSON errors'
    lookup) translates it as the dashboard's pages do instead of leaving it English."""
    said = phrase(PAGE, rest="nowhere")
    assert localise(said, "de") == "Es gibt keine Dashboard-Seite /admin/nowhere."
    assert localise(said, "de") == translate(said, "de")
    assert localise(said, "en") == "There is no dashboard page /admin/nowhere."
    assert localise(phrase("No translation for %(x)s yet.", x=1), "ru") == "No translation for 1 yet."


def test_translate_says_a_readers_message_from_the_readers_catalogue() -> None:
    said = msg(NAME, limit=200)
    assert translate(said, "de") == "Der Name ist zu lang: höchstens 200 Zeichen."
    assert translate(said, "ru") == localise(said, "ru") != said


def test_plain_text_is_a_dashboard_label_to_translate_but_a_service_word_to_localise() -> None:
    assert translate("Comments", "de") == "Kommentare"
    assert localise("Comments", "de") == "Comments"
    assert translate("not in any catalogue", "fr") == "not in any catalogue"


def test_values_are_put_in_with_each_audiences_placeholders() -> None:
    """A ``%`` in a reader's value and braces in a moderator's are values, not placeholders."""
    assert localise(msg(NAME, limit="100%"), "de") == "Der Name ist zu lang: höchstens 100% Zeichen."
    assert (
        translate(phrase(PAGE, rest="{x}"), "fr")
        == "Il n’y a pas de page /admin/{x} dans le tableau de bord."
    )
