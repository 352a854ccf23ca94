"""Tell a line break that wraps a line (a PDF's fixed-width lines) from one that ends a line of text.

Normalization joins Chinese text across every line break, so a term broken by
a PDF's wrap is still found. A near-miss across a break is another matter: in
text extracted from a PDF the break is usually a wrap inside a sentence, but in
a file of one sentence per line, or after a heading, it joins two unrelated
pieces. A break wraps when the line before it is full: at least 85 % as long as
the document's long lines (its 90th percentile of line lengths) and not ended
by a sentence-final mark.
"""

from __future__ import annotations

from termkit.text.lines import LineIndex

#: how full a line must be, against the document's long lines, for its break to be a wrap
FULL = 0.85
_FINAL = "。！？；：!?;:"


class Wraps:
    """The wrap decision for the line breaks of one text (computed on first use)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: LineIndex | None = None
        self._full: float | None = None

    def _setup(self) -> tuple[LineIndex, float]:
        if self._lines is None or self._full is None:
            self._lines = LineIndex(self.text)
            lengths = sorted(e - s for s, e in self._lines.spans() if self.text[s:e].strip())
            p90 = lengths[int(len(lengths) * 0.9)] if lengths else 0
            self._full = FULL * p90
        return self._lines, self._full

    def is_wrap(self, offset: int) -> bool:
        """Whether the line break at ``offset`` (a ``\\n``) wraps the last non-blank line before it."""
        lines, full = self._setup()
        line = lines.line(offset)  # 1-based number of the line the break ends
        spans = lines.spans()
        while line >= 1:
            s, e = spans[line - 1]
            content = self.text[s:e].strip()
            if content:
                return len(content) >= full and content[-1] not in _FINAL
            line -= 1
        return False

    def all_wraps(self, start: int, end: int) -> bool:
        """Whether every line break in ``text[start:end]`` is a wrap."""
        pos = self.text.find("\n", start, end)
        while pos != -1:
            if not self.is_wrap(pos):
                return False
            pos = self.text.find("\n", pos + 1, end)
        return True
