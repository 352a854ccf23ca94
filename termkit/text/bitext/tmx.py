"""Read TMX (1.4, and 1.1's ``lang`` attribute) translation memories into segments.

Each ``<tu>`` gives one segment: the ``<tuv>`` whose language starts with
``en`` is the source, the first one starting with ``zh`` the target. A TU
without both is skipped; a file whose TUs hold no English or no Chinese
variant at all (a French → German memory) is refused. The segment id is the TU's ``tuid`` or its number
in the file.
"""

from __future__ import annotations

from pathlib import Path

from termkit.errors import InputError
from termkit.text.bitext.segment import Bitext, Segment
from termkit.text.bitext.xmltext import RawLocator, element_text, localname, read_xml, sourceline

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _lang(tuv) -> str:
    return (tuv.get(_XML_LANG) or tuv.get("lang") or "").lower()


def read_tmx(path: str | Path) -> Bitext:
    path_s = str(path)
    root, raw = read_xml(path)
    if localname(root) != "tmx":
        raise InputError(f"not a TMX file (root element is <{localname(root)}>)", path_s, sourceline(root))
    body = next((el for el in root if localname(el) == "body"), None)
    if body is None:
        raise InputError("TMX file has no <body>", path_s, sourceline(root))
    locator = RawLocator(raw)
    segments: list[Segment] = []
    skipped = 0
    number = 0
    langs: set[str] = set()
    for tu in (el for el in body if localname(el) == "tu"):
        number += 1
        source = target = None
        for tuv in (el for el in tu if localname(el) == "tuv"):
            lang = _lang(tuv)
            langs.add(lang or "(none)")
            seg = next((el for el in tuv if localname(el) == "seg"), None)
            if seg is None:
                continue
            if source is None and lang.startswith("en"):
                source = seg
            elif target is None and lang.startswith("zh"):
                target = seg
        if source is None or target is None:
            skipped += 1
            continue
        target_text = element_text(target)
        if not target_text.strip():
            skipped += 1
            continue
        segments.append(Segment(tu.get("tuid") or f"#{number}", element_text(source), target_text,
                                locator.locate(target, target_text)))
    has_en = any(lang.startswith("en") for lang in langs)
    has_zh = any(lang.startswith("zh") for lang in langs)
    if number and not (has_en and has_zh):
        # a French → German memory would otherwise pass as a clean file with nothing checked
        raise InputError(f"no English and Chinese variants: its languages are {', '.join(sorted(langs))}; "
                         "termkit checks English → Chinese files", path_s, sourceline(body))
    return Bitext(path_s, "tmx", tuple(segments), skipped=skipped)
