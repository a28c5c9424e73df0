"""mtqa.numbers: its data file, its table of passes, and the readings compared across locales
and scripts (the number-mismatch check itself is tested in test_pair_checks.py)."""

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


# --- readings compared across locales and scripts -----------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "missing", "added"),
    [
        ("1.000,5 Euro", "1,000.5 euros", [], []),
        ("1 000,5 €", "1,000.5 euros", [], []),
        ("am 14. März 2025", "on 14 March 2025", [], []),
        ("am 14.03.2025", "on March 14, 2025", [], []),
        ("um 9:30 Uhr", "at 10:30", ["9:30 Uhr"], ["10:30"]),
        ("um 21:30 Uhr", "at 9:30 pm", [], []),
        ("转移群众1.2万人", "12,000 people", [], []),
        ("损失1.5亿元", "150 million yuan", [], []),
        ("为六个月来首次", "the first time in six months", [], []),
        ("3 Millionen", "3 million", [], []),
        ("Sechs Menschen", "Six people", [], []),
        ("Er zahlte 1.500 Euro", "He paid 1,050 euros", ["1.500"], ["1,050"]),
        ("Die Quote: 2,5 Prozent", "The rate: 25 percent", ["2,5"], ["25"]),
        ("卫生填埋329.29万吨", "3.293 million tons", [], []),  # rounded with a scale word
        ("处理8.01万吨", "801,000 tons", ["8.01"], ["801,000"]),  # 80,100 tons
        ("3,292,900 tons", "3,293,900 tons", ["3,292,900"], ["3,293,900"]),
        ("活动将于晚上8点开始", "at 8 p.m.", [], []),
        ("活动将于14点开始", "at 14:00", [], []),
        ("活动将于晚上8点开始", "at 8 a.m.", ["晚上8点"], ["8 a.m."]),
        ("他提出了3点建议", "3 suggestions", [], []),  # 3 points, not 3 o'clock
        ("价格上涨了3点5%", "rose 3.5%", [], []),
        ("价格上涨了3点5%", "rose 3.6%", ["3点5"], ["3.6"]),
        ("opens at 9:30", "ouvre à 9 h 30", [], []),
        ("opens at 9:30", "ouvre à 10 h 30", ["9:30"], ["10 h 30"]),
        ("Press it 3 times", "Drücken Sie dreimal", [], []),
        ("on the 2nd floor", "im zweiten Stock", [], []),
        ("on the 2nd floor", "au deuxième étage", [], []),
        ("the 3rd day", "el tercer día", [], []),
        ("1,000 euros", "1’000 Euro", [], []),
    ],
)
def test_numbers_compare_across_locales(
    source: str, target: str, missing: list[str], added: list[str]
) -> None:
    result = numbers.compare(numbers.find(source), numbers.find(target))
    assert [source[q.start : q.end] for q in result.missing] == missing
    assert [target[q.start : q.end] for q in result.added] == added


@pytest.mark.parametrize(
    ("source", "target", "added"),
    [
        ("Storage is 85% full", "التخزين ممتلئ بنسبة ٨٥٪", []),
        ("Price: 1,249.99", "السعر: ١٬٢٤٩٫٩٩", []),  # U+066C thousands, U+066B decimal
        ("Price: 1,249.99", "السعر: ١٬٢٩٤٫٩٩", ["١٬٢٩٤٫٩٩"]),
        ("in 3 to 5 days", "خلال ۳ إلى ۵ روز", []),  # Persian digits
        ("in 3 to 5 days", "خلال ۳ إلى ۶ روز", ["۶"]),
        ("21°C", "٢١°C", []),
        ("12 items", "१२ आइटम", []),  # Devanagari
        ("Page 2", "ページ２", []),  # full-width
    ],
)
def test_numbers_in_other_scripts_are_the_same_numbers(
    source: str, target: str, added: list[str]
) -> None:
    result = numbers.compare(numbers.find(source), numbers.find(target))
    assert [target[q.start : q.end] for q in result.added] == added
