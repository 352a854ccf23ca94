"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per finding.

GitHub shows each annotation on the line of the pull request's diff. Columns
are given only when a finding starts and ends on one line (GitHub ignores
them otherwise); ``endColumn`` is the last column of the span (inclusive),
as GitHub draws it.
"""

from __future__ import annotations

from pathlib import Path

from termkit._util.safetext import printable
from termkit.model import Finding
from termkit.report import Reporter, register

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Percent-escape what GitHub parses, then escape the control characters a log viewer would obey."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    props = [f"file={escape_property(Path(f.path).as_posix())}", f"line={f.line}"]
    if f.end_line == f.line:
        props += [f"col={f.column}", f"endColumn={max(f.column, f.end_column - 1)}"]
    else:
        props += [f"endLine={f.end_line}"]
    title = f"termkit {f.rule}" + (f" ({f.region})" if f.region is not None else "")
    props.append(f"title={escape_property(title)}")
    return f"::{_COMMAND[f.severity]} {','.join(props)}::{escape_data(f.message)}"


@register
class GithubReporter(Reporter):
    name = "github"
    summary = "GitHub Actions annotations (workflow commands)"

    def emit(self, f: Finding) -> None:
        self.stream.write(annotation(f) + "\n")
