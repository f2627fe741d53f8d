"""Grammar, spelling, punctuation and style findings from LanguageTool (NL7xx).

Off by default, and nothing is ever sent anywhere unless a LanguageTool server
(``server = "http://127.0.0.1:8081"``) or a local LanguageTool install
(``local-path``) is configured under ``[tool.newslint.grammar]``.

How the four rules work together:

- NL701–NL704 share the ``grammar`` config section and one ``_Client`` per
  distinct settings (a module-level cache, alive as long as the process, like
  the rule instances). Creating a rule imports nothing and sends nothing.
- The first grammar rule to run on a document checks it and stores the
  matches (or the failure) in ``doc.cache["grammar"]``; the others reuse it, so
  there is one request per document (or per chunk of at most
  ``max-chars-per-request`` characters, cut at paragraph boundaries; the chunks
  of one document are sent concurrently, at most ``max-concurrency`` at once).
- ``language_tool_python`` is imported on the first check of a configured rule
  (never for the default rule set). It checks the server and the language
  (``GET /v2/languages``) or starts the local install. The ``POST /v2/check``
  requests are made here with ``requests``: ``LanguageTool.check()`` keeps its
  astral-character correction in class attributes (not thread-safe with
  concurrent chunks), does not correct the match length, and waits 300 s with
  a retry; here every request has the configured timeout and no retry.
- LanguageTool counts offsets in UTF-16 code units; ``Utf16Offsets`` turns them
  into character offsets (emoji and other astral characters count one).
- Any failure (refused connection, timeout, HTTP error, a reply that is not
  LanguageTool's JSON, an unsupported language, the package not installed) is
  a ``RuleUnavailable`` with one message saying which URL, what failed and how
  to configure it: the engine switches the grammar rules off, every other rule
  goes on, and the run exits with status 2. Every rule of the family raises
  the same message, so an engine that groups identical messages prints one line.
"""

from __future__ import annotations

import _thread
import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from newslint.rules import data_toml

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

from newslint import Document, Finding, Fix, Option, Rule, RuleUnavailable, hookimpl

SECTION = "grammar"
CACHE_KEY = "grammar"
DEFAULT_CODE = "NL701"
CODES = ("NL701", "NL702", "NL703", "NL704")
_CONFIGURE = ('set server = "http://HOST:PORT" (a running LanguageTool server) or local-path '
              "(an unzipped LanguageTool) under [tool.newslint.grammar]; 'newslint rule NL701' "
              "explains")
_FIX_SERVER = ("start the server, or point server under [tool.newslint.grammar] at a running "
               "one ('newslint rule NL701' explains)")

OPTIONS: tuple[Option, ...] = (
    Option("server", "str", "",
           "URL of a LanguageTool server (http://HOST:PORT, without /v2). Text is sent "
           "there; nothing is sent anywhere unless this or local-path is set."),
    Option("local-path", "path", "",
           "an unzipped LanguageTool release folder (LanguageTool-X.Y, with "
           "languagetool-server.jar) that language-tool-python starts on 127.0.0.1; "
           "needs Java. Never downloaded."),
    Option("language", "str", "en-US", "language code the server checks in, or 'auto'"),
    Option("disabled-rules", "str-list", [], "LanguageTool rule ids to switch off"),
    Option("enabled-categories", "str-list", [],
           "LanguageTool categories to switch on besides its defaults (e.g. STYLE)"),
    Option("disabled-categories", "str-list", [],
           "LanguageTool categories to switch off (e.g. TYPOGRAPHY)"),
    Option("extend-categories", "str-list", [],
           "route more LanguageTool categories to a code: ['CATEGORY=NL704', ...]"),
    Option("timeout", "float", 10.0, "seconds to wait for one answer from the server"),
    Option("max-concurrency", "int", 4,
           "requests in flight at once (the chunks of a long document)"),
    Option("max-chars-per-request", "int", 20000,
           "longest text sent in one request; longer documents are cut at paragraphs"),
)


# -- configuration ---------------------------------------------------------------------

