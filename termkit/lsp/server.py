"""`termkit lsp`: the language server, on pygls, over standard input and output.

What it serves (see docs/editors.md):

- diagnostics for every open document, when it is opened or saved and, after a
  pause in typing (``DEBOUNCE``), when it changes: the whole text, checked
  with the project's configuration and termbases as `termkit check` would;
- code actions: a finding's safe fix, every safe fix of the file
  (``source.fixAll.termkit`` too, for fix-on-save), ignore on this line;
- hover on a term: its concept as `termkit lookup` shows it;
- completion of a concept's preferred form from the start of any of its forms.

Threads: pygls reads and answers messages on an asyncio loop. Checking, fixing
and looking terms up run on one worker thread, which alone owns the projects
and the per-document check state, so nothing is shared between threads but
immutable snapshots (a document's text and version). Typing goes on being read
while a check runs; a check whose text is no longer the document's is not
published. Every few seconds (``WATCH_SECONDS``) the worker looks at the
termbase and configuration files of the loaded projects and checks the open
documents again when one changed.

Text sync is "full": the client sends the whole text on each change. pygls
applies incremental changes by lines as ``str.splitlines`` counts them, which
differs from LSP at form feeds and other separators found in text extracted
from PDF and Word files; a full text cannot be applied wrongly, and the check
finds what changed itself (``termkit.lsp.recheck``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from termkit._version import __version__
from termkit.engine.pipeline import check_document
from termkit.engine.sources import SourceTexts
from termkit.engine.suppress import Marks
from termkit.errors import TermkitError
from termkit.lsp import actions
from termkit.lsp.completion import CompletionIndex
from termkit.lsp.diagnostics import Diagnostics, lsp_range
from termkit.lsp.hover import hover_markdown, term_at
from termkit.lsp.positions import UTF8, UTF16, UTF32, LspText
from termkit.lsp.project import Project, Projects
from termkit.lsp.recheck import DocumentChecker
from termkit.model import Finding
from termkit.text.document import Document

log = logging.getLogger("termkit.lsp")

#: seconds of quiet after a change before the document is checked again
DEBOUNCE = 0.15
#: seconds between looks at the termbase and configuration files
WATCH_SECONDS = 2.0
T = TypeVar("T")


def uri_to_path(uri: str) -> Path | None:
    """The file a ``file:`` URI names (None for ``untitled:`` and other schemes)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = url2pathname(unquote(parsed.path))
    if parsed.netloc:  # a UNC path on Windows
        path = f"//{parsed.netloc}{path}"
    return Path(path)


@dataclass
class OpenDocument:
    """What the loop thread knows of an open document: its latest text and version."""

    uri: str
    text: str
    version: int | None
    language: str | None
    path: Path | None


@dataclass
class Analysis:
    """A document checked: its text, project and findings (owned by the worker thread)."""

    text: str
    project: Project | None
    findings: list[Finding] = field(default_factory=list)
    marks: Marks = field(default_factory=Marks)
    error: str | None = None
    name: str = ""


