"""Write a termbase (plain dicts in termkit's schema) as YAML in canonical order.

Keys in the order the README documents (termbase: id, title, ...; concept:
id, subject, definition, note, source, en, zh, examples), one flow mapping per
term, and every scalar quoted only where YAML needs it, so diffs of imported
and hand-written termbases read the same.
"""

from __future__ import annotations

import json

import yaml

from termkit.termbase.load import CONCEPT_KEYS, EXAMPLE_KEYS, TERM_KEYS, TOP_KEYS


def scalar(value) -> str:
    """A YAML scalar safe in block and in flow context (commas, colons, quotes, line breaks)."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, str) and any(ch in value for ch in "\n\r\t"):
        # a JSON string is a valid YAML double-quoted scalar, and stays on one line
        return json.dumps(value, ensure_ascii=False)
    text = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=1 << 30)
    text = text.strip()
    if text.endswith("..."):
        text = text[:-3].strip()
    return text[1:-1]


def _flow(d: dict, keys) -> str:
    return "{" + ", ".join(f"{k}: {scalar(d[k])}" for k in keys if k in d) + "}"


def dump_termbase(data: dict, header: str | None = None) -> str:
    lines = []
    if header:
        lines += [f"# {line}" if line else "#" for line in header.splitlines()]
    for key in TOP_KEYS:
        if key in data and key != "concepts":
            lines.append(f"{key}: {scalar(data[key])}")
    lines.append("concepts:")
    for c in data["concepts"]:
        first = True
        for key in CONCEPT_KEYS:
            if key not in c:
                continue
            lead = "  - " if first else "    "
            first = False
            if key in ("en", "zh"):
                lines.append(f"{lead}{key}:")
                lines += [f"      - {_flow(t, TERM_KEYS)}" for t in c[key]]
            elif key == "examples":
                lines.append(f"{lead}{key}:")
                lines += [f"      - {_flow(e, EXAMPLE_KEYS)}" for e in c[key]]
            else:
                lines.append(f"{lead}{key}: {scalar(c[key])}")
    return "\n".join(lines) + "\n"
