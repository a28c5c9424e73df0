"""Bilingual files and source-aware checks, on the realistic fixtures in fixtures/bilingual/.

Every fixture has planted errors of each kind next to clean units: the planted ones must be
found (unit and check), the clean units must get no major finding, and every finding's
offsets must index its unit's target exactly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mtqa import align, numbers, placeholders
from mtqa.analysis import analyse
from mtqa.checks import ALL_CHECKS
from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import DocumentError, Report, Severity
from mtqa.glossary import GlossaryError
from mtqa.glossary import load as load_glossary
from mtqa.readers import read_paths
from mtqa.runner import run, signature

from .conftest import FIXTURES

BILINGUAL = FIXTURES / "bilingual"
BAD = FIXTURES / "bad"
GLOSSARY = BILINGUAL / "glossary.csv"
#: The prefixes of the checks that compare with the source (the old ``B`` codes).
SOURCE_AWARE = ("A3", "F4", "L", "M", "T2", "T3")

#: (file, {unit id: checks planted there}); units not listed are clean.
PLANTED: dict[str, dict[str, set[str]]] = {
    "ui_en_de.xlf": {
        "save.hint": {"M101"},
        "trial.ends": {"A301"},
        "subscription.renewed": {"A303"},
        "folder.delete": {"A304"},
        "greeting": {"M101"},
        "signout.confirm": {"F401"},
        "settings.saved": {"F403"},
        "cart.total": {"F402"},
        "signin.company": {"T302"},
        "budget.exceeded": {"T301"},
        "privacy.link": {"A302"},
        "cancel.warning": {"A305"},
        "menu.save": {"T201"},
        "tab.close": {"A307"},
        "maintenance.start": {"A301"},
    },
    "help_en_fr.xlf": {
        "meeting.limit": {"A301"},
        "undo.warning": {"M101"},
        "support.contact": {"A303"},
        "refund": {"A302"},
        "share": {"M101"},
    },
    "news_de_en.tmx": {
        "dpa-0412-3": {"A301"},
        "dpa-0412-4": {"A301"},
        "dpa-0412-5": {"L101"},
        "dpa-0412-6": {"A305"},
        "dpa-0412-7": {"A303"},
        "dpa-0412-10": {"F401"},
    },
    "app_de.po": {
        "One comment[1]": {"M101"},
        "Welcome back, %(name)s!": {"M101"},
        "Your password has expired.": {"A304"},
        "Upload failed: the file is larger than 25 MB.": {"A301"},
    },
    "shop_en_es.csv": {
        "promo.discount": {"A301"},
        "promo.sale": {"M101"},
        "checkout.error": {"A304"},
        "policy.returns": {"A303"},
        "stock.none": {"F403"},
        "product.add": {"T201"},
    },
}


def config(**changes: Any) -> Config:
    return Config(use_model=False, glossary=load_glossary(GLOSSARY), **changes)


def read_one(path: Path) -> Document:
    [item] = list(read_paths([str(path)], None, "en"))
    assert isinstance(item, Document), item
    return item


def check_file(path: Path, cfg: Config | None = None) -> tuple[Document, Report]:
    cfg = cfg or config()
    checks = cfg.enabled(ALL_CHECKS)
    document = read_one(path)
    return document, run(document, cfg, checks, signature(cfg, checks))


def assert_offsets_exact(document: Document, report: Report) -> None:
    targets = {u.id: u.target for u in document.units}
    for f in report.findings:
        assert f.unit in targets, f
        assert f.text == targets[f.unit][f.start : f.end], f
    for s in report.sentences:
        assert s.unit in targets
        assert 0 <= s.start <= s.end <= len(targets[s.unit])


# --- readers ------------------------------------------------------------------------------


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


# --- checks on every fixture ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_planted_errors_found_clean_units_clean_offsets_exact(name: str) -> None:
    document, report = check_file(BILINGUAL / name)
    assert_offsets_exact(document, report)
    planted = PLANTED[name]
    found: dict[str, set[str]] = {}
    for f in report.findings:
        found.setdefault(str(f.unit), set()).add(f.code)
    for unit, codes in planted.items():
        assert codes <= found.get(unit, set()), (unit, codes, found.get(unit))
    for f in report.findings:
        if f.unit not in planted:
            assert f.severity < Severity.MAJOR, f  # clean units: no major finding
    assert report.flagged


def test_json_report_carries_units_and_unit_offsets(tmp_path: Path) -> None:
    result = mtqa_cli(
        tmp_path,
        BILINGUAL / "ui_en_de.xlf",
        "--glossary",
        GLOSSARY,
        "--format",
        "json",
        "--format",
        "md",
        "--format",
        "csv",
    )
    assert result.returncode == 1, result.stderr
    report = only_report(tmp_path / "out")
    targets = {u["id"]: u["target"] for u in report["units"]}
    assert len(targets) == 23
    assert report["units"][0] == {
        "id": "welcome",
        "source": 'Welcome to <g id="1">Acme Cloud</g>!',
        "target": 'Willkommen bei <g id="1">Acme Cloud</g>!',
        "line": 8,
    }
    for f in report["findings"]:
        assert f["text"] == targets[f["unit"]][f["start"] : f["end"]]
    [number] = [f for f in report["findings"] if f["code"] == "A301" and f["unit"] == "trial.ends"]
    assert (number["start"], number["end"], number["text"]) == (24, 25, "4")
    markdown = next((tmp_path / "out").glob("*.md")).read_text("utf-8")
    assert "Unit `trial.ends`" in markdown
    assert "> source: Your trial ends in 14 days." in markdown
    rows = (tmp_path / "out" / "findings.csv").read_text("utf-8").splitlines()
    assert rows[0].endswith(",unit")
    assert any(row.endswith(",trial.ends") for row in rows)


def test_fingerprints_differ_between_units_with_the_same_text() -> None:
    _, report = check_file(BILINGUAL / "ui_en_de.xlf")
    prints = [f.fingerprint for f in report.findings]
    assert len(prints) == len(set(prints))


# --- numbers and placeholders -------------------------------------------------------------


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


def test_numbers_inside_placeholders_are_not_numbers() -> None:
    report = check_text_pair('Click <x id="1"/> twice.', 'Klicken Sie <x id="1"/> zweimal.')
    assert not [f for f in report.findings if f.code == "A301"]


def check_text_pair(source: str, target: str, langs: tuple[str, str] = ("en", "de")) -> Report:
    cfg = Config(use_model=False, select=(*SOURCE_AWARE, "F1"))
    checks = cfg.enabled(ALL_CHECKS)
    document = Document("t", "t", target, source=source, source_lang=langs[0], target_lang=langs[1])
    return run(document, cfg, checks, signature(cfg, checks))


# --- feeds, line pairs, articles -----------------------------------------------------------


def test_source_aware_checks_apply_to_feed_records() -> None:
    items = list(read_paths([str(FIXTURES / "feeds" / "headlines_de_en.csv")], None, "en"))
    docs = [d for d in items if isinstance(d, Document)]
    cfg = Config(use_model=False, select=SOURCE_AWARE)
    checks = cfg.enabled(ALL_CHECKS)
    reports = {d.id: run(d, cfg, checks, signature(cfg, checks)) for d in docs}
    # dpa-003 adds a whole sentence ("Its visit lasted one day.") to a 38-character source
    assert "A306" in {f.code for f in reports["dpa-003"].findings}
    for report in reports.values():
        assert all(f.unit is None for f in report.findings)
        assert report.score.reference is not None or report.id == "dpa-005"


def test_a_source_without_a_stated_language_is_identified() -> None:
    """Records without ``src_lang`` get the checks that records with it get: the source's
    language is identified (here Chinese, whose translations are about 3.8 times longer in
    letters, so a wrong guess of 1:1 would call every translation an addition)."""
    cfg = Config(use_model=False)
    checks = cfg.enabled(ALL_CHECKS)
    sig = signature(cfg, checks)

    def reports(name: str) -> dict[str, Report]:
        items = read_paths([str(FIXTURES / "feeds" / name)], None, "en")
        return {d.id: run(d, cfg, checks, sig) for d in items if isinstance(d, Document)}

    stated, unstated = reports("news_zh_en.jsonl"), reports("news_zh_no_lang.jsonl")
    assert stated.keys() == unstated.keys() and len(stated) == 7
    for record_id, report in unstated.items():
        if record_id == "xinhua-2024-0311-06":  # no source: nothing to identify
            assert report.source_lang is None and not report.notes
        else:
            assert report.source_lang == "zh"
            assert any("identified as zh" in note for note in report.notes), report.notes
        assert [(f.code, f.start, f.end) for f in report.findings] == [
            (f.code, f.start, f.end) for f in stated[record_id].findings
        ], record_id
    assert not any(f.code == "A306" for r in unstated.values() for f in r.findings)
    stated_document = Document("t", "t", "Fine.", source="很好。", source_lang="ja")
    assert run(stated_document, cfg, checks, sig).source_lang == "ja"  # never overridden


def test_region_tags_are_reduced_to_the_language(tmp_path: Path) -> None:
    """zh-CN, en_US and de-DE in a bilingual CSV, a feed record and a PO header mean zh, en
    and de to every check (the length ratio of zh-en, number formats, language checks)."""
    table = tmp_path / "strings.csv"
    table.write_text(
        "id,source,target,src_lang,tgt_lang\n"
        '1,会议于周二在北京举行，双方就经济合作达成共识。,"The meeting was held in Beijing on '
        'Tuesday, and the two sides reached a consensus on economic cooperation.",zh-CN,en-US\n'
        "2,价格上涨了百分之三点五。,Prices rose by three and a half percent.,zh-CN,en-US\n",
        encoding="utf-8",
    )
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps(
            {
                "id": "r1",
                "src_lang": "zh-CN",
                "tgt_lang": "en_US",
                "source": "会议于周二在北京举行，双方就经济合作达成共识。",
                "mt": "The meeting was held in Beijing on Tuesday, and the two sides reached a "
                "consensus on economic cooperation.",
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    po = tmp_path / "app.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: de_DE\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Saving your changes failed. Please try again later."\n'
        'msgstr "Ihre Änderungen konnten nicht gespeichert werden. Bitte versuchen Sie es '
        'später erneut."\n',
        encoding="utf-8",
    )
    cfg = Config(use_model=False)
    checks = cfg.enabled(ALL_CHECKS)
    sig = signature(cfg, checks)
    expected = {table: ("zh", "en"), feed: ("zh", "en"), po: ("en", "de")}
    for path, langs in expected.items():
        [document] = list(read_paths([str(path)], None, "en"))
        assert isinstance(document, Document), document
        report = run(document, cfg, checks, sig)
        assert (report.source_lang, report.target_lang) == langs, path.name
        assert not [f for f in report.findings if f.code in ("A305", "A306")], path.name


def test_a_po_file_of_chinese_messages_has_its_source_language_identified(
    tmp_path: Path,
) -> None:
    po = tmp_path / "zh_en.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        'msgid "保存更改失败，请稍后重试。"\n'
        'msgstr "Failed to save your changes. Please try again later."\n\n'
        'msgid "您的密码已过期，请设置一个新密码。"\n'
        'msgstr "Your password has expired. Please set a new password."\n',
        encoding="utf-8",
    )
    _, report = check_file(po, Config(use_model=False))
    assert report.source_lang == "zh"
    assert not [f for f in report.findings if f.code in ("A305", "A306")]


@pytest.mark.parametrize(
    ("source", "target", "langs"),
    [
        (
            "Please save your changes before closing the application window.",
            "애플리케이션 창을 닫기 전에 변경 사항을 저장하세요.",
            ("en", "ko"),
        ),
        (
            "Bitte speichern Sie Ihre Änderungen, bevor Sie das Fenster schließen.",
            "请在关闭窗口之前保存您的更改。",
            ("de", "zh"),
        ),
        (
            "アプリケーションを閉じる前に変更を保存してください。",
            "Bitte speichern Sie Ihre Änderungen, bevor Sie die Anwendung schließen.",
            ("ja", "de"),
        ),
    ],
)
def test_no_length_finding_across_scripts_without_a_measured_ratio(
    source: str, target: str, langs: tuple[str, str]
) -> None:
    report = check_text_pair(source, target, langs)
    assert not [f for f in report.findings if f.code in ("A305", "A306")]


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


def _gold_beads() -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    gold = json.loads((BILINGUAL / "article" / "flood.alignment.json").read_text("utf-8"))
    return [(tuple(s), tuple(t)) for s, t in gold["beads"]]


def test_sentence_alignment_against_gold() -> None:
    """Measured: 8 of the 10 gold beads exactly, including the 1-2 split and the 2-1 merge;
    the two misses are one error: the sentence the translation left out (source 9) is merged
    with the next one into a 2-1 bead instead of a 1-0 bead and a 1-1 bead."""
    article = BILINGUAL / "article"
    source = (article / "flood.de.txt").read_text("utf-8")
    target = (article / "flood.en.txt").read_text("utf-8")
    analysis = analyse(Document("a", "a", target, source=source, source_lang="de"))
    spans = align.split_source(source)
    beads = align.align(
        [s.end - s.start for s in spans],
        [s.end - s.start for s in analysis.sentences],
        [numbers.find(source[s.start : s.end]) for s in spans],
        [numbers.find(target[s.start : s.end]) for s in analysis.sentences],
    )
    found = {(b.source, b.target) for b in beads}
    correct = [bead for bead in _gold_beads() if bead in found]
    assert len(correct) >= 8, sorted(found)
    assert ((9, 10), (9,)) in found
    # the pairs the checks see cover the translation in order, each at its offset
    for pair in analysis.pairs:
        assert target[pair.offset : pair.end] == pair.target


def test_article_with_source_is_checked_per_sentence(tmp_path: Path) -> None:
    article = BILINGUAL / "article"
    result = mtqa_cli(
        tmp_path, article / "flood.en.txt", "--source", article / "flood.de.txt", "--lang", "de-en"
    )
    assert result.returncode == 1, result.stderr
    report = only_report(tmp_path / "out")
    text = (article / "flood.en.txt").read_text("utf-8")
    [number] = [f for f in report["findings"] if f["code"] == "A301"]
    assert number["text"] == "10" and "unit" not in number
    assert text[number["start"] : number["end"]] == "10"
    assert number["start"] == text.index("10 million")
    assert "100" in number["message"]


def test_source_and_reference_need_exactly_one_file(tmp_path: Path) -> None:
    lines = BILINGUAL / "lines"
    result = mtqa_cli(tmp_path, lines, "--source", lines / "briefing.de.txt")
    assert result.returncode == 2
    assert "exactly one translated file" in result.stderr


# --- glossary -------------------------------------------------------------------------------


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


# --- helpers ----------------------------------------------------------------------------------


def mtqa_cli(tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mtqa",
            "check",
            *map(str, args),
            "--no-model",
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=FIXTURES.parent,
    )


def only_report(out: Path) -> dict[str, Any]:
    [path] = [p for p in out.glob("*.json") if p.name != "summary.json"]
    report: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return report


@pytest.mark.model
def test_model_conditions_each_unit_on_its_own_source() -> None:
    """With the model, a bilingual file gets per-sentence fluency and an adequacy score
    (each unit's sentences are scored after that unit's source), and offsets stay exact."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from mtqa.models import lm as lm_module

    model = lm_module.load()
    cfg = Config()
    checks = cfg.enabled(ALL_CHECKS)
    document = read_one(BILINGUAL / "ui_en_de.xlf")
    report = run(document, cfg, checks, signature(cfg, checks, model.identity), model)
    assert_offsets_exact(document, report)
    assert report.score.adequacy is not None
    assert all(s.fluency is not None for s in report.sentences)
    assert {(f.unit, f.code) for f in report.findings} >= {("trial.ends", "A301")}
    [omission] = [f for f in report.findings if f.code == "A305"]
    assert omission.unit == "cancel.warning"
    assert "model adequacy" in (omission.evidence or "")


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