class TermkitServer(LanguageServer):
    def __init__(self, debounce: float = DEBOUNCE, watch_seconds: float = WATCH_SECONDS) -> None:
        super().__init__("termkit", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.debounce = debounce
        self.watch_seconds = watch_seconds
        self.documents: dict[str, OpenDocument] = {}
        self._pending: dict[str, asyncio.Task] = {}
        self._watcher: asyncio.Task | None = None
        self._told: set[str] = set()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="termkit-check")
        # worker-thread state
        self.projects = Projects()
        self._checkers: dict[str, DocumentChecker] = {}
        self._analyses: dict[str, Analysis] = {}
        self._completions: dict[int, CompletionIndex] = {}
        self._diagnostics: dict[str, Diagnostics] = {}

    # -- running on the worker ------------------------------------------------------------------
    async def on_worker(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.worker, fn, *args)

    @property
    def encoding(self) -> str:
        enc = str(self.workspace.position_encoding or UTF16)
        return enc if enc in (UTF8, UTF16, UTF32) else UTF16

    def root_folder(self) -> Path:
        root = self.workspace.root_path if self.workspace is not None else None
        return Path(root) if root else Path.cwd()

    def analyze(self, doc: OpenDocument) -> Analysis:
        """Check a document's text (worker thread); the last analysis of the same text is reused."""
        folder = doc.path.parent if doc.path is not None else self.root_folder()
        name = str(doc.path) if doc.path is not None else doc.uri
        try:
            # first, so that a termbase or configuration changed on disk is loaded again
            project = self.projects.for_folder(folder)
        except TermkitError as exc:
            analysis = Analysis(doc.text, None, error=f"termkit: error: {exc}", name=name)
            self._analyses[doc.uri] = analysis
            return analysis
        known = self._analyses.get(doc.uri)
        if known is not None and known.text is doc.text and known.project is project:
            return known
        if doc.path is not None and not project.selects(name):
            analysis = Analysis(doc.text, project, name=name)  # excluded by the configuration
        else:
            checker = self._checkers.get(doc.uri)
            if checker is None or checker.rules is not project.rules:
                checker = self._checkers[doc.uri] = DocumentChecker(project.rules, name)
            findings = checker.update(doc.text)
            if project.baseline is not None:
                findings, _ = project.baseline.filter(findings, SourceTexts(None, {name: doc.text}))
            analysis = Analysis(doc.text, project, findings, checker.marks, name=name)
        self._analyses[doc.uri] = analysis
        return analysis

    def forget(self, uri: str) -> None:
        self._checkers.pop(uri, None)
        self._analyses.pop(uri, None)
        self._diagnostics.pop(uri, None)

    def diagnostics_of(self, doc: OpenDocument) -> tuple[list[dict], str | None]:
        """The document's diagnostics as JSON-ready dicts, and the error that kept it from being checked."""
        analysis = self.analyze(doc)
        if analysis.error is not None:
            return [], analysis.error
        convert = self._diagnostics.setdefault(doc.uri, Diagnostics())
        return convert(analysis.findings, analysis.marks, doc.text, LspText(doc.text, self.encoding)), None

    def recheck_of(self, project: Project, name: str) -> Callable[[Document], list[Finding]]:
        """The check a fix pass runs again, as ``termkit check --fix`` does (with the baseline)."""
        def recheck(document: Document) -> list[Finding]:
            found = check_document(document, project.termbase, project.options)
            if project.baseline is not None:
                found, _ = project.baseline.filter(found, SourceTexts(None, {name: document.text}))
            return found
        return recheck

    def code_actions(self, doc: OpenDocument, params: types.CodeActionParams) -> list[types.CodeAction]:
        analysis = self.analyze(doc)
        project = analysis.project
        if project is None or not analysis.findings:
            return []
        lines = LspText(doc.text, self.encoding)
        start = lines.offset(params.range.start.line, params.range.start.character)
        end = lines.offset(params.range.end.line, params.range.end.character)
        only = [str(k) for k in params.context.only] if params.context.only else None
        sent = {(d.code, d.range.start.line, d.range.start.character): d
                for d in params.context.diagnostics if d.source == "termkit"}
        caps = self.client_capabilities.text_document
        action_caps = caps.code_action if caps is not None else None
        disabled_support = bool(action_caps and action_caps.disabled_support)
        html = actions.uses_html_comments(doc.language, analysis.name)
        out: list[types.CodeAction] = []
        here = [f for f in analysis.findings if f.start <= end and f.end >= start]
        if actions.wanted(types.CodeActionKind.QuickFix, only):
            ignored: set[tuple[str, int]] = set()
            for f in here:
                rng = lsp_range(lines, f.start, f.end)
                diag = sent.get((f.rule, rng.start.line, rng.start.character))
                fx = actions.fixability(f, doc.text, project)
                if fx is not None:
                    action = actions.fix_action(doc.uri, fx, lines, diag, disabled_support)
                    if action is not None:
                        out.append(action)
                line = doc.text.count("\n", 0, f.start)
                if (f.rule, line) not in ignored:
                    ignored.add((f.rule, line))
                    out.append(actions.ignore_action(doc.uri, doc.text, f, lines, html, diag))
            if any(a.edit is not None and a.kind == types.CodeActionKind.QuickFix and a.is_preferred for a in out):
                out.append(self._fix_all(doc, types.CodeActionKind.QuickFix))
        if actions.wanted(actions.FIX_ALL_KIND, only) and only is not None and actions.has_safe_fix(
                analysis.findings, project):
            # offered on request only (a source action, e.g. on save), not in every light bulb
            out.append(self._fix_all(doc, actions.FIX_ALL_KIND))
        resolve = bool(action_caps and action_caps.resolve_support
                       and "edit" in action_caps.resolve_support.properties)
        if not resolve:
            out = [self.resolve_action(doc, a) if a.data is not None else a for a in out]
        return out

    def _fix_all(self, doc: OpenDocument, kind: str) -> types.CodeAction:
        # the edit is computed when the action is picked (codeAction/resolve): planning every
        # fix of a long document for each light bulb would be wasted work
        return types.CodeAction(title=actions.FIX_ALL_TITLE, kind=kind,
                                data={"uri": doc.uri, "version": doc.version, "fixAll": True})

    def resolve_action(self, doc: OpenDocument, action: types.CodeAction) -> types.CodeAction:
        analysis = self.analyze(doc)
        project = analysis.project
        if project is None:
            return action
        lines = LspText(doc.text, self.encoding)
        edits = actions.fix_all_edits(analysis.name, doc.text, analysis.findings, project,
                                      self.recheck_of(project, analysis.name), lines)
        action.edit = types.WorkspaceEdit(changes={doc.uri: edits})
        action.data = None
        return action

    def hover(self, doc: OpenDocument, position: types.Position) -> types.Hover | None:
        analysis = self.analyze(doc)
        if analysis.project is None:
            return None
        lines = LspText(doc.text, self.encoding)
        offset = lines.offset(position.line, position.character)
        termbase = analysis.project.termbase
        match = term_at(doc.text, offset, termbase)
        if match is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                        value=hover_markdown(match, termbase, doc.text)),
                           range=lsp_range(lines, match.start, match.end))

    def completion(self, doc: OpenDocument, position: types.Position) -> types.CompletionList | None:
        analysis = self.analyze(doc)
        if analysis.project is None:
            return None
        termbase = analysis.project.termbase
        index = self._completions.get(id(termbase))
        if index is None or index.termbase is not termbase:
            index = self._completions[id(termbase)] = CompletionIndex(termbase)
        lines = LspText(doc.text, self.encoding)
        offset = lines.offset(position.line, position.character)
        offers = index.offers(doc.text, offset)
        items = []
        for rank, offer in enumerate(offers):
            detail = offer.concept + (f" · {offer.other}" if offer.other else "")
            if offer.form.text != offer.preferred.text:
                detail += f" · for '{offer.form.text}' ({offer.form.status})"
            items.append(types.CompletionItem(
                label=offer.preferred.text, kind=types.CompletionItemKind.Value, detail=detail,
                filter_text=offer.form.text, sort_text=f"{rank:04d}",
                text_edit=types.TextEdit(range=lsp_range(lines, offer.start, offset), new_text=offer.preferred.text)))
        return types.CompletionList(is_incomplete=True, items=items)

    def stale_projects(self) -> bool:
        return bool(self.projects.stale())

    # -- the loop thread --------------------------------------------------------------------------
    def schedule(self, uri: str, delay: float) -> None:
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self._pending[uri] = asyncio.ensure_future(self._check_later(uri, delay))

    async def _check_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        doc = self.documents.get(uri)
        if doc is None:
            return
        found, error = await self.on_worker(self.diagnostics_of, doc)
        while self.projects.loaded:  # appended by the worker, taken here: list operations are atomic
            built = self.projects.loaded.pop(0)
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Info,
                                                           message=f"termkit: {built.describe()}"))
        if self.documents.get(uri) is not doc:
            return  # changed or closed meanwhile: a newer check is on its way
        if error is not None and error not in self._told:
            self._told.add(error)
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=error))
        self.publish(uri, doc.version, found)

    def publish(self, uri: str, version: int | None, diagnostics: list[dict]) -> None:
        """Send ``textDocument/publishDiagnostics`` with diagnostics already in their JSON form.

        pygls' typed notification would turn each diagnostic into JSON through
        cattrs (see ``termkit.lsp.diagnostics.Diagnostics``); the message is
        written as plain JSON instead, through the protocol's own writer.
        """
        params: dict[str, Any] = {"uri": uri, "diagnostics": diagnostics}
        if version is not None:
            params["version"] = version
        send = getattr(self.protocol, "_send_data", None)
        if send is None:  # pragma: no cover - a pygls without its writer: the typed way
            self.text_document_publish_diagnostics(
                self.protocol._converter.structure(params, types.PublishDiagnosticsParams))
            return
        send({"jsonrpc": "2.0", "method": types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, "params": params})

    async def watch(self) -> None:
        """Check the open documents again when a termbase or configuration file changes."""
        while True:
            await asyncio.sleep(self.watch_seconds)
            try:
                stale = await self.on_worker(self.stale_projects)
            except Exception:  # pragma: no cover - a watcher must outlive a bad file system moment
                log.exception("termkit: watching the termbase files failed")
                continue
            if stale:
                self._told.clear()
                for uri in list(self.documents):
                    self.schedule(uri, 0)

    def open(self, doc: OpenDocument) -> None:
        self.documents[doc.uri] = doc
        self.schedule(doc.uri, 0)
        if self._watcher is None and self.watch_seconds > 0:
            self._watcher = asyncio.ensure_future(self.watch())