class GrammarConfig(NamedTuple):
    """The validated ``[tool.newslint.grammar]`` settings (hashable: the client key)."""

    server: str
    local_path: str
    language: str
    disabled_rules: tuple[str, ...]
    enabled_categories: tuple[str, ...]
    disabled_categories: tuple[str, ...]
    extend_categories: tuple[tuple[str, str], ...]
    timeout: float
    max_concurrency: int
    max_chars: int

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> GrammarConfig:
        """Validate; a bad value is a ``RuleUnavailable`` naming the option."""

        def bad(key: str, why: str) -> RuleUnavailable:
            return RuleUnavailable(f"[tool.newslint.grammar] {key}: {why}")

        server = str(settings.get("server", "")).strip()
        local_path = str(settings.get("local-path", "")).strip()
        if not server and not local_path:
            raise RuleUnavailable(f"no LanguageTool server is configured, so no text is sent "
                                  f"anywhere: {_CONFIGURE}")
        if server and local_path:
            raise bad("server", "set either server or local-path, not both")
        if server:
            server = normalize_server_url(server)
            if not re.match(r"^https?://[^/\s]+", server):
                raise bad("server", f"expected a URL like http://127.0.0.1:8081, got "
                                    f"{settings.get('server')!r}")
        language = str(settings.get("language", "en-US")).strip()
        if not language:
            raise bad("language", "must not be empty (e.g. en-US, de-DE, auto)")
        timeout = float(settings.get("timeout", 10.0))
        if not timeout > 0:
            raise bad("timeout", f"must be more than 0 seconds, got {timeout!r}")
        concurrency = int(settings.get("max-concurrency", 4))
        if concurrency < 1:
            raise bad("max-concurrency", f"must be at least 1, got {concurrency!r}")
        max_chars = int(settings.get("max-chars-per-request", 20000))
        if max_chars < 100:
            raise bad("max-chars-per-request", f"must be at least 100, got {max_chars!r}")
        routes: list[tuple[str, str]] = []
        for item in settings.get("extend-categories", []):
            category, sep, code = item.partition("=")
            category, code = category.strip(), code.strip().upper()
            if not sep or not category or code not in CODES:
                raise bad("extend-categories", f"expected 'CATEGORY=NL70x' with one of "
                                               f"{', '.join(CODES)}, got {item!r}")
            routes.append((category.upper(), code))
        return cls(
            server=server, local_path=local_path, language=language,
            disabled_rules=tuple(settings.get("disabled-rules", [])),
            enabled_categories=tuple(settings.get("enabled-categories", [])),
            disabled_categories=tuple(settings.get("disabled-categories", [])),
            extend_categories=tuple(routes), timeout=timeout,
            max_concurrency=concurrency, max_chars=max_chars,
        )

    def params(self, text: str, language: str) -> dict[str, str]:
        """The form fields of ``POST /v2/check``, as language-tool-python sends them."""
        out = {"language": language, "text": text}
        if self.disabled_rules:
            out["disabledRules"] = ",".join(self.disabled_rules)
        if self.enabled_categories:
            out["enabledCategories"] = ",".join(self.enabled_categories)
        if self.disabled_categories:
            out["disabledCategories"] = ",".join(self.disabled_categories)
        return out


