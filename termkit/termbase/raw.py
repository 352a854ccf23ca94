"""Read a termbase YAML file into plain structures that remember where each value was written.

Safe loading only: YAML is composed into nodes by the safe loader (libyaml's
``CSafeLoader`` when PyYAML has it, else ``SafeLoader``; no tags are executed)
and converted by hand, counting nodes so that an alias bomb
("billion laughs") is refused instead of expanded.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from termkit.errors import TermkitError
from termkit.model import Located

#: more nodes than any real termbase holds; a larger expansion is an alias bomb
MAX_NODES = 2_000_000


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
        self.count = 0

    def convert(self, node: yaml.Node):
        tag = node.tag
        if tag not in _PLAIN_TAGS:
            # an explicit tag such as !!python/object is refused, not just left unexecuted
            raise TermkitError(f"YAML tag '{tag}' is not allowed in a termbase",
                               self.path, *_line_col(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise TermkitError("too many YAML nodes (alias expansion refused)",
                               self.path, *_line_col(node))
        if tag == _STR:  # the usual case first
            return node.value
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node)
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
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise TermkitError(f"cannot read termbase: {exc.strerror or exc}", path_s) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise TermkitError("termbase is not valid UTF-8", path_s, line) from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
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
    return _Converter(path_s).convert(node)


def _reader_position(text: str, position: int) -> tuple[int, int]:
    """Line and column of the character a YAML reader refused.

    libyaml counts the position in bytes of UTF-8, the pure-Python reader in
    characters; both become the 1-based line and column in characters.
    """
    if _LOADER is not yaml.SafeLoader:
        position = len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
