"""The source's language: region tags reduced to the language by every reader, and a source
without a stated language identified (``analysis.with_source_language``).
"""

from __future__ import annotations

import json
from pathlib import Path

from mtqa.checks import ALL_CHECKS
from mtqa.config import Config
from mtqa.document import Document
from mtqa.findings import Report
from mtqa.readers import read_paths
from mtqa.runner import run, signature

from .conftest import FIXTURES, check_file


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
