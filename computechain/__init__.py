"""computechain: a knowledge graph of the AI compute supply chain.

The public Python API (:mod:`computechain.api`) is re-exported here:

>>> import computechain as cc
>>> G = cc.load_graph()
>>> G.nodes["company:zhongji-innolight"]["name_zh"]
'中际旭创'
>>> cc.trace(G, source="OpenAI").iloc[0]["id"]  # the largest of OpenAI's cloud commitments
'company:oracle'
"""

__version__ = "0.1.0"

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from computechain.api import *  # noqa: F403  (the public API, listed in computechain.api.__all__)
    from computechain.api import __all__ as __all__


def __getattr__(name: str) -> Any:
    """The API's names, loaded on first use: ``computechain.loaders`` alone (a script that only
    loads, the CLI's first steps) does not import every query and scipy with it."""
    api = import_module("computechain.api")
    if name == "__all__" or name in api.__all__:
        return getattr(api, name)
    raise AttributeError(f"module 'computechain' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *import_module("computechain.api").__all__})
