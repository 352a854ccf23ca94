"""A termbase as one self-contained HTML page to search and read: what a translator keeps open beside a document.

The page carries the concepts as JSON in a ``<script type="application/json">``
element and one script (``html_assets/termbase.js``) that searches them by
Chinese (simplified or traditional: the query is folded with a
traditional-to-simplified map of the characters that occur in the termbase,
built from OpenCC's table as the normalizer uses it), by English, by
abbreviation or by concept id, and filters them by subject, termbase and
status. Each concept shows its forms with their types and statuses (and what
to use instead of a deprecated one), its definition, note and source, and an
"unverified" mark where a rendering could not be confirmed. Curators'
``evidence`` is never written into the page.

Like the HTML report, the page has no external assets and a
Content-Security-Policy that forbids every fetch and allows only its own
script and style, by hash: it opens offline, and a term that held markup could
neither inject elements nor run code (the script builds every node with
``textContent``). The same termbase gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from importlib import resources

from termkit import __version__
from termkit.model import STATUSES, TERM_TYPES, Termbase
from termkit.text.normalize import normalize_term, t2s_table

LANG_CODES = ("zh", "en")


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("html_assets", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _json_for_script(data: object) -> str:
    # inside <script type="application/json">: "<" and ">" can never close the element
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def fold_table(termbase: Termbase) -> dict[str, str]:
    """Traditional -> simplified for the characters whose simplified form occurs in the termbase's Chinese terms.

    The page folds a query with it, so 鹿特丹公約 finds 鹿特丹公约; characters that
    no term holds cannot match anyway and are left out, which keeps the page small.
    """
    chars = {ch for t in termbase.terms("zh") for ch in normalize_term(t.text)}
    return {chr(cp): simp for cp, simp in sorted(t2s_table().items()) if simp in chars and chr(cp) != simp}


def page_data(termbase: Termbase) -> dict:
    """What the page's script reads: concepts as compact arrays (no evidence), and the lookup tables.

    A concept is ``[id, subject, termbase, verified, definition, note, source, terms]``
    (subject and termbase as indexes into their lists); a term is ``[lang, text,
    type, status, note, use, since, until, verified]`` (lang, type and status as
    indexes). ``use`` is what to write instead of a deprecated, superseded or
    forbidden term.
    """
    subjects = sorted({c.subject for c in termbase.concepts})
    tb_ids = list(dict.fromkeys(c.termbase for c in termbase.concepts))
    subject_at = {s: i for i, s in enumerate(subjects)}
    tb_at = {t: i for i, t in enumerate(tb_ids)}
    concepts = []
    for c in termbase.concepts:
        terms = []
        for lang in LANG_CODES:
            for t in c.terms_in(lang):
                use = ""
                if t.is_bad:
                    repl = c.replacement(t)
                    use = repl.text if repl else ""
                terms.append([LANG_CODES.index(lang), t.text, TERM_TYPES.index(t.type), STATUSES.index(t.status),
                              t.note or "", use, t.since or "", t.until or "", int(t.verified)])
        concepts.append([c.id, subject_at[c.subject], tb_at[c.termbase], int(c.verified), c.definition or "",
                         c.note or "", c.source or "", terms])
    return {
        "version": 1,
        "subjects": subjects,
        "termbases": [[t, str(termbase.titles.get(t, t))] for t in tb_ids],
        "types": list(TERM_TYPES),
        "statuses": list(STATUSES),
        "t2s": fold_table(termbase),
        "concepts": concepts,
    }


def render_page(termbase: Termbase) -> str:
    """The whole page, as a string."""
    script, style = _asset("termbase.js"), _asset("termbase.css")
    csp = (f"default-src 'none'; img-src data:; style-src 'sha256-{_sha256(style)}'; "
           f"script-src 'sha256-{_sha256(script)}'")
    n_terms = sum(len(c.terms) for c in termbase.concepts)
    n = len(termbase.concepts)
    title = f"termkit termbase: {n:,} concept{'s' if n != 1 else ''}"
    names = ", ".join(escape(str(v)) for v in dict.fromkeys(termbase.titles.values())) if termbase.titles else ""
    meta = f"{n:,} concepts, {n_terms:,} terms · termkit {escape(__version__)}"
    return "".join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp, quote=True)}">',
        '<meta name="generator" content="termkit">',
        f"<title>{escape(title)}</title><style>{style}</style></head><body>",
        f'<header><h1>{escape(title)}</h1><p class="meta">{meta}</p>',
        f'<details class="sources"><summary>termbases</summary><p>{names}</p></details></header>',
        '<nav id="filters" aria-label="search and filters">',
        '<label class="search"><span class="label">search</span> <input type="search" id="q" autocomplete="off" '
        'spellcheck="false" placeholder="Chinese (简/繁), English, abbreviation or id" '
        'aria-describedby="count"></label>',
        '<label><span class="label">subject</span> <select id="subject"><option value="">all subjects</option>'
        '</select></label>',
        '<label><span class="label">termbase</span> <select id="termbase"><option value="">all termbases</option>'
        '</select></label>',
        '<label><span class="label">status</span> <select id="status"><option value="">any status</option>'
        '</select></label>',
        '<span class="keys"><kbd>/</kbd> search · <kbd>Esc</kbd> clear</span></nav>',
        '<main><p id="count" class="muted" aria-live="polite"></p><div id="results"></div>',
        '<p id="more" class="muted" hidden></p>',
        '<noscript><p>This page needs JavaScript to search the termbase.</p></noscript></main>',
        f'<script type="application/json" id="termkit-data">{_json_for_script(page_data(termbase))}</script>',
        f"<script>{script}</script></body></html>\n",
    ])


def write_termbase(termbase, **_) -> bytes:
    return render_page(termbase).encode("utf-8")


def write_glossary(glossary, source=None, **_) -> bytes:
    """A corpus glossary's concepts as a searchable page (their full entries from ``source``)."""
    return write_termbase(glossary.termbase(source))
