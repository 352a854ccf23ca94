"""Turn raw termbase YAML into validated, frozen Concept/Term objects.

Every problem is collected with its file:line:column, so `termkit validate`
can list them all; loading for a check stops on the first file with problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from termkit.errors import TermbaseError, TermkitError
from termkit.model import (
    BAD_STATUSES,
    LANGS,
    STATUSES,
    TERM_TYPES,
    Concept,
    Example,
    Located,
    Term,
    Termbase,
)
from termkit.termbase.raw import RawList, RawMap, read_yaml
from termkit.text.normalize import normalize_term

TOP_KEYS = ("id", "title", "description", "source", "role", "concepts")
#: what a termbase file's concepts are for: checked terminology, or reference vocabulary
ROLES = ("terminology", "reference")
CONCEPT_KEYS = ("id", "subject", "definition", "note", "source", "verified", "evidence", "en", "zh", "examples")
TERM_KEYS = ("term", "type", "status", "note", "use", "since", "until", "verified", "evidence")
EXAMPLE_KEYS = ("text", "matches", "fixed", "date")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: the longest term accepted, in characters: the longest in the bundled termbases has 210; a far longer
#: "term" is a mistake (a paragraph pasted into the wrong key) and would slow every match
MAX_TERM_LENGTH = 1_000
#: terms of one concept (the bundled termbases have at most 17)
MAX_TERMS_PER_CONCEPT = 1_000
#: a date in a termbase: a year, a month or a day (ISO 8601 calendar dates)
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class _Problems(list):
    def add(self, message: str, where: Located | None) -> None:
        if where is None:
            self.append(TermkitError(message))
        else:
            self.append(TermkitError(message, where.path, where.line, where.column))


def _check_keys(raw: RawMap, allowed: tuple[str, ...], what: str, problems: _Problems) -> None:
    for key in raw:
        if key not in allowed:
            problems.add(f"unknown key '{key}' in {what} (allowed: {', '.join(allowed)})",
                         raw.key_where[key])


def _opt_str(raw: RawMap, key: str, what: str, problems: _Problems) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.add(f"'{key}' of {what} must be a non-empty string", raw.value_where[key])
        return None
    return value.strip()


def _opt_bool(raw: RawMap, key: str, what: str, problems: _Problems) -> bool:
    """An optional true/false value; absent means True (the default of ``verified``)."""
    value = raw.get(key, True)
    if not isinstance(value, bool):
        problems.add(f"'{key}' of {what} must be true or false", raw.value_where[key])
        return True
    return value


def _evidence(raw: RawMap, what: str, problems: _Problems) -> tuple[str, ...]:
    """Curators' evidence: one string or a list of strings."""
    value = raw.get("evidence")
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(v, str) and v.strip() for v in items):
        problems.add(f"'evidence' of {what} must be a string or a list of non-empty strings",
                     raw.value_where["evidence"])
        return ()
    return tuple(v.strip() for v in items)


def _date(raw: RawMap, key: str, what: str, problems: _Problems) -> str | None:
    """A date given as a year (2018), a month (2018-04) or a day (2018-04-19), kept as that string."""
    value = raw.get(key)
    if value is None:
        return None
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    m = DATE_RE.match(text)
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12) or (m.group(3) and not 1 <= int(m.group(3)) <= 31):
        problems.add(f"'{key}' of {what} must be a date: YYYY, YYYY-MM or YYYY-MM-DD (not '{value}')",
                     raw.value_where[key])
        return None
    return text