def normalize_server_url(url: str) -> str:
    """``127.0.0.1:8081``, ``http://h:8081/`` or ``http://h:8081/v2`` -> ``http://h:8081``."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    url = url.rstrip("/")
    if url.endswith("/v2"):
        url = url[:-3]
    return url.rstrip("/")


# -- categories ------------------------------------------------------------------------

@cache
def _category_table() -> tuple[dict[str, str], dict[str, str]]:
    data = data_toml("grammar.toml")
    return dict(data.get("categories", {})), dict(data.get("issue-types", {}))


def code_for(category: str, issue_type: str,
             extra: Sequence[tuple[str, str]] = ()) -> str:
    """The NL7xx code of a LanguageTool match, from its category id then its issueType."""
    categories, issue_types = _category_table()
    for name, code in extra:
        if name == category.upper():
            return code
    return categories.get(category.upper()) or issue_types.get(issue_type.lower()) \
        or DEFAULT_CODE


# -- offsets and chunks ----------------------------------------------------------------

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    """Turn UTF-16 code-unit offsets (LanguageTool's, Java's) into character offsets."""

    def __init__(self, text: str) -> None:
        # UTF-16 offset of every astral character (two code units, one character).
        self._astral = [] if text.isascii() else [
            m.start() + i for i, m in enumerate(_ASTRAL.finditer(text))]
        self._length = len(text)

    def to_char(self, utf16_offset: int) -> int:
        """Characters before ``utf16_offset``; an offset inside a pair rounds down."""
        chars = utf16_offset - bisect_left(self._astral, utf16_offset)
        return max(0, min(chars, self._length))


def chunk_spans(doc: Document, limit: int) -> list[tuple[int, int]]:
    """Cut the document into spans of at most ``limit`` characters.

    Cuts fall at paragraph starts when possible, then at line starts, then after a
    space; spans holding only whitespace are dropped (nothing to check).
    """
    text = doc.text
    paragraph_starts = [p.start for p in doc.paragraphs]
    line_starts = doc.line_starts
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = start + limit
        if end >= len(text):
            end = len(text)
        else:
            end = (_last_in(paragraph_starts, start, end) or _last_in(line_starts, start, end)
                   or _after_last_space(text, start, end) or end)
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    return spans


def _last_in(points: Sequence[int], start: int, end: int) -> int | None:
    """The largest point p with start < p <= end, if any."""
    i = bisect_right(points, end) - 1
    return points[i] if i >= 0 and points[i] > start else None


def _after_last_space(text: str, start: int, end: int) -> int | None:
    cut = max(text.rfind(" ", start + 1, end), text.rfind("\t", start + 1, end))
    return cut + 1 if cut > start else None


# -- matches ---------------------------------------------------------------------------

class GrammarMatch(NamedTuple):
    """One LanguageTool match in document character offsets."""

    start: int
    end: int
    code: str
    rule_id: str
    message: str
    replacement: str | None


class _Failure(NamedTuple):
    message: str


class GrammarFailure(Exception):
    """The server could not be used; the message says which URL, what failed, what to do."""


def parse_matches(data: Any, chunk: str, offset: int, config: GrammarConfig,
                  where: str) -> list[GrammarMatch]:
    """Matches of one ``/v2/check`` answer, moved to document offsets."""
    matches = data.get("matches") if isinstance(data, dict) else None
    if not isinstance(matches, list):
        raise GrammarFailure(f"{where} answered JSON without a 'matches' list (is this a "
                             f"LanguageTool server?); {_FIX_SERVER}")
    positions = Utf16Offsets(chunk)
    out: list[GrammarMatch] = []
    for match in matches:
        if not isinstance(match, dict):
            continue
        start16, length16 = match.get("offset"), match.get("length")
        if not isinstance(start16, int) or not isinstance(length16, int):
            continue
        rule = match.get("rule")
        rule = rule if isinstance(rule, dict) else {}
        category = rule.get("category")
        category = category if isinstance(category, dict) else {}
        start = positions.to_char(start16)
        end = max(start, positions.to_char(start16 + max(0, length16)))
        replacements = match.get("replacements")
        first = replacements[0] if isinstance(replacements, list) and replacements else None
        value = first.get("value") if isinstance(first, dict) else None
        out.append(GrammarMatch(
            start=offset + start, end=offset + end,
            code=code_for(str(category.get("id", "")), str(rule.get("issueType", "")),
                          config.extend_categories),
            rule_id=str(rule.get("id", "UNKNOWN_RULE")),
            message=" ".join(str(match.get("message", "")).split()) or "LanguageTool match",
            replacement=value if isinstance(value, str) else None,
        ))
    return out


# -- the client ------------------------------------------------------------------------

class Client:
    """One LanguageTool connection for one configuration, shared by NL701–NL704."""

    def __init__(self, config: GrammarConfig) -> None:
        self.config = config
        import threading  # only once grammar is configured and used

        self._lock = threading.Lock()
        self._check_url: str | None = None
        self._language = config.language
        self._tool: Any = None  # language_tool_python.LanguageTool, kept for a local server
        self._sessions = threading.local()
        self._pool: ThreadPoolExecutor | None = None

    @property
    def where(self) -> str:
        """What the messages call the server."""
        if self.config.server:
            return f"LanguageTool server {self.config.server}"
        return f"LanguageTool install {self.config.local_path}"

    # connecting ------------------------------------------------------------------

    def connect(self) -> None:
        """Check the server and the language once (imports language_tool_python)."""
        with self._lock:
            if self._check_url is not None:
                return
            try:
                import language_tool_python
            except ImportError as exc:
                raise GrammarFailure(
                    f"language-tool-python is not installed ({exc}); install it with "
                    f"pip install 'newslint[grammar]'") from exc
            # Bounded waits, and a local server that fails to start fails once
            # (language-tool-python would otherwise retry on each of ~900 ports).
            tool_class = type("NewslintLanguageTool", (language_tool_python.LanguageTool,), {
                "_TIMEOUT": self.config.timeout,
                "_start_server_on_free_port": _start_local_once,
            })
            if self.config.server:
                url = self.config.server + "/v2/languages"
                try:
                    tool = tool_class(self.config.language,
                                      remote_server=self.config.server + "/")
                except ValueError as exc:
                    raise GrammarFailure(self._language_problem(exc)) from exc
                except Exception as exc:  # requests, LanguageToolError, bad JSON, ...
                    raise GrammarFailure(
                        f"{self.where}: GET {url} failed: "
                        f"{describe_error(exc, self.config.timeout)}; {_FIX_SERVER}") from exc
            else:
                tool = self._start_local(tool_class)
            self._tool = tool
            self._language = str(tool.language)
            self._check_url = str(tool.url).rstrip("/") + "/check"

    def _language_problem(self, exc: BaseException) -> str:
        return (f"{self.where} does not support language {self.config.language!r} "
                f"({exc}); set language = \"en-US\" (or another code the server lists at "
                f"/v2/languages) under [tool.newslint.grammar]")

    def _start_local(self, tool_class: Any) -> Any:
        """Start an existing local install; refuse anything that would download one."""
        from pathlib import Path  # only when a local LanguageTool is configured

        path = Path(self.config.local_path).expanduser().resolve()
        if not (path / "languagetool-server.jar").is_file():
            raise GrammarFailure(f"{self.where}: {path} has no languagetool-server.jar "
                                 f"(unzip a LanguageTool release there); or {_CONFIGURE}")
        try:
            from language_tool_python.download_lt import LocalLanguageTool
            from language_tool_python.utils import LTP_PATH_ENV_VAR
        except ImportError as exc:
            raise GrammarFailure(f"local-path needs language-tool-python 3.3 or later "
                                 f"({exc}); or {_CONFIGURE}") from exc
        old = os.environ.get(LTP_PATH_ENV_VAR)
        os.environ[LTP_PATH_ENV_VAR] = str(path.parent)
        try:
            try:
                local = LocalLanguageTool.from_path(path)
                installed = local in LocalLanguageTool.get_installed_versions()
            except ValueError as exc:
                raise GrammarFailure(f"{self.where}: the folder must be "
                                     f"named LanguageTool-X.Y as unzipped ({exc})") from exc
            if not installed:  # language-tool-python would download it: never
                raise GrammarFailure(f"{self.where}: language-tool-python "
                                     f"does not recognise it as an installed LanguageTool")
            try:
                return tool_class(self.config.language,
                                  language_tool_download_version=local.version_name)
            except ValueError as exc:
                raise GrammarFailure(self._language_problem(exc)) from exc
            except Exception as exc:  # JavaError, ServerError, requests, ...
                raise GrammarFailure(f"{self.where} did not start: "
                                     f"{describe_error(exc, self.config.timeout)}; it needs "
                                     f"Java 17 or later on PATH. Or {_CONFIGURE}") from exc
        finally:
            if old is None:
                os.environ.pop(LTP_PATH_ENV_VAR, None)
            else:
                os.environ[LTP_PATH_ENV_VAR] = old

    # checking --------------------------------------------------------------------

    def check(self, doc: Document) -> list[GrammarMatch]:
        """All matches of one document (one request per chunk, chunks concurrently)."""
        spans = chunk_spans(doc, self.config.max_chars)
        if not spans:
            return []
        self.connect()
        if len(spans) == 1 or self.config.max_concurrency == 1:
            results = [self._check_chunk(doc.text[s:e], s) for s, e in spans]
        else:
            pool = self._executor()
            futures: list[Future[list[GrammarMatch]]] = [
                pool.submit(self._check_chunk, doc.text[s:e], s) for s, e in spans]
            try:
                results = [f.result() for f in futures]
            finally:
                for f in futures:
                    f.cancel()
        return sorted((m for chunk in results for m in chunk), key=lambda m: (m.start, m.end))

    def _executor(self) -> ThreadPoolExecutor:
        from concurrent.futures import ThreadPoolExecutor

        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.config.max_concurrency,
                                                thread_name_prefix="newslint-grammar")
            return self._pool

    def _session(self) -> Any:
        session = getattr(self._sessions, "session", None)
        if session is None:
            import requests

            session = self._sessions.session = requests.Session()
        return session

    def _check_chunk(self, chunk: str, offset: int) -> list[GrammarMatch]:
        import requests

        assert self._check_url is not None
        where = f"POST {self._check_url}"
        timeout = self.config.timeout
        try:
            response = self._session().post(
                self._check_url, data=self.config.params(chunk, self._language),
                timeout=(timeout, timeout))
            with response:
                if response.status_code != 200:
                    raise GrammarFailure(self._http_problem(where, response))
                try:
                    data = response.json()
                except ValueError as exc:
                    raise GrammarFailure(
                        f"{self.where}: {where} answered with something that is not JSON "
                        f"(is this a LanguageTool server?); {_FIX_SERVER}") from exc
        except requests.RequestException as exc:
            reason = describe_error(exc, timeout)
            advice = ("raise timeout under [tool.newslint.grammar] if the server is only slow, "
                      "or " + _FIX_SERVER) if reason.endswith("(timeout)") else _FIX_SERVER
            raise GrammarFailure(f"{self.where}: {where} failed: {reason}; {advice}") from exc
        return parse_matches(data, chunk, offset, self.config, f"{self.where}: {where}")

    def _http_problem(self, where: str, response: Any) -> str:
        body = " ".join((response.text or "").split())[:200]
        hint = ""
        if response.status_code == 413 or "maximum text length" in body.lower():
            hint = " (the text is too long for the server: lower max-chars-per-request)"
        elif response.status_code == 429 or response.status_code == 426:
            hint = " (rate limited: use your own server)"
        return (f"{self.where}: {where} answered HTTP {response.status_code}"
                + (f": {body}" if body else "") + hint
                + "; see the server's log, or " + _FIX_SERVER)

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None


def describe_error(exc: BaseException, timeout: float) -> str:
    """A short reason for a failed request: timeout, refused, unknown host, ..."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in chain and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    text = " ".join(f"{type(e).__name__} {e}" for e in chain)
    names = {type(e).__name__ for e in chain}
    if names & {"ReadTimeout", "ConnectTimeout", "Timeout", "TimeoutError", "timeout"} \
            or "timed out" in text:
        return f"no answer within {timeout:g} s (timeout)"
    if "ConnectionRefusedError" in names or "refused" in text.lower():
        return "connection refused (is a LanguageTool server running at that address?)"
    if "Name or service not known" in text or "getaddrinfo" in text or "NameResolution" in text:
        return "the host name does not resolve"
    first = chain[0]
    detail = " ".join(str(first).split())
    return f"{type(first).__name__}: {detail[:200]}" if detail else type(first).__name__


