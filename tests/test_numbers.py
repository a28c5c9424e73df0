"""mtqa.numbers: its data file and its table of passes (the readings themselves are tested
through the number-mismatch check in test_bilingual.py)."""

from __future__ import annotations

import pytest

from mtqa import numbers

#: One text per pass of ``numbers.PASSES`` that the pass reads (after the passes before it
#: have taken their spans), and the values of the first quantity it finds there.
EXAMPLES = {
    "midnight": ("零点出发", {0.0, 1440.0}),
    "cjk_times": ("9时半", {570.0, 1290.0}),
    "cjk_hours": ("晚上8点", {1200.0}),
    "cjk_decimals": ("增长3点5", {3.5}),
    "hours": ("um 22 Uhr", {1320.0}),
    "cjk_compounds": ("11万7015人", {117015.0}),
    "times": ("at 9:30 pm", {1290.0}),
    "digits": ("3.5 million", {3.5, 3.5e6}),
    "cjk_numerals": ("七万八千", {78000.0}),
    "cjk_bare_scales": ("万元户", {1e4}),
    "compound_words": ("thirty-two", {32.0}),
    "words": ("im März", {3.0}),
}


def _by_pass(text: str) -> dict[str, list[numbers.Quantity]]:
    """What each pass reads in ``text``, the passes run in order as ``find`` runs them."""
    blocked = [False] * (len(text) + 1)
    return {step.name: step.read(text, blocked) for step in numbers.PASSES}


def test_the_data_file_loads_once() -> None:
    lexicon = numbers._lexicon()
    assert lexicon is numbers._lexicon()
    assert lexicon.words["sechs"] == 6 and lexicon.words["dritten"] == 3
    assert "achten" not in lexicon.words  # the verb, not the ordinal
    assert lexicon.months["märz"] == 3 and lexicon.months["sept"] == 9
    assert lexicon.scales["万"] == 1e4 and lexicon.scales["mio"] == 1e6
    assert lexicon.cjk_digits["两"] == 2 and lexicon.cjk_units["千"] == 1000
    assert "晚上" in lexicon.afternoon and "凌晨" in lexicon.morning
    assert all(word == word.lower() for word in (*lexicon.words, *lexicon.months))


def test_a_word_with_two_values_is_refused() -> None:
    with pytest.raises(ValueError, match="'april'"):
        numbers._merged("month", [[("april", 4)], [("April", 5)]])


def test_every_pass_is_reached() -> None:
    assert set(EXAMPLES) == {step.name for step in numbers.PASSES}
    assert len(numbers.PASSES) == len(EXAMPLES)  # no name twice
    for name, (text, values) in EXAMPLES.items():
        read = _by_pass(text)[name]
        assert read and read[0].values == values, name
        assert all(q in numbers.find(text) for q in read), name


def test_find_is_its_passes_in_order() -> None:
    text = "Am 14.03.2025 um 9:30 Uhr: 3,5 Mio. Euro, thirty-two guests, 零点, 十几万人, v3.2.1"
    assert numbers.find(text) == sorted(
        (q for found in _by_pass(text).values() for q in found), key=lambda q: q.start
    )


def test_an_earlier_pass_takes_its_span() -> None:
    # a time, not the numbers 9 and 30; the 万 of 3万 is the digits' scale, not a bare 万
    assert [q.kind for q in numbers.find("9:30")] == ["time"]
    assert _by_pass("3万")["cjk_bare_scales"] == []