# --- localization files: placeholder dialects, markup, per-language conventions (issue 13) --

DIALECTS = BILINGUAL / "dialects"

#: (file, {unit id: (checks planted there, text the finding's message must hold)}); every
#: other unit of these files is a correct translation and must get no finding at all.
PLANTED_L10N: dict[str, dict[str, tuple[set[str], str]]] = {
    "desktop_ru.po": {
        "%s is %d%% complete": ({"M101"}, "printf placeholder '%d' takes argument 1"),
        "Could not move %s to the trash: %s": ({"M101"}, "printf placeholder %s"),
        "Shared with %(count)d people": ({"M101"}, "Python placeholder"),
        "Showing {0} of {1} results": ({"M101"}, "brace placeholder '{0}'"),
        "Free: %L1 GB": ({"M101"}, "Qt placeholder '%1'"),
        "%d folder moved[1]": ({"M101"}, "printf placeholder %d"),
        "%d tab closed[2]": ({"A304"}, "Empty translation"),  # nplurals=3, two forms given
    },
    "kde_de.po": {
        "Playlist “%1” saved": ({"M101"}, "Qt placeholder '%2'"),
        "%n song[1]": ({"M101"}, "Qt placeholder %n"),
        "Rescan": ({"F403"}, "capital"),
    },
    "browser_fr.xlf": {
        "update.restart.now": ({"M101"}, "Mozilla placeholder &brandShortName;"),
        "addon.removed": ({"M101"}, "Mozilla placeholder '$MODULE$'"),
        "tabs.restore": ({"M101"}, "Fluent placeable { $date }"),
        "storage.used": ({"M101"}, "'{1}'"),
        "warning.body": ({"M102"}, "crosses <em>"),
    },
    "mobile_ja.xlf": {
        "album.invite": ({"M101"}, "printf placeholder '%2$@'"),
        "library.size": ({"M101"}, "printf placeholder '%d'"),
        "upload.swapped": ({"M101"}, "takes argument"),
        "memories.edit": ({"M101"}, "XLIFF inline code"),
    },
    "web_ar.tmx": {
        "cart.total": ({"M101"}, "brace placeholder '{1}'"),
        "order.signoff": ({"M101"}, "template variable '{{customer.name}}'"),
        "checkout.button": ({"A303"}, "identical"),
        "discount.big": ({"A301"}, "'٢٠'"),
        "shipping.weight": ({"A301"}, "'٣٫٥'"),
    },
    "tools_af.tmx": {
        "home": ({"M101"}, "@-substitution '@PAKKET_URL@'"),
        "install.fail": ({"M101"}, "shell variable $(DESTDIR)"),
        "error.lower": ({"F403"}, "capital"),
        "doubled": ({"F107"}, "Repeated word 'die'"),
        "brackets": ({"F404"}, "nested inside '('"),
    },
}