def build_server(debounce: float = DEBOUNCE, watch_seconds: float = WATCH_SECONDS) -> TermkitServer:
    """The termkit language server with every feature registered."""
    server = TermkitServer(debounce, watch_seconds)

    @server.feature(types.INITIALIZE)
    def initialize(ls: TermkitServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounceMs"), (int, float)):
            ls.debounce = max(0.0, float(options["debounceMs"]) / 1000)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: TermkitServer, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        ls.open(OpenDocument(item.uri, item.text, item.version, item.language_id, uri_to_path(item.uri)))

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: TermkitServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        old = ls.documents.get(uri)
        if old is None:
            return
        text = ls.workspace.get_text_document(uri).source
        ls.documents[uri] = OpenDocument(uri, text, params.text_document.version, old.language, old.path)
        ls.schedule(uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: TermkitServer, params: types.DidSaveTextDocumentParams) -> None:
        if params.text_document.uri in ls.documents:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: TermkitServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.documents.pop(uri, None)
        pending = ls._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.worker.submit(ls.forget, uri)
        ls.publish(uri, None, [])

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND], resolve_provider=True))
    async def code_action(ls: TermkitServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        return await ls.on_worker(ls.code_actions, doc, params)

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(ls: TermkitServer, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        doc = ls.documents.get(str(data.get("uri", "")))
        if doc is None or not data.get("fixAll"):
            return action
        return await ls.on_worker(ls.resolve_action, doc, action)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: TermkitServer, params: types.HoverParams) -> types.Hover | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        return await ls.on_worker(ls.hover, doc, params.position)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(resolve_provider=False))
    async def completion(ls: TermkitServer, params: types.CompletionParams) -> types.CompletionList | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        return await ls.on_worker(ls.completion, doc, params.position)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: TermkitServer, params: None) -> None:
        for task in ls._pending.values():
            task.cancel()
        if ls._watcher is not None:
            ls._watcher.cancel()
        ls.worker.shutdown(wait=False, cancel_futures=True)

    return server


def serve() -> None:
    """Run the server on standard input and output until the client says exit."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    build_server().start_io()
