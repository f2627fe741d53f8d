"""An on-disk cache for data that rules derive from their data files at start-up.

Parsing and indexing the 1,184-outlet registry takes ~20 ms, a quarter of a
pre-commit run's budget; unpickling the result takes ~2 ms. Entries are keyed by
newslint's version, the builder's name and the size and mtime of every input
file and of the module that builds the value, so editing a data file, a user's
extension file or the rule's code rebuilds the entry.
The cache lives in ``$NEWSLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/newslint``,
else ``~/.cache/newslint``; set ``NEWSLINT_NO_CACHE=1`` to bypass it. A cache
that cannot be read or written is ignored: it only ever saves time.
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> str:
    explicit = os.environ.get("NEWSLINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "newslint")


def _key(name: str, inputs: Iterable[str], extra: str) -> str:
    from newslint import __version__

    parts = [__version__, name, extra]
    for path in inputs:
        try:
            st = os.stat(path)
            parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}:missing")
    return "\0".join(parts)


def cached(name: str, inputs: Iterable[str], build: Callable[[], T], extra: str = "") -> T:
    """``build()``, or its pickled result from an earlier run with the same inputs."""
    if os.environ.get("NEWSLINT_NO_CACHE"):
        return build()
    # the module that builds the value is an input too: changing its code rebuilds
    code = getattr(build, "__code__", None)
    sources = [*inputs, code.co_filename] if code is not None else list(inputs)
    key = _key(name, sources, extra)
    # the file name is a checksum of the key; the key itself is stored and compared
    folder = cache_dir()
    path = os.path.join(folder, f"{name}-{zlib.crc32(key.encode('utf-8')):08x}.pickle")
    try:
        with open(path, "rb") as fh:
            stored_key, value = pickle.load(fh)
        if stored_key == key:
            return value  # type: ignore[no-any-return]
    except Exception:  # missing, truncated, from another Python: rebuild
        pass
    value = build()
    try:
        os.makedirs(folder, exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