@pytest.mark.parametrize("name", sorted(PLANTED_L10N))
def test_localization_fixtures_broken_units_found_correct_units_untouched(name: str) -> None:
    document, report = check_file(DIALECTS / name)
    assert_offsets_exact(document, report)
    planted = PLANTED_L10N[name]
    assert set(planted) <= {u.id for u in document.units}
    for unit, (codes, wording) in planted.items():
        found = [f for f in report.findings if f.unit == unit]
        assert codes <= {f.code for f in found}, (unit, codes, found)
        assert any(wording in f.message for f in found if f.code in codes), (unit, found)
    stray = [f for f in report.findings if f.unit not in planted]
    assert not stray, stray


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
    ("source", "target", "langs"),
    [
        ("%s: %s", "%s: %s", ("en", "de")),
        ("{0} – {1}", "{0} – {1}", ("en", "ru")),
        ("<b>%s</b>", "<b>%s</b>", ("en", "fr")),
        ("12px", "12px", ("en", "fr")),
        ("1.5em", "1.5em", ("en", "ar")),
        ("Ctrl+Shift+N", "Ctrl+Shift+N", ("en", "de")),
        ("dd.MM.yyyy", "dd.MM.yyyy", ("en", "de")),
        ("PDF, PNG, JPEG", "PDF, PNG, JPEG", ("en", "af")),
        ("config.json", "config.json", ("en", "ja")),
        ("{{count}} × {{price}}", "{{count}} × {{price}}", ("en", "de")),
    ],
)
def test_strings_that_stay_unchanged_are_not_untranslated(
    source: str, target: str, langs: tuple[str, str]
) -> None:
    report = check_text_pair(source, target, langs)
    assert not [f for f in report.findings if f.code == "A303"], report.findings


