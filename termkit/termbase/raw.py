"""Read a termbase YAML file into plain structures that remember where each value was written.

Safe loading only: YAML is composed into nodes by the safe loader (libyaml's
``CSafeLoader`` when PyYAML has it, else ``SafeLoader``; no tags are executed)
and converted by hand. Composing shares an aliased node instead of copying
it, so a 400-byte alias bomb ("billion laughs") composes into a few dozen
nodes; before anything is converted, a document with an anchor gets one pass
over its composed graph that counts what converting would build (each node
once, with its size remembered), and a document beyond the limits below,
which no real termbase reaches, is refused (nesting and value length are
checked again while converting, for documents without anchors):

- ``MAX_FILE_SIZE``: a termbase file of at most 64 MiB (100,000 terms take 7 MB);
- ``MAX_NODES``: two million YAML nodes once aliases are expanded;
- ``MAX_ALIAS_NODES``: 100,000 nodes reached again through aliases (termbases
  rarely use aliases at all);
- ``MAX_DEPTH``: collections nested 100 deep (a termbase nests 6);
- ``MAX_SCALAR``: 100,000 characters in one value (the longest definition
  in the bundled termbases has 428);
- a recursive alias (an anchor used inside its own node) is refused.

``termkit.termbase.load`` adds the limits on terms (length, terms per concept).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from termkit.errors import TermkitError
from termkit.model import Located
from termkit.text.document import read_bytes
from termkit.text.lines import decode_utf8

#: the largest termbase file read, in bytes
MAX_FILE_SIZE = 64 * 1024 * 1024
#: more nodes than any real termbase holds; a larger expansion is an alias bomb
MAX_NODES = 2_000_000
#: nodes reached again through aliases
MAX_ALIAS_NODES = 100_000
#: collections nested this deep
MAX_DEPTH = 100
#: characters in one scalar value
MAX_SCALAR = 100_000


class RawMap(dict):
    """A mapping that remembers its own position and the position of each key and value."""

    where: Located
    key_where: dict
    value_where: dict


class _Marks(dict):
    """Key -> YAML mark; looking a key up gives its Located.

    The validator reads the position of a key or value only to name a problem
    (and of a term's text, which the Term keeps); building a Located for every
    key and value up front was a fifth of loading a large termbase.
    """

    __slots__ = ("path",)
    path: str

    def __getitem__(self, key) -> Located:
        return _located(self.path, dict.__getitem__(self, key))

    def get(self, key, default=None):
        mark = dict.get(self, key)
        return default if mark is None else _located(self.path, mark)


class RawList(list):
    where: Located
    item_where: list


#: libyaml's composer (shipped in PyYAML's wheels) builds the same nodes, marks included,
#: several times faster than the pure-Python one; the pure-Python one remains for builds without it
_C_LOADER = getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None
_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = yaml.SafeLoader
if _C_LOADER is not None:  # pragma: no branch - PyYAML built without libyaml keeps the pure-Python one
    _LOADER = _C_LOADER

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT, _MERGE = (_TAG + t for t in ("str", "null", "bool", "int", "float", "merge"))
_PLAIN_TAGS = frozenset(_TAG + t for t in
                        ("map", "seq", "str", "null", "bool", "int", "float", "timestamp", "merge"))
_new = object.__new__


def _located(path: str, mark) -> Located:
    # Located is a frozen dataclass, whose __init__ assigns through object.__setattr__;
    # filling its __dict__ directly builds the same object at a third of the cost
    # (a 100,000-term termbase has a million of them).
    loc = _new(Located)
    loc.__dict__.update(path=path, line=mark.line + 1, column=mark.column + 1)
    return loc


def _loc(path: str, node: yaml.Node) -> Located:
    return _located(path, node.start_mark)


class _Converter:
    def __init__(self, path: str) -> None:
        self.path = path
        self.depth = 0

    def convert(self, node: yaml.Node):
        tag = node.tag
        if tag not in _PLAIN_TAGS:
            # an explicit tag such as !!python/object is refused, not just left unexecuted
            raise TermkitError(f"YAML tag '{tag}' is not allowed in a termbase",
                               self.path, *_line_col(node))
        if tag == _STR:  # the usual case first
            value = node.value
            if len(value) > MAX_SCALAR:
                raise TermkitError(f"a value of {len(value):,} characters (at most {MAX_SCALAR:,})",
                                   self.path, *_line_col(node))
            return value
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise TermkitError(f"YAML nested more than {MAX_DEPTH} deep", self.path, *_line_col(node))
            try:
                return self._mapping(node) if isinstance(node, yaml.MappingNode) else self._sequence(node)
            finally:
                self.depth -= 1
        # Scalars: resolve the plain tag the SafeLoader would, without constructing objects.
        value = node.value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in ("true", "yes", "on")
        if tag == _INT:
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return value
        if tag == _FLOAT:
            try:
                return float(value)
            except ValueError:
                return value
        # timestamps and anything else stay text: a termbase holds words, not dates
        return value

    def _mapping(self, node: yaml.MappingNode) -> RawMap:
        path = self.path
        convert = self.convert
        out = RawMap()
        out.where = _located(path, node.start_mark)
        out.key_where = key_where = _Marks()
        out.value_where = value_where = _Marks()
        key_where.path = value_where.path = path
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise TermkitError("YAML merge keys (<<) are not supported in termbases",
                                   path, *_line_col(key_node))
            key = convert(key_node)
            if not isinstance(key, str):
                raise TermkitError(f"mapping key must be a string, not {key!r}",
                                   path, *_line_col(key_node))
            if key in out:
                raise TermkitError(f"duplicate key '{key}'", path, *_line_col(key_node))
            out[key] = convert(value_node)
            key_where[key] = key_node.start_mark
            value_where[key] = value_node.start_mark
        return out

    def _sequence(self, node: yaml.SequenceNode) -> RawList:
        path = self.path
        convert = self.convert
        out = RawList()
        out.where = _located(path, node.start_mark)
        out.item_where = item_where = []
        for item in node.value:
            out.append(convert(item))
            item_where.append(_located(path, item.start_mark))
        return out


def _line_col(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def read_yaml(path: str | Path, text: str | None = None):
    """Parse one YAML file into RawMap/RawList/scalars with positions."""
    path_s = str(path)
    if text is None:
        data = read_bytes(path_s, "termbase", limit=MAX_FILE_SIZE, binary_ok=True)
        text = decode_utf8(data, path_s, "termbase")
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except RecursionError:  # the pure-Python composer on a deeply nested document (libyaml stops at 1,000)
        raise TermkitError(f"YAML nested more than {MAX_DEPTH} deep", path_s) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context or "syntax error"
        raise TermkitError(f"YAML syntax error: {problem}", path_s, *where) from None
    except yaml.reader.ReaderError as exc:
        line, col = _reader_position(text, exc.position)
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise TermkitError(f"character {char} is not allowed in YAML", path_s, line, col) from None
    except yaml.YAMLError as exc:
        raise TermkitError(f"YAML error: {exc}", path_s) from None
    if node is None:
        return None
    if "&" in text:  # an anchor, so perhaps aliases: count what they expand to before expanding anything
        check_graph(node, path_s)
    return _Converter(path_s).convert(node)


def check_graph(root: yaml.Node, path: str) -> int:
    """Refuse a composed document beyond the limits (see the module docstring); the nodes it expands to.

    One pass over the graph, without recursion (a document nested 200,000 deep
    is refused, not a RecursionError): each distinct node is visited once and
    its expanded size and depth remembered, so an alias bomb costs as many
    steps as it has distinct nodes, not as many as it would expand to.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    visiting: set[int] = set()
    distinct = 0
    open_depth = 0  # collections being visited: the nesting of the node on top of the stack
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        nid = id(node)
        if leaving:
            open_depth -= 1
            children = _children(node)
            total = 1 + sum(size[id(c)] for c in children)
            deepest = 1 + max((depth[id(c)] for c in children), default=0)
            visiting.discard(nid)
            size[nid], depth[nid] = total, deepest
            if total > MAX_NODES or total - distinct > MAX_ALIAS_NODES:
                raise TermkitError(f"YAML aliases expand to more than {min(total, MAX_NODES + 1):,} nodes "
                                   "(alias expansion refused)", path, *_line_col(node))
            continue
        if nid in size:
            continue
        if nid in visiting:
            raise TermkitError("recursive YAML alias (an anchor used inside itself)", path, *_line_col(node))
        distinct += 1
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > MAX_SCALAR:
                raise TermkitError(f"a value of {len(node.value):,} characters (at most {MAX_SCALAR:,})",
                                   path, *_line_col(node))
            size[nid], depth[nid] = 1, 0
            continue
        if open_depth >= MAX_DEPTH:
            raise TermkitError(f"YAML nested more than {MAX_DEPTH} deep", path, *_line_col(node))
        visiting.add(nid)
        open_depth += 1
        stack.append((node, True))
        for child in _children(node):
            if id(child) not in size:
                stack.append((child, False))
    return size[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _reader_position(text: str, position: int) -> tuple[int, int]:
    """Line and column of the character a YAML reader refused.

    libyaml counts the position in bytes of UTF-8, the pure-Python reader in
    characters; both become the 1-based line and column in characters.
    """
    if _LOADER is not yaml.SafeLoader:
        position = len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
