"""Hostile input to the readers (issue 12): every field that reaches a report is Unicode text
UTF-8 can encode, every bad record is an error naming its line while the others are read,
legacy encodings are decoded as the text's language expects, wide (UTF-16/32) feeds are read
as such, and deep nesting is read or refused with a clear message.

Reader functions are called in process; the CLI runs (``python -m mtqa check --no-model``)
prove the whole run's contract: reports for the good documents, ``summary.json`` with the
bad ones, exit code 2, no traceback.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtqa.document import Document
from mtqa.findings import DocumentError
from mtqa.readers import read_bytes, read_paths, sniff_format
from mtqa.readers.decode import decode
from mtqa.readers.feed import read_csv, read_jsonl

from .conftest import run_mtqa

Item = Document | DocumentError


def mtqa_check(
    tmp_path: Path, *args: str | Path, out: str = "out"
) -> subprocess.CompletedProcess[str]:
    return run_mtqa(
        *("check", *args, "--no-model", "--no-cache", "--out", tmp_path / out),
        cwd=tmp_path,
        errors="backslashreplace",
    )


def assert_clean_stderr(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert "RecursionError" not in result.stderr + result.stdout


def summary(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "summary.json").read_text("utf-8"))
    assert data["schema"] == "mtqa.summary/1"
    return data


def documents(items: list[Item]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def errors(items: list[Item]) -> list[DocumentError]:
    return [i for i in items if isinstance(i, DocumentError)]


def encodable(*texts: str | None) -> bool:
    try:
        for text in texts:
            if text is not None:
                text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def assert_encodable(item: Item) -> None:
    """Every text of ``item`` that a report or summary would carry encodes as UTF-8."""
    if isinstance(item, DocumentError):
        assert encodable(item.path, item.message, item.id), item
        return
    assert encodable(
        item.id,
        item.path,
        item.target,
        item.source,
        item.reference,
        item.source_lang,
        item.target_lang,
        *item.notes,
    ), item
    for unit in item.units:
        assert encodable(unit.id, unit.source, unit.target, unit.reference, *unit.notes), unit


def jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


# A feed of news records; ``\udfff`` is written as JSON's escape (valid JSON, not Unicode).
GOOD_1 = '{"id": "rtr-01", "mt": "The minister met the delegation in Geneva on Monday."}'
SURROGATE_ID = '{"id": "surr-\\udfff-id", "mt": "Talks will continue next week, officials said."}'
GOOD_2 = '{"id": "rtr-03", "mt": "The central bank kept its key rate unchanged."}'
SURROGATE_MT = '{"id": "rtr-04", "mt": "Prices rose \\ud800 sharply in March."}'
SURROGATE_SOURCE = (
    '{"id": "rtr-05", "mt": "The port reopened.", "source": "\\udc00港口重新开放。", '
    '"src_lang": "zh"}'
)
SURROGATE_REFERENCE = '{"id": "rtr-06", "mt": "The port reopened.", "reference": "x\\udbff"}'


# --- every field of a feed record is validated where it is read ---------------------------


def test_lone_surrogate_in_an_id_is_an_error_for_its_record_only() -> None:
    items = list(read_jsonl("feed.jsonl", jsonl(GOOD_1, SURROGATE_ID, GOOD_2), None, "en"))
    assert [d.id for d in documents(items)] == ["rtr-01", "rtr-03"]
    [error] = errors(items)
    assert error.line == 2
    assert error.message.startswith("field 'id' has a lone surrogate \\udfff at character 6")
    for item in items:
        assert_encodable(item)


def test_lone_surrogates_in_text_fields_name_the_field_and_line() -> None:
    data = jsonl(GOOD_1, SURROGATE_MT, SURROGATE_SOURCE, SURROGATE_REFERENCE, GOOD_2)
    items = list(read_jsonl("feed.jsonl", data, None, "en"))
    assert [d.id for d in documents(items)] == ["rtr-01", "rtr-03"]
    assert [(e.line, e.message.split(" has ")[0]) for e in errors(items)] == [
        (2, "field 'mt'"),
        (3, "field 'source'"),
        (4, "field 'reference'"),
    ]
    assert all("lone surrogate" in e.message for e in errors(items))


def test_a_surrogate_pair_written_as_escapes_is_one_character_and_fine() -> None:
    [document] = read_jsonl("f.jsonl", jsonl('{"id": "e\\ud83d\\ude00", "mt": "Ok."}'), None, "en")
    assert isinstance(document, Document) and document.id == "e\U0001f600"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("true", "field 'id' must be a string or a number, not true"),
        ("false", "field 'id' must be a string or a number, not false"),
        ("[1, 2]", "field 'id' must be a string or a number, not a list"),
        ('{"a": 1}', "field 'id' must be a string or a number, not an object"),
        ("NaN", "field 'id' must be a string or a finite number, not nan"),
        ("Infinity", "field 'id' must be a string or a finite number, not inf"),
    ],
)
def test_an_id_that_is_not_a_string_or_number_is_a_clear_error(value: str, message: str) -> None:
    data = jsonl(GOOD_1, f'{{"id": {value}, "mt": "Fine text."}}')
    items = list(read_jsonl("feed.jsonl", data, None, "en"))
    assert [(e.line, e.message) for e in errors(items)] == [(2, message)]


def test_numeric_null_and_empty_ids() -> None:
    data = jsonl('{"id": 7, "mt": "One."}', '{"id": 2.5, "mt": "Two."}', '{"id": null, "mt": "3."}')
    data += jsonl('{"id": "", "mt": "Four."}', '{"id": "7", "mt": "Five."}')
    items = list(read_jsonl("feed.jsonl", data, None, "en"))
    assert [d.id for d in documents(items)] == ["7", "2.5", "feed.jsonl:3", "feed.jsonl:4"]
    [duplicate] = errors(items)
    assert (duplicate.line, duplicate.message) == (5, "duplicate id '7' (first on line 1)")


def test_a_refused_record_does_not_take_its_id() -> None:
    data = jsonl(
        '{"id": "x", "mt": "Bad language.", "tgt_lang": 5}', '{"id": "x", "mt": "Now fine."}'
    )
    items = list(read_jsonl("feed.jsonl", data, None, "en"))
    assert [d.target for d in documents(items)] == ["Now fine."]
    assert [e.line for e in errors(items)] == [1]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("src_lang", "5", "field 'src_lang' must be a language tag string such as 'de'"),
        ("tgt_lang", '["en"]', "field 'tgt_lang' must be a language tag string such as 'de'"),
        (
            "src_lang",
            '"Chinese"',
            "field 'src_lang' is not a language tag (such as 'de' or 'pt-BR'): 'Chinese'",
        ),
        (
            "tgt_lang",
            '"e\\udfffn"',
            "field 'tgt_lang' is not a language tag (such as 'de' or 'pt-BR'): 'e\\udfffn'",
        ),
        (
            "tgt_lang",
            '"en\\u0000"',
            "field 'tgt_lang' is not a language tag (such as 'de' or 'pt-BR'): 'en\\x00'",
        ),
    ],
)
def test_implausible_language_tags_are_errors_naming_the_field(
    field: str, value: str, message: str
) -> None:
    data = jsonl(GOOD_1, f'{{"id": "b", "mt": "Fine.", "{field}": {value}}}')
    items = list(read_jsonl("feed.jsonl", data, None, "en"))
    assert [(e.line, e.message) for e in errors(items)] == [(2, message)]
    assert_encodable(items[1])


def test_plausible_language_tags_are_reduced_to_their_subtag() -> None:
    data = jsonl(
        '{"id": "a", "mt": "One.", "src_lang": "zh-Hant-TW", "tgt_lang": "pt_BR"}',
        '{"id": "b", "mt": "Two.", "src_lang": " DE ", "tgt_lang": ""}',
    )
    first, second = read_jsonl("feed.jsonl", data, None, "en")
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.source_lang, first.target_lang) == ("zh", "pt")
    assert (second.source_lang, second.target_lang) == ("de", "en")


def test_control_characters_and_nul_in_text_are_kept() -> None:
    [document] = read_jsonl(
        "f.jsonl", jsonl('{"id": "c\\u0007", "mt": "A\\u0000b\\u001bc."}'), None, "en"
    )
    assert isinstance(document, Document)
    assert (document.id, document.target) == ("c\x07", "A\x00b\x1bc.")


def test_an_integer_of_5000_digits_is_an_error_for_its_line_not_the_feed() -> None:
    data = jsonl(GOOD_1, '{"id": ' + "9" * 5000 + ', "mt": "Huge id."}', GOOD_2)
    items = list(read_jsonl("feed.jsonl", data, None, "en"))
    assert [d.id for d in documents(items)] == ["rtr-01", "rtr-03"]
    [error] = errors(items)
    assert error.line == 2 and error.message.startswith("malformed JSON: ")


@pytest.mark.parametrize("depth", [1000, 1500, 2000, 100_000])
def test_deeply_nested_json_in_a_field_is_an_error_for_its_line(depth: int) -> None:
    nested = "[" * depth + "]" * depth
    data = jsonl(GOOD_1, f'{{"id": "deep", "mt": "Deep.", "extra": {nested}}}', GOOD_2)
    items = list(read_jsonl("feed.jsonl", data, None, "en"))
    assert [d.id for d in documents(items)] == ["rtr-01", "rtr-03"]
    [error] = errors(items)
    assert (error.line, error.message) == (2, "malformed JSON: nested too deeply")


def test_csv_feed_fields_are_validated_with_their_line() -> None:
    data = (
        b"id,mt,src_lang,tgt_lang\r\n"
        b"a,The minister met the delegation.,zh,en\r\n"
        b'b,"A record on\r\ntwo lines.",Mandarin,en\r\n'
        b"c,The bank kept its rate.,,\r\n"
    )
    items = list(read_csv("feed.csv", data, ",", "de", "en"))
    assert [(d.id, d.source_lang) for d in documents(items)] == [("a", "zh"), ("c", "de")]
    [error] = errors(items)
    assert error.line == 3 and "'src_lang' is not a language tag" in error.message


def test_a_bad_record_is_reported_with_its_line_through_the_cli(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(jsonl(GOOD_1, SURROGATE_ID, GOOD_2, SURROGATE_MT, '{"id": true, "mt": "B."}'))
    result = mtqa_check(tmp_path, feed)
    assert_clean_stderr(result)
    assert result.returncode == 2, result.stderr
    data = summary(tmp_path / "out")
    assert [d["id"] for d in data["documents"]] == ["rtr-01", "rtr-03"]
    for entry in data["documents"]:
        assert json.loads(Path(entry["report"]).read_text("utf-8"))["id"] == entry["id"]
    assert [(e["line"], e["error"].split(" has ")[0][:10]) for e in data["errors"]] == [
        (2, "field 'id'"),
        (4, "field 'mt'"),
        (5, "field 'id'"),
    ]
    assert data["exit_code"] == 2
    assert "feed.jsonl:2: field 'id' has a lone surrogate" in result.stderr


# --- file names that are not valid UTF-8 ------------------------------------------------


needs_bytes_names = pytest.mark.skipif(
    sys.platform == "darwin" or os.name == "nt", reason="the file system must allow any bytes"
)


def _odd_names(folder: Path) -> None:
    """Files whose names are Latin-1 bytes, not UTF-8, as old archives and Samba shares
    leave them; one of them in a folder whose name is not UTF-8 either."""
    base = os.fsencode(folder)
    with open(base + b"/caf\xe9-reopens.txt", "wb") as f:
        f.write(b"The cafe reopened on Monday after a long renovation.\n")
    os.mkdir(base + b"/archiv-\xfc")
    with open(base + b"/archiv-\xfc/museum.md", "wb") as f:
        f.write(b"# Museum\n\nThe museum opened a new wing for modern art.\n")
    with open(base + b"/feed-\xe9.jsonl", "wb") as f:
        f.write(
            b'{"mt": "A record without an id is named by its path."}\n{"id": "x", "mt": "X."}\n'
        )
    (folder / "plain.txt").write_text("The library reopened after repairs to its roof.\n")


@needs_bytes_names
def test_file_names_that_are_not_utf8_are_read_with_escaped_names(tmp_path: Path) -> None:
    _odd_names(tmp_path)
    items = list(read_paths([str(tmp_path)], None, "en"))
    assert errors(items) == []
    paths = sorted({d.path.removeprefix(str(tmp_path)) for d in documents(items)})
    assert paths == [
        "/archiv-\\xfc/museum.md",
        "/caf\\xe9-reopens.txt",
        "/feed-\\xe9.jsonl",
        "/plain.txt",
    ]
    for item in items:
        assert_encodable(item)
    by_path = {d.id.removeprefix(str(tmp_path)): d for d in documents(items)}
    assert "/feed-\\xe9.jsonl:1" in by_path
    assert any("not valid UTF-8" in n for n in by_path["/caf\\xe9-reopens.txt"].notes)
    assert not by_path["/plain.txt"].notes


def test_a_file_named_with_dot_segments_gets_no_renaming_note(tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text("The library reopened after repairs to its roof.\n")
    [document] = read_paths([f"{tmp_path}/./plain.txt"], None, "en")
    assert isinstance(document, Document) and document.notes == ()
    assert document.path == f"{tmp_path}/./plain.txt"


@needs_bytes_names
def test_a_missing_file_with_an_odd_name_is_an_error_naming_it(tmp_path: Path) -> None:
    name = os.fsdecode(os.fsencode(tmp_path) + b"/gone-\xff.txt")
    [error] = read_paths([name], None, "en")
    assert isinstance(error, DocumentError)
    assert error.path.endswith("/gone-\\xff.txt") and error.message == "no such file or directory"


@needs_bytes_names
def test_a_folder_with_odd_file_names_through_the_cli(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _odd_names(folder)
    result = mtqa_check(tmp_path, folder)
    assert_clean_stderr(result)
    assert result.returncode in (0, 1), result.stderr
    data = summary(tmp_path / "out")
    assert data["errors"] == []
    assert len(data["documents"]) == 5
    for entry in data["documents"]:
        report = json.loads(Path(entry["report"]).read_text("utf-8"))
        assert report["path"] == entry["path"]
    assert any(d["path"].endswith("/in/caf\\xe9-reopens.txt") for d in data["documents"])


# --- other readers: nothing unencodable reaches a document ---------------------------------


def _xliff2(target: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en"'
        ' trgLang="de">\n<file id="f1">\n'
        '<unit id="u1"><segment><source>Tab<ph id="1"/>here</source>'
        f"<target>{target}</target></segment></unit>\n"
        "</file>\n</xliff>\n"
    ).encode()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("D800", "\ufffd"),
        ("DFFF", "\ufffd"),
        ("110000", "\ufffd"),
        ("FFFFFFFFFFFFFFFFFFFFFFFF", "\ufffd"),
        ("zz", "\ufffd"),
        ("9", "\t"),
        ("1F600", "\U0001f600"),
    ],
)
def test_xliff_code_points_that_are_no_character_become_a_replacement(
    code: str, expected: str
) -> None:
    [document] = read_bytes("ui.xlf", _xliff2(f'Tab<cp hex="{code}"/>hier'), "xliff", None, "en")
    assert isinstance(document, Document), document
    assert document.units[0].target == f"Tab{expected}hier"
    assert_encodable(document)


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"The minister spoke \xed\xa0\x80 today.\n", "text"),  # a surrogate encoded in UTF-8
        (
            b"<html><body><p>Bad &#xD800; ref &#55296; here, said the minister.</p></body></html>",
            "html",
        ),
        (b'msgid "Save"\nmsgstr "Speichern \\ud800"\n', "po"),
        ("id,mt\na,Caf\udce9\n".encode("utf-8", "surrogateescape"), "csv"),
    ],
)
def test_other_readers_never_give_unencodable_text(data: bytes, fmt: str) -> None:
    items = list(read_bytes("input", data, fmt, None, "en"))
    assert items
    for item in items:
        assert_encodable(item)


# --- deep nesting -----------------------------------------------------------------------


def _xliff12(target: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file source-language="en" target-language="de" original="ui"><body>\n'
        f'<trans-unit id="deep"><source>Deep</source><target>{target}</target></trans-unit>\n'
        '<trans-unit id="save"><source>Save</source><target>Speichern</target></trans-unit>\n'
        "</body></file></xliff>\n"
    )


def _tmx(seg: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/>'
        '<body><tu tuid="1"><tuv xml:lang="en"><seg>One</seg></tuv>'
        f'<tuv xml:lang="de"><seg>{seg}</seg></tuv></tu></body></tmx>\n'
    )


@pytest.mark.parametrize("depth", [1000, 1500, 2000])
def test_xliff_and_tmx_nested_up_to_the_parser_limit_are_read(depth: int) -> None:
    [xliff] = read_bytes(
        "deep.xlf",
        _xliff12("<g id='1'>" * depth + "Tief" + "</g>" * depth).encode(),
        "xliff",
        None,
        "en",
    )
    assert isinstance(xliff, Document), xliff
    assert xliff.units[0].target == '<g id="1">' * depth + "Tief" + "</g>" * depth
    assert xliff.units[1].target == "Speichern"
    [tmx] = read_bytes(
        "deep.tmx", _tmx("<hi>" * depth + "Eins" + "</hi>" * depth).encode(), "tmx", None, "en"
    )
    assert isinstance(tmx, Document), tmx
    assert tmx.units[0].target == "Eins"


def test_xml_nested_beyond_the_parser_limit_is_a_clear_error() -> None:
    depth = 3000
    [error] = read_bytes(
        "deep.xlf",
        _xliff12("<mrk>" * depth + "Tief" + "</mrk>" * depth).encode(),
        "xliff",
        None,
        "en",
    )
    assert isinstance(error, DocumentError)
    assert error.message.startswith("malformed XML: elements nested more than 2048 levels deep")
    assert error.line == 4 and "XML_PARSE_HUGE" not in error.message


def test_deep_nesting_in_every_format_through_the_cli(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.xlf").write_text(_xliff12("<g id='1'>" * 1500 + "Tief" + "</g>" * 1500))
    (folder / "deep.tmx").write_text(_tmx("<hi>" * 1500 + "Eins" + "</hi>" * 1500))
    (folder / "too-deep.xlf").write_text(_xliff12("<g id='1'>" * 3000 + "x" + "</g>" * 3000))
    (folder / "page.html").write_text(
        "<html><body><article><p>The port of Rotterdam reopened after the strike.</p>"
        + "<div>" * 2000
        + "<p>Dock workers returned to work on Monday, the union said.</p>"
        + "</div>" * 2000
        + "</article></body></html>"
    )
    (folder / "quotes.md").write_text(
        "The minister spoke on Monday.\n\n" + ">" * 2000 + " A quoted line.\n"
    )
    (folder / "feed.jsonl").write_text(
        GOOD_1 + "\n" + '{"id": "n", "mt": "N.", "x": ' + "[" * 1500 + "]" * 1500 + "}\n"
    )
    result = mtqa_check(tmp_path, folder)
    assert_clean_stderr(result)
    assert result.returncode == 2, result.stderr
    data = summary(tmp_path / "out")
    read = {Path(d["path"]).name for d in data["documents"]}
    assert read == {"deep.xlf", "deep.tmx", "page.html", "quotes.md", "feed.jsonl"}
    assert sorted((Path(e["path"]).name, e["line"]) for e in data["errors"]) == [
        ("feed.jsonl", 2),
        ("too-deep.xlf", 4),
    ]
    for entry in data["errors"]:
        assert "nested" in entry["error"]


# --- legacy encodings are decoded as the language expects ----------------------------------


FRENCH = (
    "Le ministre est arrivé après midi à la préfecture. Il a déclaré que la réforme des "
    "retraites serait présentée à l'Assemblée nationale dès la rentrée, malgré l'opposition "
    "des syndicats.\n\nLes élèves reprendront les cours après les vacances de Pâques.\n"
)
GERMAN = (
    "Der Bürgermeister erklärte am Dienstag, dass die Straßenbahn wegen der Bauarbeiten für "
    "mehrere Wochen nicht fahren werde. Die Grünen kritisierten die Entscheidung als "
    "überstürzt; „Das ist ärgerlich“, sagte eine Anwohnerin.\n"
)
SPANISH = (
    "El presidente anunció el miércoles que el Gobierno aprobará una reforma de las "
    "pensiones. «Es una decisión difícil», señaló el ministro de Economía, que también habló "
    "de la inflación y del año próximo.\n"
)
ITALIAN = (
    "Il sindaco ha dichiarato che la città sarà più verde entro il prossimo anno, perché è "
    "necessario ridurre l'inquinamento.\n"
)
PORTUGUESE = (
    "O governo anunciou que as eleições serão realizadas em outubro. A decisão foi tomada "
    "após uma reunião com os líderes dos partidos, disse o ministro da Justiça.\n"
)
CZECH = (
    "Vláda v úterý schválila návrh zákona, který má zlepšit podmínky pro malé podnikatele a "
    "snížit daně. Příliš žluťoučký kůň úpěl ďábelské ódy, řekl ministr.\n"
)
POLISH = (
    "Rząd przyjął we wtorek projekt ustawy, który ma poprawić sytuację małych przedsiębiorstw. "
    "Minister powiedział, że zmiany wejdą w życie od przyszłego roku.\n"
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (FRENCH, "cp1252"),
        (GERMAN, "cp1252"),
        (SPANISH, "cp1252"),
        (ITALIAN, "cp1252"),
        (PORTUGUESE, "cp1252"),
        (CZECH, "cp1250"),
        (POLISH, "cp1250"),
    ],
)
def test_legacy_text_is_decoded_with_the_code_page_of_its_language(
    text: str, encoding: str
) -> None:
    decoded = decode(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding == encoding
    assert decoded.note is not None and encoding in decoded.note and "detected" in decoded.note


def test_a_short_text_follows_the_declared_language() -> None:
    data = "Il est arrivé après minuit.\n".encode("cp1252")
    assert decode(data, "fr").text == "Il est arrivé après minuit.\n"
    polish = "Zażółć gęślą jaźń.\n".encode("cp1250")
    assert decode(polish, "pl").text == "Zażółć gęślą jaźń.\n"


def test_latin1_french_article_and_csv_feed_through_the_readers(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(FRENCH.encode("cp1252"))
    feed = tmp_path / "feed.csv"
    feed.write_bytes(f'id,mt\nfr-1,"{FRENCH}"\nfr-2,Déjà vu à Orléans.\n'.encode("cp1252"))
    items = list(read_paths([str(article), str(feed)], None, "fr"))
    assert errors(items) == []
    [doc, first, second] = items
    assert isinstance(doc, Document) and doc.target == FRENCH and doc.encoding == "cp1252"
    assert isinstance(first, Document) and first.target == FRENCH
    assert isinstance(second, Document) and second.target == "Déjà vu à Orléans."
    assert first.encoding == "cp1252" and first.notes and "cp1252" in first.notes[0]


def test_latin1_french_article_through_the_cli(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(FRENCH.encode("latin-1"))
    result = mtqa_check(tmp_path, article, "--lang", "en-fr")
    assert_clean_stderr(result)
    [entry] = summary(tmp_path / "out")["documents"]
    report = json.loads(Path(entry["report"]).read_text("utf-8"))
    assert report["encoding"] == "cp1252"
    assert "aprčs" not in json.dumps(report, ensure_ascii=False)


# --- UTF-16 and UTF-32 feeds -------------------------------------------------------------


WIDE_LINES = [
    '{"id": "w1", "mt": "Le ministre est arrivé après midi."}',
    "",
    '{"id": "w2", "mt": "Zweite Zeile\u2028mit Trenner und 😀."}',
    "{not json",
    '{"id": "w3", "mt": "港口重新开放。"}',
]


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_a_utf16_or_utf32_feed_is_read_with_its_line_numbers(tmp_path: Path, encoding: str) -> None:
    data = ("\r\n".join(WIDE_LINES) + "\r\n").encode(encoding)
    path = tmp_path / "feed.jsonl"
    path.write_bytes(data)
    whole = list(read_bytes(str(path), data, "jsonl", None, "en"))
    streamed = list(read_paths([str(path)], None, "en"))
    assert streamed == whole
    assert [d.id for d in documents(whole)] == ["w1", "w2", "w3"]
    assert documents(whole)[1].target == "Zweite Zeile\u2028mit Trenner und 😀."
    [error] = errors(whole)
    assert error.line == 4 and error.message.startswith("malformed JSON")


def test_a_bad_code_unit_in_a_utf16_feed_fails_its_line_only() -> None:
    data = (
        codecs.BOM_UTF16_LE
        + '{"id": "a", "mt": "Fine."}\n{"id": "b", "mt": "'.encode("utf-16-le")
        + b"\x00\xd8"  # a high surrogate with no low one after it
        + '"}\n{"id": "c", "mt": "Also fine."}\n'.encode("utf-16-le")
    )
    items = list(read_jsonl("feed.jsonl", data, None, "en"))
    assert [d.id for d in documents(items)] == ["a", "c"]
    [error] = errors(items)
    assert error.line == 2 and "not valid UTF-16-LE" in error.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_wide_feed_on_stdin_is_sniffed_as_jsonl(encoding: str) -> None:
    data = "\n".join(WIDE_LINES).encode(encoding)
    assert sniff_format(data) == "jsonl"
    items = list(read_bytes("-", data, sniff_format(data), None, "en"))
    assert [d.id for d in documents(items)] == ["w1", "w2", "w3"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_csv_feeds_and_articles_in_utf16_without_a_bom_are_read(
    tmp_path: Path, encoding: str
) -> None:
    feed = tmp_path / "feed.csv"
    feed.write_bytes(f'id,mt\r\nfr-1,"{FRENCH}"\r\nfr-2,Déjà vu.\r\n'.encode(encoding))
    article = tmp_path / "article.txt"
    article.write_bytes(GERMAN.encode(encoding))
    items = list(read_paths([str(feed), str(article)], None, "en"))
    assert errors(items) == []
    assert [d.target for d in documents(items)] == [FRENCH, "Déjà vu.", GERMAN]
    assert {d.encoding for d in documents(items)} == {encoding}
    assert list(read_bytes(str(feed), feed.read_bytes(), "csv", None, "en")) == items[:2]


def test_a_utf16_feed_through_the_cli(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes("\n".join(WIDE_LINES).encode("utf-16"))
    result = mtqa_check(tmp_path, feed)
    assert_clean_stderr(result)
    assert result.returncode == 2
    data = summary(tmp_path / "out")
    assert [d["id"] for d in data["documents"]] == ["w1", "w2", "w3"]
    assert [e["line"] for e in data["errors"]] == [4]


# --- fuzz: any record is reported or named with its line -----------------------------------


_CHARACTERS = st.one_of(
    st.characters(),  # any code point, lone surrogates included
    st.sampled_from(["\x00", "\x1b", "\u2028", "\ud800", "\udfff", "\ufeff", "\r", "\n"]),
)
_TEXT = st.text(_CHARACTERS, max_size=40)
_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    _TEXT,
    st.sampled_from(["The minister spoke.", "de", "pt-BR", "zh_CN", "", " "]),
)
_VALUE = st.recursive(
    _LEAF,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(_TEXT, children, max_size=3)
    ),
    max_leaves=8,
)
_FIELDS = ("id", "mt", "source", "reference", "src_lang", "tgt_lang")
_RECORD = st.dictionaries(st.sampled_from(_FIELDS) | _TEXT, _VALUE, max_size=7)


@st.composite
def _feed_line(draw: st.DrawFn) -> str:
    """One JSONL line: a record (often a plausible one), any JSON value, or JSON with a
    hostile part: nesting past the recursion limit, an integer of thousands of digits."""
    kind = draw(st.sampled_from(["record", "plausible", "value", "deep", "huge", "raw"]))
    if kind == "record":
        return json.dumps(draw(_RECORD), ensure_ascii=draw(st.booleans()))
    if kind == "plausible":
        record: dict[str, Any] = {
            "id": draw(_LEAF),
            "mt": draw(_TEXT | st.just("A fine sentence.")),
        }
        if draw(st.booleans()):
            record["tgt_lang"] = draw(_LEAF)
        return json.dumps(record)
    if kind == "value":
        return json.dumps(draw(_VALUE))
    if kind == "deep":
        depth = draw(st.integers(500, 3000))
        return '{"id": "deep", "mt": "Deep.", "x": ' + "[" * depth + "]" * depth + "}"
    if kind == "huge":
        return '{"id": ' + "7" * draw(st.integers(4000, 6000)) + ', "mt": "Huge."}'
    return draw(_TEXT)


_FEED = st.lists(_feed_line(), min_size=1, max_size=8)


def _feed_bytes(lines: list[str]) -> bytes:
    # lone surrogates written raw (by ensure_ascii=False, or in "raw" lines) become the
    # bytes UTF-8 would give them, which are no valid UTF-8: the reader must say so
    return "\n".join(lines).encode("utf-8", "surrogatepass") + b"\n"


def _nonblank_lines(data: bytes) -> list[int]:
    return [n for n, raw in enumerate(data.splitlines(), start=1) if raw.strip()]


def _assert_contract(items: list[Item], data: bytes, path: str) -> None:
    """Every non-blank line gives exactly one item, in order; an error names its line."""
    lines = _nonblank_lines(data)
    if not lines:
        [error] = items
        assert isinstance(error, DocumentError) and "empty feed" in error.message
        return
    assert len(items) == len(lines)
    error_lines = [e.line for e in errors(items)]
    assert len(set(error_lines)) == len(error_lines)
    assert set(error_lines) <= set(lines)
    ids = [d.id for d in documents(items)]
    assert len(set(ids)) == len(ids)
    for item in items:
        assert item.path == path
        assert_encodable(item)
        if isinstance(item, Document):
            assert item.target.strip()
        else:
            assert item.message and "Traceback" not in item.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=_FEED)
def test_any_feed_record_is_read_or_named_with_its_line(lines: list[str]) -> None:
    data = _feed_bytes(lines)
    _assert_contract(list(read_jsonl("feed.jsonl", data, None, "en")), data, "feed.jsonl")


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(lines=st.lists(_feed_line(), min_size=3, max_size=12))
def test_any_feed_through_the_cli_keeps_the_run_contract(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("cli-fuzz")
    feed = folder / "feed.jsonl"
    data = _feed_bytes(lines)
    feed.write_bytes(data)
    result = mtqa_check(folder, feed)
    assert_clean_stderr(result)
    assert result.returncode in (0, 1, 2), result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["feed.jsonl", "out"]
    data_out = summary(folder / "out")
    accounted = len(data_out["documents"]) + len(data_out["errors"])
    assert accounted == len(_nonblank_lines(data)) or (
        not _nonblank_lines(data) and len(data_out["errors"]) == 1
    )
    assert all(e["line"] in _nonblank_lines(data) for e in data_out["errors"])
    assert (result.returncode == 2) == bool(data_out["errors"])