@pytest.mark.parametrize(
    ("source", "target", "langs", "flagged"),
    [
        ("Sign out", "abmelden", ("en", "de"), ["a"]),  # capital lost
        ("recently used", "Недавно использованные", ("en", "ru"), ["Н"]),  # capital added
        ("of %d pages", "De %d pages", ("en", "fr"), ["D"]),
        ("items in cart", "Artikel im Warenkorb", ("en", "de"), []),  # German nouns
        ("iCloud settings", "Réglages iCloud", ("en", "fr"), []),  # a name moved
        ("Next", "ДАЛЕЕ", ("en", "ru"), ["ДАЛЕЕ"]),  # capitals throughout added
        ("CAUTION", "ATTENTION", ("en", "fr"), []),
        ("An error occurred.", "'n Fout het voorgekom.", ("en", "af"), []),
        ("An error occurred.", "'n fout het voorgekom.", ("en", "af"), ["f"]),
        ("Download complete", "اكتمل التنزيل", ("en", "ar"), []),  # no case
        ("Download complete", "ダウンロードが完了しました", ("en", "ja"), []),
    ],
)
def test_capitals_added_and_lost_per_language(
    source: str, target: str, langs: tuple[str, str], flagged: list[str]
) -> None:
    report = check_text_pair(source, target, langs)
    assert [f.text for f in report.findings if f.code == "F403"] == flagged