def _start_local_once(tool: Any) -> None:
    tool._start_local_server()


_CLIENTS: dict[GrammarConfig, Client] = {}
_CLIENTS_LOCK = _thread.allocate_lock()  # threading costs 3 ms to import


def client_for(config: GrammarConfig) -> Client:
    """The process's client for one configuration (creating it sends nothing)."""
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(config)
        if client is None:
            client = _CLIENTS[config] = Client(config)
        return client


# -- the rules -------------------------------------------------------------------------

class _GrammarRule(Rule):
    default_enabled = False
    options_section = SECTION
    options = OPTIONS

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        super().__init__(settings)
        self.config = GrammarConfig.from_settings(self.settings)
        import importlib.util

        if importlib.util.find_spec("language_tool_python") is None:
            raise RuleUnavailable("language-tool-python is not installed: install it with "
                                  "pip install 'newslint[grammar]'")
        self.client = client_for(self.config)

    @classmethod
    def enabled_by_config(cls, settings: Mapping[str, Any]) -> bool:
        """Whether the settings name a server or install (the engine may then turn NL7 on)."""
        return bool(str(settings.get("server", "")).strip()
                    or str(settings.get("local-path", "")).strip())

    def check(self, doc: Document) -> Iterator[Finding]:
        result = doc.cache.get(CACHE_KEY)
        if result is None:
            try:
                result = self.client.check(doc)
            except GrammarFailure as exc:
                result = _Failure(str(exc))
            doc.cache[CACHE_KEY] = result
        if isinstance(result, _Failure):
            raise RuleUnavailable(result.message)
        for match in result:
            if match.code != self.code:
                continue
            message = match.message
            fix = None
            if match.replacement is not None \
                    and match.replacement != doc.text[match.start:match.end]:
                sep = " " if message.endswith((".", "?", "!")) else ". "
                message += f'{sep}Suggestion: "{match.replacement}".'
                fix = Fix.replace(match.start, match.end, match.replacement, safe=False,
                                  description=f"LanguageTool {match.rule_id} suggestion")
            yield Finding(f"{message} [LanguageTool {match.rule_id}]", match.start, match.end,
                          fix=fix)

    def close(self) -> None:
        self.client.close()


