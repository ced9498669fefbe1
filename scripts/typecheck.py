"""Run mypy over the installed layout of computechain.

pyproject's ``package-dir`` maps top-level folders (graph/, loaders/, ...) into the single
import package ``computechain``; mypy cannot follow that mapping, so this script mirrors it as
a tree of symlinks under build/typecheck and checks that tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    mapping = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    tree = ROOT / "build" / "typecheck"
    shutil.rmtree(tree, ignore_errors=True)
    package = tree / "computechain"
    package.mkdir(parents=True)
    for path in (ROOT / mapping["computechain"]).glob("*.py"):
        (package / path.name).symlink_to(path)
    for name, folder in mapping.items():
        if name != "computechain" and list((ROOT / folder).glob("*.py")) and name.count(".") == 1:
            (package / name.split(".")[1]).symlink_to(ROOT / folder, target_is_directory=True)
    return subprocess.call([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "-p", "computechain"], cwd=tree)


if __name__ == "__main__":
    sys.exit(main())
