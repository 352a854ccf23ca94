"""The rules of the official TBX-Basic DCA Schematron, read out of the file itself.

lxml cannot run this Schematron (it is written for XPath 2), so the tests
enforce its rules here. The picklists are not copied by hand: they are parsed
from tests/fixtures/external/tbx-schemas/TBX-Basic_DCA.sch, so a test fails if termkit
writes a value the official file does not list.

Rules enforced:
- ``tbx:X/@type`` rules: the allowed data-category types of each element;
- ``tbx:X[@type='Y']`` rules whose test is a list of ``.='value'``: the picklist of Y;
- rules whose message says "may only appear at level(s): ...": where Y may appear;
- a termNote only inside a termSec; no element outside the TBX namespace (DCA style);
  the root says type TBX-Basic and style dca; every @target is an id in the file or an http(s) URI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

SCH = Path(__file__).resolve().parent / "fixtures" / "external" / "tbx-schemas" / "TBX-Basic_DCA.sch"
SCH_NS = {"s": "http://purl.oclc.org/dsdl/schematron"}
TBX_NS = "urn:iso:std:iso:30042:ed-2"
LEVELS = ("conceptEntry", "langSec", "termSec")


@dataclass
class DcaRules:
    types: dict[str, set[str]] = field(default_factory=dict)        # element -> allowed @type
    values: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (element, type) -> picklist
    levels: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (element, type) -> levels


def load_rules(path: Path = SCH) -> DcaRules:
    tree = etree.parse(str(path))
    rules = DcaRules()
    for rule in tree.iterfind(".//s:rule", SCH_NS):
        context = rule.get("context")
        for a in rule.iterfind("s:assert", SCH_NS):
            test, message = a.get("test"), "".join(a.itertext())
            m = re.fullmatch(r"tbx:(\w+)/@type", context)
            if m:
                rules.types[m.group(1)] = set(re.findall(r"\.='([^']+)'", test))
                continue
            m = re.fullmatch(r"tbx:(\w+)\[@type='(\w+)'\]", context)
            if not m:
                continue
            key = (m.group(1), m.group(2))
            if re.fullmatch(r"\s*\.='[^']+'(\s+or\s+\.='[^']+')*\s*", test):
                rules.values[key] = set(re.findall(r"\.='([^']+)'", test))
            lv = re.search(r"may only appear at level\(s\):\s*(.+)$", message)
            if lv:
                rules.levels[key] = {s.strip() for s in lv.group(1).split(",")}
    return rules


def _level(el) -> str | None:
    for anc in el.iterancestors():
        name = etree.QName(anc).localname
        if name in LEVELS:
            return name
    return None


def dca_problems(tree, rules: DcaRules | None = None) -> list[str]:
    """Every violation of the DCA Schematron rules in a parsed TBX v3 document."""
    rules = rules or load_rules()
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    problems = []
    if root.get("type") != "TBX-Basic" or root.get("style") != "dca":
        problems.append(f"root: type={root.get('type')} style={root.get('style')}")
    ids = {el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        q = etree.QName(el)
        line = el.sourceline
        if q.namespace != TBX_NS:
            problems.append(f"{line}: {el.tag} is not a DCA element")
            continue
        name, dtype = q.localname, el.get("type")
        if dtype is not None:
            if dtype == "":
                problems.append(f"{line}: empty @type")
            if name in rules.types and dtype not in rules.types[name]:
                problems.append(f"{line}: <{name} type='{dtype}'> type not in {sorted(rules.types[name])}")
            allowed = rules.values.get((name, dtype))
            value = "".join(el.itertext())
            if allowed is not None and value not in allowed:
                problems.append(f"{line}: {dtype} value '{value}' not in {sorted(allowed)}")
            levels = rules.levels.get((name, dtype))
            if levels is not None and _level(el) not in levels:
                problems.append(f"{line}: {dtype} at level {_level(el)}, allowed {sorted(levels)}")
        if name == "termNote":
            parent = etree.QName(el.getparent()).localname
            grand = etree.QName(el.getparent().getparent()).localname
            if not (parent == "termSec" or (parent == "termNoteGrp" and grand == "termSec")):
                problems.append(f"{line}: termNote outside termSec")
        target = el.get("target")
        if target is not None and not (re.match(r"https?://.+", target) or target in ids):
            problems.append(f"{line}: target '{target}' is neither an id in the file nor an http(s) URI")
    return problems
