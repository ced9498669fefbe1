"""The neo4j CSVs through the real ``neo4j-admin database import`` (Neo4j 5.26 jars of scripts/neo4j-dev-server)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from computechain.exports.tables import write_neo4j_csv
from tests.conftest import missing

JARS = Path(__file__).resolve().parents[2] / ".neo4j" / "lib"


@pytest.mark.slow
def test_neo4j_admin_imports_every_node_and_relationship(export_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    java = shutil.which("java")
    if java is None or not (JARS / ".installed").exists():
        missing("the neo4j-admin import test needs java and the Neo4j jars (scripts/neo4j-dev-server install)")
    nodes, relationships = write_neo4j_csv(export_graph, tmp_path / "csv")
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    done = subprocess.run(
        [java, "-Xmx512m", "-cp", f"{JARS}/*", "org.neo4j.cli.AdminTool", "database", "import", "full", "neo4j",
         f"--nodes={nodes}", f"--relationships={relationships}"],
        env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")},
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)  # it writes import.report here
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Imported:\n  17 nodes\n  15 relationships" in done.stdout  # 14 entities + 3 sources
