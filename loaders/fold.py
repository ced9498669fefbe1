"""Entity resolution: fold an external dataset onto the graph loaded so far (the seed first).

Every incoming entity (sources excepted) is scored against the entities of its type loaded
before it, and against the dataset's own entities resolved before it (so one dataset's two
spellings of a firm are noticed too). Evidence, strongest first (:data:`SCORES`):

- ``ticker`` (1.0): an ``EXCHANGE:TICKER`` in common;
- ``alias table`` (1.0): a row of ``lookups/aliases.csv`` maps the name to an id (for this
  dataset or any); the seed's own names, aliases and Chinese names come first, as ``name``;
- ``name`` (1.0): a name, alias or Chinese name equal after :func:`~computechain.queries.lookup.normalise`;
- companies only, by :class:`~computechain.loaders.names.NameFolder`: ``folded name`` (0.9),
  equal once legal forms, descriptors, a leading city or province and parentheticals are
  dropped; ``acronym`` (0.75), one name the initials of the other; ``prefix`` (0.7), one
  name's words the start of the other's (DuPont / DuPont Electronic Solutions).

At or above :data:`MERGE` the entity **merges** (its id is replaced by the candidate's
everywhere) when exactly one candidate has the best score; several are **ambiguous**, and so is
a best score between :data:`POSSIBLE` and :data:`MERGE`: the entity is kept apart and linked to
each candidate by ``possibly_same_as``. Evidence against a merge blocks it: two companies of
different countries (a country a table mapping assumed is no evidence), or whose segments
(what they participate in or supply, mapped onto the graph's segments) lie in different
families (top-level segments) only. A blocked or unmatched entity is **added** (renamed
``<id>-<dataset>`` if its id is taken). The merge report says, for every entity, what became of
it and why. Relation ids are minted again after the rewrite, with the dataset's suffix, so the
same relation from two sources keeps both.

Examples
--------
>>> from datetime import date
>>> from computechain.graph.dataset import Dataset, Origin
>>> from computechain.graph.schema import Company, Relation, RelationKind
>>> seed = Dataset()
>>> seed.add(Company(id="company:acme", name="Acme Corp", aliases=("Acme",), country="US",
...                  roles=("foundry",), sources=("source:s",)), Origin("seed.csv", 2))
>>> ext = Dataset()
>>> for slug, name in (("acme", "ACME Corporation"), ("zeta", "Zeta")):
...     ext.add(Company(id=f"company:{slug}-x", name=name, country="US", roles=("foundry",),
...                     sources=("source:x",)), Origin("x.csv", 2))
>>> ext.add(Relation(id="r", kind=RelationKind.SUPPLIES, source="company:acme-x",
...                  target="company:zeta-x", as_of=date(2025, 1, 1), sources=("source:x",),
...                  dataset="x"), Origin("x.csv", 2))
>>> merged, report = fold_dataset(seed, ext, "x")
>>> [(r.incoming, r.outcome, r.resolved, r.matched_by) for r in report]
[('company:acme-x', 'merged', 'company:acme', 'folded name'), ('company:zeta-x', 'added', 'company:zeta-x', '')]
>>> list(merged.relations)
['supplies:company:acme->company:zeta-x~x']
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import pandas as pd

from computechain.errors import Problem
from computechain.graph.build import entity_attributes
from computechain.graph.dataset import Dataset, Relations
from computechain.graph.facts import listing_text
from computechain.graph.schema import Company, Entity, NodeType, Relation, RelationKind, Segment, relation_id
from computechain.loaders.common import ExternalDataset
from computechain.loaders.lookups import DEFAULT_LOOKUPS, Lookups
from computechain.loaders.names import NameFolder, acronym, words
from computechain.queries.lookup import names_of, normalise

Outcome = Literal["merged", "added", "ambiguous"]
REPORT_COLUMNS = ["dataset", "incoming", "name", "outcome", "resolved", "matched_by", "score", "candidates", "why"]
SCORES = {"ticker": 1.0, "alias table": 1.0, "name": 1.0, "folded name": 0.9, "acronym": 0.75, "prefix": 0.7}
MERGE, POSSIBLE = 0.9, 0.6


@dataclass(frozen=True)
class MergeRecord:
    """What became of one external entity, and why."""

    dataset: str
    incoming: str
    name: str
    outcome: Outcome
    resolved: str  # the id it has in the merged graph
    matched_by: str = ""  # the strongest evidence (a key of SCORES)
    score: float | None = None
    candidates: tuple[str, ...] = ()
    why: str = ""


@dataclass
class _Index:
    """Entities by (type, key) for each kind of evidence."""

    folder: NameFolder
    keys: dict[str, dict[tuple[NodeType, str], set[str]]] = field(default_factory=lambda: defaultdict(
        lambda: defaultdict(set)))
    names: dict[str, str] = field(default_factory=dict)

    def add(self, entity: Entity, as_id: str | None = None) -> None:
        target, kind = as_id or entity.id, entity.node_type
        self.names[target] = self.names.get(target, entity.name)
        for how, keys in _evidence(entity, self.folder).items():
            for key in keys:
                self.keys[how][(kind, key)].add(target)

    def candidates(self, entity: Entity, aliases: dict[str, set[str]]) -> dict[str, str]:
        """Candidate id -> the strongest evidence for it."""
        found: dict[str, str] = {}
        evidence = _evidence(entity, self.folder)
        probes = {**evidence, "alias table": set()}
        if isinstance(entity, Company):  # one word probes others' initials; initials probe one-word names
            probes["acronym"] = {("W:" if k.startswith("A:") else "A:") + k[2:] for k in evidence["acronym"]}
        for how in SCORES:
            ids = set(aliases.get(how, set())) if how == "alias table" else set().union(
                *(self.keys[how].get((entity.node_type, k), set()) for k in probes.get(how, ())))
            for candidate in ids:
                found.setdefault(candidate, how)
        return found


def _evidence(entity: Entity, folder: NameFolder) -> dict[str, set[str]]:
    """The keys an entity is indexed under, per kind of evidence (see the module docstring)."""
    attrs: dict[str, Any] = entity_attributes(entity)
    names = [n for n in names_of(entity.id, attrs) if n]
    evidence = {"ticker": {listing_text(li) for li in attrs.get("listings") or ()},
                "name": {normalise(n) for n in names} - {""}}
    if isinstance(entity, Company):
        spelled = [entity.name, *entity.aliases, *([entity.name_zh] if entity.name_zh else [])]
        tokens = [folder.tokens(n) for n in spelled]
        evidence["folded name"] = set().union(*(folder.keys(n) for n in spelled))
        # a one-word name written in capitals (ESI) may be another's initials (Electro Scientific Industries)
        evidence["acronym"] = {f"A:{a}" for t in tokens if (a := acronym(t))} | {
            f"W:{t[0]}" for n, t in zip(spelled, tokens, strict=True)
            if len(t) == 1 and 2 <= len(t[0]) <= 5 and n.split()[0].isupper()}
        evidence["prefix"] = {t[0] for t in tokens if t and len(t[0]) >= 4}
    return evidence


def _prefix_holds(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    short, long = sorted((a, b), key=len)
    return 0 < len(short) < len(long) and long[: len(short)] == short


def _families(ds: Dataset, parents: dict[str, str | None]) -> dict[str, set[str]]:
    """Company id -> families (top-level segments) of the segments it participates in or supplies."""
    def family(segment: str) -> str:
        seen = {segment}
        while (parent := parents.get(segment)) and parents.get(parent) and parent not in seen:
            segment = parent
            seen.add(segment)
        return segment

    found: dict[str, set[str]] = defaultdict(set)
    for rel in ds.relations.values():
        segment = rel.target if rel.kind is RelationKind.PARTICIPATES_IN else rel.product
        if segment in parents:
            found[rel.source].add(family(segment))
    return found


@dataclass
class _Resolver:
    """One resolution run: the base, the lookups it reads, and what it decided so far."""

    base: Dataset
    incoming: Dataset
    dataset: str
    lookups: Lookups
    mapping: dict[str, str] = field(default_factory=dict)
    added: dict[str, Entity] = field(default_factory=dict)  # resolved id -> incoming entity kept apart

    def __post_init__(self) -> None:
        self.folder = NameFolder.from_lookups(self.lookups)
        self.index = _Index(self.folder)
        for entity in self.base.entities.values():
            self.index.add(entity)
        self.parents = {e.id: e.parent for e in self.base.entities.values() if isinstance(e, Segment)}
        self.aliases: dict[str, set[str]] = defaultdict(set)
        for row in self.lookups.rows("aliases"):
            if row.cells.get("dataset", self.dataset) == self.dataset and row.cells["id"] in self.base.entities:
                self.aliases[normalise(row.cells["name"])].add(row.cells["id"])
        self.assumed = self.incoming.assumed if isinstance(self.incoming, ExternalDataset) else set()
        self.required = self.incoming.required if isinstance(self.incoming, ExternalDataset) else {}
        self.problems: list[Problem] = []
        self.base_families = _families(self.base, self.parents)

    def _against(self, entity: Entity, candidate: str, families: dict[str, set[str]]) -> str:
        """Why ``candidate`` cannot be ``entity`` ("" when nothing says so)."""
        other = self.base.entities.get(candidate) or self.added.get(candidate)
        if not isinstance(entity, Company) or not isinstance(other, Company):
            return ""
        if entity.id not in self.assumed and other.id not in self.assumed and entity.country != other.country:
            return f"country {entity.country} vs {other.country}"
        mine, theirs = families.get(entity.id, set()), self.base_families.get(candidate, set())
        if mine and theirs and not mine & theirs:
            return f"segment families {', '.join(sorted(mine))} vs {', '.join(sorted(theirs))}"
        return ""

    def _scored(self, entity: Entity) -> dict[str, tuple[float, str]]:
        aliases = {"alias table": self.aliases.get(normalise(entity.name), set())}
        found = self.index.candidates(entity, aliases)
        if isinstance(entity, Company):  # acronym and prefix keys are coarse: check the words
            tokens = self.folder.tokens(entity.name)
            for candidate, how in list(found.items()):
                theirs = self.folder.tokens(self.index.names[candidate])
                if how == "prefix" and not _prefix_holds(tokens, theirs):
                    del found[candidate]
        return {c: (SCORES[how], how) for c, how in found.items() if c != entity.id or c in self.base.entities}

    def decide(self, entity: Entity, families: dict[str, set[str]], taken: set[str]) -> MergeRecord:
        scored = self._scored(entity)
        blocked = {c: why for c in scored if (why := self._against(entity, c, families))}
        usable = {c: s for c, s in scored.items() if c not in blocked and s[0] >= POSSIBLE}
        own = f"{entity.id}-{self.dataset}" if entity.id in taken else entity.id
        record = MergeRecord(self.dataset, entity.id, entity.name, "added", own)
        why = "; ".join(f"not {c}: {w}" for c, w in sorted(blocked.items()))
        if not usable:
            return _with(record, why=why or "no candidate")
        best = max(s for s, _ in usable.values())
        top = sorted(c for c, (s, _) in usable.items() if s == best)
        how = usable[top[0]][1]
        if best >= MERGE and len(top) == 1:
            return _with(record, outcome="merged", resolved=top[0], matched_by=how, score=best,
                         why="; ".join(filter(None, [f"{how} = {self.index.names[top[0]]!r}", why])))
        candidates = tuple(sorted(usable))
        maybe = ", ".join(f"{self.index.names[c]!r} ({usable[c][1]})" for c in candidates)
        return _with(record, outcome="ambiguous", matched_by=how, score=best, candidates=candidates,
                     why="; ".join(filter(None, [f"possibly {maybe}: kept apart", why])))

    def _contained(self, entity: Entity, record: MergeRecord) -> MergeRecord:
        """An entity that must name one of the graph's (a product in words): the one whose name or
        alias is the longest phrase inside its words, else a problem with a did-you-mean."""
        mine = " ".join(words(entity.name)) + " "
        phrases = {(" ".join(words(n)) + " ", e.id) for e in self.base.entities.values()
                   if e.node_type is entity.node_type for n in (e.name, *e.aliases) if words(n)}
        inside = [(len(p), c) for p, c in phrases if f" {p}" in f" {mine}"]
        longest = max((size for size, _ in inside), default=0)
        best = sorted({c for size, c in inside if size == longest})
        if len(best) == 1:
            return _with(record, outcome="merged", resolved=best[0], matched_by="contained name", score=MERGE,
                         why=f"contains {self.index.names[best[0]]!r}")
        names = {normalise(n): e.name for e in self.base.entities.values() if e.node_type is entity.node_type
                 for n in (e.name, *e.aliases)}
        probes = [normalise(entity.name), *words(entity.name)]  # the whole, and each word (HMB for HBM)
        close = [names[c] for probe in probes for c in difflib.get_close_matches(probe, names, n=3, cutoff=0.6)]
        hint = f"; did you mean {' or '.join(repr(c) for c in list(dict.fromkeys(close))[:3])}?" if close else ""
        origin = self.incoming.origins[entity.id]
        self.problems.append(origin.problem(self.required[entity.id], f"unknown {entity.node_type.value} "
                                            f"{entity.name!r}: no name or alias of the graph matches{hint}"))
        return _with(record, why=f"unknown: {', '.join(best)} all match" if best else "unknown: no match")

    def run(self) -> list[MergeRecord]:
        report: list[MergeRecord] = []
        taken = set(self.base.entities)
        order = sorted((e for e in self.incoming.entities.values() if e.node_type is not NodeType.SOURCE),
                       key=lambda e: e.node_type is NodeType.COMPANY)  # segments first: families use them
        families: dict[str, set[str]] = {}
        for entity in order:
            if isinstance(entity, Company) and not families:
                moved = Dataset(relations=Relations({r: x.model_copy(update=_rewired(x, self.mapping))
                                                     for r, x in self.incoming.relations.items()}))
                families = _families(moved, self.parents)
            record = self.decide(entity, families, taken)
            if entity.id in self.required and record.outcome != "merged":
                record = self._contained(entity, record)
            self.mapping[entity.id] = record.resolved
            if record.outcome != "merged":
                taken.add(record.resolved)
                self.index.add(entity, record.resolved)
                self.added[record.resolved] = entity
            report.append(record)
        position = {eid: i for i, eid in enumerate(self.incoming.entities)}
        return sorted(report, key=lambda r: position[r.incoming])


def _with(record: MergeRecord, **changes: Any) -> MergeRecord:
    return MergeRecord(**{**record.__dict__, **changes})


def _rewired(record: Entity | Relation, mapping: dict[str, str]) -> dict[str, Any]:
    """Field updates pointing a record's references at their resolved ids."""
    fields = [*record.references, *(("source", "target") if isinstance(record, Relation) else ())]
    updates: dict[str, Any] = {}
    for name in fields:
        value = getattr(record, name)
        new = tuple(mapping.get(v, v) for v in value) if isinstance(value, tuple) else mapping.get(value, value)
        if new != value:
            updates[name] = new
    return updates


