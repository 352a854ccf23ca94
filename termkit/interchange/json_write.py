"""JSON: the glossary as a list of entry objects; a termbase in termkit's own
schema (the YAML structure, examples included) so nothing is lost."""

from __future__ import annotations

import json


def _dump(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def concept_dict(c) -> dict:
    d: dict = {"id": c.id, "subject": c.subject, "termbase": c.termbase}
    for key in ("definition", "note", "source"):
        if getattr(c, key):
            d[key] = getattr(c, key)
    if not c.verified:
        d["verified"] = False
    if c.evidence:
        d["evidence"] = list(c.evidence)
    for lang in ("en", "zh"):
        terms = []
        for t in c.terms_in(lang):
            td = {"term": t.text, "type": t.type, "status": t.status}
            if t.note:
                td["note"] = t.note
            if t.use:
                td["use"] = t.use
            for key in ("since", "until"):
                if getattr(t, key):
                    td[key] = getattr(t, key)
            if not t.verified:
                td["verified"] = False
            if t.evidence:
                td["evidence"] = list(t.evidence)
            terms.append(td)
        if terms:
            d[lang] = terms
    if c.examples:
        d["examples"] = [{k: v for k, v in (("text", e.text), ("matches", list(e.matches)), ("fixed", e.fixed))
                          if v not in (None, [])} for e in c.examples]
    return d


def write_termbase(termbase, **_) -> bytes:
    return _dump({"version": 1, "termbases": dict(termbase.titles),
                  "concepts": [concept_dict(c) for c in termbase.concepts]})


def write_glossary(glossary, source=None, **_) -> bytes:
    return _dump(glossary.to_list())
