"""Step 3, link: turn validated documents into a graph of entities with references both ways.

One pass over every reference: each is recorded on its source (``refs``) and its target
(``backlinks``), so cross-linking is linear in the number of references. A headline label that an
open question ``lowers`` is shown one level down its scale until the question is resolved.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from functools import cached_property

from . import urls
from .kinds import Kind
from .load import Document


def _refuse(self, *args, **kwargs):
    raise TypeError("an entity's data is read-only: it is the loaded data file's")


class FrozenDict(dict):
    """A dict that refuses changes (reads, json and isinstance work as for any dict)."""

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _refuse


class FrozenList(list):
    """A list that refuses changes."""

    __setitem__ = __delitem__ = __iadd__ = __imul__ = append = extend = insert = pop = remove = clear = sort = reverse = _refuse


def frozen(value):
    """A read-only copy of a loaded value, all the way down."""
    if isinstance(value, dict):
        return FrozenDict({key: frozen(item) for key, item in value.items()})
    if isinstance(value, list):
        return FrozenList([frozen(item) for item in value])
    return value


@dataclasses.dataclass(eq=False, repr=False)
class Entity:
    """A validated record with its place in the graph."""

    kind: str
    id: str
    data: dict  # read-only (frozen): a view or template cannot change the loaded document
    file: str
    title: str
    refs: dict = dataclasses.field(default_factory=lambda: defaultdict(list))  # field -> [Entity]
    backlinks: dict = dataclasses.field(default_factory=lambda: defaultdict(list))  # kind -> [Entity]
    citations: list = dataclasses.field(default_factory=list)  # [source Entity], numbered from 1
    lowered: dict = dataclasses.field(default_factory=dict)  # field -> value recorded in the file

    @property
    def page(self) -> str:
        """The generated page, relative to the site root."""
        return urls.page(self.kind, self.id)

    @cached_property
    def _citation_numbers(self) -> dict[str, int]:
        return {source.id: number for number, source in enumerate(self.citations, 1)}

    def cite(self, source_ids) -> list[int]:
        """Citation numbers of the given source ids on this entity's page."""
        return [self._citation_numbers[source_id] for source_id in source_ids]

    def __repr__(self) -> str:
        # its links lead through the whole graph and back: a full repr (in a failed test's
        # report, say) would never end
        return f"Entity({self.kind}/{self.id})"


@dataclasses.dataclass(repr=False)
class Graph:
    """All entities by kind, in a stable order, with the kinds that declared them."""

    kinds: dict[str, Kind]
    by_kind: dict[str, list[Entity]]
    index: dict[tuple[str, str], Entity]
    dead_links: dict[str, str] = dataclasses.field(default_factory=dict)  # source id -> what its address answered

    def __repr__(self) -> str:
        return "Graph(" + ", ".join(f"{len(found)} {kind}" for kind, found in self.by_kind.items()) + ")"

    def get(self, kind: str, entity_id: str) -> Entity:
        return self.index[(kind, entity_id)]

    def all(self):
        for kind in self.kinds:
            yield from self.by_kind[kind]

    @cached_property
    def as_of(self) -> str:
        """The date the data speaks for: its most recent review or access date (the data's
        "today" for every status read from it; a graph never changes, so this is read once)."""
        dates = [e.data.get(field) for e in self.all() for field in ("last_reviewed", "accessed")]
        return max((d for d in dates if d), default="1970-01-01")


def _lower(data: dict, kind: Kind) -> tuple[dict, dict]:
    """The data with each label that an open question lowers (``{question: ..., lowers: evidence}``)
    one level down its field's scale (official -> attributed -> reported), and the recorded values."""
    fields = sorted({item["lowers"] for item in data.get("for_review", []) if isinstance(item, dict)} & set(data))
    lowered = {field: data[field] for field in fields}
    for field in fields:
        scale = kind.field_schema(field)[0]["enum"]
        data = {**data, field: scale[min(scale.index(data[field]) + 1, len(scale) - 1)]}
    return data, lowered


def link(documents: list[Document], kinds: dict[str, Kind]) -> Graph:
    """Build the graph; references are assumed valid (run validate first)."""
    index: dict[tuple[str, str], Entity] = {}
    by_kind: dict[str, list[Entity]] = {name: [] for name in kinds}
    for document in sorted(documents, key=lambda d: (d.kind, d.id)):
        kind = kinds[document.kind]
        title = str(document.data.get(kind.title_field, document.id))
        data, lowered = _lower(document.data, kind)
        entity = Entity(document.kind, document.id, frozen(data), document.file, title, lowered=frozen(lowered))
        index[(entity.kind, entity.id)] = entity
        by_kind[entity.kind].append(entity)
    for entity in index.values():
        seen_backlink = set()
        for field in kinds[entity.kind].ref_fields:
            for _, target_id in field.values(entity.data):
                target = index[(field.target, target_id)]
                if kinds[field.target].settings.get("cited"):  # a source: numbered on the page
                    if target not in entity.citations:
                        entity.citations.append(target)
                elif target not in entity.refs[field.name]:
                    entity.refs[field.name].append(target)
                if (target.kind, target.id) not in seen_backlink:
                    seen_backlink.add((target.kind, target.id))
                    target.backlinks[entity.kind].append(entity)
    for entities in by_kind.values():
        entities.sort(key=lambda e: (e.title.casefold(), e.id))
    for entity in index.values():
        for linked in entity.backlinks.values():
            linked.sort(key=lambda e: (e.title.casefold(), e.id))
    return Graph(kinds=kinds, by_kind=by_kind, index=index)