def _possibly_same_as(record: MergeRecord, incoming: Dataset) -> list[Relation]:
    """``possibly_same_as`` relations from an ambiguous entity to each candidate, known from the
    dataset's earliest date (none when the dataset has no relations to date them by)."""
    entity = incoming.entities[record.incoming]
    known: date | None = min((r.valid_from or r.as_of for r in incoming.relations.values()), default=None)
    if known is None or not entity.sources:
        return []
    kind = RelationKind.POSSIBLY_SAME_AS
    return [Relation(id="(minted below)", kind=kind, source=record.resolved, target=candidate, as_of=known,
                     sources=entity.sources, dataset=record.dataset,
                     note=f"{record.name!r}: {record.why}")
            for candidate in record.candidates]


def fold_dataset(base: Dataset, incoming: Dataset, dataset: str, lookups: Lookups = DEFAULT_LOOKUPS,
            ) -> tuple[Dataset, list[MergeRecord]]:
    """``incoming`` with its entities resolved onto ``base`` (see the module docstring), and the
    merge report. Sources are never resolved: they are kept as they are."""
    resolver = _Resolver(base, incoming, dataset, lookups)
    report = resolver.run()
    mapping = resolver.mapping
    out = Dataset(problems=[*incoming.problems, *resolver.problems], broken=set(incoming.broken))
    unknown = {p_id for p_id in resolver.required if mapping[p_id] == p_id and p_id not in base.entities}
    out.broken |= unknown
    for entity in incoming.entities.values():
        kept = mapping.get(entity.id, entity.id)
        if entity.id in unknown:
            continue
        if entity.node_type is NodeType.SOURCE or (kept not in base.entities and kept not in out.entities):
            resolved = entity.model_copy(update={"id": mapping.get(entity.id, entity.id), **_rewired(entity, mapping)})
            out.add(resolved, incoming.origins[entity.id])
    maybe_same = [(rel, r.incoming) for r in report if r.outcome == "ambiguous"
                  for rel in _possibly_same_as(r, incoming)]
    moved_relations = [(rel.model_copy(update=_rewired(rel, mapping)), rel.id) for rel in incoming.relations.values()]
    for moved, origin in [*moved_relations, *maybe_same]:
        rid = relation_id(moved.kind, moved.source, moved.target, moved.product, moved.valid_from,
                          valid_to=moved.valid_to, dataset=moved.dataset)
        out.add(moved.model_copy(update={"id": rid}), incoming.origins[origin])
    return out, report


def merge_report(records: list[MergeRecord]) -> pd.DataFrame:
    """The merge report as a table: one row per external entity, in load order.

    Columns: dataset, incoming, name, outcome (merged / added / ambiguous), resolved (its id in
    the graph), matched_by (the strongest evidence: ticker, alias table, name, folded name,
    acronym, prefix), score, candidates (``;``-joined ids when ambiguous), why (the evidence,
    and what blocked a merge).
    """
    rows = [{**r.__dict__, "candidates": ";".join(r.candidates)} for r in records]
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)
