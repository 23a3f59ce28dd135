"""The import contracts in pyproject.toml: bot/ stays platform-free, only storage/ touches SQL."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lint(cwd: Path):
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    return subprocess.run([exe, "--config", str(cwd / "pyproject.toml")], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(cwd), "PATH": str(Path(sys.executable).parent)})


def test_import_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The core is platform-free KEPT" in result.stdout


def test_contract_catches_a_platform_import(tmp_path):
    """The contract can fail: a copy of the tree with bot/ importing discord is rejected."""
    for name in ("bot", "adapters", "storage"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "bot" / "sneaky.py").write_text("import discord\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "The core is platform-free BROKEN" in result.stdout


def test_the_repository_refers_to_nothing_outside_itself():
    """Issue 11, item 18: a fresh clone is complete; no file points at a sibling folder of the project."""
    import subprocess
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    files = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    outside = "../" + "shared"  # spelt in two pieces so this test doesn't find itself
    found = [f for f in files if (root / f).is_file() and outside in (root / f).read_text(errors="replace")]
    assert found == []
