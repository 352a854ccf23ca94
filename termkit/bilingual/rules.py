"""The bilingual rules, one class each, and their registry (rule id -> class).

Each rule looks at one segment at a time; inconsistent-translation also
collects renderings across segments and reports at finish (per file, or
across all files with scope "corpus").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import ClassVar, Iterable

from termkit.model import BAD_STATUSES, Finding
from termkit.bilingual.context import ACCEPTABLE, SegmentContext, SegmentHit

BILINGUAL_RULES: dict[str, type["BilingualRule"]] = {}


def register(cls: type["BilingualRule"]) -> type["BilingualRule"]:
    if cls.id in BILINGUAL_RULES:
        raise ValueError(f"bilingual rule id registered twice: {cls.id}")
    BILINGUAL_RULES[cls.id] = cls
    return cls


class BilingualRule:
    id: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    summary: ClassVar[str] = ""

    def __init__(self, scope: str = "document") -> None:
        self.scope = scope

    def check(self, seg: SegmentContext) -> Iterable[SegmentHit]:
        return ()

    def collect(self, seg: SegmentContext, severity: str) -> None:
        pass

    def finish(self) -> Iterable[Finding]:
        return ()


@register
class MissingTerm(BilingualRule):
    """missing-term: the source names a concept and the target has none of its Chinese forms.

    Source: Parties to the Basel Convention shall ...
    Bad:    该公约缔约方应……
    Good:   《巴塞尔公约》缔约方应……

    Only specific source terms ask for a rendering (see EnglishMatcher.specific);
    a target that keeps the English form (an acronym left as is) renders it.
    """

    id = "missing-term"
    severity = "warning"
    summary = "The source names a termbase concept; the target has none of its Chinese forms."

    def check(self, seg: SegmentContext) -> Iterable[SegmentHit]:
        seen: set[str] = set()
        at = seg.first_char()
        for m in seg.source_matches:
            if not m.specific:
                continue
            cid = m.concepts[0]
            if cid in seen:
                continue
            seen.add(cid)
            if seg.renders(cid) or seg.retains(m):
                continue
            concept = seg.termbase.concept(cid)
            if m.term.type == "short" and not any(
                    t.type == "short" and not t.is_bad for t in concept.terms_in("zh")):
                # the termbase does not say how Chinese shortens this name (General Assembly → 大会)
                continue
            preferred = concept.preferred("zh", m.term.type)
            if preferred is None:
                continue  # the termbase has no Chinese to ask for
            yield SegmentHit(at, at, f"{seg.label}source term '{m.text}' ({cid}) is not rendered "
                             f"in the target; expected '{preferred.text}'", preferred.text, cid)


@register
class WrongTerm(BilingualRule):
    """wrong-term: the target uses a deprecated, superseded or forbidden Chinese form.

    Source: Basel Convention
    Bad:    巴塞公约
    Good:   巴塞尔公约
    """

    id = "wrong-term"
    severity = "error"
    summary = "The target renders a concept with a deprecated, superseded or forbidden form."

    def check(self, seg: SegmentContext) -> Iterable[SegmentHit]:
        by_concept = {}
        for m in seg.source_matches:
            for cid in m.concepts:
                by_concept.setdefault(cid, m.text)
        for m in seg.target_matches:
            term = m.term
            if term.status not in BAD_STATUSES:
                continue
            concept = seg.termbase.concept(term.concept_id)
            repl = concept.replacement(term)
            source = by_concept.get(concept.id)
            message = f"{seg.label}'{term.text}' is {term.status} for {concept.id}"
            if source:
                message += f" (source: '{source}')"
            if repl:
                message += f"; use '{repl.text}'"
            yield SegmentHit(m.start, m.end, message, repl.text if repl else None, concept.id,
                             fixable=repl is not None)


@register
class ExtraTerm(BilingualRule):
    """extra-term: the target names a concept the source does not (an addition, or a mistranslation).

    Source: the Secretariat shall report to the Conference of the Parties
    Bad:    秘书处应向环境署报告
    """

    id = "extra-term"
    severity = "info"
    summary = "The target names a termbase concept that the source does not."

    def check(self, seg: SegmentContext) -> Iterable[SegmentHit]:
        seen: set[str] = set()
        for m in seg.target_matches:
            cid = m.term.concept_id
            if (m.term.status not in ACCEPTABLE or cid in seen or cid in seg.source_concepts
                    or cid in seg.source_hints):
                continue
            seen.add(cid)
            english = seg.termbase.concept(cid).preferred("en", m.term.type)
            hint = f" ('{english.text}')" if english else ""
            yield SegmentHit(m.start, m.end, f"{seg.label}'{m.term.text}' names {cid}{hint}, "
                             f"which the source does not mention", None, cid)


@register
class InconsistentTranslation(BilingualRule):
    """inconsistent-translation: one source term rendered by different Chinese forms across segments.

    Segment 3: Basel Convention → 巴塞尔公约
    Segment 9: Basel Convention → 控制危险废物越境转移及其处置巴塞尔公约
    The segments using a form other than the preferred (or, failing that, the
    most frequent) one are reported, with the count of each rendering.
    """

    id = "inconsistent-translation"
    severity = "warning"
    summary = "The same source term is rendered by different Chinese forms across segments."

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
            spans = [(x.start, x.end) for x in zh]
            # keep the findings' positions, not the whole segment context
            self._seen[(cid, m.term.text)].append((seg, forms.pop(), spans, severity))

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
                    hit = SegmentHit(start, end, f"{seg.label}'{en_term}' is rendered {len(counts)} ways "
                                     f"{where} ({detail}); use '{target}'", target, cid)
                    out.append(seg.finding(self.id, hit, severity))
        self._seen.clear()
        return out
