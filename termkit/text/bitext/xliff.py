"""Read XLIFF 1.2 and XLIFF 2.0 files into segments.

XLIFF 1.2: every ``<trans-unit>`` with a ``<source>`` and a translated
``<target>`` (``<alt-trans>`` proposals are not the translation and are
ignored). A target that is empty or marked ``state="needs-translation"``
(1.2) or ``state="initial"`` (2.0, on the segment) is untranslated and
skipped. XLIFF 2.0: every ``<segment>`` of every ``<unit>``; a unit with
several segments gives ids ``unit/segment`` (or ``unit#n``). Inline codes
(``<x/>``, ``<ph/>``, ``<bpt>``…) are dropped from the text; the text of
``<g>``, ``<pc>`` and ``<mrk>`` is kept.
"""

from __future__ import annotations

from pathlib import Path

from termkit.errors import InputError
from termkit.text.bitext.segment import Bitext, Segment
from termkit.text.bitext.xmltext import RawLocator, element_text, localname, read_xml, sourceline

_NS = {"1.2": "urn:oasis:names:tc:xliff:document:1.2", "2.0": "urn:oasis:names:tc:xliff:document:2.0"}


def _check_langs(path: str, el, source_lang: str | None, target_lang: str | None) -> None:
    """termkit checks a Chinese translation of an English text; refuse the other way round."""
    if source_lang and not source_lang.lower().startswith("en"):
        raise InputError(f"source language is '{source_lang}'; termkit checks English → Chinese files",
                         path, el.sourceline)
    if target_lang and not target_lang.lower().startswith("zh"):
        raise InputError(f"target language is '{target_lang}'; termkit checks English → Chinese files",
                         path, el.sourceline)


def _child(el, name: str):
    for child in el:
        if localname(child) == name:
            return child
    return None


def read_xliff(path: str | Path) -> Bitext:
    """Segments of an XLIFF 1.2 or 2.0 file; InputError on anything else."""
    path_s = str(path)
    root, raw = read_xml(path)
    if localname(root) != "xliff":
        raise InputError(f"not an XLIFF file (root element is <{localname(root)}>)", path_s, sourceline(root))
    version = root.get("version") or ""
    locator = RawLocator(raw)
    if version.startswith("2"):
        segments, skipped = _read_20(path_s, root, locator)
    elif version.startswith("1"):
        segments, skipped = _read_12(path_s, root, locator)
    else:
        raise InputError(f"unsupported XLIFF version '{version}' (1.2 and 2.0 are read)", path_s, sourceline(root))
    return Bitext(path_s, f"xliff-{'2.0' if version.startswith('2') else '1.2'}", tuple(segments),
                  skipped=skipped)


def _read_12(path: str, root, locator: RawLocator) -> tuple[list[Segment], int]:
    segments: list[Segment] = []
    skipped = 0
    for file_el in (el for el in root.iter() if localname(el) == "file"):
        _check_langs(path, file_el, file_el.get("source-language"), file_el.get("target-language"))
        number = 0
        for unit in (el for el in file_el.iter() if localname(el) == "trans-unit"):
            number += 1
            source, target = _child(unit, "source"), _child(unit, "target")
            if source is None or target is None:
                skipped += 1
                continue
            target_text = element_text(target)
            source_text = element_text(source)
            if _untranslated(source_text, target_text) or target.get("state") == "needs-translation":
                skipped += 1
                continue
            seg_id = unit.get("id") or f"#{number}"
            segments.append(Segment(seg_id, source_text, target_text,
                                    locator.locate(target, target_text)))
    return segments, skipped


def _untranslated(source: str, target: str) -> bool:
    """An empty target. (A source copied into the target is checked: its English terms count as kept.)"""
    return not target.strip()


def _read_20(path: str, root, locator: RawLocator) -> tuple[list[Segment], int]:
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
                                    locator.locate(target, target_text)))
    return segments, skipped
