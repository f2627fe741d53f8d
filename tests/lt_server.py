"""A LanguageTool look-alike for tests: an HTTP server on 127.0.0.1, port chosen by the OS.

It speaks the part of LanguageTool's HTTP API that language-tool-python and
newslint use: ``GET /v2/languages`` (a JSON list of ``{name, code, longCode}``) and
``POST /v2/check`` (form fields ``text``, ``language``, ``disabledRules`` ...;
answers ``{"software", "language", "matches": [...]}`` with offsets and lengths in
UTF-16 code units, as the Java server counts them). Its "checker" flags fixed
phrases (``FAKE_RULES``), so tests know exactly where each match must land.

``mode`` switches failures on: ``"error"`` (HTTP 500 with a text body, as
LanguageTool answers an internal error), ``"slow"`` (the check waits ``delay``
seconds), ``"not-json"``, ``"no-matches"`` (JSON without a matches list).
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class FakeRule:
    """Flag every occurrence of ``phrase`` (case-sensitive) as LanguageTool would."""

    phrase: str
    rule_id: str
    category: str
    issue_type: str
    message: str
    replacements: tuple[str, ...] = ()


FAKE_RULES: tuple[FakeRule, ...] = (
    FakeRule("could of", "COULD_OF", "GRAMMAR", "grammar",
             "Did you mean “could have”?", ("could have",)),
    FakeRule("noot", "MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling",
             "Possible spelling mistake found.", ("not", "newt")),
    FakeRule(" ,", "COMMA_PARENTHESIS_WHITESPACE", "PUNCTUATION", "whitespace",
             "Don't put a space before the comma.", (",",)),
    FakeRule("very unique", "VERY_UNIQUE", "STYLE", "style", "Uniqueness is absolute."),
    FakeRule("teh 👍", "EMOJI_TYPO", "TYPOS", "misspelling",
             "Possible spelling mistake found.", ("the 👍",)),
)

LANGUAGES = (
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
    {"name": "Portuguese (Portugal)", "code": "pt", "longCode": "pt-PT"},
)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fake_check(text: str, rules: Sequence[FakeRule], disabled: set[str]) -> list[dict[str, Any]]:
    """LanguageTool-shaped matches for every phrase of ``rules`` in ``text``."""
    matches: list[dict[str, Any]] = []
    for rule in rules:
        if rule.rule_id in disabled:
            continue
        start = text.find(rule.phrase)
        while start >= 0:
            end = start + len(rule.phrase)
            ctx_start = max(0, start - 40)
            context = text[ctx_start:end + 40]
            matches.append({
                "message": rule.message,
                "shortMessage": "",
                "replacements": [{"value": r} for r in rule.replacements],
                "offset": utf16_len(text[:start]),
                "length": utf16_len(rule.phrase),
                "context": {"text": context, "offset": utf16_len(text[ctx_start:start]),
                            "length": utf16_len(rule.phrase)},
                "sentence": text[max(0, text.rfind(".", 0, start) + 1):end].strip(),
                "type": {"typeName": "Other"},
                "rule": {"id": rule.rule_id, "description": rule.message,
                         "issueType": rule.issue_type,
                         "category": {"id": rule.category, "name": rule.category.title()}},
                "ignoreForIncompleteSentence": False,
                "contextForSureMatch": 0,
            })
            start = text.find(rule.phrase, end)
    return sorted(matches, key=lambda m: m["offset"])


@dataclass
class FakeLanguageTool:
    """Start with ``with FakeLanguageTool() as server:``; ``server.url`` is its address."""

    rules: Sequence[FakeRule] = FAKE_RULES
    mode: str = "ok"
    delay: float = 0.0
    #: (method, path, form fields) of every request, in arrival order
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    max_in_flight: int = 0
    _in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _connections: list[Any] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def checks(self) -> list[dict[str, str]]:
        """Form fields of every ``POST /v2/check``."""
        return [params for method, path, params in self.requests
                if method == "POST" and path == "/v2/check"]

    def start(self) -> FakeLanguageTool:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def setup(self) -> None:
                super().setup()
                with fake._lock:
                    fake._connections.append(self.connection)

            def do_GET(self) -> None:
                parsed = urllib.parse.urlsplit(self.path)
                params = dict(urllib.parse.parse_qsl(parsed.query))
                fake._record("GET", parsed.path, params)
                if parsed.path == "/v2/languages":
                    self._send(200, json.dumps(list(LANGUAGES)), "application/json")
                elif parsed.path == "/v2/healthcheck":
                    self._send(200, "OK", "text/plain")
                else:
                    self._send(404, "Not found", "text/plain")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                params = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
                path = urllib.parse.urlsplit(self.path).path
                fake._record("POST", path, params)
                if path != "/v2/check":
                    self._send(404, "Not found", "text/plain")
                    return
                with fake._lock:
                    fake._in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake._in_flight)
                try:
                    self._answer_check(params)
                finally:
                    with fake._lock:
                        fake._in_flight -= 1

            def _answer_check(self, params: dict[str, str]) -> None:
                if fake.delay:
                    fake._stop.wait(fake.delay)
                if fake.mode == "slow":
                    fake._stop.wait(30)
                if fake.mode == "error":
                    self._send(500, "Error: Internal Error: java.lang.OutOfMemoryError",
                               "text/plain")
                    return
                if fake.mode == "not-json":
                    self._send(200, "<html>Welcome to nginx!</html>", "text/html")
                    return
                if fake.mode == "no-matches":
                    self._send(200, json.dumps({"status": "ok"}), "application/json")
                    return
                disabled = set(filter(None, params.get("disabledRules", "").split(",")))
                answer = {
                    "software": {"name": "LanguageTool", "version": "6.6", "apiVersion": 1,
                                 "premium": False, "status": ""},
                    "warnings": {"incompleteResults": False},
                    "language": {"name": "English (US)", "code": params.get("language", ""),
                                 "detectedLanguage": {"name": "English (US)",
                                                      "code": "en-US", "confidence": 0.9}},
                    "matches": fake_check(params.get("text", ""), fake.rules, disabled),
                }
                self._send(200, json.dumps(answer), "application/json")

            def _send(self, status: int, body: str, content_type: str) -> None:
                data = body.encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", f"{content_type}; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (a timeout test)
                    pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.02,),
                                        daemon=True)
        self._thread.start()
        return self

    def _record(self, method: str, path: str, params: dict[str, str]) -> None:
        with self._lock:
            self.requests.append((method, path, params))

    def stop(self) -> None:
        """Stop as a dead server does: no listener, and kept-alive connections closed."""
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            self._connections.clear()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> FakeLanguageTool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
