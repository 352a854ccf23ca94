"""Read TMX (1.4, and 1.1's ``lang`` attribute) translation memories into segments.

Each ``<tu>`` gives one segment: the ``<tuv>`` whose language is English is
the source, the first one in simplified Chinese the target (``zh-CN``,
``zh-Hans``, ``zh``; ``text.bitext.langs``). A TU without both is skipped.
The segment id is the TU's ``tuid`` or its number in the file. A memory
with no English–simplified-Chinese pair at all is refused, naming the
languages it has: a ``zh-TW`` memory is not checked as if it were simplified.
"""

from __future__ import annotations

from pathlib import Path

from termkit.errors import InputError
from termkit.text.bitext.langs import is_chinese, is_english, is_simplified_chinese
from termkit.text.bitext.segment import Bitext, Segment
from termkit.text.bitext.xmltext import RawLocator, element_text, localname, read_xml, sourceline

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _lang(tuv) -> str:
    return tuv.get(_XML_LANG) or tuv.get("lang") or ""


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
    languages: dict[str, None] = {}
    for tu in (el for el in body if localname(el) == "tu"):
        number += 1
        source = target = None
        for tuv in (el for el in tu if localname(el) == "tuv"):
            lang = _lang(tuv)
            languages.setdefault(lang, None)
            seg = next((el for el in tuv if localname(el) == "seg"), None)
            if seg is None:
                continue
            if source is None and is_english(lang):
                source = seg
            elif target is None and is_simplified_chinese(lang):
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
    if number and not segments:
        found = ", ".join(lang or "(none)" for lang in languages) or "none"
        if any(is_chinese(lang) for lang in languages):
            reason = (f"no TU pairs English with simplified Chinese (languages: {found}); "
                      "termkit checks English → simplified Chinese")
        else:
            reason = f"no TU pairs English with Chinese (languages: {found}); termkit checks English → Chinese"
        raise InputError(reason, path_s, sourceline(body))
    return Bitext(path_s, "tmx", tuple(segments), skipped=skipped)
