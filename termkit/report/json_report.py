"""The JSON report: {"version": 1, "files": N, "findings": [...], "summary": {rule: count}}.

A finding in a file that is not plain text (Word, OpenDocument, PDF, a CAT
tool's bilingual file) has one more key, ``"region"``: where it is for a
person ("page 3, line 12", "table 1, row 2, cell 3", "footnote 4"). Findings
of plain-text files have exactly the keys of ``FINDING_FIELDS``.

The text is exactly what ``json.dump(doc, ensure_ascii=False, indent=2)``
writes, but produced by the C encoder: Python's ``json`` encodes with
indentation in pure Python (2.2 s for 174,000 findings), and only without it
in C. A finding is a flat mapping of strings, ints and None
(``Finding.to_dict``), so indentation needs no nesting logic: encoded with
the item separator ``",\\n      "``, a batch of findings comes out with every
key on its own line already, and the only other places that need a line
break are the boundaries between findings, ``"},\\n      {"``. That sequence
never occurs inside an encoded string, where a line break is always escaped
as ``\\n``, so one ``str.replace`` lays the boundaries out.
"""

from __future__ import annotations

import json
from operator import attrgetter

from termkit.model import FINDING_FIELDS, CheckResult
from termkit.report import Reporter, register

#: findings encoded per C call: large enough that call overhead vanishes, small enough
#: that the text of a batch (about 0.5 kB a finding) stays a few megabytes
BATCH = 5000

# Indentation of json.dump(..., indent=2) at the depth of a finding (inside doc["findings"]).
_ITEM = "\n    "
_FIELD = "\n      "
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=("," + _FIELD, ": ")).encode
_BOUNDARY = "}," + _FIELD + "{"
_BOUNDARY_LAID_OUT = _ITEM + "}," + _ITEM + "{" + _FIELD
_VALUES = attrgetter(*FINDING_FIELDS)


def _dicts(findings) -> list[dict]:
    # the same dicts as Finding.to_dict, with one C call per finding for the eleven fields
    fields = FINDING_FIELDS
    out = [dict(zip(fields, _VALUES(f))) for f in findings]
    for d, f in zip(out, findings):
        if f.region is not None:
            d["region"] = f.region
    return out


def write_findings(findings, stream) -> None:
    """Write ``"findings": [...]``'s list as json.dump with indent=2 lays it out two levels deep."""
    if not findings:
        stream.write("[]")
        return
    stream.write("[")
    sep = _ITEM + "{" + _FIELD
    for start in range(0, len(findings), BATCH):
        text = _ENCODE(_dicts(findings[start:start + BATCH]))
        # text is '[{"rule": ...,\n      "message": ...},\n      {"rule": ...}]'
        stream.write(sep)
        stream.write(text[2:-2].replace(_BOUNDARY, _BOUNDARY_LAID_OUT))
        sep = _ITEM + "}," + _ITEM + "{" + _FIELD
    stream.write(_ITEM + "}\n  ]")


@register
class JsonReporter(Reporter):
    name = "json"
    summary = "machine-readable JSON (version 1)"

    def finish(self, result: CheckResult) -> None:
        write = self.stream.write
        write('{\n  "version": 1,\n  "files": ')
        write(json.dumps(len(result.files)))
        write(',\n  "findings": ')
        write_findings(result.findings, self.stream)
        write(',\n  "summary": ')
        summary = json.dumps(result.summary(), ensure_ascii=False, indent=2)
        write(summary.replace("\n", "\n  "))  # a small dict: the pure-Python encoder is fine
        write("\n}\n")
