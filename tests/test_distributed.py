"""``mtqa.distributed`` on a ``dask.distributed`` LocalCluster of two worker processes: the
reports are the CLI's, and each worker loads its checks (and model) once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mtqa.config import Config
from mtqa.distributed import check_bag, check_dataframe

from .conftest import run_mtqa

ROOT = Path(__file__).resolve().parent.parent
FEEDS = ROOT / "fixtures" / "feeds"
JSONL = FEEDS / "news_zh_en.jsonl"
CSV = FEEDS / "headlines_de_en.csv"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with Client(cluster) as connected:
        yield connected
    cluster.close()


def cli_reports(tmp_path: Path, path: Path) -> list[dict[str, Any]]:
    result = run_mtqa(
        *("check", path, "--no-model", "--no-cache", "--format", "jsonl:-"),
        *("--fail-on", "never", "--quiet"),
        cwd=tmp_path,
    )
    assert result.returncode in (0, 2), result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _loads() -> int:
    import mtqa.distributed

    return mtqa.distributed.loads


def test_a_bag_of_records_gives_the_cli_reports(client: Any, tmp_path: Path) -> None:
    import dask.bag as db

    records = [json.loads(line) for line in JSONL.read_text("utf-8").splitlines() if line]
    config = Config(use_model=False, fail_on=None)
    bag = db.from_sequence(records, npartitions=4)
    reports = check_bag(bag, config, path=str(JSONL)).compute()
    assert reports == cli_reports(tmp_path, JSONL)
    again = check_bag(db.from_sequence(records, npartitions=6), config, path=str(JSONL))
    assert again.compute() == reports
    loads = client.run(_loads)
    assert len(loads) == 2 and set(loads.values()) <= {0, 1} and sum(loads.values()) >= 1


def test_a_dataframe_gives_the_cli_reports(client: Any, tmp_path: Path) -> None:
    import dask.dataframe as dd
    import pandas as pd

    frame = dd.from_pandas(pd.read_csv(CSV, dtype=str, keep_default_na=False), npartitions=2)
    reports = check_dataframe(frame, Config(use_model=False, fail_on=None), path=str(CSV))
    assert reports.compute() == cli_reports(tmp_path, CSV)


def test_bad_records_are_errors_and_the_others_are_checked(client: Any) -> None:
    import dask.bag as db

    items = [{"id": "a", "mt": "The talks resume on Monday."}, {"id": "b"}, 42, {"mt": "Fine."}]
    outcomes = check_bag(db.from_sequence(items, npartitions=1), Config(use_model=False))
    got = [(o["schema"], o["id"]) for o in outcomes.compute()]
    assert got == [
        ("mtqa.report/1", "a"),
        ("mtqa.error/1", "b"),
        ("mtqa.error/1", "dask:0:3"),
        ("mtqa.report/1", "dask:0:4"),
    ]


def test_dask_items_with_lone_surrogates_are_errors_without_the_surrogate() -> None:
    from mtqa.config import Config
    from mtqa.distributed import _documents
    from mtqa.document import Document
    from mtqa.findings import DocumentError

    items = [
        {"id": "bad-\udfff", "mt": "The talks resumed.", "source": "会谈恢复了。\ud800"},
        Document("doc-\udc80", "p", "The talks resumed."),
        Document("fine", "p", "The talks resumed on Monday."),
    ]
    record_error, document_error, fine = _documents(items, Config(use_model=False), "dask", 3)
    assert isinstance(record_error, DocumentError) and record_error.id == "dask:3:1"
    assert isinstance(document_error, DocumentError) and document_error.id is None
    assert "lone surrogate" in document_error.message
    assert isinstance(fine, Document)
    for error in (record_error, document_error):
        json.dumps(error.to_dict(), ensure_ascii=False).encode("utf-8")  # writable as UTF-8
