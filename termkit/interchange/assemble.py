"""Turn concepts read from a foreign file into a valid termkit termbase.

Readers (TBX, CSV/TSV) produce drafts; this module makes them satisfy the
termbase schema the loader enforces, and says what it had to change: ids are
made kebab-case and unique, one-character Chinese terms and repeated terms are
left out, a term already listed under another concept stays with the first.
Every change is a note for the user, never a silent drop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from termkit.model import BAD_STATUSES, STATUSES, TERM_TYPES
from termkit.text.normalize import normalize_term

_SLUG_RE = re.compile(r"[^a-z0-9]+")


@dataclass
class DraftTerm:
    text: str
    lang: str
    type: str = "full"
    status: str = "preferred"
    notes: list[str] = field(default_factory=list)
    use: str | None = None
    line: int | None = None


@dataclass
class DraftConcept:
    id: str | None
    subject: str | None = None
    definition: str | None = None
    source: str | None = None
    notes: list[str] = field(default_factory=list)
    terms: list[DraftTerm] = field(default_factory=list)
    line: int | None = None


@dataclass
class ImportResult:
    """A termbase in termkit's schema (plain dicts, canonical key order) plus notes
    on everything the import could not carry over as it was."""

    data: dict
    notes: list[str]
    source_format: str = ""

    @property
    def concepts(self) -> list[dict]:
        return self.data["concepts"]


def slug(text: str) -> str:
    """A kebab-case id from any string: ``darcy_shen-0`` -> ``darcy-shen-0``."""
    return _SLUG_RE.sub("-", text.lower()).strip("-")[:80].strip("-")


def clean(text: str | None) -> str:
    """White space folded: XML pretty-printing and spreadsheet cells add runs that are not content."""
    return " ".join((text or "").split())


def join_notes(notes: list[str], fold: bool = True) -> str | None:
    kept = [n for n in ((clean(n) if fold else n.strip()) for n in notes) if n]
    return "; ".join(dict.fromkeys(kept)) or None


def assemble(drafts: list[DraftConcept], *, termbase_id: str, title: str, default_subject: str,
             where: str, notes: list[str] | None = None, source_format: str = "",
             fold: bool = True) -> ImportResult:
    """``fold``: fold white space runs in notes, definitions and sources (right for
    XML, whose indentation is not content; CSV cells keep their line breaks)."""
    notes = list(notes or [])
    used_ids: set[str] = set()
    seen_forms: dict[tuple[str, str], str] = {}
    concepts = []
    for n, d in enumerate(drafts, start=1):
        at = f"{where}:{d.line}" if d.line else where
        base = slug(d.id or "") or _id_from_terms(d) or f"concept-{n}"
        cid = base
        k = 2
        while cid in used_ids:
            cid = f"{base}-{k}"
            k += 1
        if d.id and cid != d.id:
            notes.append(f"{at}: concept id '{d.id}' written as '{cid}' (ids are lower-case kebab-case and unique)")
        terms = []
        for t in d.terms:
            t_at = f"{where}:{t.line}" if t.line else at
            text = clean(t.text)
            if not text:
                notes.append(f"{t_at}: empty {t.lang} term in concept '{cid}' left out")
                continue
            form = normalize_term(text, t.lang)
            if t.lang == "zh" and len(form) < 2:
                notes.append(f"{t_at}: one-character Chinese term '{text}' of concept '{cid}' left out "
                             "(it would match everywhere)")
                continue
            owner = seen_forms.get((t.lang, form))
            if owner == cid:
                notes.append(f"{t_at}: term '{text}' repeated in concept '{cid}'; kept once")
                continue
            if owner is not None:
                notes.append(f"{t_at}: term '{text}' of concept '{cid}' is already under concept "
                             f"'{owner}'; left out (a form may belong to one concept only)")
                continue
            seen_forms[(t.lang, form)] = cid
            assert t.type in TERM_TYPES and t.status in STATUSES
            terms.append(DraftTerm(text, t.lang, t.type, t.status, t.notes, t.use, t.line))
        if not terms:
            notes.append(f"{at}: concept '{cid}' has no Chinese or English term; left out")
            continue
        used_ids.add(cid)
        concepts.append(_concept_dict(cid, d, terms, default_subject, notes, at, fold))
    if not concepts:
        from termkit.errors import InputError
        raise InputError("nothing to import: no concept has a Chinese or English term"
                         + (f" ({notes[0]})" if notes else ""), where)
    data = {"id": termbase_id, "title": title, "concepts": concepts}
    return ImportResult(data, notes, source_format)


def _id_from_terms(d: DraftConcept) -> str:
    for lang in ("en", "zh"):
        for t in d.terms:
            if t.lang == lang and slug(t.text):
                return slug(t.text)
    return ""


def _concept_dict(cid: str, d: DraftConcept, terms: list[DraftTerm], default_subject: str,
                  notes: list[str], at: str, fold: bool) -> dict:
    def text(s: str | None) -> str:
        return clean(s) if fold else (s or "").strip()

    out: dict = {"id": cid, "subject": clean(d.subject) or default_subject}
    if text(d.definition):
        out["definition"] = text(d.definition)
    note = join_notes(d.notes, fold)
    if note:
        out["note"] = note
    if text(d.source):
        out["source"] = text(d.source)
    for lang in ("en", "zh"):
        lang_terms = [t for t in terms if t.lang == lang]
        if not lang_terms:
            continue
        if not any(t.status not in BAD_STATUSES for t in lang_terms):
            # The schema needs something to suggest instead of a deprecated form; a
            # file that lists only deprecated forms is kept, and its first form
            # becomes admitted, with the original status in the note.
            first = lang_terms[0]
            first.notes = [f"status in the source file: {first.status}"] + first.notes
            notes.append(f"{at}: concept '{cid}' has no preferred or admitted {lang} term; "
                         f"'{first.text}' imported as admitted (was {first.status})")
            first.status = "admitted"
        texts = {t.text for t in lang_terms}
        items = []
        for t in lang_terms:
            item: dict = {"term": t.text, "type": t.type}
            if t.status != "preferred":
                item["status"] = t.status
            note = join_notes(t.notes, fold)
            if t.use and (t.status not in BAD_STATUSES or t.use not in texts or t.use == t.text):
                note = join_notes(([note] if note else []) + [f"see: {t.use}"])
                notes.append(f"{at}: cross-reference of '{t.text}' to '{t.use}' kept as a note")
            elif t.use:
                item["use"] = t.use
            if note:
                item["note"] = note
            items.append(item)
        out[lang] = items
    return out
