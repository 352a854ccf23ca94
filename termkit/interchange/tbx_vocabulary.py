"""TBX names shared by the TBX writer and reader: namespaces, picklists, and how
termkit's statuses and term types map to TBX-Basic data categories, plus the
bundled RELAX NG schemas.

TBX-Basic has four administrative statuses; termkit has five. ``forbidden`` is
written as ``deprecatedTerm-admn-sts`` with a fixed note (FORBIDDEN_NOTE) that
the reader recognises, so the distinction survives a round trip and a CAT tool
still sees the term as one not to use.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

STATUS_TO_TBX = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "superseded": "supersededTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}
TBX_TO_STATUS = {
    "preferredTerm-admn-sts": "preferred",
    "admittedTerm-admn-sts": "admitted",
    "deprecatedTerm-admn-sts": "deprecated",
    "supersededTerm-admn-sts": "superseded",
    # TBX v2 files from older tools also use the short names
    "preferred": "preferred",
    "admitted": "admitted",
    "deprecated": "deprecated",
    "superseded": "superseded",
    "notRecommended": "deprecated",
    "obsolete": "superseded",
}
FORBIDDEN_NOTE = "termkit status: forbidden (TBX-Basic has no forbidden status; written as deprecated)"

TYPE_TO_TBX = {"full": "fullForm", "short": "shortForm", "abbrev": "abbreviation"}
#: TBX-Basic termType picklist -> termkit type; variant and phrase have no
#: termkit type of their own, so the reader keeps the original value in a note
TBX_TO_TYPE = {
    "fullForm": "full", "shortForm": "short", "abbreviation": "abbrev", "acronym": "abbrev",
    "initialism": "abbrev", "shortcut": "short", "variant": "full", "phrase": "full",
}
LOSSY_TBX_TYPES = ("variant", "phrase", "initialism", "shortcut")

SCHEMA_DIR = Path(__file__).resolve().parent / "tbx_schemas"
SCHEMAS = {
    "core3": "TBXcoreStructV03.rng",
    "basic3": "TBXcoreStructV03_TBX-Basic_integrated.rng",
    "basic2": "TBXBasicRNGV02.rng",
}


@cache
def relaxng(name: str):
    """A compiled RELAX NG schema from termkit/tbx_schemas (``core3``, ``basic3``, ``basic2``)."""
    from lxml import etree

    return etree.RelaxNG(etree.parse(str(SCHEMA_DIR / SCHEMAS[name])))


def schema_errors(tree, name: str) -> list[tuple[int, str]]:
    """(line, message) of every RELAX NG error of ``tree`` against a bundled schema."""
    schema = relaxng(name)
    if schema.validate(tree):
        return []
    return [(e.line, e.message) for e in schema.error_log]
