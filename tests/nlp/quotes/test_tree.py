"""The dependency tree as arrays: preorder and subtrees as a recursive walk gives them."""

from __future__ import annotations

import pytest


def _reference_preorder(heads: list[int]) -> tuple[list[int], list[int]]:
    kids: dict[int, list[int]] = {i: [] for i in range(len(heads))}
    for i, h in enumerate(heads):
        if h != i:
            kids[h].append(i)
    tin, size, order = [0] * len(heads), [0] * len(heads), []

    def walk(i: int) -> int:
        tin[i] = len(order)
        order.append(i)
        size[i] = 1 + sum(walk(k) for k in kids[i])
        return size[i]

    for r in (i for i, h in enumerate(heads) if h == i):
        walk(r)
    return tin, size


@pytest.mark.parametrize(
    "heads",
    [
        [],
        [0],
        [1, 1, 1, 4, 4, 3],  # two roots, a grandchild
        [2, 2, 2, 2, 3],  # a root in the middle
        [3, 0, 3, 3, 1],  # non-projective: 4 hangs on 1 across 3
        [1, 2, 3, 4, 4],  # a chain
    ],
)
def test_preorder_matches_a_recursive_walk(heads):
    import numpy as np

    from service.nlp.quotes.tree import preorder

    tin, size = preorder(np.asarray(heads, dtype=np.int64))
    assert (tin.tolist(), size.tolist()) == _reference_preorder(heads)


@pytest.mark.parametrize("heads", [[1, 0], [1, 0, 2], [1, 2, 0, 3]])
def test_preorder_refuses_cycles(heads):
    import numpy as np

    from service.nlp.quotes.tree import preorder

    with pytest.raises(ValueError):
        preorder(np.asarray(heads, dtype=np.int64))
