"""The on-disk cache only ever saves time: stale, corrupt or missing entries rebuild."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from newslint.cache import cached


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NEWSLINT_NO_CACHE", raising=False)
    return tmp_path / "cache"


def test_value_is_reused_until_an_input_changes(tmp_path: Path) -> None:
    data = tmp_path / "data.txt"
    data.write_text("one")
    calls: list[str] = []

    def build() -> str:
        calls.append("built")
        return data.read_text()

    assert cached("t", [str(data)], build) == "one"
    assert cached("t", [str(data)], build) == "one"
    assert calls == ["built"]
    data.write_text("two!")
    os.utime(data, (time.time() + 5, time.time() + 5))
    assert cached("t", [str(data)], build) == "two!"
    assert calls == ["built", "built"]


def test_corrupt_entry_is_rebuilt(tmp_path: Path, cache_dir: Path) -> None:
    assert cached("c", [], lambda: [1, 2]) == [1, 2]
    for entry in cache_dir.iterdir():
        entry.write_bytes(b"not a pickle")
    assert cached("c", [], lambda: [3]) == [3]


def test_unwritable_cache_still_returns_the_value(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(blocker / "sub"))
    assert cached("u", [], lambda: "v") == "v"


def test_no_cache_switch(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    monkeypatch.setenv("NEWSLINT_NO_CACHE", "1")
    assert cached("n", [], lambda: 5) == 5
    assert not cache_dir.exists()
