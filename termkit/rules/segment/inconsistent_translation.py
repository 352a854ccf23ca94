"""inconsistent-translation: one source term rendered by different Chinese forms across segments."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from termkit.model import Finding
from termkit.rules.base import Example, Hit, Rule
from termkit.rules.context import ACCEPTABLE, SegmentContext
from termkit.rules.registry import register


@register
class InconsistentTranslation(Rule):
    """## What it does
    Flags the segments of a file (or of all files, with `--scope corpus`) that render one
    source term (same concept, same English form) differently from the others. The
    segments not using the preferred rendering (else the most frequent one) are reported,
    with the count of each rendering.

    Only renderings of the source term's own type are compared when the concept has one:
    a full Chinese name where the source abbreviates (国际原子能机构 for IAEA) or a short
    form where it gives the name (安理会 for Security Council) is a choice of length that
    UN Chinese makes all the time, not a second translation.

    ## Why is this bad?
    One source term translated two ways reads as two concepts, and translation memories
    learn both.

    ## Fix safety
    Not fixed: the reviser chooses which rendering the file settles on.
    """

    id = "inconsistent-translation"
    kind = "segment"
    severity = "warning"
    summary = "The same source term is rendered by different Chinese forms across segments."
    examples = (Example(source="the life cycle of chemicals\nthe life cycle of chemicals",
                        bad="化学品的生命周期\n化学品的寿命周期", good="化学品的生命周期\n化学品的生命周期"),)

    def __init__(self, scope: str = "document") -> None:
        super().__init__(scope)
        # (concept, source term) -> [(segment context, rendering, target spans, severity)]
        self._seen: dict[tuple[str, str], list] = defaultdict(list)

    def collect(self, seg: SegmentContext, severity: str) -> None:
        done: set[str] = set()
        for m in seg.source_matches:
            if m.ambiguous or m.concepts[0] in done:
                continue
            cid = m.concepts[0]
            done.add(cid)
            # one source term per concept and segment, else the rendering of each cannot be told apart
            if len({x.term.text for x in seg.source_matches if cid in x.concepts}) > 1:
                continue
            zh = [x for x in seg.target_matches
                  if x.term.concept_id == cid and x.term.status in ACCEPTABLE]
            forms = {x.term.text for x in zh}
            if len(forms) > 1:
                zh = [x for x in zh if x.term.type == m.term.type]
                forms = {x.term.text for x in zh}
            if len(forms) != 1:
                continue
            if zh[0].term.type != m.term.type and self._has_type(seg, cid, m.term.type):
                # IAEA rendered 国际原子能机构 at a first mention, Security Council 安理会: a form of
                # another type is the translator's choice of length, not a second rendering
                continue
            spans = [(x.start, x.end) for x in zh]
            # keep the findings' positions, not the whole segment context
            self._seen[(cid, m.term.text)].append((seg, forms.pop(), spans, severity))

    @staticmethod
    def _has_type(seg: SegmentContext, cid: str, type_: str) -> bool:
        return any(t.type == type_ and t.status in ACCEPTABLE for t in seg.termbase.concept(cid).terms_in("zh"))

    def finish(self) -> Iterable[Finding]:
        out: list[Finding] = []
        for (cid, en_term), uses in self._seen.items():
            counts = Counter(form for _, form, _, _ in uses)
            if len(counts) < 2:
                continue
            seg0 = uses[0][0]
            concept = seg0.termbase.concept(cid)
            en = next((t for t in concept.terms_in("en") if t.text == en_term), None)
            preferred = concept.preferred("zh", en.type if en else None)
            if preferred is not None and preferred.text in counts:
                target = preferred.text
            else:
                order = {t.text: i for i, t in enumerate(concept.terms)}
                target = max(counts, key=lambda f: (counts[f], -order.get(f, 0)))
            detail = ", ".join(f"'{f}' ×{n}" for f, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])))
            where = "across the corpus" if self.scope == "corpus" else "in this file"
            for seg, form, spans, severity in uses:
                if form == target:
                    continue
                for start, end in spans:
                    hit = Hit(start, end, f"{seg.label}'{en_term}' is rendered {len(counts)} ways "
                                     f"{where} ({detail}); use '{target}'", target, cid)
                    out.append(seg.finding(self, hit, severity))
        self._seen.clear()
        return out
