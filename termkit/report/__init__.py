"""Reporter registry: format name -> reporter class.

A reporter gets a start, one emit per finding (in sorted order) and a
finish with the whole result; streaming formats write as they go, document
formats (SARIF, JUnit, HTML) write at finish. What a reporter needs of the
documents (a line to show, a fingerprint's context, the terms to mark) it asks
of the ``sources`` option, a ``termkit.engine.sources.SourceTexts``; reporters
never read or match files themselves.
"""

from __future__ import annotations

from typing import IO, ClassVar

from termkit.model import CheckResult, Finding

REPORTERS: dict[str, type[Reporter]] = {}


class Reporter:
    name: ClassVar[str] = ""
    #: a one-line description shown in --help
    summary: ClassVar[str] = ""

    def __init__(self, stream: IO[str], *, color: bool = False, **options) -> None:
        self.stream = stream
        self.color = color
        self.options = options

    def start(self) -> None:
        pass

    def emit(self, finding: Finding) -> None:
        pass

    def finish(self, result: CheckResult) -> None:
        pass


def register(cls: type[Reporter]) -> type[Reporter]:
    REPORTERS[cls.name] = cls
    return cls


#: the built-in formats and their modules: a run imports only the reporter it writes with
BUILTIN = {"github": "github", "html": "html", "json": "json_report", "junit": "junit", "sarif": "sarif",
           "text": "text"}


def get_reporter(name: str) -> type[Reporter]:
    if name not in REPORTERS and name in BUILTIN:
        import importlib

        importlib.import_module(f"termkit.report.{BUILTIN[name]}")
    if name not in REPORTERS:
        _load_builtin()
    try:
        return REPORTERS[name]
    except KeyError:
        from termkit.errors import ConfigError
        raise ConfigError(f"unknown format '{name}' (known: {', '.join(sorted(REPORTERS))})") from None


def formats() -> list[str]:
    return sorted(set(BUILTIN) | set(REPORTERS))


def render(result: CheckResult, fmt: str, stream: IO[str], **options) -> None:
    """Write a whole result in one format."""
    reporter = get_reporter(fmt)(stream, **options)
    reporter.start()
    for f in result.findings:
        reporter.emit(f)
    reporter.finish(result)


def _load_builtin() -> None:
    from termkit.report import (  # noqa: F401  (registered on import)  # noqa: F401
        github,
        html,  # noqa: F401
        json_report,
        junit,
        sarif,
        text,
    )
