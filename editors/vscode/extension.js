// The termkit extension: start `termkit lsp` for Markdown, plain text and HTML, and let
// the language client do the rest (diagnostics, quick fixes, hover, completion).
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("termkit");
  const [command, ...args] = settings.get("command", ["termkit", "lsp"]);
  client = new LanguageClient(
    "termkit",
    "termkit",
    { command, args, transport: TransportKind.stdio },
    {
      documentSelector: ["markdown", "plaintext", "html"].flatMap((language) => [
        { scheme: "file", language },
        { scheme: "untitled", language },
      ]),
      initializationOptions: { debounceMs: settings.get("debounceMs", 150) },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
