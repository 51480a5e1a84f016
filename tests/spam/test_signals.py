"""Prior signals: fixed weights for what the public corpora cannot teach honestly."""

from __future__ import annotations

from rejoinder.spam import signals
from rejoinder.spam.fields import read_fields
from rejoinder.spam.normalise import fold, prepare
from rejoinder.spam.urls import find_links


def priors(**comment: object) -> dict[str, float]:
    fields = read_fields({"content": "Nice piece.", **comment})
    prepared = prepare(fields.content)
    words = fold(prepared.text).split()
    return {p.text: p.weight for p in signals.priors(fields, prepared, words, find_links(prepared.text))}


def learned(text: str) -> dict[str, float]:
    fields = read_fields({"content": text})
    prepared = prepare(text)
    values = signals.learned(fields, prepared, find_links(prepared.text), fold(prepared.text).split())
    return {name: value for (name, _), value in zip(signals.LEARNED, values, strict=True) if value}


def test_a_personal_website_is_a_small_signal() -> None:
    assert priors(author_url="https://margaretoduya.net") == {"website field filled": 0.25}


def test_a_commercial_website_is_a_strong_one() -> None:
    found = priors(author_url="http://best-cheap-insurance-deals.com")
    assert any(text.startswith("website name sells something") for text in found)
    assert sum(found.values()) > 1.5


def test_run_together_commercial_host() -> None:
    assert any("sells" in t for t in priors(author_url="http://cheapflightsonline.net"))
    # one word inside a personal or community site's name proves nothing
    assert priors(author_url="https://wendovercommunityshop.org") == {"website field filled": 0.25}


def test_keyword_phrase_author() -> None:
    found = priors(author="cheap airline flights")
    assert found["author name is a keyword phrase: cheap airline flights"] >= 2.0
    assert priors(author="Margaret Oduya") == {}


def test_disposable_email() -> None:
    assert "disposable e-mail domain (mailinator.com)" in priors(author_email="x@mailinator.com")
    assert priors(author_email="someone@gmail.com") == {}


