"""A one-line progress display on stderr for long runs (never on stdout).

Shown only when stderr is a terminal, and only once a run has gone on for a
second: a pre-commit run never sees it, a corpus run always does.
"""

from __future__ import annotations

import time
from typing import TextIO

DELAY_SECONDS = 1.0
INTERVAL_SECONDS = 0.25


class Progress:
    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled and stream.isatty()
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False
        self.documents = 0
        self.findings = 0

    def update(self, findings: int) -> None:
        self.documents += 1
        self.findings += findings
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < DELAY_SECONDS or now - self.last < INTERVAL_SECONDS:
            return
        self.last = now
        self.shown = True
        rate = self.documents / max(now - self.started, 1e-9)
        self.stream.write(f"\r\x1b[Knewslint: {self.documents:,} documents  {rate:,.0f}/s  "
                          f"{self.findings:,} findings")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
