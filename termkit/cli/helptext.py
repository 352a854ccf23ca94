"""One plain style for every ``--help``: the typer commands and the argparse ``lookup`` alike.

    usage: termkit export [options] -o FILE

    Export termbases to TBX (TBX-Basic v3 or v2), CSV, TSV, XLSX, Markdown or JSON.

    options:
      -o, --output FILE     Output file; '-' for stdout (with --format).
          --force           Overwrite the output file if it exists.
      -h, --help            Show this help and exit.

A value's metavar says what it is (``FILE``, ``DIR``, ``N``, ``RULE=LEVEL``);
defaults are written in the help text where they matter; no type labels, no
boxes, no colour. This module imports nothing of typer or argparse: the
``lookup`` fast path renders its help with it too.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence

HELP_TEXT = "Show this help and exit."
#: the widest label column; a longer label puts its help on the next line
_MAX_LABEL = 28


def option_label(flags: Sequence[str], metavar: str | None = None) -> str:
    """``-t, --termbase PATH``; a long-only option is indented past where a short one would be."""
    shorts = [f for f in flags if not f.startswith("--")]
    longs = [f for f in flags if f.startswith("--")]
    label = ", ".join(shorts + longs)
    if not shorts:
        label = "    " + label
    return f"{label} {metavar}" if metavar else label


def argument_label(metavar: str, required: bool, many: bool) -> str:
    """``FILE``, ``[FILE]``, ``PATH...`` or ``[PATH]...``."""
    label = metavar if required else f"[{metavar}]"
    return label + "..." if many else label


def help_width() -> int:
    """The terminal's width (``COLUMNS`` when set), kept between 60 and 100 columns."""
    return max(60, min(100, shutil.get_terminal_size((80, 24)).columns))


def _paragraphs(text: str, width: int, indent: str = "") -> list[str]:
    out: list[str] = []
    for para in textwrap.dedent(text).strip().split("\n\n"):
        if out:
            out.append("")
        out.extend(textwrap.wrap(" ".join(para.split()), width, initial_indent=indent, subsequent_indent=indent,
                                 break_on_hyphens=False, break_long_words=False) or [""])
    return out


def format_help(usage: str, description: str = "", sections: Sequence[tuple[str, Sequence[tuple[str, str]]]] = (),
                epilog: str = "", width: int | None = None) -> str:
    """The help page: usage, description, titled sections of (label, help) rows, epilog; ends in a newline."""
    width = width or help_width()
    lines = textwrap.wrap(f"usage: {usage}", width, subsequent_indent="       ", break_on_hyphens=False,
                          break_long_words=False)
    if description:
        lines += [""] + _paragraphs(description, width)
    # rows without help (examples) do not widen the label column
    rows = [row for _, section in sections for row in section if row[1]]
    column = 2 + min(_MAX_LABEL, max((len(label) for label, _ in rows), default=0)) + 2
    for title, section in sections:
        if not section:
            continue
        lines += ["", f"{title}:"]
        for label, text in section:
            wrapped = textwrap.wrap(" ".join(text.split()), max(20, width - column), break_on_hyphens=False,
                                    break_long_words=False)
            head = f"  {label}"
            if len(head) + 2 > column and wrapped:
                lines.append(head)
            elif wrapped:
                lines.append(head.ljust(column) + wrapped.pop(0))
            else:
                lines.append(head)
            lines += [" " * column + rest for rest in wrapped]
    if epilog:
        lines += [""] + _paragraphs(epilog, width)
    return "\n".join(lines) + "\n"