@pytest.mark.parametrize(
    ("target", "lang", "flagged"),
    [
        ("Tippen Sie auf „Fertig“.", "de", []),
        ("Tippen Sie auf »Fertig«.", "de", []),
        ('Tippen Sie auf "Fertig".', "de", []),  # straight quotes: fine everywhere
        ("Tippen Sie auf “Fertig”.", "de", ["“Fertig”"]),
        ("Appuyez sur « Terminé ».", "fr", []),
        ("Нажмите «Готово».", "ru", []),
        ("Нажмите “Готово”.", "ru", ["“Готово”"]),
        ("「完了」をタップします。", "ja", []),
        ("Tik op „Klaar”.", "af", []),
        ("Appuyez sur Terminé.", "fr", ["Appuyez sur Terminé."]),  # the quotes went missing
    ],
)
def test_quotes_follow_the_target_language(target: str, lang: str, flagged: list[str]) -> None:
    report = check_text_pair('Tap "Done".', target, ("en", lang))
    assert [f.text for f in report.findings if f.code == "L102"] == flagged


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


@pytest.mark.parametrize(
    ("target", "lang", "flagged"),
    [
        ("Supprimer les les éléments sélectionnés", "fr", ["les les"]),
        ("Удалить выбранные выбранные элементы", "ru", ["выбранные выбранные"]),
        ("Verwyder die die gekose lêers", "af", ["die die"]),
        ("Nous nous sommes trompés", "fr", []),
        ("Frauen, die die Wahl haben", "de", []),
        ("Yavaş yavaş yükleniyor", "tr", []),  # reduplication is Turkish grammar
        # the repeats grammar allows mid-sentence are errors at a sentence's start
        ("Die die ausgewählten Elemente entfernen", "de", ["Die die"]),
        ("Fertig. Der der Ordner ist leer.", "de", ["Der der"]),
        ("„Das das Element“ entfernen", "de", ["Das das"]),
        ("Dat dat bestand is verwijderd", "nl", ["Dat dat"]),
        ("Vous vous êtes déconnecté", "fr", []),
        # Korean writes spaces between words: a doubled word is a doubled word
        ("선택한 선택한 항목 제거", "ko", ["선택한 선택한"]),
        ("선택한 항목 제거", "ko", []),
        ("Zeile eins\nEins zwei", "de", []),  # a line break between units is no repeat
    ],
)
def test_doubled_words_in_any_language(target: str, lang: str, flagged: list[str]) -> None:
    report = check_text_pair("Remove the selected items", target, ("en", lang))
    assert [f.text for f in report.findings if f.code == "F107"] == flagged


@pytest.mark.parametrize(
    ("source", "target", "b205", "f106"),
    [
        ("Sort by [name (A–Z)]", "Trier par [nom (A–Z)]", [], []),
        ("Sort by [name (A–Z)]", "Trier par (nom [A–Z])", ["["], []),
        ("Size [in (bytes)]", "Größe [in (Bytes])", ["]"], []),  # crossed: not "unbalanced"
        ("See (1) and [2].", "Siehe [2] und (1).", [], []),
        ("Size (in bytes)", "Größe (in Bytes", [], ["("]),
    ],
)
def test_reordered_brackets_are_a_mismatch(
    source: str, target: str, b205: list[str], f106: list[str]
) -> None:
    report = check_text_pair(source, target)
    assert [f.text for f in report.findings if f.code == "F404"] == b205
    assert [f.text for f in report.findings if f.code == "F106"] == f106


