"""The notebooks that need nothing outside the repository run, cell by cell, in order."""

from __future__ import annotations

import json
import os

from .conftest import ROOT


def _run_notebook(name: str) -> dict[str, object]:
    notebook = json.loads((ROOT / "notebooks" / name).read_text("utf-8"))
    namespace: dict[str, object] = {"__name__": "__notebook__"}
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{name}:{cell['id']}", "exec"), namespace)
    return namespace


def test_run_reports_notebook(monkeypatch) -> None:
    monkeypatch.setenv("MTQA_ROOT", str(ROOT))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace = _run_notebook("run_reports.ipynb")
    documents = namespace["documents"]
    findings = namespace["findings"]
    assert namespace["run"].returncode == 1  # type: ignore[attr-defined]
    assert len(documents) == 5  # type: ignore[arg-type]
    assert {"A101", "F201", "F302"} <= set(findings["code"])  # type: ignore[index]
    assert os.path.getsize(namespace["figure_path"]) > 10_000  # type: ignore[arg-type]
    assert namespace["same_as_cli"] is True  # mtqa.check_many gives the CLI's reports
