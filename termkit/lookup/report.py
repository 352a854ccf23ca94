"""Write a lookup result for people (text) or scripts (JSON).

Kept outside ``termkit.report`` on purpose: that package imports the check
engine, and ``termkit lookup`` must start without it (for the same reason this
module avoids ``typing``). ``stream`` is any writable text stream.
"""

from __future__ import annotations

from termkit._util.safetext import printable
from termkit.lookup.index import BAD_STATUSES, LANGS, Hit, LookupResult

_STATUS_ORDER = {"preferred": 0, "admitted": 1, "superseded": 2, "deprecated": 3, "forbidden": 4}
_TYPE_ORDER = {"full": 0, "short": 1, "abbrev": 2}


def render_json(result: LookupResult, stream) -> None:
    import json

    json.dump(result.to_dict(), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def render_text(result: LookupResult, stream) -> None:
    """The bad-query notice first, then full entries for the best hits, then the other hits.

    Every line goes through ``_util.safetext.printable``: a termbase note or a
    query holding a terminal escape sequence is shown escaped.
    """

    def write(text: str) -> None:
        stream.write("\n".join(printable(line) for line in text.split("\n")))
    bad = result.bad_query
    if bad is not None and bad.term is not None:  # a bad hit always has its term
        term = bad.term
        use = f"; use '{term['use']}'" if term["use"] else ""
        write(f"'{term['term']}' is {term['status']} ({bad.concept_id}){use}\n\n")
    if not result.hits:
        write(f"no concept matches '{result.query}'\n")
        if result.suggestions:
            write("nearest:\n")
            for hit in result.suggestions:
                write(_one_line(hit, via=True))
        return
    full = [h for h in result.hits if h.match in ("exact", "id")] or result.hits[:1]
    for i, hit in enumerate(full):
        if i:
            write("\n")
        _entry(hit, write)
    rest = [h for h in result.hits if h not in full]
    if rest:
        write("\nother matches:\n")
        for hit in rest:
            write(_one_line(hit, via=True))


def _name(entry: dict, lang: str) -> str:
    pref = entry["preferred"].get(lang) or {}
    for t_type in ("full", "short", "abbrev"):
        if t_type in pref:
            return pref[t_type]
    return ""


def _one_line(hit: Hit, via: bool) -> str:
    names = " | ".join(n for n in (_name(hit.entry, lang) for lang in LANGS) if n)
    line = f"  {hit.match:<9} {hit.score:5.1f}  {hit.concept_id}  {names}"
    if via and hit.term is not None and hit.term["term"] not in names:
        status = f", {hit.term['status']}" if hit.term["status"] != "preferred" else ""
        line += f"  (via '{hit.term['term']}'{status})"
    return line + "\n"


def _entry(hit: Hit, write) -> None:
    entry = hit.entry
    how = "concept id" if hit.match == "id" else f"{hit.match} match"
    if hit.match not in ("exact", "id"):
        how += f", score {hit.score:.1f}"
    write(f"{entry['id']}  [{entry['subject']}]  {how}\n")
    for lang in LANGS:
        terms = sorted(entry[lang], key=lambda t: (_STATUS_ORDER.get(t["status"], 9),
                                                   _TYPE_ORDER.get(t["type"], 9)))
        for i, term in enumerate(terms):
            label = lang if i == 0 else ""
            line = f"  {label:<3} {term['type']:<7} {term['status']:<11} {term['term']}"
            if term["status"] in BAD_STATUSES and term["use"]:
                line += f"  → {term['use']}"
            if term["note"]:
                line += f"  ({term['note']})"
            if term is hit.term:
                line += "  ◂ matched"
            write(line + "\n")
    for field in ("definition", "note", "source"):
        if entry.get(field):
            write(f"  {field + ':':<12}{entry[field]}\n")
    if entry.get("where"):
        write(f"  {'termbase:':<12}{entry['termbase']} ({_relative(entry['where'])})\n")


def _relative(where: str) -> str:
    """``path:line:column`` with the path relative to the working directory when it lies below it."""
    import os

    path, sep, position = where, "", ""
    head, colon1, col = where.rpartition(":")
    path2, colon2, line = head.rpartition(":")
    if colon1 and colon2 and line.isdigit() and col.isdigit():
        path, sep, position = path2, ":", f"{line}:{col}"
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            rel = path
        if not rel.startswith(os.pardir):
            path = rel
    return path + sep + position