# --- what translators add or leave out on purpose (from professional references) -------------


@pytest.mark.parametrize(
    ("source", "target", "code", "text", "severity"),
    [
        # the year made explicit in a date: minor, and only when nothing else was lost
        (
            "7月26日在上海拍摄的成立仪式现场。",
            "The opening ceremony, photographed in Shanghai on July 26th, 2020.",
            "A301",
            "2020",
            Severity.MINOR,
        ),
        ("他于2019年7月26日去世。", "He died on July 26, 2020.", "A301", "2020", Severity.MAJOR),
        # a day of the month left out: minor; any other number left out stays major
        (
            "卫健委主任张卫26日称，检测工作已基本完成。",
            "Zhang Wei, director of the Health Commission, said testing was nearly complete.",
            "A301",
            "Zhang Wei, director of the Health Commission, said testing was nearly complete.",
            Severity.MINOR,
        ),
        (
            "26名工人获救。",
            "The workers were rescued.",
            "A301",
            "The workers were rescued.",
            Severity.MAJOR,
        ),
        # a site's name written as its address adds a link and loses none
        (
            "新疆22例辽宁13例- 经济观察网",
            "22 in Xinjiang and 13 in Liaoning - www.eeo.com.cn",
            "A302",
            "www.eeo.com.cn",
            Severity.MINOR,
        ),
        (
            "详见 www.example.cn 网站。",
            "See www.example.com for details.",
            "A302",
            "www.example.com",
            Severity.MAJOR,
        ),
    ],
)
def test_explicitation_is_minor_and_changes_stay_major(
    source: str, target: str, code: str, text: str, severity: Severity
) -> None:
    report = check_text_pair(source, target, ("zh", "en"))
    found = [f for f in report.findings if f.code == code]
    assert [(f.text, f.severity) for f in found] == [(text, severity)]
    assert all(target[f.start : f.end] == f.text for f in report.findings)


def test_a_decade_with_its_century_is_the_source_decade() -> None:
    source = "他回忆了上世纪80年代的影片《人到中年》。"
    target = "He recalled the 1980's film “At Middle Age”."
    assert not [
        f for f in check_text_pair(source, target, ("zh", "en")).findings if f.code == "A301"
    ]
    changed = "He recalled the 1990s film “At Middle Age”."
    found = [f for f in check_text_pair(source, changed, ("zh", "en")).findings if f.code == "A301"]
    assert [f.text for f in found] == ["1990"]


# --- held-out localization pairs: general rules behind their false alarms and misses --------


@pytest.mark.parametrize(
    ("source", "target", "langs", "flagged"),
    [
        ("Sign in", "Connectez-vous à votre compte", ("en", "fr"), False),
        ("Show hidden files", "Verborgen bestanden weergeven", ("en", "nl"), False),
        ("{0} shared {1}", "{1} wurde von {0} geteilt", ("en", "de"), False),
        (
            'Read the <a href="/help" title="Help center">guide</a>',
            '阅读<a href="/help" title="帮助中心">指南</a>',
            ("en", "zh"),
            False,
        ),
        ("%s sent %d photos.", "%2$d photos ont été envoyées par %1$s.", ("en", "fr"), False),
        # a short source that becomes a paragraph still adds content
        (
            "Sign in",
            "Melden Sie sich mit Ihrem Firmenkonto an, um alle Dateien und Ordner zu sehen, "
            "die Ihr Team geteilt hat.",
            ("en", "de"),
            True,
        ),
    ],
)
def test_short_strings_get_a_wider_length_tolerance_and_markup_does_not_count(
    source: str, target: str, langs: tuple[str, str], flagged: bool
) -> None:
    report = check_text_pair(source, target, langs)
    assert bool([f for f in report.findings if f.code == "A306"]) == flagged, report.findings


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


def test_doctest_examples_of_the_localization_helpers() -> None:
    import doctest

    from mtqa.checks import transfer

    assert doctest.testmod(transfer).failed == 0


@pytest.mark.parametrize(
    ("source", "target", "langs", "flagged"),
    [
        ("Wednesday", "mercredi", ("en", "fr"), []),
        ("Sat", "sáb", ("en", "es"), []),
        ("September %d", "settembre %d", ("en", "it"), []),
        ("Thursday, %s", "czwartek, %s", ("en", "pl"), []),
        ("August", "augustus", ("en", "nl"), []),
        # a sentence still starts with a capital, and German writes its names with one
        ("Monday is a public holiday.", "lundi est un jour férié.", ("en", "fr"), ["l"]),
        ("Monday", "montag", ("en", "de"), ["m"]),
        ("Open", "ouvrir", ("en", "fr"), ["o"]),
    ],
)
def test_weekday_and_month_names_in_lowercase_where_the_language_writes_them_so(
    source: str, target: str, langs: tuple[str, str], flagged: list[str]
) -> None:
    report = check_text_pair(source, target, langs)
    assert [f.text for f in report.findings if f.code == "F403"] == flagged


