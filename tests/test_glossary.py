"""Glossaries (``mtqa.glossary``): CSV and TBX, alternatives, languages, configuration, and
the terminology checks (T301, T302) that read them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.checks import ALL_CHECKS
from mtqa.config import Config
from mtqa.document import Document
from mtqa.glossary import GlossaryError
from mtqa.glossary import load as load_glossary
from mtqa.runner import run, signature

from .conftest import BILINGUAL, check_file, mtqa_cli


def test_tbx_glossary_gives_the_same_findings_as_the_csv() -> None:
    tbx = Config(use_model=False, glossary=load_glossary(BILINGUAL / "glossary.tbx"))
    _, from_tbx = check_file(BILINGUAL / "ui_en_de.xlf", tbx)
    _, from_csv = check_file(BILINGUAL / "ui_en_de.xlf")
    terms = {"T301", "T302"}
    assert {(f.unit, f.code) for f in from_tbx.findings if f.code in terms} == {
        (f.unit, f.code) for f in from_csv.findings if f.code in terms
    }


def test_glossary_rows_are_alternatives_and_missing_languages_say_nothing(
    tmp_path: Path,
) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("source,target\nbudget,Haushalt\nbudget,Etat\n", encoding="utf-8")
    by_language = tmp_path / "langs.csv"
    by_language.write_text(
        "en,de,fr\ninvoice,Rechnung,facture\nspreadsheet,,tableur\n", encoding="utf-8"
    )

    def glossary_codes(glossary: Path, source: str, target: str, langs: tuple[str, str]) -> set:
        cfg = Config(use_model=False, select=("T3",), glossary=load_glossary(glossary))
        checks = cfg.enabled(ALL_CHECKS)
        document = Document(
            "t", "t", target, source=source, source_lang=langs[0], target_lang=langs[1]
        )
        return {f.code for f in run(document, cfg, checks, signature(cfg, checks)).findings}

    en_de = ("en", "de")
    for translation in ("Der Etat wurde gebilligt.", "Der Haushalt wurde gebilligt."):
        assert glossary_codes(rows, "The budget was approved.", translation, en_de) == set()
    assert glossary_codes(rows, "The budget was approved.", "Das Geld wurde gebilligt.", en_de)
    spreadsheet = ("Export the spreadsheet as PDF.", "Exportieren Sie die Tabelle als PDF.")
    assert glossary_codes(by_language, *spreadsheet, en_de) == set()
    invoice = ("Send the invoice today.", "Envíe la factura hoy.")
    assert glossary_codes(by_language, *invoice, ("en", "es")) == set()
    wrong = ("Send the invoice today.", "Senden Sie den Beleg heute.")
    assert glossary_codes(by_language, *wrong, en_de) == {"T301"}


def test_glossary_without_columns_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "terms.csv"
    bad.write_text("word,meaning\nbudget,Haushalt\n", "utf-8")
    with pytest.raises(GlossaryError, match="needs 'source' and 'target' columns"):
        load_glossary(bad)
    result = mtqa_cli(tmp_path, BILINGUAL / "shop_en_es.csv", "--glossary", bad)
    assert result.returncode == 2
    assert "terms.csv" in result.stderr


def test_glossary_in_the_configuration_is_relative_to_it(tmp_path: Path) -> None:
    from mtqa.config import ConfigError
    from mtqa.config import load as load_config

    (tmp_path / "terms.csv").write_text("source,target\nbudget,Haushalt\n", "utf-8")
    (tmp_path / "mtqa.toml").write_text('glossary = "terms.csv"\n', "utf-8")
    loaded = load_config(tmp_path / "mtqa.toml")
    assert loaded.glossary is not None
    assert loaded.glossary.entries[0].pair("en", "de") == (("budget",), ("Haushalt",))
    (tmp_path / "mtqa.toml").write_text('glossary = "missing.csv"\n', "utf-8")
    with pytest.raises(ConfigError, match=r"missing\.csv"):
        load_config(tmp_path / "mtqa.toml")
