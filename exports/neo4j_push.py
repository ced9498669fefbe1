"""Write the graph to a Neo4j database: the thin, I/O half of ``computechain neo4j push``.

Constraints first, then batched ``UNWIND $rows ... MERGE`` (built by
:mod:`computechain.exports.neo4j`; ``CREATE`` for a relationship type the database has none of
when the push starts) in managed write transactions, which the driver retries on transient
errors (deadlocks, leader switches, a lost connection). Then whatever computechain
wrote in an earlier push but this graph no longer has is deleted; nothing without the
``computechain`` marker is ever touched.

Pushes into one database run one at a time (:func:`push_lock`): two pushes started together
would both see a relationship type absent, both take the ``CREATE`` path and fail on the
uniqueness constraint half-way. A push waits for the running one to finish, then merges.

A push that dies half-way leaves a mix of old and new rows; pushing again finishes the
job, because every row is merged on its id and the push id is a digest of the graph. A push
whose server goes away raises :class:`~computechain.errors.Neo4jUnavailableError` saying so.
A stale node that a relationship computechain did not write still uses is kept (and counted
in :attr:`PushReport.kept_nodes`), so someone else's relationship is never deleted with it.
A node of someone else's with one of computechain's labels and ids is taken over by the push.
"""

from __future__ import annotations

import functools
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from neo4j import Driver, Session
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from computechain.errors import ExportError, Neo4jUnavailableError
from computechain.exports.neo4j import (
    LABELS,
    REL_TYPES,
    Neo4jRows,
    constraint_statements,
    create_relations_query,
    kept_nodes_query,
    merge_nodes_query,
    merge_relations_query,
    neo4j_rows,
    relation_type_present_query,
    stale_nodes_query,
    stale_relations_query,
)

# Measured on a 2-core machine (300,000 synthetic relations, bench/neo4j_push.py): 2,000 and
# 10,000 rows per transaction push equally fast, 50,000 is 20 % slower and costlier to retry.
DEFAULT_BATCH_SIZE = 10_000
# The push lock: a node label no push writes, so stale-node deletion never meets it.
LOCK_CONSTRAINT = ("CREATE CONSTRAINT computechain_push_lock IF NOT EXISTS "
                   "FOR (l:ComputechainPushLock) REQUIRE l.id IS UNIQUE")
LOCK_QUERY = "MERGE (:ComputechainPushLock {id: 'push'})"
LOCK_PROBE_SECONDS = 2.0  # how long to try the lock before saying another push runs


@dataclass(frozen=True)
class PushReport:
    """What one push wrote and removed."""

    push_id: str
    nodes: dict[str, int]
    relations: dict[str, int]
    deleted_relations: int
    deleted_nodes: int
    kept_nodes: int
    seconds: float
    batch_size: int = field(default=DEFAULT_BATCH_SIZE)

    @property
    def relations_per_second(self) -> float:
        return sum(self.relations.values()) / self.seconds if self.seconds else 0.0


def node_disjoint_rounds(rows: Sequence[dict[str, Any]]) -> list[list[list[dict[str, Any]]]]:
    """Relationship rows in rounds of :data:`WRITERS` cells each; the cells of a round touch
    disjoint sets of nodes, so their transactions never wait for each other's node locks.

    Nodes fall into four buckets by a hash of their id; a row belongs to the cell of its two
    buckets (unordered); the rounds pair cells without a common bucket.

    >>> rows = [{"source": f"n{i}", "target": f"n{i + 1}"} for i in range(100)]
    >>> rounds = node_disjoint_rounds(rows)
    >>> def ends(cell): return {n for r in cell for n in (r["source"], r["target"])}
    >>> sum(len(cell) for cells in rounds for cell in cells), all(not ends(a) & ends(b) for a, b in rounds)
    (100, True)
    """
    cells: dict[tuple[int, int], list[dict[str, Any]]] = {cell: [] for round_ in _ROUNDS for cell in round_}
    for row in rows:
        low, high = sorted((_bucket(row["source"]), _bucket(row["target"])))
        cells[low, high].append(row)
    return [[cells[cell] for cell in round_] for round_ in _ROUNDS]


def _bucket(node: str) -> int:
    return zlib.crc32(node.encode()) % 4


# the cells of four buckets, paired without a common bucket: three rounds across, two within
_ROUNDS = (((0, 1), (2, 3)), ((0, 2), (1, 3)), ((0, 3), (1, 2)), ((0, 0), (1, 1)), ((2, 2), (3, 3)))
# Relationship rows go in by one writer per cell of a round (node_disjoint_rounds). Measured on a
# 2-core machine, 1,000,000 relations, warmed server: 19,125 rel/s with one writer, 27,434 with
# two; with cells that shared nodes, two writers were slower than one (lock waits, deadlocks).
WRITERS = len(_ROUNDS[0])


def _batches(rows: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


@contextmanager
def _progress(total: int, show: bool) -> Iterator[Progress]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), disable=not show) as bar:
        yield bar


def _delete_until_done(driver: Driver, query: str, push_id: str, batch_size: int, database: str | None) -> int:
    deleted = 0
    while True:
        records = driver.execute_query(query, push=push_id, limit=batch_size, database_=database).records
        count = int(records[0]["deleted"])
        deleted += count
        if count < batch_size:
            return deleted


