"""The wheel ships every file under rules/ as newslint/rules/... (data files included)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__",
                                ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis")


@pytest.mark.slow
def test_wheel_from_a_clean_copy_ships_all_rules(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=IGNORE)
    out = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(out), str(copy)],
        check=True, capture_output=True, text=True,
    )
    wheel = next(out.glob("newslint-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_rules = {n for n in names if n.startswith("newslint/rules/")}
    expected = {
        "newslint/rules/" + p.relative_to(ROOT / "rules").as_posix()
        for p in (ROOT / "rules").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert expected <= shipped_rules, f"missing from wheel: {sorted(expected - shipped_rules)}"
    assert "newslint/py.typed" in names
    assert "newslint/cli.py" in names
    assert not any(n.startswith(("rules/", "tests/")) for n in names)
