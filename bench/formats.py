"""Measure reading a 200-page PDF and a 200-page Word document: extraction time beside the whole check.

    python bench/formats.py                  # builds both documents in bench/out/formats/ on first run
    python bench/formats.py --pages 100 --repeat 5

The documents are made from the corpus (data/*.txt, repeated): the .docx by hand (a paragraph per corpus
line, each line split into two runs in the middle of a term, as edited documents are), the PDF by headless
Chromium from the same lines (WenQuanYi Zen Hei, 12 pt, one column, running header and page numbers), cut to
the number of pages asked for. Without Chromium the PDF is skipped with a note.

For each document, in this process, best of ``--repeat`` runs:

- extraction: the format's reader (``read_docx``, ``read_pdf``) on the file, nothing cached;
- check: ``check_paths`` on the file (extraction, normalization, matching, rules), one process, the bundled
  termbase loaded beforehand;
- the same check on the extracted text saved as a .txt, for comparison.

Prints figures; asserts nothing. The machine's load matters: compare runs of one session.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out" / "formats"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: corpus lines per page of the generated documents (one column, 12 pt, A4): about what Word fits
LINES_PER_PAGE = 34


def corpus_lines() -> list[str]:
    lines = []
    for path in sorted((ROOT / "data").glob("*.txt")):
        lines += [ln.strip() for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip()]
    return lines


def lines_for(pages: int) -> list[str]:
    base = corpus_lines()
    out: list[str] = []
    while len(out) < pages * LINES_PER_PAGE:
        out += base
    return out[:pages * LINES_PER_PAGE]


def make_docx(lines: list[str], path: Path) -> None:
    """A minimal valid .docx: a paragraph per line, two runs each (the second bold), a page break every page."""
    body = []
    for n, line in enumerate(lines, 1):
        cut = len(line) // 2
        runs = (f'<w:r><w:t xml:space="preserve">{escape(line[:cut])}</w:t></w:r>'
                f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{escape(line[cut:])}</w:t></w:r>')
        if n % LINES_PER_PAGE == 0:
            runs += '<w:r><w:br w:type="page"/></w:r>'
        body.append(f"<w:p>{runs}</w:p>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>'
                f'{"".join(body)}<w:sectPr/></w:body></w:document>')
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
             '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
             'document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)
    path.write_bytes(buffer.getvalue())


def make_pdf(lines: list[str], pages: int, path: Path) -> bool:
    chromium = next((c for c in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if c),
                    None)
    if chromium is None:
        print("no chromium: the PDF is not made (apt-get install chromium fonts-wqy-zenhei)")
        return False
    import pypdfium2 as pdfium

    css = ('@page { size: A4; margin: 20mm; @top-center { content: "UNEP/BENCH/1"; font: 9pt "WenQuanYi Zen Hei"; }'
           ' @bottom-center { content: counter(page); font: 9pt "WenQuanYi Zen Hei"; } }'
           ' html { font: 12pt/1.5 "WenQuanYi Zen Hei"; } div { white-space: pre-wrap; }')
    page = ('<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><style>' + css + "</style></head><body>"
            + "".join(f"<div>{escape(ln)}</div>" for ln in lines) + "</body></html>")
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "page.html"
        html.write_text(page, encoding="utf-8")
        printed = Path(tmp) / "printed.pdf"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={tmp}/profile", f"--print-to-pdf={printed}", html.as_uri()],
                       check=True, capture_output=True, timeout=600)
        source = pdfium.PdfDocument(str(printed))
        cut = pdfium.PdfDocument.new()
        cut.import_pages(source, list(range(min(pages, len(source)))))
        cut.save(str(path))
    return True


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from termkit import check_paths, load_termbase
    from termkit.engine.options import CheckOptions
    from termkit.text.docx import read_docx
    from termkit.text.pdf import read_pdf

    OUT.mkdir(parents=True, exist_ok=True)
    lines = lines_for(args.pages)
    docx = OUT / f"corpus-{args.pages}p.docx"
    pdf = OUT / f"corpus-{args.pages}p.pdf"
    if not docx.exists():
        make_docx(lines, docx)
    have_pdf = pdf.exists() or make_pdf(lines, args.pages, pdf)
    termbase = load_termbase()
    options = CheckOptions(jobs=1)
    rows = []
    for path, reader in ((docx, read_docx), (pdf, read_pdf)):
        if path == pdf and not have_pdf:
            continue
        if path == pdf:
            import pypdfium2 as pdfium
            pages = len(pdfium.PdfDocument(str(path)))
        else:
            pages = args.pages
        extract = best(lambda r=reader, p=path: r(p), args.repeat)
        text = reader(path).text
        txt = OUT / f"{path.stem}.{path.suffix[1:]}.txt"
        txt.write_text(text, encoding="utf-8")
        from termkit.text import formats
        formats._CACHE.clear()

        def check(p=path):
            formats._CACHE.clear()
            return check_paths([p], termbase, options)

        whole = best(check, args.repeat)
        plain = best(lambda t=txt: check_paths([t], termbase, options), args.repeat)
        findings = len(check(path).findings)
        rows.append((path.name, pages, path.stat().st_size, len(text), extract, whole, plain, findings))
    print(f"{'document':<24} {'pages':>5} {'bytes':>10} {'chars':>9} {'extract s':>9} {'ms/page':>7} "
          f"{'check s':>8} {'check .txt s':>12} {'findings':>8}")
    for name, pages, size, chars, extract, whole, plain, findings in rows:
        print(f"{name:<24} {pages:>5} {size:>10,} {chars:>9,} {extract:>9.2f} {1000 * extract / pages:>7.1f} "
              f"{whole:>8.2f} {plain:>12.2f} {findings:>8}")


if __name__ == "__main__":
    main()
