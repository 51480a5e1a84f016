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


def test_leetspeak_one_reads_as_l_or_i_by_its_neighbours() -> None:
    assert words("F0l1ow 4 Fol10w, 1ik3 4 L1k3") == "follow 4 follow like 4 like"
    assert words("p1ea$e c1ick 7h3 v1de0, 1t c@l13d") == "please click the video 1t called"
    assert words("fu11 r3a1 sh1t v1agra") == "full real shit viagra"


def test_leetspeak_with_few_letters_is_read_when_its_digits_sit_inside_or_at_both_ends() -> None:
    assert words("7h3 5PEC141 P134$E B3C4U53 90O9LE 9uys") == "the special please because google guys"
    # one run of digits at one end, letters not the majority: numbers, names and units stay
    assert words("m3 1m 0n 90s 2nd i75") == "m3 1m 0n 90s 2nd i75"
    # a digit that stands for no letter (2, 6, 8) makes the token a name or a code
    assert words("user123 r2d2 h2o b2b 3g6 mp3") == "user123 r2d2 h2o b2b 3g6 mpe"


def test_generated_leet_table_matches_the_training_comments() -> None:
    from rejoinder.spam.leet_table import L_CONTEXTS
    from training.build_leet_table import build

    assert build() == L_CONTEXTS
    assert {"pe", " i", "lo"} <= L_CONTEXTS  # please, like, follow
    assert not {"vd", " t", "ht"} & L_CONTEXTS  # video, it, shit


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
