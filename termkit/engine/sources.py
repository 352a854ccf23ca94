"""The source texts of a check, for what comes after it: baselines, fixes and reporters.

Baselines and SARIF fingerprints need the text around a finding, the text
report shows its line, and the HTML report marks every term of a document.
They all ask one provider instead of each reading (and re-matching) the
files themselves. Texts are decoded as the check decoded them; findings
arrive sorted by path, so one file is kept at a time.
"""

from __future__ import annotations

from termkit.engine.scan import document_context
from termkit.errors import TermkitError
from termkit.model import Match, Termbase
from termkit.text.document import Document, read_document


class SourceTexts:
    """Decoded texts by path, read on first use; an unreadable path gives ''."""

    def __init__(self, encoding: str | None = None, texts: dict[str, str] | None = None,
                 termbase: Termbase | None = None) -> None:
        self.encoding = encoding
        self.termbase = termbase
        #: texts already in memory (a file being fixed), used instead of the file on disk
        self.known = dict(texts or {})
        self._path: str | None = None
        self._text = ""
        self._doc: Document | None = None

    def get(self, path: str) -> str:
        """The decoded text of ``path`` ('' when it cannot be read, e.g. a string checked without a file)."""
        if path in self.known:
            return self.known[path]
        if path != self._path:
            try:
                self._doc = read_document(path, self.encoding)
                self._text = self._doc.text
            except TermkitError:
                self._doc, self._text = None, ""
            self._path = path
        return self._text

    def document(self, path: str) -> Document:
        """The decoded document (raises InputError when it cannot be read); for a Word, PDF or HTML file,
        the text extracted from it."""
        if path in self.known:
            return Document(path, self.known[path])
        if path == self._path and self._doc is not None:
            return self._doc
        doc = read_document(path, self.encoding)
        self._path, self._doc, self._text = path, doc, doc.text
        return doc

    def matches(self, path: str, text: str) -> list[Match]:
        """Every term match of a text, as the check found them (empty without a termbase)."""
        if self.termbase is None:
            return []
        doc = self._doc if self._doc is not None and self._doc.path == path and self._doc.text == text \
            else Document(path, text)
        return document_context(doc, self.termbase).matches
