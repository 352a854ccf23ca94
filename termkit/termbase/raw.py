"""Read a termbase YAML file into plain structures that remember where each value was written.

Safe loading only: YAML is composed into nodes by the SafeLoader (no tags are
executed) and converted by hand, counting nodes so that an alias bomb
("billion laughs") is refused instead of expanded.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import TermkitError
from ..model import Located

#: more nodes than any real termbase holds; a larger expansion is an alias bomb
MAX_NODES = 2_000_000


class RawMap(dict):
    """A mapping that remembers its own position and the position of each key and value."""

    where: Located
    key_where: dict
    value_where: dict


class RawList(list):
    where: Located
    item_where: list


def _loc(path: str, node: yaml.Node) -> Located:
    return Located(path, node.start_mark.line + 1, node.start_mark.column + 1)


_PLAIN_TAGS = frozenset("tag:yaml.org,2002:" + t for t in
                        ("map", "seq", "str", "null", "bool", "int", "float", "timestamp", "merge"))


class _Converter:
    def __init__(self, path: str) -> None:
        self.path = path
        self.count = 0

    def convert(self, node: yaml.Node):
        if node.tag not in _PLAIN_TAGS:
            # an explicit tag such as !!python/object is refused, not just left unexecuted
            raise TermkitError(f"YAML tag '{node.tag}' is not allowed in a termbase",
                               self.path, *_line_col(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise TermkitError("too many YAML nodes (alias expansion refused)",
                               self.path, *_line_col(node))
        if isinstance(node, yaml.MappingNode):
            out = RawMap()
            out.where = _loc(self.path, node)
            out.key_where = {}
            out.value_where = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise TermkitError("YAML merge keys (<<) are not supported in termbases",
                                       self.path, *_line_col(key_node))
                key = self.convert(key_node)
                if not isinstance(key, str):
                    raise TermkitError(f"mapping key must be a string, not {key!r}",
                                       self.path, *_line_col(key_node))
                if key in out:
                    raise TermkitError(f"duplicate key '{key}'", self.path, *_line_col(key_node))
                out[key] = self.convert(value_node)
                out.key_where[key] = _loc(self.path, key_node)
                out.value_where[key] = _loc(self.path, value_node)
            return out
        if isinstance(node, yaml.SequenceNode):
            out_list = RawList()
            out_list.where = _loc(self.path, node)
            out_list.item_where = []
            for item in node.value:
                out_list.append(self.convert(item))
                out_list.item_where.append(_loc(self.path, item))
            return out_list
        # Scalars: resolve the plain tag the SafeLoader would, without constructing objects.
        if node.tag in ("tag:yaml.org,2002:str",):
            return node.value
        if node.tag == "tag:yaml.org,2002:null":
            return None
        if node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on")
        if node.tag == "tag:yaml.org,2002:int":
            try:
                return int(node.value.replace("_", ""), 0)
            except ValueError:
                return node.value
        if node.tag == "tag:yaml.org,2002:float":
            try:
                return float(node.value)
            except ValueError:
                return node.value
        # timestamps and anything else stay text: a termbase holds words, not dates
        return node.value


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
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "syntax error"
        raise TermkitError(f"YAML syntax error: {problem}", path_s, line, col) from None
    except yaml.YAMLError as exc:
        raise TermkitError(f"YAML error: {exc}", path_s) from None
    if node is None:
        return None
    return _Converter(path_s).convert(node)
