"""Markup in a segment (``mtqa.markup``): tags compared by what software reads, translatable
attributes, entities, and well-formedness (M101, M102).
"""

from __future__ import annotations

import pytest

from mtqa.checks import ALL_CHECKS
from mtqa.config import Config
from mtqa.document import Document
from mtqa.runner import run, signature

from .conftest import check_text_pair


@pytest.mark.parametrize(
    ("source", "target", "codes"),
    [
        # a translated tooltip, alternative text or label is translation, not a broken tag
        ('<a href="/x" title="Help">help</a>', '<a href="/x" title="Hilfe">Hilfe</a>', set()),
        ('<img src="a.png" alt="Logo">', '<img alt="Firmenlogo" src="a.png">', set()),
        ('<i aria-label="Close">×</i>', '<i aria-label="Schließen">×</i>', set()),
        ('<a href="/x" title="Help">help</a>', '<a href="/y" title="Hilfe">Hilfe</a>', {"M101"}),
        ('<a href="/x" title="Help">help</a>', '<a href="/x">Hilfe</a>', {"M101"}),
        # entities are characters: neither punctuation nor glued words
        ("Use &lt;b&gt; for bold", "Verwenden Sie &lt;b&gt; für Fettdruck", set()),
        ("Loading&hellip;", "Wird geladen&hellip;", set()),
        ("Loading&hellip;", "Wird geladen", {"F401"}),
        ("Terms&nbsp;of&nbsp;use", "Nutzungs&shy;bedingungen", set()),
        # well-formedness of the target's markup
        ("<b>Bold</b> and <i>italic</i>", "<b>Fett</b> und <i>kursiv</i>", set()),
        ("<b>Bold <i>italic</i></b>", "<b>Fett <i>kursiv</b></i>", {"M102"}),
        ("<b>Bold</b> text", "<b>Fetter Text", {"M101", "M102"}),
        ("<b>Bold</b> text", "</b>Fetter<b> Text", {"M102"}),
        ("<b>Bold text", "<b>Fetter Text", set()),  # the source does not nest either
    ],
)
def test_markup_compares_what_software_reads(source: str, target: str, codes: set[str]) -> None:
    report = check_text_pair(source, target)
    assert {f.code for f in report.findings} & {"M101", "M102", "F401", "F101"} == codes
    assert all(f.text == target[f.start : f.end] for f in report.findings)


def test_translatable_attributes_are_configurable() -> None:
    from mtqa.placeholders import Settings

    cfg = Config(
        use_model=False, select=("M101",), localization=Settings(translatable_attributes=())
    )
    checks = cfg.enabled(ALL_CHECKS)
    source, target = (
        '<abbr title="World Health Organization">WHO</abbr>',
        ('<abbr title="Weltgesundheitsorganisation">WHO</abbr>'),
    )
    document = Document("t", "t", target, source=source, source_lang="en", target_lang="de")
    assert [f.text for f in run(document, cfg, checks, signature(cfg, checks)).findings] == [
        '<abbr title="Weltgesundheitsorganisation">'
    ]


@pytest.mark.parametrize(
    ("source", "target", "langs", "b113", "b204"),
    [
        (
            'Read our <a href="https://example.org/privacy">privacy policy</a>',
            'Lesen Sie unsere <a href="https://example.org/privacy">Datenschutzerklärung',
            ("en", "de"),
            ['<a href="https://example.org/privacy">'],
            [],
        ),
        (
            'Read our <a href="https://example.org/privacy">privacy policy</a>',
            'Lesen Sie unsere <a href="https://example.org/privacy">Datenschutzerklärung</a>',
            ("en", "de"),
            [],
            [],
        ),
        (
            'Open <a href="/settings" class="link">Settings</a>',
            'Ouvrez les <a href="/settings" class="link">Paramètres</a>',
            ("en", "fr"),
            [],
            [],
        ),
        (
            'Open <a href="/settings">"Settings"</a>',
            'Ouvrez les <a href="/settings">Paramètres</a>',
            ("en", "fr"),
            [],
            ['Ouvrez les <a href="/settings">Paramètres</a>'],
        ),
    ],
)
def test_markup_with_addresses_nests_and_its_attribute_quotes_are_no_quotations(
    source: str, target: str, langs: tuple[str, str], b113: list[str], b204: list[str]
) -> None:
    report = check_text_pair(source, target, langs)
    assert [f.text for f in report.findings if f.code == "M102"] == b113
    assert [f.text for f in report.findings if f.code == "L102"] == b204


def test_a_changed_address_in_a_link_is_a_link_finding_not_a_broken_tag() -> None:
    report = check_text_pair(
        'See <a href="https://example.org/help">help</a>',
        'Siehe <a href="https://example.org/hilfe">Hilfe</a>',
    )
    assert [f.code for f in report.findings if f.code in ("M101", "A302")] == ["A302"]
