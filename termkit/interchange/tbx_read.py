"""Read TBX: v3 (ISO 30042:2019, ``tbx``/``conceptEntry``/``langSec``/``termSec``,
DCA or DCT style) and v2 (``martif``/``termEntry``/``langSet``/``tig``/``ntig``).

Liberal about vocabulary, strict about structure. A file must be well-formed
XML, follow the TBX core structure (v3: the official core RELAX NG schema; v2:
only TBX core elements, nested as entry > language > term), and, when it says
it is TBX-Basic, keep each TBX-Basic data category at the level TBX-Basic
allows (a definition belongs to a concept or a language, not to a term).
Data categories termkit has no field for (partOfSpeech, context, usage
statuses of other tools, ...) are kept as notes ``category: value``;
transaction history (``transacGrp``) and back matter are counted and reported,
not kept. XML is parsed without entity expansion, DTD loading or network access.

Languages: ``zh``, ``zh-CN``, ``zh-Hans``, ``zh-SG`` become ``zh``; ``en-*``
becomes ``en``; other languages (including traditional-script ``zh-TW``,
``zh-HK``, ``zh-MO``, ``zh-Hant``) are left out and counted in the notes.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from lxml import etree

from termkit._util import xmlsafe
from termkit.errors import InputError
from termkit.interchange.assemble import (
    DraftConcept,
    DraftTerm,
    ImportResult,
    assemble,
    clean,
)
from termkit.interchange.tbx_vocabulary import (
    FORBIDDEN_NOTE,
    LOSSY_TBX_TYPES,
    TBX_NS,
    TBX_TO_STATUS,
    TBX_TO_TYPE,
    XML_LANG,
    schema_errors,
)
from termkit.text.document import read_bytes

#: every element of the TBX v2 core structure (TBXcoreStructV02.dtd)
V2_ELEMENTS = frozenset("""
    admin adminGrp adminNote back bpt body date descrip descripGrp descripNote encodingDesc ept
    foreign fileDesc hi idea item itemGrp itemSet langSet martif martifHeader note ntig p ph ref
    refObject refObjectList revisionDesc change sourceDesc term termComp termCompGrp termCompList
    termEntry termGrp termNote termNoteGrp text tig title titleStmt transac transacGrp transacNote
    publicationStmt xref
