"""Group codes: equal key combinations share a code, different ones never do, in first-seen order."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from computechain.bulk import group_codes, group_sum

keys = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3), st.sampled_from(["a", "b"])), min_size=1, max_size=40)


@given(keys)
def test_codes_number_the_combinations_in_the_order_they_first_appear(rows: list[tuple[int, int, str]]) -> None:
    a, b, c = (np.array(column) for column in zip(*rows, strict=True))
    expected = pd.DataFrame({"a": a, "b": b, "c": c}).groupby(["a", "b", "c"], sort=False).ngroup().to_numpy()
    assert group_codes(a, b).tolist() == pd.DataFrame({"a": a, "b": b}).groupby(["a", "b"], sort=False).ngroup().tolist()
    assert group_codes(a, b, c).tolist() == expected.tolist()  # a string key: the general path


@given(keys, st.lists(st.floats(-1e6, 1e6), min_size=40, max_size=40))
def test_a_group_sum_is_the_total_of_the_rows_with_the_same_keys(rows: list[tuple[int, int, str]],
                                                                 values: list[float]) -> None:
    a, b = (np.array(column) for column in list(zip(*rows, strict=True))[:2])
    v = np.array(values[:len(a)])
    expected = pd.Series(v).groupby([a, b]).transform("sum").to_numpy()
    assert np.allclose(group_sum(v, a, b), expected)
