"""Inputs -> Documents: text files, stdin, JSONL shards (gzip too) and Parquet files.

Readers are plugins of the ``newslint_read_document`` hook; the ones here are
builtin. A reader never raises for bad input: it yields an ``Unreadable`` that the
engine reports (NL901 / NL903 / NL905), and decodes invalid UTF-8 with
replacement characters, noting it (NL902), so nothing is silently lost.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import IO, Any, NamedTuple

from newslint.document import Document
from newslint.findings import Finding
from newslint.hookspecs import hookimpl

BINARY_SNIFF_BYTES = 8192
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet",)
#: Inputs that hold many articles (one per record) rather than one.
SHARD_SUFFIXES = JSONL_SUFFIXES + PARQUET_SUFFIXES


class Source(NamedTuple):
    """One input: a path, or ``-`` for stdin (shown as ``name``)."""

    path: str
    name: str = ""
    options: Mapping[str, Any] = MappingProxyType({})

    @property
    def display(self) -> str:
        return self.name or self.path

    @property
    def is_stdin(self) -> bool:
        return self.path == "-"

    def open_binary(self) -> IO[bytes]:
        if self.is_stdin:
            return sys.stdin.buffer
        return open(self.path, "rb")


class Unreadable(NamedTuple):
    """An input, or a record of one, that could not be linted."""

    path: str
    code: str
    message: str
    line: int = 1
    column: int = 1
    record: str | None = None


ReadResult = Document | Unreadable


def decode_text(data: bytes) -> tuple[str, list[Finding]]:
    """Decode UTF-8 (BOM allowed); on invalid bytes, decode with U+FFFD and note NL902."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    char_offset = len(data[:first_bad].decode("utf-8", errors="replace"))
    if text.startswith("\ufeff"):
        char_offset -= 1  # Document drops the BOM, and its offsets with it
    plural = "s" if bad != 1 else ""
    notice = Finding(
        f"invalid UTF-8 at byte {first_bad} ({bad} bad sequence{plural}); decoded with U+FFFD",
        max(char_offset, 0), max(char_offset, 0) + 1, code="NL902",
    )
    return text, [notice]


def read_text_document(source: Source, data: bytes, meta: Mapping[str, Any] | None = None
                       ) -> ReadResult:
    """One Document from the bytes of a text file, or Unreadable for binary data."""
    nul = data.find(b"\0", 0, BINARY_SNIFF_BYTES)
    if nul != -1:
        return Unreadable(source.display, "NL903",
                          f"binary input skipped (NUL byte at offset {nul})")
    text, notices = decode_text(data)
    doc = Document(source.display, text, meta)
    doc.notices = notices
    return doc


@hookimpl(trylast=True)
def newslint_read_document(source: Source) -> Iterable[ReadResult] | None:
    """The fallback reader: the whole input is one plain-text article."""
    if not source.is_stdin and source.path.lower().endswith(JSONL_SUFFIXES):
        return read_jsonl(source)
    if not source.is_stdin and source.path.lower().endswith(PARQUET_SUFFIXES):
        return read_parquet(source)
    try:
        with source.open_binary() as fh:
            data = fh.read()
    except OSError as exc:
        return [Unreadable(source.display, "NL901", f"cannot read input: {exc.strerror or exc}")]
    return [read_text_document(source, data)]


# -- JSONL shards ------------------------------------------------------------------------

def _open_jsonl(source: Source) -> IO[bytes]:
    raw = source.open_binary()
    if source.path.lower().endswith(".gz"):
        import gzip

        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def read_jsonl(source: Source) -> Iterator[ReadResult]:
    """Stream the records of a JSONL shard as Documents addressed ``path#ID``.

    ``text-field`` names the article text (default ``text``); ``id-field`` the
    record id (default ``id``, then ``url``, then the line number). Other fields
    are kept as document metadata.
    """
    text_field = str(source.options.get("text-field") or "text")
    id_field = source.options.get("id-field")
    try:
        fh = _open_jsonl(source)
    except OSError as exc:
        yield Unreadable(source.display, "NL901", f"cannot read input: {exc.strerror or exc}")
        return
    with fh:
        line_no = 0
        try:
            for line_no, raw_line in enumerate(fh, 1):
                stripped = raw_line.strip()
                if stripped:
                    yield _record_to_document(source, stripped, line_no, text_field, id_field)
        except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
            yield Unreadable(source.display, "NL901",
                             f"shard unreadable after line {line_no}: {exc}", line=line_no + 1)


PARQUET_BATCH_ROWS = 1024


def read_parquet(source: Source) -> Iterator[ReadResult]:
    """Stream the rows of a Parquet file in batches (needs the ``parquet`` extra)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield Unreadable(source.display, "NL901", "cannot read Parquet: pyarrow is not "
                         "installed (pip install 'newslint[parquet]')")
        return
    text_field = str(source.options.get("text-field") or "text")
    id_field = source.options.get("id-field")
    try:
        parquet = pq.ParquetFile(source.path)
        if text_field not in parquet.schema_arrow.names:
            yield Unreadable(source.display, "NL905", f"malformed records: no column "
                             f"{text_field!r} (columns: {', '.join(parquet.schema_arrow.names)})")
            return
        row = 0
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for record in batch.to_pylist():
                row += 1
                yield _record_to_document(source, record, row, text_field, id_field)
    except (OSError, ValueError) as exc:  # pyarrow's errors derive from these
        yield Unreadable(source.display, "NL901", f"cannot read Parquet: {exc}")


def _record_to_document(source: Source, raw: bytes | dict[str, Any], line_no: int,
                        text_field: str, id_field: Any) -> ReadResult:
    """A Document from one record (a JSONL line, or a Parquet row as a dict)."""

    def malformed(why: str, record: str | None = None) -> Unreadable:
        return Unreadable(source.display, "NL905", f"malformed record: {why}", line=line_no,
                          record=record)

    import json

    if isinstance(raw, dict):
        record: Any = raw
    else:
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            return malformed(f"invalid JSON ({exc.msg} at column {exc.colno})")
        except UnicodeDecodeError as exc:
            return malformed(f"invalid UTF-8 ({exc.reason})")
    if not isinstance(record, dict):
        return malformed(f"expected a JSON object, got {type(record).__name__}")
    record_id = _record_id(record, id_field, line_no)
    text = record.get(text_field)
    if text is None:
        return malformed(f"missing text field {text_field!r}", record_id)
    if not isinstance(text, str):
        return malformed(f"text field {text_field!r} is {type(text).__name__}, not a string",
                         record_id)
    meta = {k: v for k, v in record.items() if k != text_field}
    meta["record_line"] = line_no
    return Document(source.display, text, meta, record=record_id)


def _record_id(record: Mapping[str, Any], id_field: Any, line_no: int) -> str:
    for key in ([id_field] if id_field else ["id", "url"]):
        value = record.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
            return str(value)
    return f"L{line_no}"