""".split())

ZH_SKIPPED = ("zh-tw", "zh-hk", "zh-mo", "zh-hant")
#: where TBX-Basic lets each of its data categories appear (DCA Schematron, module rules)
BASIC_LEVELS = {
    "subjectField": ("entry",),
    "definition": ("entry", "lang"),
    "context": ("term",),
    "xGraphic": ("entry", "lang"),
    "customerSubset": ("entry", "term"),
    "projectSubset": ("entry", "term"),
}
LEVEL_NAMES = {3: {"entry": "conceptEntry", "lang": "langSec", "term": "termSec"},
               2: {"entry": "termEntry", "lang": "langSet", "term": "tig"}}
#: elements whose text is a data category value, by the element that carries a type attribute
TYPED = ("descrip", "admin", "termNote", "xref", "ref", "transac", "transacNote")


def parse_xml(path: str | Path):
    data = read_bytes(path, "TBX")
    return xmlsafe.parse(data, str(path), remove_comments=True, remove_pis=True).getroottree()


def _local(el) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


_TBX_PREFIX = f"{{{TBX_NS}}}"


def _is_tbx_ns(el) -> bool:
    """In the TBX v3 namespace, or in none (v2); DCT-style elements are in others."""
    tag = el.tag
    return isinstance(tag, str) and (tag[0] != "{" or tag.startswith(_TBX_PREFIX))


class _Reader:
    def __init__(self, path: str, tree) -> None:
        self.path = path
        self.root = tree.getroot()
        self.tree = tree
        self.skipped_langs: Counter = Counter()
        self.skipped: Counter = Counter()
        name = _local(self.root)
        if name == "tbx" and etree.QName(self.root).namespace == TBX_NS:
            self.version = 3
        elif name == "martif":
            self.version = 2
        else:
            raise InputError(f"not a TBX file: the root element is <{self.root.tag}>, not <tbx> "
                             f"(TBX v3, namespace {TBX_NS}) or <martif> (TBX v2)", path, self.root.sourceline)
        self.dialect = self.root.get("type", "")
        self.names = LEVEL_NAMES[self.version]

    # -- structure -------------------------------------------------------
    def check_structure(self) -> None:
        if self.version == 3:
            errors = schema_errors(self.tree, "core3")
            if errors:
                line, message = errors[0]
                raise InputError(f"does not follow the TBX v3 core structure: {message}", self.path, line)
        else:
            for el in self.root.iter():
                if isinstance(el.tag, str) and _local(el) not in V2_ELEMENTS:
                    raise InputError(f"<{el.tag}> is not an element of TBX (v2 core structure)",
                                     self.path, el.sourceline)
            for entry in self._entries():
                for lang_set in entry:
                    if _local(lang_set) == "langSet" and not any(
                            _local(t) in ("tig", "ntig") for t in lang_set):
                        raise InputError("<langSet> without a <tig> or <ntig> term section",
                                         self.path, lang_set.sourceline)
        if self.dialect == "TBX-Basic":
            self._check_basic_levels()

    def _check_basic_levels(self) -> None:
        for el in self.root.iter():
            if not isinstance(el.tag, str):
                continue
            cat = self._category(el)
            if cat is None:
                continue
            level = self._level(el)
            allowed = BASIC_LEVELS.get(cat)
            if cat in ("administrativeStatus", "termType", "partOfSpeech") or _local(el) == "termNote":
                allowed = ("term",)
            if allowed and level and level not in allowed:
                where = ", ".join(self.names[a] for a in allowed)
                raise InputError(f"data category '{cat}' is not allowed in a <{self.names[level]}> "
                                 f"(TBX-Basic allows it in {where})", self.path, el.sourceline)

    def _category(self, el) -> str | None:
        """The data category an element carries: its type attribute (DCA) or its name (DCT)."""
        if _is_tbx_ns(el):
            return el.get("type") if _local(el) in TYPED else None
        return _local(el)

    def _level(self, el) -> str | None:
        for anc in el.iterancestors():
            name = _local(anc)
            if name in ("termSec", "tig", "ntig"):
                return "term"
            if name in ("langSec", "langSet"):
                return "lang"
            if name in ("conceptEntry", "termEntry"):
                return "entry"
        return None

    # -- content ---------------------------------------------------------
    def _entries(self):
        entry_name = "conceptEntry" if self.version == 3 else "termEntry"
        for el in self.root.iter():
            if isinstance(el.tag, str) and _local(el) == entry_name and _is_tbx_ns(el):
                yield el

    def title(self) -> str:
        for el in self.root.iter():
            if isinstance(el.tag, str) and _local(el) == "title":
                return clean("".join(el.itertext()))
        return ""

    def concepts(self) -> list[DraftConcept]:
        out = []
        for entry in self._entries():
            raw_id = entry.get("id")
            if raw_id and raw_id.startswith("_") and raw_id[1:2].isdigit():
                raw_id = raw_id[1:]  # termkit's own escape for ids that start with a digit
            concept = DraftConcept(id=raw_id, line=entry.sourceline)
            definitions: list[tuple[str, str]] = []
            self._aux(entry, concept, definitions, "")
            for child in entry:
                if _local(child) in ("langSec", "langSet"):
                    self._lang(child, concept, definitions, entry)
            if definitions:
                # one definition field: English first, then one without a language, then Chinese
                rank = {"en": 0, "": 1, "zh": 2}
                definitions.sort(key=lambda d: rank.get(d[0], 3))
                concept.definition = definitions[0][1]
                concept.notes += [f"definition ({lang or 'concept'}): {text}" for lang, text in definitions[1:]]
            out.append(concept)
        return out

    def _children(self, el):
        """Children, with *Grp groups flattened into the level they belong to."""
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = _local(child)
            if name in ("descripGrp", "adminGrp", "termNoteGrp", "termGrp") and _is_tbx_ns(child):
                yield from self._children(child)
            else:
                yield child

    def _aux(self, el, concept: DraftConcept, definitions, lang: str) -> None:
        """Concept- or language-level information."""
        prefix = f"[{lang}] " if lang else ""
        for child in self._children(el):
            name = _local(child)
            if name in ("langSec", "langSet", "termSec", "tig", "ntig"):
                continue
            if name == "transacGrp" or (not _is_tbx_ns(child) and name in ("transactionType", "responsibility")):
                self.skipped["transaction history (transacGrp)"] += 1
                continue
            value = clean("".join(child.itertext()))
            if name in ("descripNote", "adminNote"):
                concept.notes.append(f"{prefix}{name}: {value}")
                continue
            if name == "note" and _is_tbx_ns(child):
                if value:
                    concept.notes.append(prefix + value)
                continue
            cat = self._category(child) or name
            if cat == "subjectField" and not lang and not concept.subject:
                concept.subject = value
            elif cat == "definition":
                definitions.append((lang, value))
            elif cat == "source" and not lang and not concept.source:
                concept.source = value
            elif value or child.get("target"):
                target = child.get("target")
                concept.notes.append(f"{prefix}{cat}: {value}" + (f" <{target}>" if target else ""))

    def _lang(self, lang_el, concept: DraftConcept, definitions, entry) -> None:
        raw = (lang_el.get(XML_LANG) or "").strip()
        low = raw.lower().replace("_", "-")
        if low.startswith("zh") and not low.startswith(ZH_SKIPPED):
            lang = "zh"
        elif low == "en" or low.startswith("en-"):
            lang = "en"
        else:
            self.skipped_langs[raw or "(no xml:lang)"] += 1
            return
        self._aux(lang_el, concept, definitions, lang)
        for sec in lang_el:
            if _local(sec) in ("termSec", "tig", "ntig"):
                term = self._term(sec, lang, entry)
                if term is not None:
                    concept.terms.append(term)

    def _term(self, sec, lang: str, entry) -> DraftTerm | None:
        text = None
        term = DraftTerm(text="", lang=lang, line=sec.sourceline)
        for child in self._children(sec):
            name = _local(child)
            value = clean("".join(child.itertext()))
            if name == "term" and _is_tbx_ns(child):
                text = value
                continue
            if name == "transacGrp" or (not _is_tbx_ns(child) and name in ("transactionType", "responsibility")):
                self.skipped["transaction history (transacGrp)"] += 1
                continue
            if name == "note" and _is_tbx_ns(child):
                if value == FORBIDDEN_NOTE:
                    term.status = "forbidden"
                elif value:
                    term.notes.append(value)
                continue
            cat = self._category(child) or name
            if cat == "administrativeStatus":
                status = TBX_TO_STATUS.get(value)
                if status is None:
                    term.notes.append(f"administrativeStatus: {value}")
                elif term.status != "forbidden":
                    term.status = status
            elif cat == "termType":
                term.type = TBX_TO_TYPE.get(value, "full")
                if value not in TBX_TO_TYPE or value in LOSSY_TBX_TYPES:
                    term.notes.append(f"termType: {value}")
            elif cat == "crossReference" and child.get("target"):
                target = self._resolve(entry, child.get("target"), lang)
                if target is not None:
                    term.use = target
                else:
                    term.notes.append(f"crossReference: {value} <{child.get('target')}>")
            elif value or child.get("target"):
                target = child.get("target")
                term.notes.append(f"{cat}: {value}" + (f" <{target}>" if target else ""))
        if text is None:
            return None
        term.text = text
        return term

    def _resolve(self, entry, target: str, lang: str) -> str | None:
        """The term a crossReference points at, when it is a term of the same concept and language."""
        for lang_el in entry:
            if _local(lang_el) not in ("langSec", "langSet"):
                continue
            for sec in lang_el:
                if sec.get("id") == target:
                    raw = (lang_el.get(XML_LANG) or "").lower()
                    if not raw.startswith(lang):
                        return None
                    for t in sec.iter():
                        if isinstance(t.tag, str) and _local(t) == "term":
                            return clean("".join(t.itertext()))
        return None


def read_tbx(path: str | Path, *, termbase_id: str, title: str | None = None,
             default_subject: str = "general") -> ImportResult:
    """Import a TBX v3 or v2 file; raises InputError (with its line) on a malformed or invalid file."""
    path_s = str(path)
    reader = _Reader(path_s, parse_xml(path))
    reader.check_structure()
    drafts = reader.concepts()
    notes = []
    if reader.skipped_langs:
        langs = ", ".join(f"{k} ({v})" for k, v in sorted(reader.skipped_langs.items()))
        notes.append(f"{path_s}: language sections other than Chinese and English left out: {langs}")
    back = [el for el in reader.root if _local(el) == "back" and len(el)]
    if back:
        reader.skipped["back-matter section (<back>: responsible persons, references)"] += 1
    for what, n in sorted(reader.skipped.items()):
        notes.append(f"{path_s}: {n} {what} not kept (termkit termbases hold no edit history)")
    fmt = f"TBX v{reader.version}" + (f" {reader.dialect}" if reader.dialect else "")
    return assemble(drafts, termbase_id=termbase_id, title=title or reader.title() or termbase_id,
                    default_subject=default_subject, where=path_s, notes=notes, source_format=fmt)
