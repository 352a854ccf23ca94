"""Read CSV and TSV glossaries (and, through rows_to_termbase, XLSX), in two layouts.

- **Term rows** (what `termkit export` writes): one row per term with the
  columns ``concept, subject, lang, term, type, status, use, term_note,
  definition, concept_note, source``. Lossless; recognised by its header.
- **Concept rows** (what translators keep in Excel): one row per concept with
  a Chinese and an English column, and optionally ``zh_short``, ``zh_abbrev``,
  ``en_short``, ``en_abbrev``, ``concept``, ``subject``, ``definition``,
  ``note``, ``source``. Headers such as ``English``, ``Chinese``, ``中文``,
  ``英文``, ``zh-CN`` are recognised; ``columns`` (``--map FIELD=HEADER``) names
  any others. Columns that map to no field are kept in the concept note as
  ``Header: value``.

Files are decoded by byte-order mark, else UTF-8, else GB18030 (what Excel on
Chinese Windows saves "CSV" as). A leading apostrophe that guards a formula
character (written by the CSV exporter) is removed.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from termkit.errors import ConfigError, InputError
from termkit.interchange.assemble import (
    DraftConcept,
    DraftTerm,
    ImportResult,
    assemble,
    clean,
)
from termkit.interchange.csv_write import unguard
from termkit.interchange.table import TERM_COLUMNS
from termkit.model import LANGS, STATUSES, TERM_TYPES
from termkit.text.document import decode, read_bytes

WIDE_FIELDS = ("concept", "subject", "zh", "zh_short", "zh_abbrev", "en", "en_short", "en_abbrev",
               "definition", "note", "source")
#: header spellings recognised without --map (compared lower-case, trimmed)
ALIASES = {
    "concept": ("concept", "id", "concept id", "concept_id", "entry id"),
    "subject": ("subject", "subject field", "subjectfield", "domain", "领域", "主题"),
    "zh": ("zh", "zh-cn", "zh_cn", "zh-hans", "chinese", "chinese (simplified)", "中文", "汉语", "简体中文"),
    "en": ("en", "en-us", "en_us", "en-gb", "english", "英文", "英语"),
    "zh_short": ("zh_short", "zh short", "中文简称"),
    "zh_abbrev": ("zh_abbrev", "zh abbrev", "zh abbreviation", "中文缩写"),
    "en_short": ("en_short", "en short", "short form"),
    "en_abbrev": ("en_abbrev", "en abbrev", "abbreviation", "acronym", "英文缩写"),
    "definition": ("definition", "定义"),
    "note": ("note", "notes", "comment", "comments", "remark", "remarks", "备注", "说明"),
    "source": ("source", "reference", "来源", "出处"),
}


def read_table(path: str | Path, fmt: str, *, termbase_id: str, title: str | None = None,
               default_subject: str = "general", columns: dict[str, str], encoding: str | None = None
               ) -> ImportResult:
    path_s = str(path)
    data = read_bytes(path_s, "CSV/TSV", binary_ok=True)
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary file, not CSV/TSV text (an Excel workbook? import it as .xlsx)", path_s)
    text = decode(data, path_s, encoding).text
    rows = _rows(text, "\t" if fmt == "tsv" else ",", path_s)
    return rows_to_termbase(rows, fmt.upper(), path_s, termbase_id=termbase_id, title=title,
                            default_subject=default_subject, columns=columns)


def rows_to_termbase(rows: list[tuple[int, list[str]]], label: str, path_s: str, *, termbase_id: str,
                     title: str | None, default_subject: str, columns: dict[str, str]) -> ImportResult:
    """Rows of cells, each with its line (or spreadsheet row) number, the first one the header."""
    if not rows:
        raise InputError("empty file: no header row", path_s, 1)
    header_line, header = rows[0]
    header = [clean(h) for h in header]
    if not any(header):
        raise InputError("the first row must name the columns", path_s, header_line)
    if not columns and {"concept", "lang", "term"} <= {h.lower() for h in header}:
        drafts = _term_rows(rows, header, path_s)
        layout = "term rows"
    else:
        drafts = _concept_rows(rows, header, columns, path_s)
        layout = "concept rows"
    return assemble(drafts, termbase_id=termbase_id, title=title or termbase_id,
                    default_subject=default_subject, where=path_s,
                    source_format=f"{label}, {layout}", fold=False)


def _rows(text: str, delimiter: str, path: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    out = []
    line = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                out.append((line, [unguard(c) for c in row]))
            line = reader.line_num + 1
    except csv.Error as exc:
        kind = "TSV" if delimiter == "\t" else "CSV"
        raise InputError(f"malformed {kind} in the record that starts here: {exc}", path, line) from None
    return out


def _cell(row: list[str], i: int | None) -> str:
    # cells keep their inner line breaks (a note may have several lines); terms are folded later
    return row[i].strip() if i is not None and i < len(row) else ""


def _term_rows(rows, header, path) -> list[DraftConcept]:
    index = {h.lower(): i for i, h in enumerate(header)}
    unknown = [h for h in header if h and h.lower() not in TERM_COLUMNS]
    if unknown:
        raise InputError(f"unknown column '{unknown[0]}' in a term-row file (columns: {', '.join(TERM_COLUMNS)})",
                         path, rows[0][0])
    concepts: dict[str, DraftConcept] = {}
    concept_fields: dict[str, dict[str, str]] = {}
    for line, row in rows[1:]:
        if len(row) > len(header):
            raise InputError(f"{len(row)} fields but the header has {len(header)}", path, line)
        get = {name: _cell(row, index.get(name)) for name in TERM_COLUMNS}
        cid = get["concept"]
        if not cid:
            raise InputError("row has no concept id", path, line, index["concept"] + 1)
        lang = get["lang"]
        if lang not in LANGS:
            raise InputError(f"lang '{lang}' is not one of {', '.join(LANGS)}", path, line, index["lang"] + 1)
        t_type = get["type"] or "full"
        if t_type not in TERM_TYPES:
            raise InputError(f"type '{t_type}' is not one of {', '.join(TERM_TYPES)}", path, line,
                             index["type"] + 1 if "type" in index else None)
        status = get["status"] or "preferred"
        if status not in STATUSES:
            raise InputError(f"status '{status}' is not one of {', '.join(STATUSES)}", path, line,
                             index["status"] + 1 if "status" in index else None)
        c = concepts.get(cid)
        if c is None:
            c = concepts[cid] = DraftConcept(id=cid, line=line)
        # concept fields repeat on each of the concept's rows; they must agree
        seen = concept_fields.setdefault(cid, {})
        for field in ("subject", "definition", "source", "concept_note"):
            value = get[field]
            if not value:
                continue
            if field not in seen:
                seen[field] = value
                if field == "concept_note":
                    c.notes.append(value)
                else:
                    setattr(c, field, value)
            elif seen[field] != value:
                raise InputError(f"{field} of concept '{cid}' is '{value}' here but '{seen[field]}' on an "
                                 "earlier row", path, line, index[field] + 1)
        c.terms.append(DraftTerm(get["term"], lang, t_type, status,
                                 [get["term_note"]] if get["term_note"] else [], get["use"] or None, line))
    return list(concepts.values())


def _concept_rows(rows, header, columns: dict[str, str], path) -> list[DraftConcept]:
    lower = [h.lower() for h in header]
    field_col: dict[str, int] = {}
    for field, name in columns.items():
        if field not in WIDE_FIELDS:
            raise ConfigError(f"--map field '{field}' is not one of {', '.join(WIDE_FIELDS)}")
        if name.strip().lower() not in lower:
            raise ConfigError(f"--map {field}={name}: the file has no column '{name}' "
                              f"(columns: {', '.join(h for h in header if h)})")
        field_col[field] = lower.index(name.strip().lower())
    for field, names in ALIASES.items():
        if field in field_col:
            continue
        for i, h in enumerate(lower):
            if h in names and i not in field_col.values():
                field_col[field] = i
                break
    if "zh" not in field_col and "en" not in field_col:
        raise InputError("no Chinese or English column found (headers: "
                         f"{', '.join(h for h in header if h)}); name them with --map zh=HEADER --map en=HEADER",
                         path, rows[0][0])
    extra = [i for i in range(len(header)) if i not in field_col.values() and header[i]]
    drafts = []
    for line, row in rows[1:]:
        if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
            raise InputError(f"{len(row)} fields but the header has {len(header)}", path, line)
        c = DraftConcept(id=_cell(row, field_col.get("concept")) or None, line=line,
                         subject=_cell(row, field_col.get("subject")) or None,
                         definition=_cell(row, field_col.get("definition")) or None,
                         source=_cell(row, field_col.get("source")) or None)
        note = _cell(row, field_col.get("note"))
        if note:
            c.notes.append(note)
        c.notes += [f"{header[i]}: {_cell(row, i)}" for i in extra if _cell(row, i)]
        for lang in ("zh", "en"):
            for suffix, t_type in (("", "full"), ("_short", "short"), ("_abbrev", "abbrev")):
                text = _cell(row, field_col.get(lang + suffix))
                if text:
                    c.terms.append(DraftTerm(text, lang, t_type, line=line))
        drafts.append(c)
    return drafts
