"""Placeholders (``mtqa.placeholders``, ``mtqa.dialects``): what is one, in which dialect, and
the placeholder-mismatch check (M101) that compares them by argument, not by spelling.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa import placeholders
from mtqa.checks import ALL_CHECKS
from mtqa.config import Config
from mtqa.document import Document
from mtqa.runner import run, signature

from .conftest import check_text, check_text_pair

# --- finding placeholders -----------------------------------------------------------------


def test_placeholders_found_with_kinds() -> None:
    text = 'Hi {name}: %1$s <x id="2"/> {n, plural, other {# items}} see https://a.example/x.'
    found = [(p.kind, text[p.start : p.end]) for p in placeholders.find(text)]
    assert found == [
        ("variable", "{name}"),
        ("variable", "%1$s"),
        ("tag", '<x id="2"/>'),
        ("variable", "{n"),
        ("url", "https://a.example/x"),
    ]


def test_numbers_inside_placeholders_are_not_numbers() -> None:
    report = check_text_pair('Click <x id="1"/> twice.', 'Klicken Sie <x id="1"/> zweimal.')
    assert not [f for f in report.findings if f.code == "A301"]


# --- placeholder-mismatch (M101) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        # outside an ICU message, "one {product}" is a variable after the word "one"
        ("Add one {product} to your cart.", "Legen Sie ein {product} in den Korb.", []),
        ("You and {count} other {people}", "Du und {count} weitere {people}", []),
        (
            "{gender, select, male {He} female {She} other {They}} liked it.",
            "{gender, select, male {Ihm} female {Ihr} other {Ihnen}} gefällt es.",
            [],
        ),
        (
            "{n, plural, one {{name} has # file} other {{name} has # files}}",
            "{n, plural, one {# Datei von {name}} other {# Dateien von {nombre}}}",
            ["{nombre}"],
        ),
        ("Welcome, {{user.name}}!", "Willkommen, {{ user.name }}!", []),
        ("Welcome, {{user.name}}!", "Willkommen, {{user}}!", ["{{user}}"]),
        ("First line<br>second", "Erste Zeile<br />zweite", []),
        ("Click <a href='/x' class=\"b\">here</a>", 'Klicken <a class="b" href="/x">hier</a>', []),
        ("Click <a href='/x'>here</a>", "Klicken <a href='/y'>hier</a>", ["<a href='/y'>"]),
    ],
)
def test_placeholders_compare_by_meaning_not_spelling(
    source: str, target: str, flagged: list[str]
) -> None:
    report = check_text_pair(source, target)
    assert [f.text for f in report.findings if f.code == "M101"] == flagged


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        # reordering: numbered and plain placeholders match by argument and type
        ("%s uploaded %d files", "%2$d Dateien von %1$s hochgeladen", []),
        ("%s uploaded %d files", "%d Dateien von %s hochgeladen", ["%d", "%s"]),
        ("%1$s uploaded %2$d files", "%2$d Dateien von %1$s", []),
        ("%1$s uploaded %2$d files", "%2$s Dateien von %1$d", ["%2$s", "%1$d"]),
        ("{0} replied to {1}", "{1} hat {0} geantwortet", []),
        ("{} of {}", "{} von {}", []),
        ("{0,number} of {1}", "{1} von {0,number}", []),
        ("Hello %1, %n new", "Hallo %1, %n neu", []),
        ("%i items", "%d Elemente", []),  # %i and %d take the same argument
        ("%lld items", "%d Elemente", ["%d"]),
        ("Open %S", "%S öffnen", []),
        ("$count$ tabs", "$COUNT$ Tabs", []),  # WebExtension names ignore case
        ("&amp; more", "&amp; mehr", []),  # HTML entities are characters, not placeholders
    ],
)
def test_placeholders_match_by_argument_not_text(
    source: str, target: str, flagged: list[str]
) -> None:
    report = check_text_pair(source, target)
    assert sorted(f.text for f in report.findings if f.code == "M101") == sorted(flagged)


@pytest.mark.parametrize(
    ("source", "target", "flagged"),
    [
        ("Used: {0,number}", "Belegt: {0,number,percent}", ["{0,number,percent}"]),
        ("Due {1,date,long}", "Fällig am {1,date,short}", ["{1,date,short}"]),
        ("Total: {0,number,currency}", "Summe: {0, number, currency}", []),
        ("Share: {0,number,percent}", "Anteil: {0,number,percent}", []),
        # a pattern is how the locale writes the same type
        ("On {0,date,MM/dd/yyyy}", "Am {0,date,dd.MM.yyyy}", []),
    ],
)
def test_an_icu_argument_style_is_part_of_its_type(
    source: str, target: str, flagged: list[str]
) -> None:
    report = check_text_pair(source, target)
    assert [f.text for f in report.findings if f.code == "M101"] == flagged


@pytest.mark.parametrize(
    ("source", "target", "langs", "b101", "b111"),
    [
        ("Storage is 85% full", "Depolama alanı %85 dolu", ("en", "tr"), [], []),
        ("Save 12.5% today", "Bugün %12,5 tasarruf edin", ("en", "tr"), [], []),
        ("Beste 30% erabili da", "30% used", ("eu", "en"), [], []),
        ("Storage is 85% full", "Depolama alanı %58 dolu", ("en", "tr"), ["58"], []),
        # a Qt placeholder stays one, in Turkish too
        ("Page %1 of %2", "Sayfa %1 / %2", ("en", "tr"), [], []),
        ("Page %1 of %2", "Sayfa %1 / %3", ("en", "tr"), [], ["%3"]),
        # only in languages that write the sign first
        ("Storage is 85% full", "Speicher zu %85 voll", ("en", "de"), [], ["%85"]),
    ],
)
def test_a_percent_sign_first_is_a_percentage_where_the_language_writes_it_so(
    source: str, target: str, langs: tuple[str, str], b101: list[str], b111: list[str]
) -> None:
    report = check_text_pair(source, target, langs)
    assert [f.text for f in report.findings if f.code == "M101"] == b111
    assert [f.text for f in report.findings if f.code == "A301" and f.text != target] == b101


# --- dialects and their configuration -----------------------------------------------------


def test_dialects_are_chosen_by_po_flags_then_configuration() -> None:
    from mtqa.placeholders import Settings, dialects_for

    def names(settings: Settings, path: str, notes: tuple[str, ...] = ()) -> list[str]:
        return [d.name for d in dialects_for(settings, path, notes)]

    default = Settings()
    assert names(default, "a.po", ("flag: c-format",)) == ["printf", "escape"]
    assert names(default, "a.po", ("flag: python-format",)) == ["python", "escape"]
    assert names(default, "a.po", ("flag: qt-plural-format",)) == ["qt", "escape"]
    assert "printf" not in names(default, "a.po", ("flag: no-c-format",))
    assert len(names(default, "a.xlf")) > 5  # nothing said: every dialect
    configured = Settings(dialects=(("*.properties", ("icu",)), ("*", ("printf", "qt"))))
    assert names(configured, "l10n/app.properties") == ["icu", "escape"]
    assert names(configured, "ui.xlf") == ["printf", "qt", "escape"]
    assert names(configured, "a.po", ("flag: python-brace-format",)) == ["brace", "escape"]


def test_a_c_format_message_ignores_braces_and_a_qt_file_reads_percent_digits() -> None:
    from mtqa.placeholders import Settings, dialects_for, find

    c_format = dialects_for(Settings(), "a.po", ("flag: c-format",))
    assert [p.label for p in find("{user} has %d", c_format)] == ["printf placeholder"]
    qt = dialects_for(Settings(dialects=(("*", ("qt",)),)), "a.ts")
    assert [("%1s"[p.start : p.end], p.label) for p in find("%1s", qt)] == [
        ("%1", "Qt placeholder")
    ]


def test_placeholder_settings_in_the_configuration(tmp_path: Path) -> None:
    from mtqa.config import ConfigError
    from mtqa.config import load as load_config

    (tmp_path / "mtqa.toml").write_text(
        'placeholders = ["printf", "Qt", "mozilla"]\ntranslatable-attributes = ["title"]\n',
        "utf-8",
    )
    loaded = load_config(tmp_path / "mtqa.toml").localization
    assert loaded.dialects == (("*", ("printf", "qt", "mozilla")),)
    assert loaded.translatable_attributes == ("title",)
    (tmp_path / "mtqa.toml").write_text(
        '[placeholders]\n"*.properties" = ["java"]\n"*" = ["auto"]\n', "utf-8"
    )
    table = load_config(tmp_path / "mtqa.toml").localization.dialects
    assert table[0] == ("*.properties", ("icu",)) and len(table[1][1]) > 5
    (tmp_path / "mtqa.toml").write_text('placeholders = ["printf", "jinja"]\n', "utf-8")
    with pytest.raises(ConfigError, match="unknown placeholder dialect 'jinja'"):
        load_config(tmp_path / "mtqa.toml")


def test_configured_dialects_apply_to_the_run() -> None:
    """With ``placeholders = ["qt"]``, "%1s" is Qt's %1 followed by an s (a printf reading
    would call it a string of width 1, and its loss would go unnoticed as printf)."""
    from mtqa.placeholders import Settings

    cfg = Config(
        use_model=False, select=("M101",), localization=Settings(dialects=(("*", ("qt",)),))
    )
    checks = cfg.enabled(ALL_CHECKS)
    document = Document(
        "t", "t.txt", "%2s ago", source="%1s ago", source_lang="en", target_lang="de"
    )
    report = run(document, cfg, checks, signature(cfg, checks))
    [finding] = report.findings
    assert finding.text == "%2" and "Qt placeholder" in finding.message


# A percent sign is only a sign where a number and a space come before it.


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Save 15 % now.", "Jetzt 15 % sparen."),
        ("50 % of the votes.", "50 % des voix."),
        ("50 % of the votes.", "50\u00a0% des voix."),
    ],
)
def test_a_percent_sign_after_a_number_is_not_a_placeholder(source: str, target: str) -> None:
    report = check_text(target, Config(use_model=False), source=source, langs=("en", "de"))
    assert [f for f in report.findings if f.code == "M101"] == []


def test_a_python_placeholder_with_the_space_flag_is_still_one() -> None:
    report = check_text(
        "Datei % s gelöscht.",
        Config(use_model=False),
        source="File % s deleted.",
        langs=("en", "de"),
    )
    assert [f for f in report.findings if f.code == "M101"] == []
    dropped = check_text(
        "Datei gelöscht.", Config(use_model=False), source="File % s deleted.", langs=("en", "de")
    )
    assert [f.code for f in dropped.findings if f.code == "M101"] == ["M101"]
