"""Knuth–Plass line breaking with textkit's best-fit fallback (text-layout.md §4 step 4d).

Why hand-written: Daily breaks lines with textkit's port of Bram Stein's Knuth–Plass code,
and a compatible engine must choose *exactly* the same breaks: same node model (5 px hyphen
penalty, glue stretch ½ / shrink ⅓ of the space width), same tie rules (strict `<` per fitness
class and for the final choice, active nodes kept sorted by line), same tolerance retries and
the same greedy fallback. No Python library implements this variant, and floating-point sums
are accumulated in the same left-to-right order so that near-ties resolve identically.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

INFINITY = 10000.0
HYPHEN_PENALTY_WIDTH = 5.0
DEMERITS_LINE = 10.0
DEMERITS_FLAGGED = 100.0
DEMERITS_FITNESS = 3000.0
FIRST_TOLERANCE = 4
MAX_TOLERANCE = 50
TOLERANCE_STEP = 5

BOX, GLUE, PENALTY = "box", "glue", "penalty"


@dataclass(slots=True)
class Node:
    """A box, glue or penalty. `end` is the string offset just after the node's syllable
    (for a penalty: after the box it follows)."""

    kind: str
    width: float
    end: int
    stretch: float = 0.0
    shrink: float = 0.0
    penalty: float = 0.0
    flagged: int = 0


@dataclass(slots=True)
class Syllable:
    text: str
    end: int
    width: float


def build_nodes(syllables: list[Syllable], justify: bool) -> list[Node]:
    """textkit's node list: glue for space-only syllables, box + flagged penalty otherwise."""
    penalty = 100.0 if justify else 600.0
    nodes: list[Node] = []
    for index, syllable in enumerate(syllables):
        if not syllable.text.strip():
            nodes.append(
                Node(
                    GLUE,
                    syllable.width,
                    syllable.end,
                    syllable.width / 2,
                    syllable.width / 3,
                )
            )
            continue
        nodes.append(Node(BOX, syllable.width, syllable.end))
        if index + 1 < len(syllables) and syllables[index + 1].text != " ":
            nodes.append(
                Node(
                    PENALTY,
                    HYPHEN_PENALTY_WIDTH,
                    syllable.end,
                    penalty=penalty,
                    flagged=1,
                )
            )
    end = syllables[-1].end if syllables else 0
    nodes.append(Node(GLUE, 0.0, end, stretch=INFINITY))
    nodes.append(Node(PENALTY, 0.0, end, penalty=-INFINITY, flagged=1))
    return nodes


@dataclass(slots=True)
class _Totals:
    width: float = 0.0
    stretch: float = 0.0
    shrink: float = 0.0


class _Active:
    """A breakpoint in the doubly linked active list (kept sorted by line number)."""

    __slots__ = (
        "demerits",
        "fitness",
        "line",
        "next",
        "position",
        "prev",
        "previous",
        "totals",
    )

    def __init__(
        self,
        position: int,
        demerits: float,
        line: int,
        fitness: int,
        totals: _Totals,
        previous: _Active | None,
    ) -> None:
        self.position, self.demerits, self.line, self.fitness = (
            position,
            demerits,
            line,
            fitness,
        )
        self.totals, self.previous = totals, previous
        self.prev: _Active | None = None
        self.next: _Active | None = None


class _ActiveList:
    def __init__(self) -> None:
        self.head: _Active | None = None
        self.tail: _Active | None = None

    def push(self, node: _Active) -> None:
        node.prev, node.next = self.tail, None
        if self.tail is None:
            self.head = node
        else:
            self.tail.next = node
        self.tail = node

    def insert_before(self, anchor: _Active, node: _Active) -> None:
        node.prev, node.next = anchor.prev, anchor
        if anchor.prev is None:
            self.head = node
        else:
            anchor.prev.next = node
        anchor.prev = node

    def remove(self, node: _Active) -> None:
        if node.prev is None:
            self.head = node.next
        else:
            node.prev.next = node.next
        if node.next is None:
            self.tail = node.prev
        else:
            node.next.prev = node.prev


def _ratio(width: float, stretch: float, shrink: float, line_width: float) -> float:
    if width < line_width:
        return (line_width - width) / stretch if stretch > 0 else INFINITY
    if width > line_width:
        return (line_width - width) / shrink if shrink > 0 else INFINITY
    return 0.0


def _fitness_class(ratio: float) -> int:
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    if ratio <= 1:
        return 2
    return 3


