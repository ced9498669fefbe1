"""computechain: a knowledge graph of the AI compute supply chain.

>>> from computechain.loaders import load_graph
>>> G = load_graph()
>>> G.nodes["company:zhongji-innolight"]["name_zh"]
'中际旭创'
"""

__version__ = "0.1.0"
