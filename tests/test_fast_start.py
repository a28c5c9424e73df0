"""``mtqa --help``, ``mtqa rules`` and ``--no-model`` runs never import torch (nor dask)."""

from __future__ import annotations

import subprocess
import sys

from .conftest import SEED

PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['mtqa'] + sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_module('mtqa', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "heavy = sorted(m for m in ('torch', 'transformers', 'dask') if m in sys.modules)\n"
    "print('HEAVY:' + ','.join(heavy), file=sys.stderr)\n"
)


def _heavy_modules(*args: str, cwd: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd, check=False
    )
    marker = [line for line in result.stderr.splitlines() if line.startswith("HEAVY:")]
    assert marker, result.stderr
    return marker[-1].removeprefix("HEAVY:")


def test_help_does_not_import_torch() -> None:
    assert _heavy_modules("--help") == ""


def test_rules_does_not_import_torch() -> None:
    assert _heavy_modules("rules") == ""
    assert _heavy_modules("rules", "F201") == ""


def test_no_model_check_does_not_import_torch(tmp_path) -> None:
    assert _heavy_modules("check", "--no-model", "--out", str(tmp_path), str(SEED)) == ""
