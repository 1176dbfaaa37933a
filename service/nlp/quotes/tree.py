"""The dependency tree as arrays: subtree and run queries that cost their output, not a walk."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, LENGTH
from spacy.symbols import cc as _CC

from service.nlp.context import COLUMN, DocContext
from service.nlp.quotemarks import QUOTE_CHARS


class DepTree:
    """Per-doc arrays that make subtree and run queries cost their output, not a tree walk.

    Tokens in DFS preorder: a token's subtree is the slice ``order[tin[i]:tout[i]]`` and
    "j descends from i" is ``tin[i] < tin[j] < tout[i]`` (Token.is_ancestor and Token.subtree
    build a Token per step, which is quadratic in a 20,000-token sentence).
    """

    def __init__(self, ctx: DocContext) -> None:
        n, text = len(ctx), ctx.text
        # the token columns, not n Token objects (and n more for t.head): this runs on every
        # article and was the engine's largest single cost
        arr = ctx.array
        col = {a: arr[:, COLUMN[a]] for a in (HEAD, IDX, LENGTH, IS_PUNCT, IS_SPACE, DEP)}
        tin, size = preorder(np.arange(n, dtype=np.int64) + col[HEAD])
        order = np.empty(n, dtype=np.int64)
        order[tin] = np.arange(n, dtype=np.int64)
        self.order: list[int] = order.tolist()
        self.tin: list[int] = tin.tolist()
        self.tout: list[int] = (tin + size).tolist()
        start = col[IDX]
        end = start + col[LENGTH]
        self.start: list[int] = start.tolist()
        self.end: list[int] = end.tolist()
        punct = col[IS_PUNCT].astype(bool)
        space = col[IS_SPACE].astype(bool)
        mark = np.zeros(n, dtype=bool)
        for i in np.flatnonzero(punct).tolist():
            mark[i] = any(c in QUOTE_CHARS for c in text[self.start[i] : self.end[i]])
        # trimmed from the edges of a run: spaces, "and"/"or", punctuation except quote marks
        self.trim: list[bool] = (space | (col[DEP] == _CC) | (punct & ~mark)).tolist()
        words = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(~(punct | space), out=words[1:])
        self.words: list[int] = words.tolist()  # prefix counts of tokens neither punct nor space

    def descends(self, j: int, i: int) -> bool:
        """``j`` is a proper descendant of ``i``."""
        return self.tin[i] < self.tin[j] < self.tout[i]

    def subtree(self, i: int, exclude: set[int] = frozenset()) -> set[int]:
        """Token ids of ``i``'s subtree minus the subtrees rooted at ``exclude``."""
        a, b = self.tin[i], self.tout[i]
        out = set(self.order[a:b])
        cut = sorted(self.tin[x] for x in exclude if a < self.tin[x] < b)
        reach = -1
        for c in cut:
            if c >= reach:  # not inside a subtree already cut
                reach = self.tout[self.order[c]]
                out.difference_update(self.order[c:reach])
        return out

    def runs(self, idxs: set[int]) -> list[tuple[int, int]]:
        """Contiguous runs of ``idxs`` as char ranges, trimmed of edge punctuation and 'and'."""
        out: list[tuple[int, int]] = []
        trim, words = self.trim, self.words
        ids = np.fromiter(idxs, dtype=np.int64, count=len(idxs))
        ids.sort()
        cuts = np.flatnonzero(np.diff(ids) != 1).tolist()  # a run ends at each cut
        for a, b in zip([0, *(c + 1 for c in cuts)], [*cuts, len(ids) - 1], strict=True):
            if a > b:
                continue  # no ids at all
            lo, hi = int(ids[a]), int(ids[b])
            while hi >= lo and trim[hi]:
                hi -= 1
            while lo <= hi and trim[lo]:
                lo += 1
            if lo <= hi and words[hi + 1] - words[lo] > 0:
                out.append((self.start[lo], self.end[hi]))
        return out


def preorder(heads: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Preorder position and subtree size of every token of a dependency forest.

    Roots in text order, children in text order: the order of a depth-first walk. Computed a
    tree level at a time with numpy (a Python walk cost a tenth of the engine's time).
    """
    n = len(heads)
    ids = np.arange(n, dtype=np.int64)
    # depth by pointer jumping: dist[i] steps from i up to its ancestor up[i]
    up, dist = heads.copy(), (heads != ids).astype(np.int64)
    for _ in range(max(1, n).bit_length() + 1):
        nxt = up[up]
        if np.array_equal(nxt, up):
            break
        dist += dist[up]
        up = nxt
    else:
        raise ValueError("the dependency heads do not form a tree")
    if not np.array_equal(heads[up], up):  # settled on a cycle, not on roots
        raise ValueError("the dependency heads do not form a tree")
    by_depth = np.argsort(dist, kind="stable")
    level_starts = np.searchsorted(dist[by_depth], np.arange(int(dist.max(initial=0)) + 2))
    levels = [by_depth[a:b] for a, b in pairwise(level_starts)]
    size = np.ones(n, dtype=np.int64)
    for nodes in reversed(levels[1:]):
        np.add.at(size, heads[nodes], size[nodes])
    # a node's offset in its parent's span: 1 + the sizes of its earlier siblings; roots share
    # the virtual parent -1 and start at 0
    parent = np.where(heads == ids, -1, heads)
    sib = np.lexsort((ids, parent))
    before = np.cumsum(size[sib]) - size[sib]
    group_start = np.r_[True, parent[sib][1:] != parent[sib][:-1]]
    first_of_group = np.maximum.accumulate(np.where(group_start, np.arange(n), 0))
    offset = np.empty(n, dtype=np.int64)
    offset[sib] = before - before[first_of_group] + (parent[sib] >= 0)
    tin = np.zeros(n, dtype=np.int64)
    if n:
        tin[levels[0]] = offset[levels[0]]
    for nodes in levels[1:]:
        tin[nodes] = tin[heads[nodes]] + offset[nodes]
    return tin, size
