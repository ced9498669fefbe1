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

from computechain.api import *  # noqa: F403  (the public API, listed in computechain.api.__all__)
from computechain.api import __all__ as __all__
