"""De-obfuscation: homoglyphs, invisible characters, width forms, entities and leetspeak."""

from __future__ import annotations

from rejoinder.spam.normalise import fingerprint, fold, prepare


def words(text: str) -> str:
    return fold(prepare(text).text)


def test_homoglyphs_map_to_latin_and_are_counted() -> None:
    prepared = prepare("саsinо bonus")  # Cyrillic с, а and о
    assert prepared.text == "casino bonus"
    assert prepared.confusable == 3


def test_real_cyrillic_text_is_left_alone() -> None:
    prepared = prepare("Цены на удобрения растут, кто будет сеять?")
    assert prepared.confusable == 0
    assert "удобрения" in prepared.text


def test_invisible_characters_are_stripped_and_counted() -> None:
    prepared = prepare("ca\u200bsi\u200dno\u202e bo\ufeffnus")
    assert prepared.text == "casino bonus"
    assert prepared.invisible == 3  # ZWJ is removed but not counted: emoji use it


def test_fullwidth_and_entities() -> None:
    assert words("ＦＲＥＥ &amp; ｆａｓｔ") == "free fast"


def test_leetspeak_is_folded_but_numbers_survive() -> None:
    assert words("Cheap C4SIN0 b0nus fr33") == "cheap casino bonus free"
    assert words("In 2019 we paid 300 pounds") == "in 2019 we paid 300 pounds"


def test_tags_and_punctuation_become_spaces() -> None:
    assert words('<a href="http://x">Visit</a>, now!!! It’s “great”') == "visit now it s great"


def test_fingerprint_ignores_case_space_punctuation_and_tricks() -> None:
    a = fingerprint("Buy cheap casino bonus now!")
    assert a == fingerprint("  buy CHEAP  c4sin0 b\u200bonus now ")
    assert a == fingerprint("Вuy cheap casino bonus now")  # Cyrillic В
    assert a != fingerprint("Buy cheap casino bonus later")
    assert len(a) == 32
    assert int(a, 16) >= 0


def test_fingerprint_never_raises() -> None:
    assert fingerprint("\ud800\x00") == fingerprint("")
    assert fingerprint(None) == fingerprint("")  # type: ignore[arg-type]


def test_generated_confusables_table_matches_the_package_data() -> None:
    from rejoinder.spam.confusables_table import TABLE
    from training.build_confusables import build

    assert build() == TABLE
    assert TABLE[ord("а")] == "a"  # Cyrillic a


def test_combining_marks_stay_inside_their_words() -> None:
    assert words("किसानों को सही दाम मिले, ये ज़रूरी है।") == "किसानों को सही दाम मिले ये ज़रूरी है"
