"""Statement units across any number of layers: the units Krippendorff's alpha is computed on.

Slot alpha needs, for every statement, the value each layer gave it, so first we must say which
statements of different layers are "the same statement". For two layers that is the alignment
(`align`): exact, relabelled and overlapping statement spans are matched.

For more layers we take the union-find over all pairwise alignments rather than aligning every
layer to the first one. A pivot on the first layer would drop any statement the first layer
missed even when all the others agree on it, and would make the figures depend on the order in
which layers are named; the union-find is symmetric in the layers and reduces to the plain
alignment for two. Its one cost: chained overlaps can put two statements of the same layer
into one unit. A layer then keeps the member that most of the other layers' statements were
aligned with (ties: the earliest), and the unit is counted as `ambiguous` in the report so the
figure can be read with that in mind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotator.core.models import Annotation
from annotator.review.align import EXACT, OVERLAP, RELABEL, align

MATCHED = (EXACT, RELABEL, OVERLAP)
Node = tuple[str, str]  # (layer, annotation id)


@dataclass(frozen=True)
class StatementUnit:
    """One statement as several layers marked it: layer -> that layer's annotation."""

    doc_id: int
    members: dict[str, Annotation]
    ambiguous: bool = False

    @property
    def start(self) -> int:
        return min(a.start for a in self.members.values())


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}

    def find(self, node: Node) -> Node:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]  # path halving
            node = self.parent[node]
        return node

    def union(self, a: Node, b: Node) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def statement_units(doc_id: int, by_layer: Mapping[str, Sequence[Annotation]]) -> list[StatementUnit]:
    """Group the statements of one document into units marked by two or more layers."""
    layers = list(by_layer)
    statements = {layer: [a for a in by_layer[layer] if a.kind == "STATEMENT"] for layer in layers}
    found: dict[Node, Annotation] = {(layer, a.id): a for layer in layers for a in statements[layer]}
    sets = _UnionFind()
    links: dict[Node, int] = dict.fromkeys(found, 0)
    for i, first in enumerate(layers):
        for second in layers[i + 1:]:
            for item in align(statements[first], statements[second]):
                if item.relation in MATCHED and item.a is not None and item.b is not None:
                    a, b = (first, item.a.id), (second, item.b.id)
                    sets.union(a, b)
                    links[a] += 1
                    links[b] += 1
    groups: dict[Node, list[Node]] = {}
    for node in found:
        groups.setdefault(sets.find(node), []).append(node)
    units = []
    for nodes in groups.values():
        by_member: dict[str, list[Node]] = {}
        for node in nodes:
            by_member.setdefault(node[0], []).append(node)
        if len(by_member) < 2:
            continue
        members = {}
        for layer in layers:
            if layer in by_member:
                best = min(by_member[layer], key=lambda n: (-links[n], found[n].start, found[n].end))
                members[layer] = found[best]
        ambiguous = any(len(v) > 1 for v in by_member.values())
        units.append(StatementUnit(doc_id, members, ambiguous))
    units.sort(key=lambda unit: unit.start)
    return units
