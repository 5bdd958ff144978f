"""The indicator catalogue the extractor proposes from: every indicator of indicators.csv with its
definition, the regions, and the curated figures as examples (indicator + evidence).

A candidate's context (the words around its number) is compared with each indicator's name,
definition and example evidence by character bigrams; only indicators of the candidate's kind and
unit family are considered. `Catalogue.from_curated(curated, exclude_doc=…)` hides one document's
examples, so the benchmark can ask how well the catalogue serves a document it has not seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from govdash.intake.numbers import COUNT_UNITS, unit_base

_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z+]+")
_DIGITS = re.compile(r"[0-9０-９.．%％]+")
# Weights of the three kinds of evidence for an indicator; the best score below MIN_SCORE proposes
# a new indicator instead.
NAME_WEIGHT, EXAMPLE_WEIGHT, DEFINITION_WEIGHT = 0.5, 0.35, 0.15
MIN_SCORE = 0.2


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the words of a text (digits and punctuation break words)."""
    grams = set()
    for word in _WORD.findall(_DIGITS.sub(" ", text)):
        grams.update(word[i:i + 2] for i in range(len(word) - 1))
        if len(word) == 1:
            grams.add(word)
    return frozenset(grams)


def unit_fit(kind: str, unit: str, entry: Entry) -> float:
    """How well a candidate's kind and unit fit an indicator: 1 same unit family, less for another
    count word (个 for 项), 0 when kind or unit cannot agree. A number without unit fits counts."""
    if not unit:
        return 0.9 if entry.kind == "count" else 0.0
    if kind != entry.kind:
        return 0.0
    if unit_base(unit) == unit_base(entry.unit):
        return 1.0
    if kind == "count" and unit_base(unit) in COUNT_UNITS and unit_base(entry.unit) in COUNT_UNITS | {"万"}:
        return 0.8
    return 0.0


@dataclass
class Entry:
    name: str
    theme: str
    kind: str
    unit: str
    definition: str
    name_grams: frozenset[str] = frozenset()
    definition_grams: frozenset[str] = frozenset()
    examples: list[frozenset[str]] = field(default_factory=list)


@dataclass
class Proposal:
    indicator: str | None
    confidence: float
    theme: str | None
    unit: str | None
    kind: str | None


class Catalogue:
    def __init__(self, indicators: list[dict], regions: list[dict], examples: list[dict] | None = None):
        self.entries: dict[str, Entry] = {}
        for ind in indicators:
            self.entries[ind["indicator"]] = Entry(
                ind["indicator"], ind["theme"], ind["kind"], ind["unit"], ind.get("definition") or "",
                bigrams(ind["indicator"]), bigrams(ind.get("definition") or ""))
        for ex in examples or []:
            entry = self.entries.get(ex["indicator"])
            if entry is not None:
                entry.examples.append(bigrams(ex.get("evidence") or ""))
        self.regions = [dict(r) for r in regions]
        self.region_names = sorted((r["region"] for r in regions), key=len, reverse=True)
        self._index: dict[str, set[str]] = {}
        for entry in self.entries.values():
            for gram in entry.name_grams | entry.definition_grams | frozenset().union(*entry.examples):
                self._index.setdefault(gram, set()).add(entry.name)

    @classmethod
    def from_curated(cls, curated, exclude_doc: str | None = None) -> Catalogue:
        """From govdash.warehouse.curated.load_curated's result; exclude_doc (a source file name or
        its three-digit number) hides that document's figures from the examples."""
        def hidden(figure: dict) -> bool:
            return bool(exclude_doc) and (figure["source_file"] == exclude_doc or figure["source_file"][:3] == exclude_doc[:3])

        examples = [{"indicator": f["indicator"], "evidence": f["evidence"], "sentence": f.get("sentence")}
                    for f in curated.figures if not hidden(f)]
        return cls(curated.indicators, curated.regions, examples)

    @classmethod
    def from_data_dir(cls, data_dir: Path, exclude_doc: str | None = None) -> Catalogue:
        from govdash.warehouse.curated import load_curated

        return cls.from_curated(load_curated(data_dir), exclude_doc)

    def propose(self, context: str, kind: str, unit: str) -> Proposal:
        """The indicator whose name, definition and examples best match the context, among those
        whose kind and unit fit; indicator None when the best scores below MIN_SCORE."""
        grams = bigrams(context)
        if not grams:
            return Proposal(None, 0.0, None, None, None)
        pool = set().union(*(self._index.get(g, ()) for g in grams))
        best, best_score = None, 0.0
        for name in pool:
            entry = self.entries[name]
            fit = unit_fit(kind, unit, entry)
            if fit == 0.0:
                continue
            score = fit * self._similarity(grams, entry)
            if score > best_score:
                best, best_score = entry, score
        if best is None or best_score < MIN_SCORE:
            return Proposal(None, round(best_score, 3), best.theme if best else None, None, None)
        return Proposal(best.name, round(min(1.0, best_score), 3), best.theme, best.unit, best.kind)

    @staticmethod
    def _similarity(grams: frozenset[str], entry: Entry) -> float:
        name = len(grams & entry.name_grams) / len(entry.name_grams) if entry.name_grams else 0.0
        example = max((2 * len(grams & ex) / (len(grams) + len(ex)) for ex in entry.examples if ex), default=0.0)
        definition = len(grams & entry.definition_grams) / len(grams) if entry.definition_grams else 0.0
        if not entry.examples:  # without examples the name and definition carry the whole weight
            return (name * (NAME_WEIGHT + EXAMPLE_WEIGHT) + definition * DEFINITION_WEIGHT)
        return name * NAME_WEIGHT + example * EXAMPLE_WEIGHT + definition * DEFINITION_WEIGHT
