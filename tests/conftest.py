"""Shared test helpers: run the CLI in-process, and the paths of test data."""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from newslint.cli import main

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
SEEDS = TESTS / "seeds"

# Tests must never pick up a developer's installed third-party plugins.
os.environ.setdefault("NEWSLINT_DISABLE_PLUGIN_AUTOLOAD", "1")

# CI runs the property tests on a fixed sequence of examples, so a run is
# reproducible; developers' runs explore new random examples every time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(args: Sequence[str], cwd: Path | None = None) -> Run:
    """Run ``newslint ARGS`` in-process and capture its output and exit status."""
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        code = main(list(args), out, err)
    finally:
        os.chdir(old)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh temporary folder that is also the working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
