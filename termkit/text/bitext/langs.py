"""Which language codes a bilingual file may declare: English source, simplified Chinese target.

termkit checks Chinese translations of English texts against a simplified
Chinese termbase. A file that declares anything else is refused with one
line, never checked as if it were Chinese: a French target, a German
source, and a traditional Chinese target (``zh-TW``, ``zh-Hant``, ``zh-HK``)
alike. Codes are read as BCP 47 (``zh-Hans-CN``), the way CAT tools write
them (``zh-cn``, Trados ``zh-CN``, memoQ ``zho-CN``, Microsoft's legacy
``zh-CHS``) and as ISO 639-2 (``chi``, ``zho``, ``eng``).
"""

from __future__ import annotations

_ZH = ("zh", "zho", "chi", "cmn")
_EN = ("en", "eng")
#: regions and scripts whose Chinese is traditional
_TRADITIONAL = ("tw", "hk", "mo", "hant", "cht")


def _subtags(code: str) -> list[str]:
    return [s for s in code.strip().lower().replace("_", "-").split("-") if s]


def is_english(code: str) -> bool:
    tags = _subtags(code)
    return bool(tags) and tags[0] in _EN


def is_chinese(code: str) -> bool:
    tags = _subtags(code)
    return bool(tags) and tags[0] in _ZH


def is_simplified_chinese(code: str) -> bool:
    """Chinese, and not marked traditional by its script (Hant) or region (TW, HK, MO)."""
    tags = _subtags(code)
    if not tags or tags[0] not in _ZH:
        return False
    if "hans" in tags or "chs" in tags:
        return True
    return not any(t in _TRADITIONAL for t in tags[1:])


def source_refusal(code: str | None) -> str | None:
    """Why a declared source language is not checked (None: English, or not declared)."""
    if code and not is_english(code):
        return f"source language is '{code}'; termkit checks English → simplified Chinese files"
    return None


def target_refusal(code: str | None) -> str | None:
    """Why a declared target language is not checked (None: simplified Chinese, or not declared)."""
    if not code or is_simplified_chinese(code):
        return None
    if is_chinese(code):
        return (f"target language is '{code}', traditional Chinese; termkit checks simplified Chinese "
                "(its termbases are simplified)")
    return f"target language is '{code}'; termkit checks English → simplified Chinese files"
