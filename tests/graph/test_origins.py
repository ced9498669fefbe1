"""Origins: a mapping of id -> Origin whose bulk blocks are made only when looked up, checked
against a plain dict under random sequences of operations."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from computechain.graph.dataset import Origin, Origins

IDS = st.sampled_from([f"r{i}" for i in range(8)])
OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("block"), st.lists(IDS, max_size=4)),
    st.tuples(st.just("set"), IDS),
    st.tuples(st.just("get"), IDS),
    st.tuples(st.just("del"), IDS),
), max_size=25)


@given(OPERATIONS)
def test_origins_behave_as_a_dict(operations: list[tuple[str, object]]) -> None:
    origins, model = Origins(), {}
    for step, (operation, argument) in enumerate(operations):
        if operation == "block":
            ids = list(argument)  # type: ignore[call-overload]
            lines = [step * 10 + i for i in range(len(ids))]
            fresh = len(set(ids)) == len(ids) and not set(ids) & model.keys()
            assert origins.add_block("b.csv", ids, lines) is fresh
            if fresh:
                model.update((rid, Origin("b.csv", line)) for rid, line in zip(ids, lines, strict=True))
        elif operation == "set":
            origins[argument] = model[argument] = Origin("s.csv", step)  # type: ignore[index]
        elif operation == "get":
            assert origins.get(argument) == model.get(argument)  # type: ignore[call-overload]
        elif argument in model:
            del origins[argument], model[argument]  # type: ignore[arg-type]
        assert len(origins) == len(model)
        assert sorted(origins) == sorted(model)
        assert all((rid in origins) == (rid in model) for rid in ("r0", "r3", "r7"))
    assert dict(origins) == model