def _parse_term(raw, lang: str, concept_id: str, where: Located, problems: _Problems) -> Term | None:
    if isinstance(raw, str):
        raw_text = raw
        raw = RawMap(term=raw_text)
        raw.where, raw.key_where, raw.value_where = where, {"term": where}, {"term": where}
    if not isinstance(raw, RawMap):
        problems.add(f"a {lang} term of concept '{concept_id}' must be a mapping with 'term'", where)
        return None
    _check_keys(raw, TERM_KEYS, f"a term of concept '{concept_id}'", problems)
    text = raw.get("term")
    if not isinstance(text, str) or not text.strip():
        problems.add(f"empty or missing 'term' in concept '{concept_id}'", raw.where)
        return None
    if len(text) > MAX_TERM_LENGTH:
        problems.add(f"a term of {len(text):,} characters in concept '{concept_id}' (at most "
                     f"{MAX_TERM_LENGTH:,}: a term, not a paragraph)", raw.value_where.get("term", raw.where))
        return None
    t_type = raw.get("type", "full")
    if t_type not in TERM_TYPES:
        problems.add(f"term type '{t_type}' is not one of {', '.join(TERM_TYPES)}",
                     raw.value_where.get("type", raw.where))
        t_type = "full"
    status = raw.get("status", "preferred")
    if status not in STATUSES:
        problems.add(f"status '{status}' is not one of {', '.join(STATUSES)}",
                     raw.value_where.get("status", raw.where))
        status = "preferred"
    if text != text.strip():
        problems.add(f"term '{text}' has leading or trailing white space", raw.value_where["term"])
    loc = raw.value_where["term"]
    what = f"term '{text}'"
    since, until = _date(raw, "since", what, problems), _date(raw, "until", what, problems)
    if since and until and until < since:
        problems.add(f"term '{text}' is official until {until}, before it is official since {since}",
                     raw.value_where["until"])
    return Term(text=text.strip(), lang=lang, type=t_type, status=status,
                note=_opt_str(raw, "note", what, problems),
                use=_opt_str(raw, "use", what, problems),
                concept_id=concept_id, where=loc, since=since, until=until,
                verified=_opt_bool(raw, "verified", what, problems),
                evidence=_evidence(raw, what, problems))


def _parse_examples(raw, concept_id: str, where: Located, problems: _Problems) -> tuple[Example, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, RawList):
        problems.add(f"'examples' of concept '{concept_id}' must be a list", where)
        return ()
    out = []
    for item, item_where in zip(raw, raw.item_where):
        if not isinstance(item, RawMap) or not isinstance(item.get("text"), str):
            problems.add(f"an example of concept '{concept_id}' needs a 'text' string", item_where)
            continue
        _check_keys(item, EXAMPLE_KEYS, f"an example of concept '{concept_id}'", problems)
        matches = item.get("matches") or []
        if not isinstance(matches, list) or not all(isinstance(m, str) for m in matches):
            problems.add("'matches' must be a list of term strings", item.value_where.get("matches", item_where))
            matches = []
        fixed = item.get("fixed")
        if fixed is not None and not isinstance(fixed, str):
            problems.add("'fixed' must be a string", item.value_where["fixed"])
            fixed = None
        out.append(Example(text=item["text"], matches=tuple(matches), fixed=fixed, where=item_where,
                           date=_date(item, "date", f"an example of concept '{concept_id}'", problems)))
    return tuple(out)


def _parse_concept(raw, where: Located, termbase_id: str, problems: _Problems,
                   reference: bool = False) -> Concept | None:
    if not isinstance(raw, RawMap):
        problems.add("a concept must be a mapping", where)
        return None
    _check_keys(raw, CONCEPT_KEYS, "a concept", problems)
    cid = raw.get("id")
    if not isinstance(cid, str) or not cid:
        problems.add("concept has no 'id'", raw.where)
        return None
    if not ID_RE.match(cid):
        problems.add(f"concept id '{cid}' must be lower-case letters, digits and hyphens",
                     raw.value_where["id"])
    subject = raw.get("subject")
    if not isinstance(subject, str) or not subject.strip():
        problems.add(f"concept '{cid}' has no 'subject'", raw.where)
        subject = ""
    terms: list[Term] = []
    for lang in LANGS:
        items = raw.get(lang)
        if items is None:
            continue
        if not isinstance(items, RawList):
            problems.add(f"'{lang}' of concept '{cid}' must be a list of terms", raw.value_where[lang])
            continue
        if len(items) > MAX_TERMS_PER_CONCEPT:
            problems.add(f"concept '{cid}' has {len(items):,} {lang} terms (at most {MAX_TERMS_PER_CONCEPT:,})",
                         raw.value_where[lang])
            continue
        for item, item_where in zip(items, items.item_where):
            term = _parse_term(item, lang, cid, item_where, problems)
            if term is not None:
                terms.append(term)
    if not terms:
        problems.add(f"concept '{cid}' has no terms", raw.where)
    concept = Concept(
        id=cid, subject=subject.strip(), terms=tuple(terms), termbase=termbase_id,
        definition=_opt_str(raw, "definition", f"concept '{cid}'", problems),
        note=_opt_str(raw, "note", f"concept '{cid}'", problems),
        source=_opt_str(raw, "source", f"concept '{cid}'", problems),
        verified=_opt_bool(raw, "verified", f"concept '{cid}'", problems),
        evidence=_evidence(raw, f"concept '{cid}'", problems),
        reference=reference,
        examples=_parse_examples(raw.get("examples"), cid, raw.value_where.get("examples", raw.where), problems),
        where=raw.where,
    )
    _check_concept_terms(concept, problems)
    return concept