@pytest.mark.parametrize(
    ("target", "lang", "f105", "b204"),
    [
        ("Kliknij „Anuluj”, aby wrócić.", "pl", [], []),
        ("Klicken Sie auf »Abbrechen«, um zurückzugehen.", "de", [], []),
        ("Klicken Sie auf ‚Abbrechen‘, um zurückzugehen.", "de", [], []),
        ("Cliquez sur ‹ Annuler › pour revenir.", "fr", [], []),
        ("Klik op ‘Annuleren’ om terug te gaan.", "nl", [], []),
        ("Klik op ‘Annuleren’ om 's middags terug te gaan.", "nl", [], []),
        # Swedish and Finnish open and close with the same mark
        ("Klicka på ”Avbryt” för att gå tillbaka.", "sv", [], []),
        ("Klicka på »Avbryt» för att gå tillbaka.", "sv", [], []),
        ("Palaa takaisin valitsemalla ”Peruuta”.", "fi", [], []),
        ("Klicka på ”Avbryt för att gå tillbaka.", "sv", ["”"], []),
        ("Palaa takaisin valitsemalla »Peruuta.", "fi", ["»"], []),
        ("Klicken Sie auf Abbrechen”, um zurückzugehen.", "de", ["”"], []),
        # still unbalanced, or marks the language does not use
        ("Kliknij „Anuluj, aby wrócić.", "pl", ["„"], []),
        ("Klicken Sie auf »Abbrechen, um zurückzugehen.", "de", ["»"], []),
        ("Klik op ‘Annuleren om terug te gaan.", "nl", ["‘"], []),
        ("Klicken Sie auf ‘Abbrechen’, um zurückzugehen.", "de", [], ["‘Abbrechen’"]),
    ],
)
def test_quotation_marks_pair_as_each_language_pairs_them(
    target: str, lang: str, f105: list[str], b204: list[str]
) -> None:
    report = check_text_pair('Click "Cancel" to go back.', target, ("en", lang))
    assert [f.text for f in report.findings if f.code == "F105"] == f105
    assert [f.text for f in report.findings if f.code == "L102"] == b204


@pytest.mark.parametrize(
    ("source", "target", "langs"),
    [
        ("HH:mm", "HH:mm", ("en", "de")),
        ("Time format: h:mm", "Format de l’heure : h:mm", ("en", "fr")),
        ("dd.MM", "dd.MM", ("en", "ru")),
        ("0.75rem", "0.75rem", ("en", "de")),
        ("Indent: 2.5em", "Inspringing: 2.5em", ("en", "nl")),
    ],
)
def test_date_patterns_and_css_lengths_stay_as_they_are_for_every_check(
    source: str, target: str, langs: tuple[str, str]
) -> None:
    report = check_text_pair(source, target, langs)
    assert not [f for f in report.findings if f.code in ("F101", "L101", "A303")], report.findings


def test_a_size_keeps_its_locale_format_while_a_css_length_does_not() -> None:
    report = check_text_pair("Size: 1.5 GB", "Grootte: 1.5 GB", ("en", "nl"))
    assert [f.text for f in report.findings if f.code == "L101"] == ["1.5"]


def test_doctest_examples_of_the_verbatim_codes() -> None:
    import doctest

    from mtqa import verbatim

    assert doctest.testmod(verbatim).failed == 0


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
    ("word", "langs", "flagged"),
    [
        ("Description", ("en", "fr"), False),
        ("Hotel", ("en", "de"), False),
        ('<a href="/menu">Menu</a>', ("en", "fr"), False),
        ("Status", ("en", "de"), False),
        ("Password", ("en", "de"), True),
        ("Cancel", ("en", "fr"), True),
        ("Account", ("en", "es"), True),
    ],
)
def test_a_one_word_target_that_is_the_same_word_in_the_target_language(
    word: str, langs: tuple[str, str], flagged: bool
) -> None:
    report = check_text_pair(word, word, langs)
    assert bool([f for f in report.findings if f.code == "A303"]) == flagged


@pytest.mark.parametrize("lang", ["ko", "ja", "zh", "fr"])
def test_a_one_word_string_left_as_it_is_is_checked_in_every_language(lang: str) -> None:
    # the cognate test reads word frequencies without the optional CJK tokenizers
    report = check_text_pair("Save", "Save", ("en", lang))
    assert [f.code for f in report.findings if f.code == "A303"] == ["A303"]


def check_units(
    pairs: list[tuple[str, str]], langs: tuple[str, str], path: str = "strings.xlf"
) -> Report:
    """Every rule-based check on a localization file of ``(source, target)`` units."""
    from mtqa.document import Unit, unit_document

    document = unit_document(
        id="strings",
        path=path,
        units=[Unit(str(i), s, t) for i, (s, t) in enumerate(pairs, 1)],
        source_lang=langs[0],
        target_lang=langs[1],
    )
    cfg = Config(use_model=False)
    checks = cfg.enabled(ALL_CHECKS)
    report = run(document, cfg, checks, signature(cfg, checks))
    assert_offsets_exact(document, report)
    return report