def test_form_signals() -> None:
    assert priors(content="hi", honeypot="http://x")["filled the hidden honeypot field"] >= 9
    assert "submitted 1.2 s after page load" in priors(content="hi", seconds_on_page=1.2)
    assert priors(content="hi", seconds_on_page=40) == {}
    assert "sent by an automated user agent" in priors(content="hi", user_agent="python-requests/2.31")
    assert priors(content="hi", user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0") == {}


def test_text_signals() -> None:
    assert "2 invisible characters" in priors(content="ca\u200bsi\u200bno")
    assert "written in capitals" in priors(content="THIS IS THE BEST OFFER YOU WILL SEE THIS YEAR, CALL NOW")
    assert "empty comment" in priors(content="  ")


def test_learned_signals() -> None:
    assert learned("Call 0800 123 4567 now, win $500!!!") == {"phone": 1.0, "punctuation": 1.0}
    assert priors(content="win $500 today")["money amounts"] == 0.3
    assert set(learned("write to me at deals@example.com")) == {"email_in_text"}
    assert learned("In 2019 the council spent 300 million on roads.") == {}


def test_spam_vocabulary_needs_more_than_one_word_to_matter() -> None:
    assert priors(content="The casino on the seafront closed in 1998.") == {"spam vocabulary: casino": 0.7}
    found = priors(content="Cheap viagra and cialis, order now at pills.xyz")
    assert found["spam vocabulary: cialis, pills, viagra, order now"] == 2.1
    assert found["links to a cheap top-level domain (.xyz)"] == 0.8
    assert priors(content="The council will vote on the budget on Tuesday.") == {}


def test_links_are_a_prior_and_reference_sites_do_not_count() -> None:
    assert priors(content="Figures: https://www.gov.uk/stats and en.wikipedia.org/wiki/X") == {}
    assert priors(content="see www.cheap-stuff.com and bit.ly/x")["2 links"] == 1.2


def test_spaced_out_letters() -> None:
    assert "letters spaced out to hide words" in priors(content="g o o d  j o b s  i n  e u r o p e")


def test_a_linked_site_that_sells_something() -> None:
    found = priors(content="great prices at pills-shop.xyz")
    assert found["links to a site whose name sells something: pills, shop"] == 1.4
    assert not any("sells" in t for t in priors(content="data at https://www.ons.gov.uk/shop-prices"))


def test_a_sales_pitch_with_a_link_to_a_cheap_shop_domain_is_named() -> None:
    found = priors(content="Cheap viagra at pills-shop.xyz")
    pitch = [text for text in found if text.startswith("a sales pitch")]
    assert len(pitch) == 1
    assert "viagra" in pitch[0]
    assert pitch[0].endswith("with a link to a shop-like site")
    assert sum(found.values()) >= 4.0


def test_the_same_words_without_a_shop_link_stay_a_small_push() -> None:
    found = priors(
        content="The casino vote in the council was a disgrace; the mayor ignored residents again."
    )
    assert not any(text.startswith("a sales pitch") for text in found)
    assert sum(found.values()) < 1.0
    # a cheap domain alone, with nothing sold, is not a sales pitch either
    assert not any(t.startswith("a sales pitch") for t in priors(content="My write-up: notes.xyz/elections"))


def test_lexicon_phrases_name_the_trade() -> None:
    for text, phrase in [
        ("Instant approval, no credit check, apply today", "no credit check"),
        ("Our essay writing service delivers in 24h", "essay writing service"),
        ("A recovery expert got my bitcoin back", "recovery expert"),
        ("Hot local singles near you", "local singles"),
        ("Claim 50 free spins today", "free spins"),
    ]:
        assert any(phrase in t for t in priors(content=text)), text


def test_a_byte_order_mark_at_the_ends_is_not_an_invisible_character() -> None:
    # The YouTube export ends most comments with U+FEFF; copy-paste leaves one too.
    assert priors(content="\ufeffGreat song, still listening in 2015\ufeff") == {}
    assert "1 invisible characters" in priors(content="\ufeffca\u200bsino bonus\ufeff")
    assert "1 invisible characters" in priors(content="ca\ufeffsino")


def test_currency_symbols_that_normalisation_drops_still_count_as_money() -> None:
    assert priors(content="Win £1000 cash today")["money amounts"] == 0.3
    assert priors(content="Tickets cost 40 € now")["money amounts"] == 0.3
    assert "money amounts" not in priors(content="Tickets cost forty now")


def test_country_codes_are_not_cheap_domains() -> None:
    """.ru and .cn are countries, not $1 registrations: in the training corpora their spam websites
    are hacked profile pages of ordinary sites, as often as .uk's or .be's (S7 proposal)."""
    reader = priors(
        author_url="https://lebedev-finance.ru", content="See https://www.cbr.ru/eng/ and www.gov.cn"
    )
    assert not any("cheap top-level" in name for name in reader)
    assert priors(author_url="https://pills-shop.xyz")["website on a cheap top-level domain (.xyz)"] == 1.0


def around_links(content: str) -> dict[str, float]:
    """``priors`` as the engine reads a comment: its words are those around the links."""
    fields = read_fields({"content": content})
    prepared = prepare(fields.content)
    links = find_links(prepared.text)
    words = fold(links.stripped).split()
    return {p.text: p.weight for p in signals.priors(fields, prepared, words, links)}


def test_a_comment_that_is_nothing_but_a_link_is_named() -> None:
    assert around_links("http://hackfbaccountlive.com/?ref=5242575") == {
        "1 link": 0.6,
        "nothing but a link": signals.LINK_ONLY.weight,
    }
    assert "nothing but a link" in around_links("  www.example-shop.net \ufeff !! ")
    # a word of one's own, or a link a reader cites as a source, is not a bare link
    assert "nothing but a link" not in around_links("see http://foo.example.org/x")
    assert around_links("https://en.wikipedia.org/wiki/Comment") == {}
