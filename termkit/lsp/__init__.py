"""The language server (`termkit lsp`): termkit's checks in the editor, as the translator types.

A shell over the library, beside the command line (``termkit.cli``): the
library never imports it. ``server`` wires pygls; ``project`` loads a file's
configuration and termbases once per workspace; ``recheck`` checks a document
again after an edit without redoing the parts the edit cannot change;
``diagnostics``, ``actions``, ``hover`` and ``completion`` turn the library's
findings, fixes and entries into LSP messages; ``positions`` converts offsets
to the client's line and code-unit positions. Only ``server`` imports pygls,
and ``diagnostics``, ``actions`` and ``server`` its protocol types
(lsprotocol), so the rest can be used and tested without a client.
"""
