"""The one XML parser configuration for every XML input (XLIFF, TMX, TBX, and the office formats' parts).

Hostile XML cannot make termkit read a file, reach the network, expand an
entity or build a huge tree:

- entity declarations are refused before parsing (``<!ENTITY`` in the
  document type declaration's internal subset: general and parameter
  entities alike, the "billion laughs" and external-entity attacks), as
  defusedxml does; a DOCTYPE that only names an external DTD is allowed and
  that DTD is never loaded;
- lxml is told not to resolve entities, not to load a DTD, not to use the
  network, and to keep its huge-tree limits on; and every external load
  libxml2 would still make (an external DTD named by the DOCTYPE: a FIFO or
  ``/dev/zero`` there would hang it) is answered with nothing by a resolver,
  so no file or URL named in a document is ever opened.

Errors are ``InputError`` naming the file, line and column.
"""

from __future__ import annotations

import re

from lxml import etree

from termkit.errors import InputError

#: the prolog up to the root element: where a document type declaration can sit
_PROLOG_LIMIT = 1 << 16
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)


def parser(*, remove_comments: bool = False, remove_pis: bool = False) -> etree.XMLParser:
    """A parser with entity resolution, DTD loading and network access off.

    ``remove_comments`` and ``remove_pis`` drop comments and processing
    instructions from the tree (lxml's options of those names, off by default).
    """
    # collect_ids stays at its default: with collect_ids=False, lxml 6 has libxml2 load the external DTD
    # (a FIFO there hung the parse); the resolver below answers every load with nothing in any case
    xml_parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                                 huge_tree=False, remove_comments=remove_comments, remove_pis=remove_pis)
    xml_parser.resolvers.add(_NothingResolver())
    return xml_parser


class _NothingResolver(etree.Resolver):
    """Answers every external load libxml2 asks for (a DTD, an entity, anything) with an empty document."""

    def resolve(self, system_url, public_id, context):  # type: ignore[override]  # lxml-stubs lack context
        return self.resolve_string("", context, base_url=system_url)


def _ascii_view(data: bytes) -> bytes:
    """The prolog as ASCII-compatible bytes, whatever the encoding (UTF-16/32 lose their NUL bytes)."""
    head = data[:_PROLOG_LIMIT]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(head) > 1 and (head[0] == 0 or head[1] == 0)):
        return head.replace(b"\x00", b"")
    return head


def refuse_entities(data: bytes, path: str) -> None:
    """Raise InputError when the document declares entities (in any encoding)."""
    head = _ascii_view(data)
    doctype = _DOCTYPE.search(head)
    if doctype is None:
        return
    m = _ENTITY_DECL.search(head, doctype.end())
    if m is not None:
        line = head.count(b"\n", 0, m.start()) + 1
        # the column in characters, not bytes: what precedes on the line may be Chinese
        before = head[head.rfind(b"\n", 0, m.start()) + 1:m.start()]
        column = len(before.decode("utf-8", "replace")) + 1
        raise InputError("XML entity declarations are not allowed (a DTD could expand or fetch them)",
                         path, line, column)


def parse(data: bytes, path: str, *, remove_comments: bool = False, remove_pis: bool = False) -> etree._Element:
    """The root element of an XML document; InputError on declared entities or malformed XML."""
    refuse_entities(data, path)
    try:
        root = etree.fromstring(data, parser(remove_comments=remove_comments, remove_pis=remove_pis))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        msg = exc.msg or "not well-formed XML"
        # libxml2 repeats the place at the end of its message; we give it in front
        msg = re.sub(r",? line \d+, column \d+$", "", msg).split(" (line")[0]
        raise InputError(f"not well-formed XML: {msg}", path, line or None, col or None) from None
    if root is None:
        raise InputError("not well-formed XML: no root element", path)
    return root
