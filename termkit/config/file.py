"""Configuration: find ``termkit.toml`` (or ``[tool.termkit]`` in ``pyproject.toml``), validate it, resolve it.

Discovery walks up from the working directory; in each directory
``termkit.toml`` wins over ``pyproject.toml``, and a ``pyproject.toml`` without
a ``[tool.termkit]`` table is passed over. Paths in the file (termbases,
paths, baseline) and globs (include, exclude, ignore paths) are relative to
the file's directory. Unknown keys and wrong values are errors naming the
file, line and key: a misspelt key silently ignored is a check silently off.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from termkit.engine.suppress import IgnoreEntry
from termkit.errors import ConfigError, InputError
from termkit.model import FAIL_ON, SCOPES, SEVERITIES
from termkit.report import formats
from termkit.rules import RULES
from termkit.text.dates import parse_period
from termkit.text.document import read_bytes
from termkit.text.lines import decode_utf8

CONFIG_NAMES = ("termkit.toml", ".termkit.toml")
#: the largest configuration file read (a pyproject.toml is a few kilobytes)
MAX_CONFIG_SIZE = 4 * 1024 * 1024
PYPROJECT = "pyproject.toml"

#: string-valued keys -> what the value must be (for messages)
_SCALARS = {
    "scope": "one of " + ", ".join(SCOPES),
    "fail-on": "one of " + ", ".join(FAIL_ON),
    "encoding": "an encoding name",
    "format": "a report format",
    "baseline": "a file path",
    "scheduler": "a Dask scheduler address (tcp://host:8786)",
}
_LISTS = ("termbases", "paths", "include", "exclude", "unfixable")
KEYS = ("termbases", "paths", "include", "exclude", "scope", "fail-on", "encoding", "format",
        "jobs", "scheduler", "baseline", "date", "dates", "rules", "rule-options", "unfixable", "ignore")
_IGNORE_KEYS = ("path", "rule", "rules", "text")


@dataclass(frozen=True)
class Config:
    """A resolved configuration; ``None`` or empty means "the default"."""

    source: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    termbases: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: rule ids whose findings --fix and --diff leave alone
    unfixable: tuple[str, ...] = ()
    scope: str | None = None
    fail_on: str | None = None
    encoding: str | None = None
    format: str | None = None
    jobs: int | None = None
    #: a Dask scheduler to run on (see termkit/engine/cluster.py)
    scheduler: str | None = None
    baseline: str | None = None
    severities: dict[str, str] = field(default_factory=dict)
    #: rule id -> options passed to the rule (e.g. possible-variant's thresholds)
    rule_options: dict[str, dict] = field(default_factory=dict)
    ignore: tuple[IgnoreEntry, ...] = ()
    #: when documents were written, where their header does not say (YYYY, YYYY-MM or YYYY-MM-DD)
    date: str | None = None
    #: path glob -> date, for documents whose header does not say (or says wrong)
    dates: tuple[tuple[str, str], ...] = ()


def find_config(start: str | Path | None = None) -> Path | None:
    """The configuration file that applies to ``start`` (default: the working directory)."""
    here = Path(start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        for name in CONFIG_NAMES:
            if (d / name).is_file():
                return d / name
        py = d / PYPROJECT
        if py.is_file() and _has_tool_table(py):
            return py
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    # a cheap look first: most pyproject files never mention termkit
    if "tool.termkit" not in text:
        return False
    import tomllib  # here, not at the top: a run without a configuration file never parses TOML

    try:
        return "termkit" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return True  # let load_config report the syntax error with its position


def load_config(path: str | Path, cwd: str | Path | None = None) -> Config:
    """Read and validate one configuration file."""
    path = Path(path)
    try:
        data = read_bytes(path, "configuration", limit=MAX_CONFIG_SIZE, binary_ok=True)
    except InputError as exc:
        if exc.message == "no such file":
            raise ConfigError("configuration file not found", str(path)) from None
        raise ConfigError(exc.message, str(path)) from None
    raw = decode_utf8(data, str(path), "configuration", ConfigError)
    import tomllib

    try:
        doc = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(f"TOML syntax error: {msg}", str(path),
                          int(m.group(1)) if m else None, int(m.group(2)) if m else None) from None
    prefix = ""
    if path.name == PYPROJECT:
        doc = doc.get("tool", {}).get("termkit")
        if doc is None:
            raise ConfigError("no [tool.termkit] table", str(path))
        prefix = "tool.termkit."
    return _validate(doc, path, raw, prefix, Path(cwd or Path.cwd()))


def _line_of(raw: str, key: str, table: str | None = None) -> int | None:
    """Best-effort line of a key (tomllib keeps no positions): first assignment after its table header."""
    start = 0
    if table:
        m = re.search(rf"^\s*\[+\s*{re.escape(table)}\s*\]+", raw, re.M)
        if m:
            start = m.end()
    m = re.search(rf"^[ \t]*([\"']?{re.escape(key)}[\"']?)[ \t]*=", raw[start:], re.M)
    if m is None:
        m = re.search(rf"^[ \t]*(\[+[ \t]*(?:tool\.termkit\.)?{re.escape(key)}[ \t]*\]+)", raw, re.M)
        if m is None:
            return None
        start = 0
    return raw.count("\n", 0, start + m.start(1)) + 1


def _rel(base: Path, value: str, cwd: Path) -> str:
    """A path from the configuration, as the working directory sees it."""
    p = Path(value).expanduser()
    if not p.is_absolute():
        p = base / p
    try:
        return os.path.relpath(p, cwd)
    except ValueError:  # another drive on Windows
        return str(p)


def _validate(doc: dict, path: Path, raw: str, prefix: str, cwd: Path) -> Config:
    src = str(path)
    table = prefix.rstrip(".") or None

    def err(message: str, key: str, in_table: str | None = table) -> ConfigError:
        return ConfigError(message, src, _line_of(raw, key.rsplit(".", 1)[-1], in_table))

    if not isinstance(doc, dict):
        raise ConfigError("[tool.termkit] must be a table", src)
    for key in doc:
        if key not in KEYS:
            raise err(f"unknown key '{prefix}{key}' (known: {', '.join(KEYS)})", key)
    base = path.parent.resolve()
    values: dict[str, Any] = {"source": path, "root": base}
    rule_ids = RULES

    for key in _LISTS:
        if key in doc:
            v = doc[key]
            if isinstance(v, str):
                v = [v]
            if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
                raise err(f"'{prefix}{key}' must be a list of strings", key)
            if key in ("termbases", "paths"):
                v = [_rel(base, x, cwd) for x in v]
            if key == "unfixable":
                for r in v:
                    if r not in rule_ids:
                        raise err(f"unknown rule '{r}' in '{prefix}unfixable' (known: {', '.join(sorted(rule_ids))})",
                                  key)
            values[key] = tuple(v)
    for key, what in _SCALARS.items():
        if key in doc:
            v = doc[key]
            if not isinstance(v, str) or not v:
                raise err(f"'{prefix}{key}' must be {what}", key)
            if key == "scope" and v not in SCOPES or key == "fail-on" and v not in FAIL_ON:
                raise err(f"'{prefix}{key}' must be {what}, not '{v}'", key)
            if key == "format":
                if v not in formats():
                    raise err(f"'{prefix}format' must be one of {', '.join(formats())}, not '{v}'", key)
            if key == "encoding":
                import codecs
                try:
                    codecs.lookup(v)
                except LookupError:
                    raise err(f"'{prefix}encoding': unknown encoding '{v}'", key) from None
            if key == "baseline":
                v = _rel(base, v, cwd)
            values[key.replace("-", "_")] = v
    if "date" in doc:
        values["date"] = _date_value(doc["date"], lambda: err(f"'{prefix}date' must be a date: YYYY, YYYY-MM or "
                                                              f"YYYY-MM-DD", "date"))
    if "dates" in doc:
        table = doc["dates"]
        dtable = f"{prefix}dates"
        if not isinstance(table, dict):
            raise err(f"'{dtable}' must be a table of \"path glob\" = date", "dates")
        values["dates"] = tuple(
            (glob, _date_value(v, lambda g=glob: err(f"'{dtable}.{g}' must be a date: YYYY, YYYY-MM or "
                                                      f"YYYY-MM-DD", g, dtable)))
            for glob, v in table.items())
    if "jobs" in doc:
        v = doc["jobs"]
        if not isinstance(v, int) or isinstance(v, bool) or v < 1:
            raise err(f"'{prefix}jobs' must be a whole number of at least 1", "jobs")
        values["jobs"] = v
    if "rules" in doc:
        rules = doc["rules"]
        rtable = f"{prefix}rules"
        if not isinstance(rules, dict):
            raise err(f"'{rtable}' must be a table of rule = severity", "rules")
        for rule_id, sev in rules.items():
            if rule_id not in rule_ids:
                raise err(f"unknown rule '{rule_id}' in [{rtable}] (known: {', '.join(sorted(rule_ids))})",
                          rule_id, rtable)
            if sev not in SEVERITIES + ("off",):
                raise err(f"'{rtable}.{rule_id}' must be error, warning, info or off, not '{sev}'",
                          rule_id, rtable)
        values["severities"] = dict(rules)
    if "rule-options" in doc:
        table = doc["rule-options"]
        otable = f"{prefix}rule-options"
        if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
            raise err(f"'{otable}' must hold one table per rule ([{otable}.RULE])", "rule-options")
        for rule_id, opts in table.items():
            header = re.search(rf"^[ \t]*\[[ \t]*{re.escape(otable)}\.[\"']?{re.escape(rule_id)}[\"']?[ \t]*\]",
                               raw, re.M)
            line = raw.count("\n", 0, header.start()) + 1 if header else None
            if rule_id not in RULES:
                raise ConfigError(f"unknown rule '{rule_id}' in [{otable}] (known: {', '.join(sorted(RULES))})",
                                  src, line)
            try:
                # the rule validates its own options, so a typo fails here, naming this file
                RULES[rule_id]("document", **opts)
            except ConfigError as exc:
                raise ConfigError(exc.message, src, line) from None
        values["rule_options"] = {k: dict(v) for k, v in table.items()}
    if "ignore" in doc:
        entries = doc["ignore"]
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise err(f"'{prefix}ignore' must be an array of tables ([[{prefix}ignore]])", "ignore")
        out = []
        for i, e in enumerate(entries):
            where = f"{src}: [[{prefix}ignore]] entry {i + 1}"
            for k in e:
                if k not in _IGNORE_KEYS:
                    raise ConfigError(f"unknown key '{k}' in [[{prefix}ignore]] entry {i + 1} "
                                      f"(known: path, rule, text)", src, _line_of(raw, k))
            rules = e.get("rule", e.get("rules", []))
            if isinstance(rules, str):
                rules = [rules]
            if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
                raise ConfigError(f"'rule' in [[{prefix}ignore]] entry {i + 1} must be a rule id or a list",
                                  src, _line_of(raw, "rule"))
            for r in rules:
                if r not in rule_ids:
                    raise ConfigError(f"unknown rule '{r}' in [[{prefix}ignore]] entry {i + 1}",
                                      src, _line_of(raw, "rule"))
            for k in ("path", "text"):
                if k in e and (not isinstance(e[k], str) or not e[k]):
                    raise ConfigError(f"'{k}' in [[{prefix}ignore]] entry {i + 1} must be a non-empty string",
                                      src, _line_of(raw, k))
            if "path" not in e and "text" not in e:
                raise ConfigError(f"[[{prefix}ignore]] entry {i + 1} needs 'path' or 'text' "
                                  "(to turn a rule off everywhere, use [rules])", src, _line_of(raw, "ignore"))
            out.append(IgnoreEntry(e.get("path"), tuple(rules), e.get("text"), where))
        values["ignore"] = tuple(out)
    return Config(**values)


def _date_value(value: Any, error: Any) -> str:
    """A date from TOML (a date value, a year, or a string) as YYYY, YYYY-MM or YYYY-MM-DD."""
    import datetime

    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    try:
        parse_period(text)
    except ValueError:
        raise error() from None
    return text


def resolve_config(config_path: str | Path | None = None, isolated: bool = False,
                   cwd: str | Path | None = None) -> Config:
    """The configuration a command runs with: ``--isolated`` → none; ``--config`` → that file; else discovery."""
    if isolated:
        return Config(root=Path(cwd or Path.cwd()).resolve())
    if config_path is not None:
        return load_config(config_path, cwd)
    found = find_config(cwd)
    if found is None:
        return Config(root=Path(cwd or Path.cwd()).resolve())
    return load_config(found, cwd)


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(type(v))  # pragma: no cover - only the types above are stored


_UNSET = {"termbases": "the bundled termbases", "include": "every text file", "exclude": "nothing",
          "encoding": "byte-order mark, UTF-8, then GB18030", "baseline": "every finding is reported",
          "unfixable": "every safe fix is applied",
          "date": "a document's date comes from its UN header, else it is unknown",
          "scheduler": "this machine, or DASK_SCHEDULER_ADDRESS if set"}


def to_toml(cfg: Config, defaults: dict[str, Any]) -> str:
    """The resolved configuration as a termkit.toml, defaults filled in; paths as the working directory sees them."""
    lines = [f"# source: {cfg.source if cfg.source else '(none: defaults)'}",
             f"# root (globs and ignore paths are relative to it): {cfg.root}"]
    for key in ("termbases", "paths", "include", "exclude", "scope", "fail-on", "encoding", "format",
                "jobs", "scheduler", "baseline", "date", "unfixable"):
        v = getattr(cfg, key.replace("-", "_"))
        if v in (None, ()):
            v = defaults.get(key)
        if v in (None, ()):
            lines.append(f"# {key}: not set ({_UNSET.get(key, 'no default')})")
            continue
        lines.append(f"{key} = {_toml_value(v)}")
    lines.append("")
    lines.append("[rules]")
    for rule_id, cls in RULES.items():
        sev = cfg.severities.get(rule_id, cls.severity)
        mark = "" if rule_id in cfg.severities else "  # default"
        lines.append(f"{rule_id} = {_toml_value(sev)}{mark}")
    for rule_id, opts in cfg.rule_options.items():
        lines.append("")
        lines.append(f"[rule-options.{rule_id}]")
        for k, v in opts.items():
            lines.append(f"{k} = {_toml_value(v)}")
    if cfg.dates:
        lines.append("")
        lines.append("[dates]")
        for glob, value in cfg.dates:
            lines.append(f"{_toml_value(glob)} = {_toml_value(value)}")
    for e in cfg.ignore:
        lines.append("")
        lines.append("[[ignore]]")
        if e.path is not None:
            lines.append(f"path = {_toml_value(e.path)}")
        if e.rules:
            lines.append(f"rule = {_toml_value(list(e.rules))}")
        if e.text is not None:
            lines.append(f"text = {_toml_value(e.text)}")
    return "\n".join(lines) + "\n"
