"""What a set of termbase files holds, file by file: the figures behind `termkit termbases`.

One row per file: the name a user selects it by (``-t chemicals-waste/ozone`` for a
bundled file, else its path), its title and role, how many concepts and terms it has,
how many of them are not confirmed against an official UN source, and its sources
(the file's own ``source`` or the most frequent concept sources).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from termkit.model import BAD_STATUSES, Termbase

__all__ = ["FileSummary", "summarize", "group_by_folder"]


@dataclass(frozen=True)
class FileSummary:
    name: str
    title: str
    role: str
    concepts: int
    zh_terms: int
    en_terms: int
    #: deprecated, superseded and forbidden forms: what `check` can flag
    flagged_forms: int
    #: concepts with ``verified: false`` or with at least one unverified term
    unverified: int
    #: (source, concepts citing it), most cited first
    sources: tuple[tuple[str, int], ...]

    def main_sources(self, limit: int = 4) -> list[str]:
        return [s for s, _ in self.sources[:limit]]

    def as_dict(self) -> dict:
        out = asdict(self)
        out["sources"] = [{"source": s, "concepts": n} for s, n in self.sources]
        return out


def _name(path: str, root: Path | None) -> str:
    p = Path(path).resolve()
    if root is not None:
        try:
            return p.relative_to(root).with_suffix("").as_posix()
        except ValueError:
            pass
    return path


_PLACE = re.compile(r"^(annex|article|part|paragraph|section|chapter|rule)\b", re.I)
_NUMBERED = re.compile(r"^(UNBIS|GB \d+)\b")


def _source_name(part: str) -> str:
    """A source as a summary counts it: the document, not its annex, article or record
    ("Basel Convention, Annex IV" -> "Basel Convention", "UNBIS 1000612" -> "UNBIS")."""
    m = _NUMBERED.match(part)
    if m:
        return m.group(1)
    name = re.sub(r"\s*\([^)]*\)", "", part.split(",")[0]).strip()
    return name or part


def _count_sources(values: list[str]) -> Counter[str]:
    """How many concepts cite each source; the parts of a ``; ``-separated source count once each."""
    counts: Counter[str] = Counter()
    for value in values:
        # "Basel Convention, Annex I; Annex VIII": a part naming only a place is the previous document's
        parts = [p.strip() for p in value.split(";") if p.strip() and not _PLACE.match(p.strip())]
        counts.update(list(dict.fromkeys(_source_name(p) for p in parts)))
    return counts


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def summarize(termbase: Termbase, root: str | Path | None = None) -> list[FileSummary]:
    """One ``FileSummary`` per file of ``termbase``, in its file order.

    ``root`` (the bundled directory) turns file paths under it into the names that
    ``--termbase`` accepts.
    """
    base = Path(root).resolve() if root is not None else None
    by_file: dict[str, list] = {f: [] for f in termbase.files}
    for c in termbase.concepts:
        where = c.where.path if c.where is not None else ""
        by_file.setdefault(where, []).append(c)
    rows = []
    for path, concepts in by_file.items():
        if not concepts:
            continue
        terms = [t for c in concepts for t in c.terms]
        rows.append(FileSummary(
            name=_name(path, base),
            title=str(termbase.titles.get(concepts[0].termbase, "")),
            role="reference" if all(c.reference for c in concepts) else "terminology",
            concepts=len(concepts),
            zh_terms=sum(t.lang == "zh" for t in terms),
            en_terms=sum(t.lang == "en" for t in terms),
            flagged_forms=sum(t.status in BAD_STATUSES for t in terms),
            unverified=sum(not c.verified or not all(t.verified for t in c.terms) for c in concepts),
            sources=_ranked(_count_sources([c.source for c in concepts if c.source])),
        ))
    return rows


def group_by_folder(rows: list[FileSummary]) -> list[FileSummary]:
    """The rows of files in one folder (``chemicals-waste/ozone``, ``chemicals-waste/pops``) added up
    under the folder's name; a file outside any folder stays a row of its own."""
    groups: dict[str, list[FileSummary]] = {}
    for r in rows:
        groups.setdefault(r.name.split("/")[0] if "/" in r.name else r.name, []).append(r)
    out = []
    for name, members in groups.items():
        if len(members) == 1 and members[0].name == name:
            out.append(members[0])
            continue
        out.append(FileSummary(
            name=name,
            title="; ".join(m.name.split("/", 1)[1] for m in members),
            role=members[0].role if len({m.role for m in members}) == 1 else "mixed",
            concepts=sum(m.concepts for m in members),
            zh_terms=sum(m.zh_terms for m in members),
            en_terms=sum(m.en_terms for m in members),
            flagged_forms=sum(m.flagged_forms for m in members),
            unverified=sum(m.unverified for m in members),
            sources=_ranked(sum((Counter(dict(m.sources)) for m in members), Counter())),
        ))
    return out
