"""Lint across processes (``--jobs N``) or a Dask cluster: ordered, streaming, bounded.

The main process reads inputs (readers stream shards record by record) and
sends documents to workers in chunks; each worker builds its rules once and
lints whole chunks. Only a few chunks per worker are in flight, so memory stays
flat whatever the corpus size, and results come back in input order, so the
output is the same for every N and for either backend.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

from newslint.config import ConfigError
from newslint.document import Document
from newslint.engine import DocumentResult, Linter, LinterSpec
from newslint.findings import Diagnostic
from newslint.readers import Unreadable

#: Documents per chunk: large enough to amortise pickling, small enough to balance.
CHUNK_DOCUMENTS = 64
CHUNK_CHARS = 2_000_000

_worker_linter: Linter | None = None

Payload = tuple[str, str, dict[str, Any], str | None, list[Any]] | Unreadable


def _init_worker(spec: LinterSpec) -> None:
    global _worker_linter
    from newslint.plugins import default_registry
    from newslint.runner import tune_gc

    # Ctrl-C reaches the whole process group; the main process decides what stops
    # (``_stop``). A worker interrupted while it writes its results would leave half
    # a message in the result pipe, which the executor's thread then waits on forever.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_linter = spec.build(default_registry())
    tune_gc()


def _to_payload(item: Document | Unreadable) -> Payload:
    if isinstance(item, Unreadable):
        return item
    bom = "\ufeff" if item.had_bom else ""
    return (item.path, bom + item.text, dict(item.meta), item.record, list(item.notices))


def _from_payload(payload: Payload) -> Document | Unreadable:
    if isinstance(payload, Unreadable):
        return payload
    path, text, meta, record, notices = payload
    doc = Document(path, text, meta, record=record)
    doc.notices = notices
    return doc


def _lint_chunk(chunk: list[Payload]) -> tuple[list[DocumentResult], dict[str, str]]:
    linter = _worker_linter
    assert linter is not None, "worker not initialised"
    results = [linter.lint_item(_from_payload(p)) for p in chunk]
    return results, dict(linter.unavailable)


def _chunks(items: Iterable[Document | Unreadable]) -> Iterator[list[Payload]]:
    chunk: list[Payload] = []
    chars = 0
    for item in items:
        payload = _to_payload(item)
        chunk.append(payload)
        chars += len(payload[1]) if isinstance(payload, tuple) else 0
        if len(chunk) >= CHUNK_DOCUMENTS or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def lint_parallel(items: Iterable[Document | Unreadable], spec: LinterSpec, jobs: int,
                  unavailable: dict[str, str]) -> Iterator[DocumentResult]:
    """Lint ``items`` in ``jobs`` worker processes; yield results in input order.

    Rules that switched themselves off in a worker (RuleUnavailable) are merged
    into ``unavailable``. A worker that dies is reported as NL904 on the
    documents of its chunk, and the run goes on with a fresh pool.
    """
    context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    chunks = _chunks(items)
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                               initargs=(spec,))
    pending: deque[tuple[list[Payload], Future[Any]]] = deque()
    finished = False
    try:
        for chunk in islice(chunks, 2 * jobs):
            pending.append((chunk, pool.submit(_lint_chunk, chunk)))
        while pending:
            chunk, future = pending.popleft()
            try:
                results, off = future.result()
            except BrokenProcessPool as exc:
                _stop(pool, finished=False)
                resubmit = [c for c, _ in pending]
                pending.clear()
                pool = ProcessPoolExecutor(jobs, mp_context=context,
                                           initializer=_init_worker, initargs=(spec,))
                for other in resubmit:
                    pending.append((other, pool.submit(_lint_chunk, other)))
                results, off = [_worker_died(p, exc) for p in chunk], {}
            unavailable.update(off)
            yield from results
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append((nxt, pool.submit(_lint_chunk, nxt)))
        finished = True
    finally:
        _stop(pool, finished)


def _stop(pool: ProcessPoolExecutor, finished: bool) -> None:
    """Shut the pool down and join it.

    ``shutdown(wait=False)`` leaves the executor's thread racing interpreter exit
    (CPython gh-83279, gh-83386: an ``OSError: Bad file descriptor`` printed at exit,
    or a hang), so the pool is always joined. When the run did not finish (Ctrl-C,
    the consumer stopped early, a broken pool) the chunks not yet handed to a worker
    are cancelled and the ones being linted (at most ``jobs + 1``) run to their end:
    terminating a worker while it writes its results leaves half a message in the
    result pipe, and the executor's thread waits on it forever (a hang seen about
    once in ten Ctrl-C runs). A second Ctrl-C during that wait terminates them.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    try:
        pool.shutdown(wait=True, cancel_futures=not finished)
    except KeyboardInterrupt:
        for process in processes:
            process.terminate()
        raise


def _worker_died(payload: Payload, exc: BaseException) -> DocumentResult:
    path, record = ((payload.path, payload.record) if isinstance(payload, Unreadable)
                    else (payload[0], payload[3]))
    message = f"a worker process died while linting this document: {exc or 'killed'}"
    diag = Diagnostic(path, 1, 1, 1, 1, "NL904", "rule-crashed", message, record=record)
    return DocumentResult(path, record, [diag], linted=False)


# -- Dask ----------------------------------------------------------------------------------

_dask_linters: dict[bytes, Linter] = {}


def _lint_chunk_dask(spec_key: bytes, chunk: list[Payload]
                     ) -> tuple[list[DocumentResult], dict[str, str]]:
    """Runs on a Dask worker: build the rules once per worker process, then lint."""
    import pickle

    from newslint.plugins import default_registry

    linter = _dask_linters.get(spec_key)
    if linter is None:
        linter = _dask_linters[spec_key] = pickle.loads(spec_key).build(default_registry())
    return [linter.lint_item(_from_payload(p)) for p in chunk], dict(linter.unavailable)


def lint_dask(items: Iterable[Document | Unreadable], spec: LinterSpec, scheduler: str,
              jobs: int, unavailable: dict[str, str]) -> Iterator[DocumentResult]:
    """Lint on a Dask cluster (``scheduler`` address, or ``local`` for a LocalCluster).

    Needs the ``dask`` extra. Results stream back in input order, as with --jobs.
    """
    import pickle

    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("--dask-scheduler needs the 'dask' extra: "
                          "pip install 'newslint[dask]'") from exc
    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, host="127.0.0.1",
                               dashboard_address=None, processes=True)
        client = Client(cluster)
    else:
        client = Client(scheduler, timeout="10s")
    in_flight = 2 * max(jobs, sum(client.nthreads().values()) or 1)
    chunks = _chunks(items)
    pending: deque[Any] = deque()
    try:
        # the spec (with any corpus-pass results) goes to every worker once, not with
        # every chunk
        spec_key = client.scatter(pickle.dumps(spec), broadcast=True, hash=False)
        for chunk in islice(chunks, in_flight):
            pending.append(client.submit(_lint_chunk_dask, spec_key, chunk, pure=False))
        while pending:
            results, off = pending.popleft().result()
            unavailable.update(off)
            yield from results
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(client.submit(_lint_chunk_dask, spec_key, nxt, pure=False))
    finally:
        for future in pending:
            future.cancel()
        client.close()
        if cluster is not None:
            cluster.close()
