"""Property-based and fuzz tests of every reader (hypothesis).

Whatever the bytes, a reader yields documents and errors, never an exception; an error names
the file (and the line for feeds); a feed read record by record from its file gives exactly
what reading it whole gives; extreme input (very long lines, deep nesting, a 50 MB article)
is read or refused with a clear error.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from mtqa.document import Document
from mtqa.findings import DocumentError
from mtqa.readers import read_bytes, read_paths

FORMATS = ("text", "markdown", "html", "jsonl", "csv", "tsv")
BILINGUAL_FORMATS = ("xliff", "tmx", "po")
SUFFIXES = {"jsonl": ".jsonl", "csv": ".csv", "tsv": ".tsv"}
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Bytes that look like feeds or text as often as like noise.
_FEEDISH = st.one_of(
    st.binary(max_size=400),
    st.lists(
        st.sampled_from(
            [
                b'{"id": "a", "mt": "Fine text."}',
                b'{"mt": "No id."}',
                b'{"id": "a", "mt": 5}',
                b"id,mt,source",
                b'x,"quoted, with comma",src',
                b"y,Plain text.,",
                b"id\tmt",
                b"z\tTab separated.",
                b'"unterminated',
                b"\xef\xbb\xbf",
                b"\xff\xfe",
                b"caf\xe9",
                "naïve ünïcode".encode(),
                b"\x00\x01\x02",
                b"[" * 50,
                b"",
            ]
        ),
        max_size=12,
    ).map(lambda parts: b"\n".join(parts)),
    st.text(max_size=300).map(lambda text: text.encode("utf-8")),
)


def _check_items(items: list[Document | DocumentError], display: str) -> None:
    for item in items:
        assert isinstance(item, (Document, DocumentError)), item
        assert item.path == display
        if isinstance(item, DocumentError):
            assert item.message and "Traceback" not in item.message
            assert item.line is None or item.line >= 1
        else:
            assert item.target.strip()


@FUZZ
@given(data=_FEEDISH, fmt=st.sampled_from(FORMATS))
@example(data=b"\xff\xfe\x00\xd8", fmt="csv")  # UTF-16 with a lone surrogate
@example(data=b"<" * 5000, fmt="html")
def test_any_bytes_give_documents_or_errors_never_an_exception(data: bytes, fmt: str) -> None:
    items = list(read_bytes("input", data, fmt, None, "en"))
    assert items, "every input is accounted for"
    _check_items(items, "input")


@FUZZ
@given(data=_FEEDISH, fmt=st.sampled_from(sorted(SUFFIXES)))
@example(data=b"a\r\nb\rc\n\r\n", fmt="jsonl")
@example(data=b'\xef\xbb\xbfid,mt\r\n1,"two\r\nlines"\r\n', fmt="csv")
def test_a_feed_streamed_from_its_file_reads_as_it_does_whole(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, fmt: str
) -> None:
    path = tmp_path_factory.mktemp("feed") / f"feed{SUFFIXES[fmt]}"
    path.write_bytes(data)
    whole = list(read_bytes(str(path), data, fmt, None, "en"))
    streamed = list(read_paths([str(path)], None, "en"))
    assert streamed == whole


#: Pieces of XLIFF, TMX and PO files, put together in any order (mostly not well-formed).
_BILINGUALISH = st.one_of(
    st.binary(max_size=400),
    st.lists(
        st.sampled_from(
            [
                b'<?xml version="1.0" encoding="UTF-8"?>',
                b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">',
                b'<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"'
                b' srcLang="en" trgLang="de">',
                b'<file source-language="en" target-language="de" original="x"><body>',
                b'<trans-unit id="1"><source>Save</source><target>Speichern</target></trans-unit>',
                b'<unit id="u"><segment><source>Hi <ph id="1"/></source>'
                b"<target>Hallo <ph id='1'/></target></segment></unit>",
                b'<tmx version="1.4"><header srclang="en"/><body>',
                b'<tu tuid="7"><tuv xml:lang="en"><seg>One</seg></tuv>'
                b'<tuv xml:lang="de"><seg>Eins</seg></tuv></tu>',
                b"</body></file></xliff>",
                b"</body></tmx>",
                b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
                b"&a;&a;&undefined;",
                b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"',
                b'msgctxt "menu"\nmsgid "Open"\nmsgstr "\xc3\x96ffnen"',
                b'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d Datei"',
                b'msgstr "unterminated',
                b"#, fuzzy",
                b"\xef\xbb\xbf",
                b"\xff\xfe",
                b"<" * 40,
                b"",
            ]
        ),
        max_size=12,
    ).map(lambda parts: b"\n".join(parts)),
)


@FUZZ
@given(data=_BILINGUALISH, fmt=st.sampled_from(BILINGUAL_FORMATS))
@example(data=b'<xliff version="1.2"><file><body><trans-unit/></body></file></xliff>', fmt="xliff")
@example(data=b'msgid "a"\nmsgstr[7] "b"', fmt="po")
def test_any_bytes_in_a_bilingual_file_give_a_document_or_an_error(data: bytes, fmt: str) -> None:
    items = list(read_bytes("input", data, fmt, None, "en"))
    assert len(items) == 1, "a bilingual file is one document or one error"
    [item] = items
    assert isinstance(item, (Document, DocumentError)), item
    assert item.path == "input"
    if isinstance(item, DocumentError):
        assert item.message and "Traceback" not in item.message
        assert item.line is None or item.line >= 1
    else:
        for unit in item.units:  # every unit's target is where the document says it is
            assert item.target[unit.offset : unit.end] == unit.target


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300).filter(
    lambda s: s.strip() != ""
)


@FUZZ
@given(text=_TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_any_unicode_article_round_trips_in_any_utf_encoding(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    # UTF-16 LE's BOM followed by U+0000 is UTF-32 LE's BOM: those bytes are read as UTF-32
    assume(not (encoding == "utf-16" and data.startswith(codecs.BOM_UTF32_LE)))
    items = list(read_bytes("a.txt", data, "text", None, "en"))
    [item] = items
    if isinstance(item, DocumentError):  # control characters can make it look binary
        assert item.message == "binary file, not text"
        assert encoding in ("utf-8", "utf-8-sig")
        return
    assert item.target == text


@FUZZ
@given(mts=st.lists(_TEXT, min_size=1, max_size=6))
def test_any_unicode_record_round_trips_through_a_streamed_jsonl_file(
    tmp_path_factory: pytest.TempPathFactory, mts: list[str]
) -> None:
    path = tmp_path_factory.mktemp("feed") / "feed.jsonl"
    lines = [json.dumps({"id": n, "mt": mt}, ensure_ascii=n % 2 == 0) for n, mt in enumerate(mts)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_paths([str(path)], None, "en"))
    expected = [mt if mt.strip() else None for mt in mts]
    got = [i.target if isinstance(i, Document) else None for i in items]
    assert got == expected


# --- extreme input ---------------------------------------------------------------------


def test_very_long_jsonl_and_csv_records(tmp_path: Path) -> None:
    long_mt = "The delegation met the minister again. " * 130_000  # 5 MB on one line
    jsonl = tmp_path / "feed.jsonl"
    jsonl.write_text(
        json.dumps({"id": "long", "mt": long_mt}) + '\n{"id": "short", "mt": "Short."}\n',
        encoding="utf-8",
    )
    csv_file = tmp_path / "feed.csv"
    csv_file.write_text(f'id,mt\nlong,"{long_mt}"\nshort,Short.\n', encoding="utf-8")
    for path in (jsonl, csv_file):
        items = list(read_paths([str(path)], None, "en"))
        assert [(i.id, i.target) for i in items if isinstance(i, Document)] == [
            ("long", long_mt),
            ("short", "Short."),
        ]


def test_deeply_nested_and_huge_html_are_read_or_refused_cleanly(tmp_path: Path) -> None:
    nested = tmp_path / "nested.html"
    nested.write_text("<html><body>" + "<div>" * 100_000 + "Deep text." + "</div>" * 100_000)
    huge = tmp_path / "huge.html"
    paragraph = "<p>The port of Rotterdam reopened after a strike by dock workers.</p>\n"
    huge.write_text("<html><body><article>" + paragraph * 10_000 + "</article></body></html>")
    for path in (nested, huge):
        [item] = list(read_paths([str(path)], None, "en"))
        _check_items([item], str(path))
    [document] = list(read_paths([str(huge)], None, "en"))
    assert isinstance(document, Document) and "Rotterdam" in document.target


def test_a_50_mb_article_is_read_exactly(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    paragraph = "The minister said talks would continue next week in Geneva, officials added.\n\n"
    text = paragraph * (50_000_000 // len(paragraph))
    path.write_text(text, encoding="utf-8")
    [document] = list(read_paths([str(path)], None, "en"))
    assert isinstance(document, Document)
    assert len(document.target) == len(text) and document.target == text


def test_mixed_encodings_in_a_feed_name_the_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        b'{"id": "a", "mt": "Caf\xc3\xa9 reopens."}\n'
        b'{"id": "b", "mt": "Caf\xe9 reopens."}\n'
        + codecs.BOM_UTF16_LE
        + '{"id": "c"}'.encode("utf-16-le")
        + b'\n{"id": "d", "mt": "Fine."}\n'
    )
    items = list(read_paths([str(path)], None, "en"))
    assert [i.id for i in items if isinstance(i, Document)] == ["a", "d"]
    assert [(e.line, e.message.split(" (")[0]) for e in items if isinstance(e, DocumentError)] == [
        (2, "not UTF-8"),
        (3, "not UTF-8"),
    ]


def test_a_binary_csv_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"\x00\x01\x02\x03" * 1_000_000)
    [error] = list(read_paths([str(path)], None, "en"))
    assert isinstance(error, DocumentError)
    assert error.path == str(path) and error.message == "binary file, not text"


def _xliff(body: str, doctype: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file source-language="en" target-language="de" original="ui"><body>\n'
        f"{body}\n</body></file></xliff>\n"
    )


def test_deeply_nested_and_huge_xliff_are_read_or_refused_cleanly(tmp_path: Path) -> None:
    nested = tmp_path / "nested.xlf"
    deep = "<g id='1'>" * 100_000 + "Tief" + "</g>" * 100_000
    nested.write_text(
        _xliff(f'<trans-unit id="d"><source>Deep</source><target>{deep}</target></trans-unit>')
    )
    huge = tmp_path / "huge.xlf"
    units = "\n".join(
        f'<trans-unit id="u{n}"><source>Save file {n}</source>'
        f"<target>Datei {n} speichern</target></trans-unit>"
        for n in range(20_000)
    )
    huge.write_text(_xliff(units))
    for path in (nested, huge):
        [item] = list(read_paths([str(path)], None, "en"))
        assert isinstance(item, (Document, DocumentError)) and item.path == str(path)
        if isinstance(item, DocumentError):
            assert "Traceback" not in item.message
    [document] = list(read_paths([str(huge)], None, "en"))
    assert isinstance(document, Document) and len(document.units) == 20_000
    last = document.units[-1]
    assert (last.id, last.target) == ("u19999", "Datei 19999 speichern")
    assert document.target[last.offset : last.end] == last.target


def test_entity_expansion_and_external_entities_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    # The "billion laughs": l9 would expand to 10**9 "lol"s.
    laughs = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)
    )
    bombs = {
        "laughs.xlf": _xliff(
            '<trans-unit id="1"><source>a</source><target>&l9;</target></trans-unit>',
            f"<!DOCTYPE xliff [{laughs}]>",
        ),
        "external.tmx": f'<!DOCTYPE tmx [<!ENTITY s SYSTEM "file://{secret}">]>'
        '<tmx version="1.4"><header srclang="en"/><body><tu tuid="1">'
        '<tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="de"><seg>&s;</seg></tuv>'
        "</tu></body></tmx>",
    }
    for name, text in bombs.items():
        path = tmp_path / name
        path.write_text(text)
        [item] = list(read_paths([str(path)], None, "en"))
        assert isinstance(item, (Document, DocumentError)) and item.path == str(path)
        target = item.target if isinstance(item, Document) else item.message
        assert "TOP SECRET" not in target
        assert "lollollol" not in target