def _busy(exc: Neo4jError) -> bool:
    return any(part in (exc.code or "") for part in ("TimedOut", "LockClientStopped", "LockAcquisitionTimeout"))


def _lock_is_free(session: Session) -> bool:
    """Whether the push lock can be taken within :data:`LOCK_PROBE_SECONDS` (the probe lets it go)."""
    tx = session.begin_transaction(timeout=LOCK_PROBE_SECONDS)
    try:
        tx.run(LOCK_QUERY).consume()
        return True
    except Neo4jError as exc:
        if not _busy(exc):
            raise
        return False
    finally:
        with suppress(DriverError, Neo4jError):
            tx.rollback()


@contextmanager
def push_lock(driver: Driver, database: str | None = None,
              on_wait: Callable[[], object] = lambda: None) -> Iterator[None]:
    """Hold the database's push lock while the block runs; wait (calling ``on_wait`` once) while
    another push holds it.

    The lock is a transaction kept open for the whole push that merges the one node
    ``(:ComputechainPushLock {id: "push"})`` under a uniqueness constraint: a second push's
    merge waits on that index entry. The transaction is rolled back at the end, so the node is
    never committed, and a push whose process or connection dies releases the lock with it.
    """
    driver.execute_query(LOCK_CONSTRAINT, database_=database)
    with driver.session(database=database) as session:
        if not _lock_is_free(session):
            on_wait()
        tx = session.begin_transaction()  # no time limit: held for the whole push
        tx.run(LOCK_QUERY).consume()
        try:
            yield
        finally:
            with suppress(DriverError, Neo4jError):  # a dead connection has released the lock already
                tx.rollback()


def push_rows(rows: Neo4jRows, driver: Driver, *, database: str | None = None,
              batch_size: int = DEFAULT_BATCH_SIZE, progress: bool = True,
              on_wait: Callable[[], object] = lambda: None) -> PushReport:
    """Write ``rows`` (see :func:`computechain.exports.neo4j.neo4j_rows`) and delete what
    computechain wrote earlier that ``rows`` no longer has, holding the push lock; ``on_wait`` is
    called when another push is running and this one waits for it."""
    if batch_size < 1:
        raise ExportError(f"batch_size must be at least 1, got {batch_size}")
    try:
        with push_lock(driver, database, on_wait):
            return _push_locked(rows, driver, database, batch_size, progress)
    except (ServiceUnavailable, SessionExpired) as exc:
        raise Neo4jUnavailableError(
            f"the Neo4j server went away during the push ({exc}); the database holds part of this push. "
            "Push again once the server is back: the push finishes the job and removes nothing twice.") from exc


def _push_locked(rows: Neo4jRows, driver: Driver, database: str | None, batch_size: int,
                 progress: bool) -> PushReport:
    started = time.perf_counter()
    for statement in constraint_statements():
        driver.execute_query(statement, database_=database)
    with _progress(rows.node_count + rows.relation_count, progress) as bar:
        task = bar.add_task("neo4j push", total=rows.node_count + rows.relation_count)
        absent = {kind for kind in {g.kind for g in rows.relations}
                  if not driver.execute_query(relation_type_present_query(kind), database_=database).records[0][0]}

        def write(query: str, group_rows: Sequence[dict[str, Any]]) -> None:
            for batch in _batches(group_rows, batch_size):
                driver.execute_query(query, rows=batch, database_=database)
                bar.advance(task, len(batch))

        for node_type, node_rows in rows.nodes.items():
            write(merge_nodes_query(node_type), node_rows)
        with ThreadPoolExecutor(WRITERS) as pool:
            for group, group_rows in rows.relations.items():
                query = create_relations_query(group) if group.kind in absent else merge_relations_query(group)
                for round_cells in node_disjoint_rounds(group_rows):
                    list(pool.map(functools.partial(write, query), round_cells))
    deleted_relations = sum(_delete_until_done(driver, stale_relations_query(kind), rows.push_id, batch_size,
                                               database) for kind in REL_TYPES)
    deleted_nodes = sum(_delete_until_done(driver, stale_nodes_query(t), rows.push_id, batch_size, database)
                        for t in LABELS)
    kept = sum(int(driver.execute_query(kept_nodes_query(t), push=rows.push_id, database_=database).records[0]["kept"])
               for t in LABELS)
    relations: dict[str, int] = {}
    for group, group_rows in rows.relations.items():
        relations[REL_TYPES[group.kind]] = relations.get(REL_TYPES[group.kind], 0) + len(group_rows)
    return PushReport(
        push_id=rows.push_id,
        nodes={LABELS[t]: len(r) for t, r in rows.nodes.items()},
        relations=relations,
        deleted_relations=deleted_relations,
        deleted_nodes=deleted_nodes,
        kept_nodes=kept,
        seconds=time.perf_counter() - started,
        batch_size=batch_size,
    )


def push(G: nx.MultiDiGraph, driver: Driver, *, database: str | None = None,
         batch_size: int = DEFAULT_BATCH_SIZE, progress: bool = True,
         on_wait: Callable[[], object] = lambda: None) -> PushReport:
    """Push graph ``G`` to the database ``driver`` points at (idempotent; see the module docstring)."""
    return push_rows(neo4j_rows(G), driver, database=database, batch_size=batch_size, progress=progress,
                     on_wait=on_wait)
