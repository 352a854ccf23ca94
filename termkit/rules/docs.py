"""The rules' reference documentation, generated from the one rule registry.

Every rule documents itself (its class docstring, ``summary``, ``options`` and
``examples``: see ``termkit.rules.base``); this module lays that out as
Markdown. ``rule_table()`` is the table of the README and of the rules page;
``rules_page()`` is the whole page ``docs/rules.md`` (written by
``docs/gen_rules.py``; a test keeps the committed files equal to these strings).

Library code: the functions return strings and print nothing.
"""

from __future__ import annotations

from termkit.rules.base import Option, Rule
from termkit.rules.registry import RULES

__all__ = ["rule_table", "rules_page", "rule_section", "fixable_label"]

#: what a rule of each kind looks at, for the page's introduction
_KIND_TEXT = {
    "document": "a Chinese document",
    "segment": "an English source segment and its Chinese target, in bilingual files",
}


def _cell(text: str) -> str:
    """Text for one Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def fixable_label(cls: type[Rule]) -> str:
    """Whether ``--fix`` applies the rule's suggestions: ``yes``, ``no`` or ``sometimes``.

    ``sometimes``: the class is not fixable as a whole but its hits may be
    (``Hit.fixable``), as its *Fix safety* section explains.
    """
    if cls.fixable:
        return "yes"
    safety = cls.doc_section("Fix safety").lower()
    return "no" if not safety or safety.startswith(("not ", "no ", "nothing", "never")) else "sometimes"


def rule_table(link_to: str | None = None) -> str:
    """The Markdown table of every rule: rule, kind, default severity, fixable, summary.

    ``link_to``: when given, each rule id links to ``{link_to}#{id}`` (``""``
    for the rules page itself, ``"docs/rules.md"`` from the README).
    """
    rows = ["| rule | kind | default severity | fixable | summary |", "|---|---|---|---|---|"]
    for rule_id, cls in RULES.items():
        name = f"`{rule_id}`"
        if link_to is not None:
            name = f"[{name}]({link_to}#{rule_id})"
        rows.append(f"| {name} | {cls.kind} | {cls.severity} | {fixable_label(cls)} | {_cell(cls.summary)} |")
    return "\n".join(rows) + "\n"


def _toml_value(value: object) -> str:
    """An option's default as it is written in termkit.toml."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def _kind_text(option: Option) -> str:
    if option.kind == "int":
        return "integer" + (f" ≥ {option.minimum:g}" if option.minimum is not None else "")
    if option.kind == "number":
        low = "" if option.minimum is None else f"{option.minimum:g}"
        high = "" if option.maximum is None else f"{option.maximum:g}"
        return f"number {low}–{high}" if low or high else "number"
    if option.kind == "bool":
        return "true or false"
    if option.kind == "terms":
        return "list of strings"
    return option.kind


def _options(cls: type[Rule]) -> list[str]:
    if not cls.options:
        return []
    out = ["### Options", "",
           f"In `termkit.toml`, under `[rule-options.{cls.id}]`; in the library, "
           f'`CheckOptions(rule_options={{"{cls.id}": {{...}}}})`. An unknown option or a wrong value '
           "is a configuration error (exit 2).", "",
           "| option | value | default | meaning |", "|---|---|---|---|"]
    for o in cls.options:
        out.append(f"| `{o.name}` | {_kind_text(o)} | `{_toml_value(o.default)}` | {_cell(o.doc)} |")
    out.append("")
    return out


def _block(label: str, text: str) -> list[str]:
    return [label, "", "```text", text, "```", ""]


def _examples(cls: type[Rule]) -> list[str]:
    if not cls.examples:
        return []
    out = ["### Examples", ""]
    for n, ex in enumerate(cls.examples, 1):
        if len(cls.examples) > 1:
            out += [f"Example {n}:", ""]
        if ex.source is not None:
            out += _block("English source:", ex.source)
            out += _block("Chinese target, flagged:", ex.bad)
            if ex.good is not None:
                out += _block("Chinese target, not flagged:", ex.good)
        else:
            out += _block("Flagged:", ex.bad)
            if ex.good is not None:
                out += _block("Not flagged:", ex.good)
        if ex.fixed is not None:
            out += _block("After `termkit check --fix`:", ex.fixed)
    return out


def rule_section(rule_id: str) -> str:
    """One rule's section of the rules page: facts, documentation, options and examples."""
    cls = RULES[rule_id]
    facts = (f"Kind: **{cls.kind}** ({_KIND_TEXT.get(cls.kind, cls.kind)}) · "
             f"default severity: **{cls.severity}** · fixable: **{fixable_label(cls)}**")
    if cls.corpus_capable:
        facts += " · compares all documents with `--scope corpus`"
    out = [f"## {rule_id}", "", facts, "", cls.summary, ""]
    # the docstring's own sections (## What it does, ...) become sub-sections of the rule
    for line in cls.doc().splitlines():
        out.append("#" + line if line.startswith("## ") else line)
    out.append("")
    out += _options(cls)
    out += _examples(cls)
    return "\n".join(out).rstrip("\n") + "\n"


def rules_page() -> str:
    """The rules page (``docs/rules.md``): the table, then one section per rule, in registry order."""
    kinds = sorted({cls.kind for cls in RULES.values()}, key=["document", "segment"].index)
    intro = [
        "<!-- Generated by docs/gen_rules.py from the rule classes (termkit/rules/docs.py): do not edit. -->",
        "",
        "# Rules",
        "",
        "Every rule is one class in `termkit/rules/document/` or `termkit/rules/segment/`, registered in "
        "one registry (`termkit.rules.RULES`). This page, the table in the README and the rule help of "
        "the SARIF report are generated from those classes.",
        "",
    ]
    for kind in kinds:
        ids = ", ".join(f"`{i}`" for i, c in RULES.items() if c.kind == kind)
        intro.append(f"- **{kind}** rules look at {_KIND_TEXT.get(kind, kind)}: {ids}.")
    intro += [
        "",
        "`--severity RULE=LEVEL` (or the `[rules]` table of `termkit.toml`) changes a rule's severity "
        "(`error`, `warning`, `info` or `off`); `--rule RULE` runs only the named rules. "
        "*fixable*: whether `termkit check --fix` applies the rule's suggestions "
        "(see [Fixes](configuration.md#fixes)).",
        "",
        rule_table(link_to=""),
    ]
    sections = [rule_section(rule_id) for rule_id in RULES]
    return "\n".join(intro) + "\n" + "\n".join(sections)