_SETUP = """
    ## Setting it up
    Off by default, and no text leaves the machine unless you configure a server:
    ```toml
    [tool.newslint.grammar]              # [grammar] in a newslint.toml
    server = "http://127.0.0.1:8081"     # or local-path = "/opt/LanguageTool-6.6"
    language = "en-US"
    disabled-rules = ["WHITESPACE_RULE"]
    ```
    and select the family (`--extend-select NL7`). Run a server with
    `docker run -p 8081:8010 erikvl87/languagetool`, or unzip the standalone
    download and run `java -cp languagetool-server.jar org.languagetool.server.HTTPServer
    --port 8081`. If the server does not answer, the run reports an error naming the
    URL and exits with status 2; every other rule still reports. Fixes are
    LanguageTool's first suggestion, applied only with `--unsafe-fixes`.
"""


class GrammarError(_GrammarRule):
    """A grammar mistake LanguageTool found (agreement, confused words, wrong form)."""

    __doc__ = (__doc__ or "") + """

    ## What it does
    Sends the article to the configured LanguageTool server and reports its
    matches in the grammar categories (GRAMMAR, CONFUSED_WORDS, COLLOCATIONS,
    SEMANTICS, REPETITIONS, MISC, and any match no other NL7 code takes). The
    message carries LanguageTool's rule id, to use in `disabled-rules`.

    ## Why it matters
    Scraping and machine translation leave broken grammar that a search index
    or a training corpus should not learn from; the grammar the writers got
    wrong is worth a look too.

    ## Example
    ```
    He could of gone to the summit.
    ```
    NL701 "Did you mean "could have"?" [LanguageTool COULD_OF]; fix (unsafe):
    "could have".
    """ + _SETUP

    code = "NL701"
    name = "grammar-error"


