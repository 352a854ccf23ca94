"""TBX: TBX-Basic in the ISO 30042:2019 (TBX v3) DCA style, or with
``tbx_version=2`` the 2008 ``martif`` form that many CAT tools still import.

What goes where (both versions):

- concept id -> ``conceptEntry/@id`` (``termEntry`` in v2); an id that is not
  an XML name (it starts with a digit) gets a leading ``_``;
- subject -> ``descrip[@type=subjectField]``; definition and source ->
  ``descrip[@type=definition]`` and ``admin[@type=source]``, grouped in a
  ``descripGrp`` when both exist; concept note -> ``note``;
- each language -> ``langSec`` (``langSet``), each term -> ``termSec`` (``tig``)
  with ``termNote[@type=termType]`` and ``termNote[@type=administrativeStatus]``;
  a ``forbidden`` term is written as deprecated plus a fixed note (TBX has no
  forbidden status); a term note -> ``note``; ``use`` -> a
  ``ref[@type=crossReference]`` pointing at the replacement term's section.

No dates or file names are written, so the same termbase gives the same bytes.
Examples are test data for termkit, not terminology, and are not written.
"""

from __future__ import annotations

from lxml import etree

from termkit import __version__
from termkit.interchange.tbx_vocabulary import (
    FORBIDDEN_NOTE,
    STATUS_TO_TBX,
    TBX_NS,
    TYPE_TO_TBX,
    XML_LANG,
)

RNG_V3 = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
          "TBXcoreStructV03_TBX-Basic_integrated.rng")
SCH_V3 = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"


def xml_id(concept_id: str) -> str:
    """An XML ID (an NCName) for a concept id: ids that start with a digit get a ``_``."""
    return "_" + concept_id if concept_id[:1].isdigit() else concept_id


class _Names:
    """Element names of the two versions."""

    def __init__(self, version: int) -> None:
        self.version = version
        ns = f"{{{TBX_NS}}}" if version == 3 else ""
        v3 = version == 3
        self.root = ns + ("tbx" if v3 else "martif")
        self.header = ns + ("tbxHeader" if v3 else "martifHeader")
        self.entry = ns + ("conceptEntry" if v3 else "termEntry")
        self.lang = ns + ("langSec" if v3 else "langSet")
        self.term_sec = ns + ("termSec" if v3 else "tig")
        self.ns = ns

    def __call__(self, name: str) -> str:
        return self.ns + name


def _sub(parent, tag: str, text: str | None = None, **attrs):
    el = etree.SubElement(parent, tag)
    for k, v in attrs.items():
        el.set(k, v)
    if text is not None:
        el.text = text
    return el


def _title(termbase) -> str:
    return "; ".join(termbase.titles.values()) or "termkit termbase"


def build_tree(termbase, version: int = 3):
    """The TBX document of a termbase as an lxml tree."""
    if version not in (2, 3):
        from termkit.errors import ConfigError
        raise ConfigError(f"--tbx-version must be 2 or 3, not {version}")
    if not termbase.concepts:
        from termkit.errors import TermkitError
        # both schemas require at least one entry in <body>; an empty TBX would not import anywhere
        raise TermkitError("nothing to write: a TBX file needs at least one concept (none selected or used)")
    n = _Names(version)
    nsmap = {None: TBX_NS} if version == 3 else None
    # lxml takes None as the prefix of the default namespace; lxml-stubs types nsmap keys as str only
    root = etree.Element(n.root, nsmap=nsmap)  # type: ignore[arg-type]
    root.set("type", "TBX-Basic")
    if version == 3:
        root.set("style", "dca")
    root.set(XML_LANG, "en")
    header = _sub(root, n.header)
    file_desc = _sub(header, n("fileDesc"))
    title_stmt = _sub(file_desc, n("titleStmt"))
    _sub(title_stmt, n("title"), _title(termbase))
    source_desc = _sub(file_desc, n("sourceDesc"))
    _sub(source_desc, n("p"), f"Exported by termkit {__version__} (Chinese-English termbase).")
    if version == 2:
        enc = _sub(header, "encodingDesc")
        _sub(enc, "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = _sub(_sub(root, n("text")), n("body"))
    for concept in termbase.concepts:
        _concept(body, concept, n)
    return etree.ElementTree(root)


def _concept(body, concept, n: _Names) -> None:
    entry = _sub(body, n.entry, id=xml_id(concept.id))
    if concept.subject:
        _sub(entry, n("descrip"), concept.subject, type="subjectField")
    if concept.definition and concept.source:
        grp = _sub(entry, n("descripGrp"))
        _sub(grp, n("descrip"), concept.definition, type="definition")
        _sub(grp, n("admin"), concept.source, type="source")
    elif concept.definition:
        _sub(entry, n("descrip"), concept.definition, type="definition")
    elif concept.source:
        _sub(entry, n("admin"), concept.source, type="source")
    if concept.note:
        _sub(entry, n("note"), concept.note)
    # termSec ids only where a crossReference points, so other tools see clean entries
    targets = {}
    for lang in ("en", "zh"):
        terms = concept.terms_in(lang)
        for t in terms:
            if t.use:
                for i, other in enumerate(terms, start=1):
                    if other.text == t.use:
                        targets[(lang, other.text)] = f"{xml_id(concept.id)}.{lang}.{i}"
    for lang in ("en", "zh"):
        terms = concept.terms_in(lang)
        if not terms:
            continue
        lang_sec = _sub(entry, n.lang)
        lang_sec.set(XML_LANG, lang)
        for t in terms:
            sec = _sub(lang_sec, n.term_sec)
            target_id = targets.get((lang, t.text))
            if target_id:
                sec.set("id", target_id)
            _sub(sec, n("term"), t.text)
            _sub(sec, n("termNote"), TYPE_TO_TBX[t.type], type="termType")
            _sub(sec, n("termNote"), STATUS_TO_TBX[t.status], type="administrativeStatus")
            if t.note:
                _sub(sec, n("note"), t.note)
            if t.status == "forbidden":
                _sub(sec, n("note"), FORBIDDEN_NOTE)
            if t.use:
                _sub(sec, n("ref"), t.use, type="crossReference", target=targets[(lang, t.use)])


def serialize(tree, version: int = 3) -> bytes:
    body = etree.tostring(tree, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    head = ['<?xml version="1.0" encoding="UTF-8"?>']
    if version == 3:
        head.append(f'<?xml-model href="{RNG_V3}" type="application/xml" '
                    'schematypens="http://relaxng.org/ns/structure/1.0"?>')
        head.append(f'<?xml-model href="{SCH_V3}" type="application/xml" '
                    'schematypens="http://purl.oclc.org/dsdl/schematron"?>')
    else:
        head.append('<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">')
    return ("\n".join(head) + "\n").encode("utf-8") + body


def write_termbase(termbase, tbx_version: int = 3, **_) -> bytes:
    return serialize(build_tree(termbase, tbx_version), tbx_version)


def write_glossary(glossary, source, tbx_version: int = 3, **_) -> bytes:
    """The concepts the corpus uses, complete as in the termbase, in glossary order."""
    return write_termbase(glossary.termbase(source), tbx_version=tbx_version)
