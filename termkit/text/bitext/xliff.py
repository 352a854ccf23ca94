"""Read XLIFF files into segments: XLIFF 1.2 (and the Trados and memoQ flavours of it), XLIFF 2.0, 2.1, 2.2.

XLIFF 1.2: every ``<trans-unit>`` of every ``<file>``, reached through
``<body>`` and ``<group>`` only (memoQ keeps old versions of a row in
``mq:historical-unit``, which is history, not translation). A unit marked
``translate="no"`` is structure and is not read. When a unit is segmented
(``<seg-source>`` with ``<mrk mtype="seg">``, as Trados and Okapi write
it), each ``mrk`` of the target is a segment, paired with the source's by
``mid``; else the unit is the segment. ``<alt-trans>`` proposals are not
the translation. A target that is empty or ``state="needs-translation"`` is
untranslated and skipped.

Flavours, recognised by their namespaces:

- **Trados Studio** ``.sdlxliff``: segment ids are the ``mid`` numbers the
  Editor shows; each segment's confirmation level (``sdl:seg conf``:
  Draft, Translated, ApprovedTranslation, ApprovedSignOff, the rejected
  ones) and lock are read; a segment with no confirmation level is not
  translated and is skipped. Tracked deletions (``mrk mtype="x-sdl-deleted"``)
  are not part of the translation; insertions and commented text are.
- **memoQ** ``.mqxliff``: a unit is a row of memoQ's grid, its id the row
  number; ``mq:status`` is read (``NotStarted`` rows are skipped) and
  ``mq:locked`` rows are checked and marked locked.
- Okapi, Xcode, Angular and other XLIFF 1.2: as above; segments of a
  segmented unit are ``unit/mid``.

XLIFF 2.x (2.0 and 2.1 in the 2.0 namespace, 2.2 in its own): every
``<segment>`` of every ``<unit>``; a unit with several segments gives ids
``unit/segment`` (or ``unit#n``); ``state="initial"`` is untranslated.

Inline codes (``<x/>``, ``<ph/>``, ``<bpt>``…) are dropped from the text; the
text of ``<g>``, ``<pc>`` and ``<mrk>`` is kept. Languages: the source must be
English and the target simplified Chinese (``text.bitext.langs``); a file
that declares no target language must have Chinese in its targets, so a
French file cannot pass as a clean Chinese one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from termkit.errors import InputError
from termkit.text.bitext.langs import source_refusal, target_refusal
from termkit.text.bitext.segment import Bitext, Segment
from termkit.text.bitext.xmltext import RawLocator, element_text, localname, read_xml, sourceline

_NS = {"1.2": "urn:oasis:names:tc:xliff:document:1.2", "2.0": "urn:oasis:names:tc:xliff:document:2.0",
       "2.2": "urn:oasis:names:tc:xliff:document:2.2"}
SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"
MQ_NS = "MQXliff"
#: memoQ row statuses that mean nothing was translated yet
MQ_UNTRANSLATED = frozenset({"NotStarted"})
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def _check_langs(path: str, el, source_lang: str | None, target_lang: str | None) -> None:
    """termkit checks a simplified Chinese translation of an English text; refuse anything else."""
    reason = source_refusal(source_lang) or target_refusal(target_lang)
    if reason:
        raise InputError(reason, path, sourceline(el))


def _child(el, name: str):
    for child in el:
        if localname(child) == name:
            return child
    return None


def _ns(el) -> str:
    tag = el.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def flavour(root) -> str:
    """``sdlxliff`` (Trados Studio), ``mqxliff`` (memoQ) or ``xliff`` for an XLIFF 1.2 root element."""
    namespaces = set((root.nsmap or {}).values())
    if SDL_NS in namespaces or any(k.startswith(f"{{{SDL_NS}}}") for k in root.attrib):
        return "sdlxliff"
    if MQ_NS in namespaces:
        return "mqxliff"
    return "xliff"


def read_xliff(path: str | Path) -> Bitext:
    """Segments of an XLIFF 1.2 or 2.x file; InputError on anything else."""
    path_s = str(path)
    root, raw = read_xml(path)
    if localname(root) != "xliff":
        raise InputError(f"not an XLIFF file (root element is <{localname(root)}>)", path_s, sourceline(root))
    version = root.get("version") or ""
    locator = RawLocator(raw)
    if version.startswith("2") or _ns(root) in (_NS["2.0"], _NS["2.2"]):
        segments, skipped, declared = _read_2x(path_s, root, locator)
        fmt = f"xliff-{version or ('2.2' if _ns(root) == _NS['2.2'] else '2.0')}"
    elif version.startswith("1"):
        fmt = flavour(root)
        segments, skipped, declared = _read_12(path_s, root, locator, fmt)
        if fmt == "xliff":
            fmt = "xliff-1.2"
    else:
        raise InputError(f"unsupported XLIFF version '{version}' (1.2, 2.0, 2.1 and 2.2 are read)",
                         path_s, sourceline(root))
    if not declared and segments and not any(_HAN.search(s.target) for s in segments):
        raise InputError("the file declares no target language and none of its targets is Chinese; "
                         "termkit checks English → simplified Chinese files", path_s, sourceline(root))
    return Bitext(path_s, fmt, tuple(segments), skipped=skipped)


def _units(container, ns: str):
    """The trans-units of a <body>, through <group>s, in document order (never inside a tool's own elements)."""
    for child in container:
        name = localname(child)
        if _ns(child) != ns:
            continue  # mq:historical-unit and the like: a tool's records, not the translation
        if name == "trans-unit":
            yield child
        elif name == "group":
            yield from _units(child, ns)


def _read_12(path: str, root, locator: RawLocator, kind: str) -> tuple[list[Segment], int, bool]:
    segments: list[Segment] = []
    skipped = 0
    declared = False
    ns = _ns(root)
    for file_el in (el for el in root if localname(el) == "file" and _ns(el) == ns):
        target_lang = file_el.get("target-language")
        _check_langs(path, file_el, file_el.get("source-language"), target_lang)
        declared = declared or bool(target_lang)
        body = _child(file_el, "body")
        if body is None:
            continue
        number = 0
        for unit in _units(body, ns):
            number += 1
            if kind == "mqxliff":
                seg, skip = _memoq_unit(unit, number, locator)
            else:
                if unit.get("translate") == "no":
                    continue  # structure the tool keeps for itself, not text to translate
                seg_source = _child(unit, "seg-source")
                marks = _seg_marks(seg_source) if seg_source is not None else {}
                if marks:
                    found, n_skipped = _segmented_unit(unit, number, marks, locator, kind)
                    segments.extend(found)
                    skipped += n_skipped
                    continue
                seg, skip = _plain_unit(unit, number, locator, kind)
            skipped += skip
            if seg is not None:
                segments.append(seg)
    return segments, skipped, declared


def _seg_marks(el) -> dict[str, Any]:
    """The segment markers of a <seg-source> or <target>, by mid, in document order (inside <g> too)."""
    return {m.get("mid") or "": m for m in el.iter() if localname(m) == "mrk" and m.get("mtype") == "seg"}


def _sdl_defs(unit) -> dict[str, Any]:
    defs = next((c for c in unit if localname(c) == "seg-defs" and _ns(c) == SDL_NS), None)
    if defs is None:
        return {}
    return {d.get("id") or "": d for d in defs if localname(d) == "seg"}


def _label(seg_id: str, status: str | None, locked: bool) -> str:
    details = ", ".join(x for x in (status, "locked" if locked else None) if x)
    return f"segment {seg_id} ({details})" if details else f"segment {seg_id}"


def _segmented_unit(unit, number: int, marks: dict, locator: RawLocator, kind: str) -> tuple[list[Segment], int]:
    """The segments of a unit whose <seg-source> marks them (Trados, Okapi)."""
    target = _child(unit, "target")
    if target is None or (target.get("state") == "needs-translation"):
        return [], len(marks)
    unit_id = unit.get("id") or f"#{number}"
    defs = _sdl_defs(unit) if kind == "sdlxliff" else {}
    out: list[Segment] = []
    skipped = 0
    seen = set()
    locator.seek(target)
    for mid, tmark in _seg_marks(target).items():
        smark = marks.get(mid)
        if smark is None:
            continue
        seen.add(mid)
        text = element_text(tmark)
        status = locked = None
        if kind == "sdlxliff":
            seg_def = defs.get(mid)
            status = seg_def.get("conf") if seg_def is not None else None
            locked = seg_def is not None and seg_def.get("locked") == "true"
            # a target without a confirmation level is "Not Translated" in Trados, whatever text it holds
            if status is None:
                skipped += 1
                continue
        if not text.strip():
            skipped += 1
            continue
        if kind == "sdlxliff":
            seg_id = mid
            region = _label(mid, status, bool(locked))
        else:
            seg_id = unit_id if len(marks) == 1 else f"{unit_id}/{mid}"
            region = None
        out.append(Segment(seg_id, element_text(smark), text, locator.locate(tmark, text), status, bool(locked),
                           region))
    skipped += len(set(marks) - seen)
    return out, skipped


def _plain_unit(unit, number: int, locator: RawLocator, kind: str) -> tuple[Segment | None, int]:
    source, target = _child(unit, "source"), _child(unit, "target")
    if source is None or target is None:
        return None, 1
    target_text = element_text(target)
    source_text = element_text(source)
    if _untranslated(source_text, target_text) or target.get("state") == "needs-translation":
        return None, 1
    seg_id = unit.get("id") or f"#{number}"
    status = locked = None
    region = None
    if kind == "sdlxliff":
        defs = list(_sdl_defs(unit).values())
        status = defs[0].get("conf") if defs else None
        locked = bool(defs) and defs[0].get("locked") == "true"
        region = _label(seg_id, status, bool(locked))
    return Segment(seg_id, source_text, target_text, locator.locate(target, target_text), status, bool(locked),
                   region), 0


def _memoq_unit(unit, number: int, locator: RawLocator) -> tuple[Segment | None, int]:
    """A memoQ row: its id is the row number memoQ shows, its status ``mq:status``, its lock ``mq:locked``."""
    source, target = _child(unit, "source"), _child(unit, "target")
    status = unit.get(f"{{{MQ_NS}}}status")
    locked = unit.get(f"{{{MQ_NS}}}locked") == "locked"
    if source is None or target is None or status in MQ_UNTRANSLATED:
        return None, 1
    target_text = element_text(target)
    if not target_text.strip():
        return None, 1
    seg_id = unit.get("id") or f"#{number}"
    return Segment(seg_id, element_text(source), target_text, locator.locate(target, target_text), status, locked,
                   _label(seg_id, status, locked)), 0


def _untranslated(source: str, target: str) -> bool:
    """An empty target. (A source copied into the target is checked: its English terms count as kept.)"""
    return not target.strip()


def _read_2x(path: str, root, locator: RawLocator) -> tuple[list[Segment], int, bool]:
    _check_langs(path, root, root.get("srcLang"), root.get("trgLang"))
    segments: list[Segment] = []
    skipped = 0
    for unit in (el for el in root.iter() if localname(el) == "unit"):
        unit_id = unit.get("id") or f"#{len(segments) + skipped + 1}"
        parts = [el for el in unit if localname(el) == "segment"]
        for n, seg in enumerate(parts, 1):
            source, target = _child(seg, "source"), _child(seg, "target")
            if source is None or target is None:
                skipped += 1
                continue
            target_text = element_text(target)
            source_text = element_text(source)
            if _untranslated(source_text, target_text) or seg.get("state") == "initial":
                skipped += 1
                continue
            seg_id = unit_id
            if len(parts) > 1:
                seg_id = f"{unit_id}/{seg.get('id')}" if seg.get("id") else f"{unit_id}#{n}"
            segments.append(Segment(seg_id, source_text, target_text,
                                    locator.locate(target, target_text), seg.get("state")))
    return segments, skipped, bool(root.get("trgLang"))