def knuth_plass(nodes: list[Node], line_width: float, tolerance: float) -> list[int]:
    """Break positions (node indices, starting with 0) of the optimum, or [] when none exists."""
    active_list = _ActiveList()
    active_list.push(_Active(0, 0.0, 0, 0, _Totals(), None))
    total = _Totals()

    def totals_after(index: int) -> _Totals:
        result = _Totals(total.width, total.stretch, total.shrink)
        for i in range(index, len(nodes)):
            node = nodes[i]
            if node.kind == GLUE:
                result.width += node.width
                result.stretch += node.stretch
                result.shrink += node.shrink
            elif node.kind == BOX or (node.penalty == -INFINITY and i > index):
                break
        return result

    def try_break(node: Node, index: int) -> None:
        forced = node.kind == PENALTY and node.penalty == -INFINITY
        active = active_list.head
        while active is not None:
            candidates: list[tuple[float, _Active | None]] = [(math.inf, None)] * 4
            while active is not None:
                line = active.line + 1
                width = total.width - active.totals.width
                if node.kind == PENALTY:
                    width += node.width
                ratio = _ratio(
                    width,
                    total.stretch - active.totals.stretch,
                    total.shrink - active.totals.shrink,
                    line_width,
                )
                if ratio < -1 or forced:
                    active_list.remove(active)
                if -1 <= ratio <= tolerance:
                    demerits = (DEMERITS_LINE + 100 * abs(ratio) ** 3) ** 2
                    if node.kind == PENALTY and node.penalty >= 0:
                        demerits += node.penalty**2
                    elif node.kind == PENALTY and not forced:
                        demerits -= node.penalty**2
                    if node.kind == PENALTY and nodes[active.position].kind == PENALTY:
                        demerits += (
                            DEMERITS_FLAGGED
                            * node.flagged
                            * nodes[active.position].flagged
                        )
                    fitness = _fitness_class(ratio)
                    if abs(fitness - active.fitness) > 1:
                        demerits += DEMERITS_FITNESS
                    demerits += active.demerits
                    if demerits < candidates[fitness][0]:
                        candidates[fitness] = (demerits, active)
                active = active.next
                if active is not None and active.line >= line:
                    break
            new_totals = totals_after(index)
            for fitness, (demerits, parent) in enumerate(candidates):
                if parent is None:
                    continue
                new = _Active(
                    index, demerits, parent.line + 1, fitness, new_totals, parent
                )
                if active is not None:
                    active_list.insert_before(active, new)
                else:
                    active_list.push(new)

    for index, node in enumerate(nodes):
        if node.kind == BOX:
            total.width += node.width
        elif node.kind == GLUE:
            if index > 0 and nodes[index - 1].kind == BOX:
                try_break(node, index)
            total.width += node.width
            total.stretch += node.stretch
            total.shrink += node.shrink
        elif node.penalty != INFINITY:
            try_break(node, index)

    best: _Active | None = None
    active = active_list.head
    while active is not None:
        if best is None or active.demerits < best.demerits:
            best = active
        active = active.next
    breaks: list[int] = []
    while best is not None:
        breaks.append(best.position)
        best = best.previous
    return breaks[::-1]


def _best_fit_ratio(
    node: Node, width: float, stretch: float, shrink: float, line_width: float
) -> float:
    """Greedy ratio: INFINITY unless the glue itself stretches/shrinks and glue before it did too."""
    if width < line_width:
        if not node.stretch or stretch - node.stretch <= 0:
            return INFINITY
        return (line_width - width) / stretch
    if width > line_width:
        if not node.shrink or shrink - node.shrink <= 0:
            return INFINITY
        return (line_width - width) / shrink
    return 0.0


def _next_best_fit_break(
    nodes: list[Node], start: int, line_width: float
) -> int | None:
    position: int | None = None
    minimum = math.inf
    width = stretch = shrink = 0.0
    for i in range(start, len(nodes)):
        node = nodes[i]
        if node.kind == BOX:
            width += node.width
        elif node.kind == GLUE:
            width += node.width
            stretch += node.stretch
            shrink += node.shrink
        if width - shrink > line_width:
            if position is None:
                j = i + 1 if i == start else i
                while j < len(nodes) and nodes[j].kind != BOX:
                    j += 1
                position = j - 1
            return position
        if node.kind != BOX:
            badness = (
                100
                * abs(_best_fit_ratio(node, width, stretch, shrink, line_width)) ** 3
            )
            if node.kind == PENALTY:
                badness += node.penalty
            if minimum >= badness:
                position, minimum = i, badness
    return None


def best_fit(nodes: list[Node], line_width: float) -> list[int]:
    """textkit's greedy fallback: break positions starting with 0."""
    breaks = [0]
    start = 0
    while start < len(nodes):
        position = _next_best_fit_break(nodes, start, line_width)
        if position is None:
            break
        breaks.append(position)
        start = position + 1
    return breaks


def break_positions(nodes: list[Node], line_width: float) -> list[int]:
    """Node indices ending each line except the last (which ends at the paragraph's end).

    An unbounded width can never produce a Knuth–Plass solution (every ratio is infinite), and
    a paragraph whose natural width fits is always set on one line, so both skip the search.
    """
    natural = 0.0
    for node in nodes:
        if node.kind != PENALTY:
            natural += node.width
    if math.isinf(line_width) or natural <= line_width:
        return []
    tolerance = FIRST_TOLERANCE
    breaks = knuth_plass(nodes, line_width, tolerance)
    while not breaks and tolerance < MAX_TOLERANCE:
        tolerance += TOLERANCE_STEP
        breaks = knuth_plass(nodes, line_width, tolerance)
    if len(breaks) <= 1:
        breaks = best_fit(nodes, line_width)
    return [b for b in breaks[1:] if b < len(nodes) - 1]