class SpellingError(_GrammarRule):
    """A word LanguageTool's spell checker does not know (TYPOS, casing, compounds)."""

    __doc__ = (__doc__ or "") + """

    ## What it does
    Reports LanguageTool matches in the spelling categories (TYPOS, CASING,
    COMPOUNDING, regional spellings), with the first suggestion as an unsafe fix.

    ## Why it matters
    A misspelt word in scraped text is often damage (a letter lost at a line
    break, a hyphenation left in) rather than the writer's; either way a
    corpus is better without it.

    ## Example
    ```
    The minister said the deal was noot final.
    ```
    NL702 Possible spelling mistake found. Suggestion: "not".
    """ + _SETUP

    code = "NL702"
    name = "spelling-error"


class PunctuationError(_GrammarRule):
    """A punctuation or typography problem LanguageTool found (spaces, commas, quotes)."""

    __doc__ = (__doc__ or "") + """

    ## What it does
    Reports LanguageTool matches in the PUNCTUATION and TYPOGRAPHY categories
    (and issue types typographical and whitespace): a space before a comma, a
    missing space after a full stop, unpaired brackets.

    ## Why it matters
    These are the traces extraction leaves when it joins or splits text nodes.

    ## Example
    ```
    The talks ended , officials said.
    ```
    NL703 Don't put a space before the comma. Suggestion: ",".
    """ + _SETUP

    code = "NL703"
    name = "punctuation-error"


class StyleIssue(_GrammarRule):
    """A style remark from LanguageTool (redundancy, wordiness, plain English)."""

    __doc__ = (__doc__ or "") + """

    ## What it does
    Reports LanguageTool matches in the style categories (STYLE, REDUNDANCY,
    PLAIN_ENGLISH, REPETITIONS_STYLE, ...). Add categories LanguageTool leaves
    off by default with `enabled-categories`.

    ## Why it matters
    Opinions rather than damage, for teams that edit what they publish; select
    NL704 on its own or ignore it (`--extend-ignore NL704`).

    ## Example
    ```
    The new reform is very unique.
    ```
    NL704 Uniqueness is absolute. [LanguageTool VERY_UNIQUE]
    """ + _SETUP

    code = "NL704"
    name = "style-issue"


GRAMMAR_RULES: tuple[type[Rule], ...] = (GrammarError, SpellingError, PunctuationError,
                                         StyleIssue)


@hookimpl
def newslint_add_rules() -> Sequence[type[Rule]]:
    return GRAMMAR_RULES
