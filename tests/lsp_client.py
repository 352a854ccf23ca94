"""A language client that drives `termkit lsp` over stdio as an editor does (pygls' own client).

Used by tests/test_lsp_server.py: it starts ``python -m termkit lsp`` in a
workspace folder, initializes, opens and changes documents, keeps every
``publishDiagnostics`` the server sends, and applies the text edits code
actions return, converting LSP positions (UTF-16 code units by default) on its
own, independently of the server's conversion.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

#: seconds to wait for the server (the first check loads the termbase)
TIMEOUT = 90


def offset_of(text: str, position: types.Position, encoding: str = "utf-16") -> int:
    """A position's offset in ``text`` (lines end at ``\\n`` in the test documents)."""
    lines = text.split("\n")
    offset = sum(len(line) + 1 for line in lines[:position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for i, ch in enumerate(line):
        if units >= position.character:
            return offset + i
        units += len(ch.encode(encoding + ("-le" if encoding == "utf-16" else ""))) // (2 if encoding == "utf-16" else 1)
    return offset + len(line)


def apply_edits(text: str, edits, encoding: str = "utf-16") -> str:
    """Apply LSP text edits (non-overlapping) to a text."""
    spans = sorted(((offset_of(text, e.range.start, encoding), offset_of(text, e.range.end, encoding), e.new_text)
                    for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def span(d) -> tuple[int, int, int, int]:
    r = d.range
    return r.start.line, r.start.character, r.end.line, r.end.character


class Editor:
    """An editor session with `termkit lsp`: ``async with Editor(folder) as ed: ...``."""

    def __init__(self, folder: Path, capabilities: types.ClientCapabilities | None = None,
                 init_options: dict | None = None) -> None:
        self.folder = folder
        self.capabilities = capabilities or types.ClientCapabilities()
        self.init_options = init_options
        self.client = LanguageClient("termkit-tests", "1")
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.messages: list[str] = []
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self._changed = asyncio.Condition()
        self.result: types.InitializeResult | None = None

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        async def publish(params: types.PublishDiagnosticsParams) -> None:
            async with self._changed:
                self.published.setdefault(params.uri, []).append(params)
                self._changed.notify_all()

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        async def show(params: types.ShowMessageParams) -> None:
            async with self._changed:
                self.messages.append(params.message)
                self._changed.notify_all()

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def log(params: types.LogMessageParams) -> None:
            pass

    async def __aenter__(self) -> Editor:
        env = dict(os.environ)
        await self.client.start_io(sys.executable, "-m", "termkit", "lsp", cwd=str(self.folder), env=env)
        self.result = await asyncio.wait_for(self.client.initialize_async(types.InitializeParams(
            capabilities=self.capabilities, root_uri=self.folder.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=self.folder.as_uri(), name="ws")],
            initialization_options=self.init_options)), TIMEOUT)
        self.client.initialized(types.InitializedParams())
        return self

    async def __aexit__(self, *exc) -> None:
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), TIMEOUT)

    def open(self, name: str, text: str, language: str = "markdown") -> str:
        uri = (self.folder / name).as_uri()
        self.versions[uri] = 1
        self.texts[uri] = text
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
        return uri

    def change(self, uri: str, text: str) -> int:
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
        return self.versions[uri]

    def save(self, uri: str) -> None:
        self.client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))

    def close(self, uri: str) -> None:
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))

    async def wait_for(self, ready, timeout: float = TIMEOUT):
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(ready), timeout)

    async def diagnostics(self, uri: str, after: int = 0) -> list[types.Diagnostic]:
        """The diagnostics of the document's current version (published after the first ``after`` ones)."""
        version = self.versions[uri]

        def ready() -> bool:
            got = self.published.get(uri, [])[after:]
            return any(p.version == version for p in got)

        await self.wait_for(ready)
        return list([p for p in self.published[uri][after:] if p.version == version][-1].diagnostics)

    def latest(self, uri: str) -> list[types.Diagnostic]:
        return list(self.published[uri][-1].diagnostics)

    def count(self, uri: str) -> int:
        return len(self.published.get(uri, []))

    async def code_actions(self, uri: str, rng: types.Range, diagnostics=(), only=None) -> list[types.CodeAction]:
        result = await asyncio.wait_for(self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=rng,
            context=types.CodeActionContext(diagnostics=list(diagnostics), only=only))), TIMEOUT)
        return [a for a in result or [] if isinstance(a, types.CodeAction)]

    async def resolve(self, action: types.CodeAction) -> types.CodeAction:
        return await asyncio.wait_for(self.client.code_action_resolve_async(action), TIMEOUT)

    async def hover(self, uri: str, line: int, character: int) -> types.Hover | None:
        return await asyncio.wait_for(self.client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character))), TIMEOUT)

    async def completion(self, uri: str, line: int, character: int):
        return await asyncio.wait_for(self.client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character))), TIMEOUT)

    def apply(self, uri: str, edit: types.WorkspaceEdit, encoding: str = "utf-16") -> str:
        """The document's text with a workspace edit applied (and sent to the server as a change)."""
        assert edit.changes is not None and set(edit.changes) == {uri}
        text = apply_edits(self.texts[uri], edit.changes[uri], encoding)
        self.change(uri, text)
        return text