@pytest.mark.parametrize(
    ("pairs", "langs", "flagged"),
    [
        # UI labels of a string file translate their source: not page furniture
        ([("Main menu", "Hauptmenü"), ("Back to top", "Nach oben")], ("en", "de"), []),
        ([("Menu", "Menu"), ("Search", "Rechercher")], ("en", "fr"), []),
        ([("Share", "Compartilhar"), ("E-mail address", "Endereço de e-mail")], ("en", "pt"), []),
        ([("Comments", "Kommentare"), ("Print", "Drucken")], ("en", "de"), []),
        ([("Nächster Beitrag", "Next post")], ("de", "en"), []),  # the source's own label
        ([("Advertisement", "Anuncio")], ("en", "es"), []),
        # a furniture line beside the translated text of a unit is still added
        (
            [("The update is ready.", "Die Aktualisierung ist bereit.\nShare this article")],
            ("en", "de"),
            ["Share this article"],
        ),
        # a unit without a source translates nothing
        ([("", "Next post")], ("en", "en"), ["Next post"]),
    ],
)
def test_page_furniture_is_not_reported_where_it_translates_the_source(
    pairs: list[tuple[str, str]], langs: tuple[str, str], flagged: list[str]
) -> None:
    report = check_units(pairs, langs)
    assert [f.text for f in report.findings if f.code.startswith("A1")] == flagged


@pytest.mark.parametrize(
    ("source", "target", "lang", "flagged"),
    [
        # straight quotes, single ones included, are quotes in every language
        ('Select "Export" to save a copy.', "사본을 저장하려면 '내보내기'를 선택하세요.", "ko", []),
        ('Select "Export" to save a copy.', "选择'导出'以保存副本。", "zh", []),
        ('Select "Export" to save a copy.', "Wählen Sie 'Exportieren', um zu speichern.", "de", []),
        ("Select 'Export' to save a copy.", 'Sélectionnez "Exporter" pour enregistrer.', "fr", []),
        ('Select "Export" to save a copy.', "Välj ’Exportera’ för att spara en kopia.", "sv", []),
        # a quote left without its partner is still a quotation mark, not none
        ('Select "Export" to save a copy.', "사본을 저장하려면 '내보내기를 선택하세요.", "ko", []),
        # no quotes at all, or only apostrophes: the quotes were lost
        (
            'Select "Export" to save a copy.',
            "Sélectionnez l’option Exporter pour enregistrer.",
            "fr",
            ["Sélectionnez l’option Exporter pour enregistrer."],
        ),
        (
            "Select 'Export' to save a copy.",
            "사본을 저장하려면 내보내기를 선택하세요.",
            "ko",
            ["사본을 저장하려면 내보내기를 선택하세요."],
        ),
    ],
)
def test_straight_and_single_quotes_are_quotation_marks_in_every_language(
    source: str, target: str, lang: str, flagged: list[str]
) -> None:
    import doctest

    from mtqa.checks import pair_typography

    report = check_units([(source, target)], ("en", lang))
    found = [f for f in report.findings if f.code == "L102"]
    assert [f.text for f in found] == flagged
    assert all("no quotation marks" in f.message for f in found)
    assert doctest.testmod(pair_typography).failed == 0


@pytest.mark.parametrize(
    ("source", "target", "langs", "flagged"),
    [
        # a version (or a section, an address) is one number: its parts keep their order
        (
            "Update to version 4.1.2 to continue.",
            "Aktualisieren Sie auf Version 4.2.1, um fortzufahren.",
            ("en", "de"),
            ["4.2.1"],
        ),
        (
            "See section 2.3.1 for details.",
            "Voir la section 2.1.3 pour plus de détails.",
            ("en", "fr"),
            ["2.1.3"],
        ),
        (
            "Server 10.0.0.12 is unreachable",
            "Server 10.0.0.21 ist nicht erreichbar",
            ("en", "de"),
            ["10.0.0.21"],
        ),
        ("Requires iOS 16.4.1 or later", "נדרשת גרסת iOS 16.4.1 ואילך", ("en", "he"), []),
        ("Installed: v2.10.3", "Instalado: v2.10.3", ("en", "es"), []),
        # a date's parts take the locale's order; separate numbers the language's word order
        ("Expires on 12.31.2025", "Gültig bis 31.12.2025", ("en", "de"), []),
        ("Released 2025.03.14", "Veröffentlicht am 14.03.2025", ("en", "de"), []),
        ("Step 3 of 5", "5단계 중 3단계", ("en", "ko"), []),
    ],
)
def test_a_version_number_is_compared_whole(
    source: str, target: str, langs: tuple[str, str], flagged: list[str]
) -> None:
    import doctest

    report = check_units([(source, target)], langs)
    assert [f.text for f in report.findings if f.code == "A301"] == flagged
    assert doctest.testmod(numbers).failed == 0
