"""Apply safe fixes to files: plan the new content, preview it as a diff, write it atomically.

Guarantees, for every file:
- only findings ``fix.edits_for`` accepts are applied (one safe replacement,
  no normalization seam such as a line break inside the span), and only after
  ``fix.verify`` has found that the corrected sentence reads as the correction and
  raises nothing new; a refused fix stays a finding, with a note saying why;
- every other byte stays as it was: the file is re-encoded in the encoding it
  was read in, with its byte-order mark, and line endings are never touched
  (the decoded text keeps ``\\r\\n``); a file whose bytes would not survive
  decoding and re-encoding is left alone with a note;
- a file with nothing to change is not written;
- fixes are applied until none is left (a fix can uncover another, or two
  overlapping ones wait for each other), so a second ``--fix`` changes nothing;
- the write goes to a temporary file in the same directory, is flushed to
  disk, gets the original's permissions and then replaces the original in one
  ``os.replace``: an interrupted write leaves the original intact;
- just before the replace, the file is read again: if its size, time or
  content differ from what was checked (an editor saved meanwhile), nothing is
  written and a note says so; the old file is watched across the replace, and
  a write that lands in that instant is kept and the fix undone;
- a file whose encoding was told from its text rather than known
  (``Document.guessed``) is never fixed; a read-only or hard-linked file is
  refused by the writer (``_util.atomic``) with a note.

A Word document (.docx) is fixed through its extracted text the same way
(the same edits, verified the same way, passes until settled); the changes,
composed in the offsets of the text as read (``fix.revisions``), are then
written into the document by ``fix.docx_write``: as tracked changes, or
directly (``mode``). A span the writer cannot rewrite safely (another
reviser's change, a field result…) is refused like an unverified fix, with a
note. A document open in Word (its ``~$`` lock file beside it) or in
LibreOffice (``.~lock.NAME#``) is not written. Other formats (PDF,
OpenDocument, HTML) are reported, never fixed.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from termkit._util.atomic import write_atomic
from termkit.errors import FileChangedError, FileInUseError, InputError
from termkit.fix.edits import Edit, apply_edits, edits_for
from termkit.fix.revisions import Change, Revisions
from termkit.fix.verify import SentenceCheck, refusal, sentence_bounds
from termkit.model import Finding
from termkit.text.document import Document, decode, encoding_label, read_bytes
from termkit.text.formats import format_of, read_source
from termkit.text.lines import LineIndex

#: passes of fix-and-recheck before giving up on reaching a fixed point
MAX_PASSES = 8


@dataclass(frozen=True)
class FilePlan:
    """What fixing one file would do."""

    path: str
    document: Document
    new_text: str
    fixed: int  # findings fixed, over all passes
    #: what the file was when it was read: size, modification time, content digest
    stamp: tuple[int, int, str] = (0, 0, "")
    #: a Word document: its bytes as read, the changes in the offsets of its text as read, tracked or direct
    data: bytes = b""
    changes: tuple[Change, ...] = ()
    mode: str = "tracked"

    @property
    def changed(self) -> bool:
        return self.new_text != self.document.text

    def encoded(self) -> bytes:
        """The new content of the file: the text re-encoded, or the Word document with its changes written."""
        if self.document.format == "docx":
            from termkit.fix.docx_write import DocxEditor

            return DocxEditor(self.path, self.data).write(self.changes, self.mode)
        return self.document.bom + self.new_text.encode(self.document.encoding)

    def diff(self) -> str:
        """A unified diff of the decoded text (what a reviewer reads), ``a/`` and ``b/`` prefixed."""
        name = Path(self.path).as_posix()
        lines = difflib.unified_diff(
            self.document.text.splitlines(keepends=True), self.new_text.splitlines(keepends=True),
            fromfile=f"a/{name}", tofile=f"b/{name}")
        out = []
        for line in lines:
            # a last line without a newline is marked the way diff(1) and git do
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        return "".join(out)


def _stamp(path: str, data: bytes) -> tuple[int, int, str]:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, hashlib.blake2b(data, digest_size=20).hexdigest()


def plan_file(path: str, findings: Iterable[Finding], recheck: Callable[[Document], list[Finding]],
              encoding: str | None = None, rules: Iterable[str] | None = None,
              check: SentenceCheck | None = None, given: tuple[Document, bytes] | None = None,
              mode: str = "tracked") -> tuple[FilePlan | None, list[str]]:
    """The fix plan of one file (None when it is left alone) and notes on what was not fixed, and why.

    ``findings`` are the file's current (already filtered) findings;
    ``recheck`` checks a changed text again, the same way, for the next pass;
    ``rules``, when given, limits the fixes to those rule ids; ``check`` verifies
    each fix in its sentence (``fix.verify``) before it is applied; ``given``, a
    document given by its content and the bytes it stands for, is used instead
    of reading the file. ``mode`` is how a Word document takes its fixes: ``tracked`` or ``direct``.
    """
    fmt = format_of(path) if given is None else None
    editor = None
    if fmt is not None and fmt.name != "text":
        if not fmt.fixable:
            return None, [f"{path}: not fixed: fixes are written into text and Word files; "
                          f"a {fmt.label} file is only checked"]
        from termkit.fix.docx_write import DocxEditor

        data = read_bytes(path, binary_ok=True)
        stamp = _stamp(path, data)
        editor = DocxEditor(path, data)
        doc = read_source(path, encoding)
        if doc.text != editor.content.text():  # pragma: no cover - the file changed between the two reads
            return None, [f"{path}: not fixed: the file changed while it was being checked; run again"]
    elif given is None:
        data = read_bytes(path, binary_ok=True)
        stamp = _stamp(path, data)
        doc = decode(data, path, encoding)
    else:
        doc, data = given
        stamp = (0, 0, hashlib.blake2b(data, digest_size=20).hexdigest())
    if doc.guessed:
        return None, [f"{path}: not fixed: its encoding ({encoding_label(doc.encoding)}) was told from the text, "
                      "not known; name it with --encoding to fix the file"]
    findings = list(findings)
    if any(doc.text[f.start:f.end] != f.text for f in findings):
        # the file changed after it was checked: its offsets no longer point at the findings
        return None, [f"{path}: not fixed: the file changed while it was being checked; run again"]
    if editor is None:
        try:
            round_trip = doc.bom + doc.text.encode(doc.encoding) == data
        except UnicodeEncodeError:
            round_trip = False
        if not round_trip:
            return None, [f"{path}: not fixed: its bytes do not survive decoding and re-encoding as {doc.encoding}"]
    text = doc.text
    fixed = 0
    notes: list[str] = []
    refused: set[tuple[str, str, str, str]] = set()
    revisions = Revisions(doc.text)
    for pass_number in range(MAX_PASSES):
        edits = [e for e in edits_for(findings, rules) if _identity(text, e) not in refused]
        if not edits:
            break
        applied = 0
        # from the end, so that the offsets of the edits still to come stay valid
        for edit in reversed(edits):
            reason = refusal(text, edit, check) if check is not None else None
            if reason is None and editor is not None:
                # the change this edit makes of the document as read must be one the writer can make
                trial = revisions.copy()
                change = trial.apply(edit)
                reason = editor.refusal(change.start, change.end)
                if reason is None:
                    revisions = trial
            if reason is not None:
                refused.add(_identity(text, edit))
                line, column = LineIndex(text).line_col(edit.start)
                # in the first pass, offsets are those of the document as read, whose regions are known
                where = _region(doc, edit.start) if pass_number == 0 else ""
                notes.append(f"{path}:{line}:{column}:{where} '{edit.text}' not fixed to '{edit.replacement}': "
                             f"{reason}")
                continue
            text = apply_edits(text, [edit])
            applied += 1
        if not applied:
            break
        try:
            text.encode(doc.encoding)
        except UnicodeEncodeError:
            return None, notes + [f"{path}: not fixed: a replacement cannot be written in {doc.encoding}"]
        fixed += applied
        findings = recheck(dataclasses.replace(doc, text=text, positions=None, notes=()))
    else:
        if [e for e in edits_for(findings, rules) if _identity(text, e) not in refused]:
            return None, notes + [f"{path}: not fixed: fixes did not settle after {MAX_PASSES} passes"]
    if editor is not None:
        return FilePlan(path, doc, text, fixed, stamp, data, tuple(revisions.changes()), mode), notes
    return FilePlan(path, doc, text, fixed, stamp), notes


def _region(doc: Document, offset: int) -> str:
    """" (page 3, line 12)": where an offset is in a document that is not plain text."""
    region = doc.positions.region(offset) if doc.positions is not None else None
    return f" ({region})" if region else ""


def lock_file(path: str) -> Path | None:
    """The lock file Word (``~$name``) or LibreOffice (``.~lock.name#``) keeps beside a document it has open."""
    p = Path(path)
    name = p.name
    # Word names the owner file "~$" + the name, dropping one or two leading characters of a long name
    candidates = [f"~${name}", f"~${name[1:]}", f"~${name[2:]}", f".~lock.{name}#"]
    for candidate in candidates:
        lock = p.with_name(candidate)
        if lock.exists():
            return lock
    return None


def _identity(text: str, edit: Edit) -> tuple[str, str, str, str]:
    """What a fix is, wherever later passes move it: its rule, text, replacement and sentence."""
    lo, hi = sentence_bounds(text, edit.start, edit.end)
    return edit.rule, edit.text, edit.replacement, text[lo:hi]


def write_plan(plan: FilePlan, *, allow_read_only: bool = False) -> bool:
    """Write a planned fix; False (and nothing written) when it changes nothing.

    Raises FileChangedError, writing nothing, when the file is no longer what
    was read: compared once before the new content is written and again
    immediately before it replaces the file (``write_atomic``'s ``check``),
    and the old file is watched across the replace itself. Raises
    WriteRefusedError for a file the writer will not replace (read-only unless
    ``allow_read_only``, hard-linked, another user's).
    """
    if not plan.changed:
        return False
    lock = lock_file(plan.path) if plan.document.format == "docx" else None
    if lock is not None:
        raise FileInUseError(f"not written: the document is open in Word or LibreOffice ({lock.name} beside it); "
                             "close it and run again", plan.path)

    def unchanged() -> None:
        try:
            current = _stamp(plan.path, read_bytes(plan.path, binary_ok=True))
        except (OSError, InputError):
            current = (0, 0, "")
        if current != plan.stamp:
            raise FileChangedError("changed on disk since it was checked (an editor saved it?): not written; "
                                   "run again", plan.path)

    unchanged()
    write_atomic(plan.path, plan.encoded(), allow_read_only=allow_read_only, check=unchanged)
    return True


def plan_fixes(findings: Iterable[Finding], recheck: Callable[[Document], list[Finding]],
               encoding: str | None = None, skip_rules: Iterable[str] = (),
               check: SentenceCheck | None = None, given: Mapping[str, tuple[Document, bytes]] | None = None,
               mode: str = "tracked") -> tuple[list[FilePlan], list[str]]:
    """Fix plans for every file with a fixable finding, in path order, and notes on files left alone.

    ``findings`` are what the check reported (after suppressions and the
    baseline); ``recheck`` checks a changed document again exactly as the
    check did (options, suppressions, baseline), so a suppressed or baselined
    finding is never fixed. Findings of the ``skip_rules`` are reported, never
    fixed. ``given`` holds the documents given by their content (see ``plan_file``);
    ``mode`` is how Word documents take their fixes (``tracked`` or ``direct``).
    """
    given = given or {}
    skip = frozenset(skip_rules)
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        if f.rule not in skip:
            by_path.setdefault(f.path, []).append(f)
    plans, notes = [], []
    for path in sorted(by_path):
        if not edits_for(by_path[path]):
            continue

        def recheck_kept(doc: Document) -> list[Finding]:
            return [f for f in recheck(doc) if f.rule not in skip]

        plan, file_notes = plan_file(path, by_path[path], recheck_kept, encoding, check=check,
                                     given=(given or {}).get(path), mode=mode)
        notes.extend(file_notes)
        if plan is not None and plan.changed:
            plans.append(plan)
    return plans, notes
