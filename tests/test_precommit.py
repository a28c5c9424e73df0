"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, run for real with ``pre-commit
try-repo`` in a temporary git repository of translated files.

What is tested: the hooks file as pre-commit reads it (its schema, the ``files`` pattern, the
entry with its arguments, ``pass_filenames``); pre-commit building the hook's own virtual
environment and installing mtqa into it with pip from a git repository that holds this
working tree's package (``mtqa/``, ``pyproject.toml``, ``README.md`` and the hooks file, so
uncommitted edits are tested too, and nobody else's staged files); and what the user sees:
a file with a planted error fails the hook (exit 1) with its finding printed, a clean file
passes, and a file the pattern does not match is not given to mtqa.

What is not tested by default: resolving and installing mtqa's dependencies (spaCy and its
English pipeline, torch, transformers, ...) into that fresh environment. ``try-repo``
builds a new environment on every call, and installing them takes minutes and about a
gigabyte, so pip installs mtqa alone (``PIP_NO_DEPS``) and the hook's interpreter imports
the dependencies from this virtual environment (``PYTHONPATH`` to its site-packages; mtqa
itself still comes from the hook's environment, because the editable install here is a
``.pth`` file, which Python reads only in site folders, never on ``PYTHONPATH``).
``MTQA_PRECOMMIT_FULL=1`` runs the same test with the full install, as a user gets it. The
``mtqa-model`` hook is not run (it would install torch and load the model); its definition
is checked against the ``mtqa`` hook's.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pre_commit") is None or shutil.which("git") is None,
    reason="pre-commit is not installed (it is in the dev extra: pip install -e '.[dev]')",
)

#: What a repository of mtqa hooks needs: the package and how to build it, and the hooks.
PACKAGE = ("mtqa", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
FULL = os.environ.get("MTQA_PRECOMMIT_FULL") == "1"

CLEAN = (
    "Council approves the budget\n\n"
    "The city council approved the new budget on Monday. The mayor said the plan would "
    "reduce costs for residents in the coming months.\n"
)
#: The same article cut mid-sentence: "in the coming months." is a fragment (F301, F302).
PLANTED = CLEAN.replace("residents in", "residents. in")


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=mtqa tests", "-c", "user.email=tests@mtqa.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository with this working tree's package and hooks file, committed."""
    repo = tmp_path_factory.mktemp("mtqa-copy")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *PACKAGE],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is left out
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    _git("init", "--quiet", cwd=repo)
    _git("add", "--all", cwd=repo)
    _git("commit", "--quiet", "-m", "mtqa", cwd=repo)
    return repo


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository of translated files: one with a planted error, one clean, and a file
    that is no translation."""
    project = tmp_path_factory.mktemp("translations")
    (project / "fr").mkdir()
    (project / "fr" / "budget.txt").write_text(PLANTED, "utf-8")
    (project / "fr" / "clean.md").write_text(CLEAN, "utf-8")
    (project / "build.py").write_text("print('in the coming months. it was')\n", "utf-8")
    _git("init", "--quiet", cwd=project)
    _git("add", "--all", cwd=project)
    return project


def try_repo(
    hook_repo: Path, project: Path, hook: str, *files: str
) -> subprocess.CompletedProcess[str]:
    home = project.parent / f"{project.name}-home"
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home / "pre-commit"),
        "XDG_CACHE_HOME": str(home / "cache"),  # the hook's result cache, not the user's
        "PRE_COMMIT_COLOR": "never",
    }
    env.pop("VIRTUAL_ENV", None)
    if not FULL:
        paths = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
        env["PIP_NO_DEPS"] = "1"
        env["PYTHONPATH"] = os.pathsep.join(paths)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, "--files", *files],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600 if FULL else 900,
    )


def test_the_hook_fails_on_a_planted_error_and_passes_a_clean_file(
    hook_repo: Path, project: Path
) -> None:
    failed = try_repo(hook_repo, project, "mtqa", "fr/budget.txt", "build.py")
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "mtqa (rules)" in output and "Failed" in output
    assert "- exit code: 1" in output
    assert "fr/budget.txt:3:111: F301 [major]" in output
    assert "F302 [major]" in output and "«in the coming months.»" in output
    # build.py does not match the hook's files: mtqa was given the translation alone
    assert "checked 1 document(s), 1 flagged" in output
    assert "build.py" not in output
    # --format text only: no report folder in the repository
    assert not (project / "mtqa-report").exists()

    passed = try_repo(hook_repo, project, "mtqa", "fr/clean.md")
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert "mtqa (rules)" in output and "Passed" in output
    assert not (project / "mtqa-report").exists()


def test_the_model_hook_differs_only_by_the_model() -> None:
    """``mtqa-model`` is ``mtqa`` with the model: the same files, its extra installed, and
    one process for all the files (each would load the model)."""
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    rules, model = hooks["mtqa"], hooks["mtqa-model"]
    assert rules["entry"] == "mtqa check --no-model --format text"
    assert model["entry"] == "mtqa check --format text"
    assert model["files"] == rules["files"] and model["language"] == rules["language"] == "python"
    assert (
        model["additional_dependencies"] == [".[model]"] and "additional_dependencies" not in rules
    )
    assert model["require_serial"] is True
    assert "heavier" in model["description"].lower()
