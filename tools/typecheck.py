#!/usr/bin/env python3
"""Run ``mypy --strict`` over newslint with rules/ seen as ``newslint.rules``.

The source tree keeps the builtin rules in ``rules/`` (installed as
``newslint.rules`` through setuptools' package-dir), a mapping mypy cannot
follow through an editable install. This builds a throw-away tree of symlinks
in the installed shape and checks that, printing paths of the real files.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="newslint-mypy-") as tmp:
        pkg = Path(tmp) / "newslint"
        pkg.mkdir()
        for item in (ROOT / "newslint").iterdir():
            if item.suffix in (".py", ".typed"):
                (pkg / item.name).symlink_to(item)
        (pkg / "rules").symlink_to(ROOT / "rules")
        proc = subprocess.run(
            [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
             "-p", "newslint", *sys.argv[1:]],
            cwd=tmp, capture_output=True, text=True,
        )
        out = (proc.stdout + proc.stderr).replace("newslint/rules/", "rules/")
        sys.stdout.write(out)
        return proc.returncode


if __name__ == "__main__":
    raise SystemExit(main())
