"""Pure query functions ``(G, *, params) -> pandas.DataFrame``."""