def _check_concept_terms(concept: Concept, problems: _Problems) -> None:
    for lang in LANGS:
        terms = concept.terms_in(lang)
        if not terms:
            continue
        if not any(t.status in ("preferred", "admitted") for t in terms):
            problems.add(f"concept '{concept.id}' has no preferred or admitted {lang} term", concept.where)
        for t in terms:
            if t.status in BAD_STATUSES:
                repl = concept.replacement(t)
                if t.use and repl is None:
                    problems.add(f"'use: {t.use}' of term '{t.text}' names no {lang} term of concept "
                                 f"'{concept.id}'", t.where)
                elif repl is None:
                    problems.add(f"{t.status} term '{t.text}' has no preferred term to suggest", t.where)
                elif repl.status in BAD_STATUSES:
                    problems.add(f"{t.status} term '{t.text}' would be replaced by '{repl.text}', "
                                 f"which is itself {repl.status}", t.where)
            elif t.use:
                problems.add(f"'use' is only for deprecated, superseded or forbidden terms ('{t.text}')", t.where)


def parse_termbase_file(path: str | Path, problems: _Problems) -> tuple[str, str, list[Concept]]:
    raw = read_yaml(path)
    path_s = str(path)
    stem = Path(path).stem
    if not isinstance(raw, RawMap):
        problems.add("a termbase file must be a mapping with 'id' and 'concepts'",
                     getattr(raw, "where", None) or Located(path_s, 1, 1))
        return stem, "", []
    _check_keys(raw, TOP_KEYS, "the termbase", problems)
    raw_id, raw_title = raw.get("id"), raw.get("title")
    tb_id = raw_id if isinstance(raw_id, str) else stem
    title = raw_title if isinstance(raw_title, str) else tb_id
    role = raw.get("role", "terminology")
    if role not in ROLES:
        problems.add(f"'role' must be one of {', '.join(ROLES)}, not '{role}'", raw.value_where["role"])
    concepts_raw = raw.get("concepts")
    if not isinstance(concepts_raw, RawList):
        problems.add("'concepts' must be a list", raw.value_where.get("concepts", raw.where))
        return tb_id, title, []
    concepts = []
    for item, item_where in zip(concepts_raw, concepts_raw.item_where):
        c = _parse_concept(item, item_where, tb_id, problems, reference=role == "reference")
        if c is not None:
            concepts.append(c)
    return tb_id, title, concepts


def _check_across(concepts: Iterable[Concept], problems: _Problems) -> None:
    """Checks on normalized forms, each form computed once: too short, under two concepts; and duplicate ids."""
    seen_ids: dict[str, Concept] = {}
    seen_forms: dict[tuple[str, str], Term] = {}
    for c in concepts:
        if c.id in seen_ids:
            problems.add(f"duplicate concept id '{c.id}' (first defined at {seen_ids[c.id].where})", c.where)
        else:
            seen_ids[c.id] = c
        for t in c.terms:
            form = normalize_term(t.text, t.lang)
            if t.lang == "zh" and len(form) < 2:
                problems.add(f"Chinese term '{t.text}' is shorter than two characters and would match everywhere",
                             t.where)
            key = (t.lang, form)
            other = seen_forms.get(key)
            if other is None:
                seen_forms[key] = t
            elif other.concept_id == c.id:
                problems.add(f"term '{t.text}' is listed twice in concept '{c.id}' "
                             f"(also at {other.where}, same after normalization)", t.where)
            else:
                problems.add(f"term '{t.text}' is listed under two concepts: '{c.id}' and "
                             f"'{other.concept_id}' (at {other.where})", t.where)


def collect(paths: Iterable[str | Path]) -> tuple[Termbase, list[TermkitError]]:
    """Load every file, returning the merged termbase and all problems found."""
    problems = _Problems()
    concepts: list[Concept] = []
    files: list[str] = []
    titles: dict[str, str] = {}
    for path in paths:
        try:
            tb_id, title, found = parse_termbase_file(path, problems)
        except TermkitError as exc:
            problems.append(exc)
            continue
        files.append(str(path))
        titles[tb_id] = title
        concepts.extend(found)
    _check_across(concepts, problems)
    return Termbase(tuple(concepts), tuple(files), titles), list(problems)


def load_paths(paths: Iterable[str | Path]) -> Termbase:
    """Load and validate termbase files; raise TermbaseError listing every problem.

    This is the termbase's own validation; its example sentences are run by the
    check layer (``termkit.engine.termbases``), which owns the matcher they need.
    """
    termbase, problems = collect(paths)
    if problems:
        raise TermbaseError(problems)
    return termbase
