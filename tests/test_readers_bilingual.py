"""Readers of bilingual files (XLIFF 1.2 and 2.0, TMX, PO, bilingual CSV, line pairs): units
with their ids, sources, notes and inline codes; bad files are clear errors that do not stop
the run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import DocumentError, Severity
from mtqa.readers import read_paths

from .conftest import BAD, BILINGUAL, check_file, mtqa_cli, only_report, read_one

# --- XLIFF, TMX, PO, CSV ------------------------------------------------------------------


def test_xliff_12_units_keep_ids_notes_and_inline_codes() -> None:
    document = read_one(BILINGUAL / "ui_en_de.xlf")
    assert (document.source_lang, document.target_lang) == ("en", "de")
    units = {u.id: u for u in document.units}
    assert len(units) == 23
    assert units["welcome"].target == 'Willkommen bei <g id="1">Acme Cloud</g>!'
    assert units["save.hint"].source == 'Click <x id="2"/>Save<x id="3"/> to keep your changes.'
    assert units["backup.schedule"].source == "Backups run every night at 2:00 AM."  # <mrk>
    assert units["committee.report"].target.count("&") == 1  # entities decoded
    assert units["folder.delete"].target == ""
    assert units["files.new"].notes == ("%d is the number of files",)
    assert units["cart.total"].source == "Total: "  # whitespace kept as in the file
    # the joined target text places every unit at its offset
    for unit in document.units:
        assert document.target[unit.offset : unit.end] == unit.target


def test_xliff_2_segments_and_codes() -> None:
    document = read_one(BILINGUAL / "help_en_fr.xlf")
    units = {u.id: u for u in document.units}
    assert list(units)[:4] == ["menu.open", "export", "order/s1", "order/s2"]
    assert units["menu.open"].source == 'Press <ph id="1"/> to open the menu.'
    assert units["export"].target.startswith('Sélectionnez <pc id="1">Exporter</pc>')
    assert (document.source_lang, document.target_lang) == ("en", "fr")


def test_tmx_uses_tuid_or_position_and_source_language() -> None:
    document = read_one(BILINGUAL / "news_de_en.tmx")
    ids = [u.id for u in document.units]
    assert ids[7] == "8"  # a <tu> without tuid is named by its 1-based position
    assert ids[0] == "dpa-0412-1"
    assert document.units[0].source.startswith("Die Bundesregierung")
    assert document.units[10].target.endswith('<bpt i="1"/>historic day<ept i="1"/>.')
    assert (document.source_lang, document.target_lang) == ("de", "en")


def test_tmx_ut_codes_are_tags_not_text() -> None:
    from lxml import etree

    from mtqa.readers.xliff import inline_text

    segment = etree.fromstring("<seg>Press <ut>&lt;b&gt;</ut>Save<ut>&lt;/b&gt;</ut> now.</seg>")
    assert inline_text(segment) == "Press <ut/>Save<ut/> now."


def test_po_units_context_plurals_and_skips() -> None:
    document = read_one(BILINGUAL / "app_de.po")
    units = {u.id: u for u in document.units}
    assert "menu::File" in units and "button::Open" in units and "Open" in units
    assert units["%d file deleted[1]"].source == "%d files deleted"
    assert units["%d file deleted[1]"].target == "%d Dateien gelöscht"
    assert units["One comment[0]"].source == "One comment"
    assert "Old string" not in units  # obsolete entries are not checked
    assert "flag: fuzzy" in units["Your password has expired."].notes
    assert document.target_lang == "de"


def test_xliff_ids_are_unique_per_file_and_translate_no_is_skipped(tmp_path: Path) -> None:
    v12 = tmp_path / "two_files.xlf"
    v12.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file original="menu.properties" source-language="en-US" target-language="de-DE"'
        ' datatype="plaintext"><body>\n'
        '<trans-unit id="1"><source>Save</source><target>Speichern</target></trans-unit>\n'
        '<trans-unit id="brand" translate="no"><source>Acme Cloud Sync for Teams</source>'
        "</trans-unit>\n"
        "</body></file>\n"
        '<file original="dialog.properties" source-language="en-US" target-language="de-DE"'
        ' datatype="plaintext"><body>\n'
        '<trans-unit id="1"><source>Cancel</source><target>Abbrechen</target></trans-unit>\n'
        '<group translate="no"><trans-unit id="2"><source>OK</source></trans-unit></group>\n'
        "</body></file>\n</xliff>\n",
        encoding="utf-8",
    )
    v2 = tmp_path / "two_files_2.xlf"
    v2.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en"'
        ' trgLang="fr">\n'
        '<file id="f1"><unit id="u1"><segment><source>Open the file.</source>'
        "<target>Ouvrez le fichier.</target></segment></unit>\n"
        '<unit id="brand" translate="no"><segment><source>Acme Cloud Sync</source>'
        "<target>Acme Cloud Sync</target></segment></unit></file>\n"
        '<file id="f2"><unit id="u1"><segment><source>Close the file.</source>'
        "<target>Fermez le fichier.</target></segment></unit></file>\n</xliff>\n",
        encoding="utf-8",
    )
    expected = {
        v12: ["menu.properties#1", "dialog.properties#1"],
        v2: ["f1#u1", "f2#u1"],
    }
    for path, ids in expected.items():
        document, report = check_file(path, Config(use_model=False))
        assert [u.id for u in document.units] == ids
        assert any('marked translate="no" not checked' in n for n in document.notes)
        assert not [f for f in report.findings if f.severity >= Severity.MAJOR], report.findings


def test_po_plural_forms_and_contexts_are_read_as_gettext_means_them(tmp_path: Path) -> None:
    """In Russian msgstr[0] also covers 21, 31...: its source is msgid_plural, so "%d" in it
    is right; plural forms are not each other's inconsistent translations, and one msgid
    with two contexts may have two translations."""
    po = tmp_path / "ru.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && '
        'n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        'msgid "One comment"\nmsgid_plural "%d comments"\n'
        'msgstr[0] "%d комментарий"\nmsgstr[1] "%d комментария"\n'
        'msgstr[2] "%d комментариев"\n\n'
        'msgctxt "verb"\nmsgid "Open"\nmsgstr "Открыть"\n\n'
        'msgctxt "adjective"\nmsgid "Open"\nmsgstr "Открытый"\n',
        encoding="utf-8",
    )
    document, report = check_file(po, Config(use_model=False))
    forms = [u for u in document.units if u.plural is not None]
    assert [(u.plural, u.source) for u in forms] == [(n, "%d comments") for n in range(3)]
    assert {u.context for u in document.units if u.plural is None} == {"verb", "adjective"}
    assert not [f for f in report.findings if f.code in ("M101", "T201", "A307")]
    listed = {u["id"]: u for u in report.to_dict()["units"]}
    assert listed["verb::Open"]["context"] == "verb" and listed["One comment[2]"]["plural"] == 2
    # with two forms (German), form 0 is the singular
    [german] = [d for d in read_paths([str(BILINGUAL / "app_de.po")], None, "en")]
    assert isinstance(german, Document)
    assert [u.source for u in german.units if u.plural == 0] == ["%d file deleted", "One comment"]


def test_bilingual_csv_ids_and_notes() -> None:
    document = read_one(BILINGUAL / "shop_en_es.csv")
    assert [u.id for u in document.units][:2] == ["promo.shipping", "cart.add"]
    assert document.units[0].notes == ("Homepage banner",)
    assert document.units[0].line == 2


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        (BAD / "malformed.xlf", "malformed XML: Opening and ending tag mismatch"),
        (BAD / "broken.po", "malformed PO file: unterminated string on line 8"),
        (BAD / "no_target_column.csv", "nor 'source' and 'target' columns"),
        (BAD / "no_mt_column.csv", "(columns: id, source, translation, reference)"),
    ],
)
def test_bad_bilingual_input_is_a_clear_error(path: Path, needle: str) -> None:
    [item] = list(read_paths([str(path)], None, "en"))
    assert isinstance(item, DocumentError)
    assert needle in item.message
    assert item.path == str(path)


def test_malformed_xml_names_line_and_column() -> None:
    [item] = list(read_paths([str(BAD / "malformed.xlf")], None, "en"))
    assert isinstance(item, DocumentError)
    assert item.line == 7
    assert item.message.endswith("(line 7, column 51)")


def test_bad_files_do_not_stop_the_run(tmp_path: Path) -> None:
    result = mtqa_cli(
        tmp_path,
        BAD / "malformed.xlf",
        BILINGUAL / "shop_en_es.csv",
        BAD / "broken.po",
        BILINGUAL / "news_de_en.tmx",
        BAD / "no_target_column.csv",
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    data = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    assert [d["path"] for d in data["documents"]] == [
        str(BILINGUAL / "shop_en_es.csv"),
        str(BILINGUAL / "news_de_en.tmx"),
    ]
    assert [(e["path"], e["line"]) for e in data["errors"]] == [
        (str(BAD / "malformed.xlf"), 7),
        (str(BAD / "broken.po"), 8),
        (str(BAD / "no_target_column.csv"), 1),
    ]


# --- line pairs and --source --------------------------------------------------------------


def test_line_pairs_with_reference_give_metrics_and_unit_ids(tmp_path: Path) -> None:
    lines = BILINGUAL / "lines"
    result = mtqa_cli(
        tmp_path,
        lines / "briefing.en.txt",
        "--source",
        lines / "briefing.de.txt",
        "--reference",
        lines / "briefing.ref.en.txt",
        "--align",
        "lines",
        "--lang",
        "de-en",
    )
    assert result.returncode == 1, result.stderr
    report = only_report(tmp_path / "out")
    found = {(f["unit"], f["code"]) for f in report["findings"]}
    assert {("2", "A301"), ("4", "A303")} <= found
    assert not {unit for unit, _ in found} - {"2", "4"}
    reference = report["score"]["reference"]
    assert reference["segments"] == 6
    assert set(reference) >= {"bleu", "chrf", "ter", "signatures"}
    assert reference["signatures"]["bleu"].startswith("nrefs:1|case:mixed")
    assert 0 < reference["chrf"] < 100
    assert all("scores" in u for u in report["units"])
    assert report["units"][3]["scores"]["bleu"] < report["units"][4]["scores"]["bleu"]


def test_lines_of_different_counts_are_an_error_and_other_files_are_checked(
    tmp_path: Path,
) -> None:
    lines = BILINGUAL / "lines"
    result = mtqa_cli(
        tmp_path,
        lines / "briefing.en.txt",
        "--source",
        BAD / "briefing_short.de.txt",
        "--align",
        "lines",
    )
    assert result.returncode == 2
    assert "6 lines, but the source file" in result.stderr
    assert "Traceback" not in result.stderr


def test_source_and_reference_need_exactly_one_file(tmp_path: Path) -> None:
    lines = BILINGUAL / "lines"
    result = mtqa_cli(tmp_path, lines, "--source", lines / "briefing.de.txt")
    assert result.returncode == 2
    assert "exactly one translated file" in result.stderr
