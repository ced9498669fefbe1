"""Issue #15 items 7 and 8 on the real server: "read-only" Cypher reads only the graph, and pushes
into one database run one at a time."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import networkx as nx
import pytest
from click.testing import CliRunner
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import ClientError

from computechain.cli import main
from computechain.errors import QueryTimeoutError, WriteQueryRefusedError
from computechain.exports.neo4j_client import run_read_only
from computechain.exports.neo4j_push import PushReport, push, push_lock
from tests.neo4j.helpers import NEO4J_SEED, dump, wipe
from tests.neo4j.test_push import _grown


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server recording the paths it is asked for."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"a,b\n1,2\n")

        def log_message(self, *_: object) -> None:
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/x.csv", asked
    httpd.shutdown()


@pytest.mark.parametrize(("query", "why"), [
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "it reads a file or URL (LOAD CSV)"),
    ("MATCH (n) WITH count(n) AS c LOAD CSV FROM 'file:///etc/hostname' AS row RETURN row, c",
     "it reads a file or URL (LOAD CSV)"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "it is an administration command (TerminateTransactions)"),
    ("SHOW TRANSACTIONS", "it is an administration command (ShowTransactions)"),
    ("SHOW SETTINGS", "it is an administration command (ShowSettings)"),
    ("CALL db.stats.collect('QUERIES')", "it calls the procedure db.stats.collect, which is not one of db.labels"),
    ("CALL dbms.listConfig() YIELD name RETURN name", "Neo4j's plan says this query is schema write"),
    ("CALL db.info() YIELD name RETURN name", "it calls the procedure db.info, which is not one of"),
    ("CALL dbms.queryJmx('*') YIELD name RETURN name", "Neo4j's plan says this query is schema write"),
])
def test_queries_beyond_reading_the_graph_are_refused(driver: Driver, neo4j_uri: str, query: str, why: str) -> None:
    code, out = run("cypher", "--uri", neo4j_uri, query)
    assert code == 2 and why in out and "Traceback" not in out, out


def test_load_csv_from_a_url_sends_no_request(driver: Driver, neo4j_uri: str,
                                              listener: tuple[str, list[str]]) -> None:
    url, asked = listener
    code, out = run("cypher", "--uri", neo4j_uri, f"LOAD CSV FROM '{url}' AS row RETURN row")
    assert code == 2 and "refused: it reads a file or URL (LOAD CSV)" in out
    with pytest.raises(WriteQueryRefusedError, match=r"LOAD CSV"):
        run_read_only(driver, "LOAD CSV FROM $url AS row RETURN row", {"url": url})
    time.sleep(0.2)
    assert asked == []


def test_the_read_procedures_still_run(driver: Driver, neo4j_uri: str) -> None:
    driver.execute_query("CREATE (:Company {id: 'company:acme'})")
    code, out = run("cypher", "--uri", neo4j_uri, "CALL db.labels() YIELD label WHERE label STARTS WITH 'Comp' "
                    "RETURN label ORDER BY label", "--format", "csv")
    assert (code, out) == (0, "label\nCompany\nComputechainPushLock\n")


def test_a_query_past_its_time_limit_is_stopped(driver: Driver, neo4j_uri: str) -> None:
    started = time.monotonic()
    code, out = run("cypher", "--uri", neo4j_uri, "--timeout", "1", "UNWIND range(1, 2000000000) AS x RETURN sum(x)")
    assert code == 1 and "Error: the query ran past its time limit of 1 s and was stopped" in out, out
    assert time.monotonic() - started < 30
    with pytest.raises(QueryTimeoutError, match="time limit of 1 s"):
        run_read_only(driver, "UNWIND range(1, 2000000000) AS x RETURN sum(x)", {}, timeout=1)


def test_the_dev_server_reads_no_file_urls_even_when_asked_directly(driver: Driver) -> None:
    with pytest.raises(ClientError, match=r"dbms\.security\.allow_csv_import_from_file_urls. is false"):
        driver.execute_query("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row")
    [[value]] = driver.execute_query(
        "SHOW SETTINGS YIELD name, value WHERE name = 'server.directories.import' RETURN value").records
    assert value.endswith("/home/import")  # its own empty folder, not the server's working directory


def test_a_push_waits_while_another_holds_the_lock(driver: Driver, neo4j_graph: nx.MultiDiGraph) -> None:
    waited: list[float] = []
    done: list[PushReport] = []
    started = time.monotonic()
    with push_lock(driver):
        worker = threading.Thread(target=lambda: done.append(
            push(neo4j_graph, driver, progress=False, on_wait=lambda: waited.append(time.monotonic() - started))))
        worker.start()
        time.sleep(4)
        assert done == [] and len(waited) == 1  # it said so, and it is waiting
        assert driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == 0
    worker.join(120)
    assert len(done) == 1 and len(dump(driver)[1]) == 21
    assert driver.execute_query("MATCH (l:ComputechainPushLock) RETURN count(l) AS n").records[0]["n"] == 0


def test_two_pushes_at_once_into_an_empty_database_equal_one_clean_push(
        driver: Driver, neo4j_uri: str, neo4j_graph: nx.MultiDiGraph) -> None:
    big = _grown(neo4j_graph, 1_000, 5_000)
    outcomes: list[object] = []
    waits: list[int] = []

    def one_push() -> None:
        with GraphDatabase.driver(neo4j_uri, auth=None) as own:
            try:
                outcomes.append(push(big, own, batch_size=1_000, progress=False, on_wait=lambda: waits.append(1)))
            except Exception as exc:  # the failure before the lock: ConstraintValidationFailed
                outcomes.append(exc)

    workers = [threading.Thread(target=one_push) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(300)
    assert [type(o).__name__ for o in outcomes] == ["PushReport", "PushReport"], outcomes
    together = dump(driver)
    assert len(together[1]) == big.number_of_edges() == 5_021
    wipe(driver)
    push(big, driver, progress=False)
    assert dump(driver) == together


def test_the_cli_says_when_it_waits(driver: Driver, neo4j_uri: str) -> None:
    with push_lock(driver):
        result: list[tuple[int, str]] = []
        worker = threading.Thread(target=lambda: result.append(
            run("neo4j", "push", "--uri", neo4j_uri, "--no-progress", "--seed", str(NEO4J_SEED))))
        worker.start()
        time.sleep(4)
    worker.join(120)
    [(code, out)] = result
    assert code == 0 and out.startswith("Another push is writing to this database; waiting for it to finish.\n"
                                        "Pushed 19 nodes and 21 relationships")
