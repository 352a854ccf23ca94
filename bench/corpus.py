"""Build the benchmark material under bench/out/: corpora of a given size and a 100,000-term termbase.

Corpora are paragraphs of the real documents in data/, repeated and shuffled
with a fixed seed, PDF line breaks kept (a paragraph ends where a line ends
a sentence, so the wraps inside it survive). The large termbase is the
bundled one plus multi-character words of jieba's dictionary as synthetic
concepts, about one in ten with a deprecated variant (the word with its last
two characters swapped), so the matcher and the rules work at the scale of a
real institutional termbase. Everything is deterministic and rebuilt only
when missing.
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
OUT = Path(__file__).resolve().parent / "out"
MB = 1_000_000

# a paragraph ends after a line that ends a sentence, heading or list item
_PARA_END = re.compile(r"(?<=[。；：！？])[ \t]*\n(?:[ \t]*\n)+")
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def paragraphs() -> list[str]:
    """The paragraphs of the corpus, with their internal line breaks."""
    out = []
    for path in sorted(DATA.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.extend(p.strip("\n") + "\n" for p in _PARA_END.split(text) if p.strip())
    return out


def build_corpus(size_mb: int, *, files: int = 1, seed: int = 7) -> list[Path]:
    """``files`` files of together about ``size_mb`` MB (UTF-8 bytes) of shuffled corpus paragraphs."""
    folder = OUT / (f"corpus-{size_mb}mb" if files == 1 else f"corpus-{size_mb}mb-{files}files")
    paths = [folder / f"doc{i:05d}.txt" for i in range(files)]
    if all(p.exists() for p in paths):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    paras = paragraphs()
    rng = random.Random(seed)
    per_file = size_mb * MB // files
    for path in paths:
        chunks: list[str] = []
        size = 0
        while size < per_file:
            p = rng.choice(paras)
            chunks.append(p)
            chunks.append("\n")
            size += len(p.encode("utf-8")) + 1
        path.write_text("".join(chunks), encoding="utf-8", newline="")
    return paths


def jieba_words() -> list[str]:
    """Multi-character words of jieba's dictionary, simplified Chinese characters only, in file order."""
    import jieba

    from termkit.text.normalize import normalize_term

    dict_path = Path(jieba.__file__).parent / "dict.txt"
    words = []
    with open(dict_path, encoding="utf-8") as fh:
        for line in fh:
            word = line.split(" ", 1)[0]
            # jieba also lists traditional spellings: keep words that normalization leaves alone
            if _CJK_WORD.match(word) and normalize_term(word) == word:
                words.append(word)
    return words


def _yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_large_termbase(total_terms: int = 100_000, *, seed: int = 7,
                         base: list[Path] | None = None) -> Path:
    """A termbase file with synthetic concepts that, with ``base``, holds ``total_terms`` Chinese terms."""
    from termkit import load_termbase
    from termkit.text.normalize import normalize_term

    taken: set[str] = set()
    examples = ""
    base_terms = 0
    if base:
        base_tb = load_termbase(base, run_examples=False)
        for term in base_tb.terms("zh"):
            taken.add(normalize_term(term.text))
            base_terms += 1
        # a word inside an example sentence could take the place of the term the example
        # expects (leftmost-longest) and the termbase would refuse to load
        examples = "\n".join(normalize_term(e.text) for c in base_tb.concepts for e in c.examples)
    # the file depends on the base termbase's forms: a term added there must not reappear as synthetic
    # (and on this generator: "2" since variants inside examples are left out)
    key = hashlib.sha256(("2\n" + "\n".join(sorted(taken)) + examples).encode("utf-8")).hexdigest()[:10]
    path = OUT / f"synthetic-{total_terms}-{key}.yaml"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    words = [w for w in jieba_words() if w not in taken and w not in examples]
    rng = random.Random(seed)
    rng.shuffle(words)
    word_set = set(words) | taken
    lines = ["id: synthetic", "title: Synthetic concepts from jieba's dictionary (benchmark only)", "concepts:"]
    count = base_terms
    i = 0
    for word in words:
        if count >= total_terms:
            break
        i += 1
        lines.append(f"  - id: syn-{i:06d}")
        lines.append("    subject: synthetic")
        lines.append("    zh:")
        lines.append(f"      - {{term: {_yaml_str(word)}}}")
        count += 1
        variant = word[:-2] + word[-1] + word[-2]
        # the variant is a term too: inside an example it would be "fixed" and the example fail
        if i % 10 == 0 and count < total_terms and variant not in word_set and variant not in examples:
            word_set.add(variant)
            lines.append(f"      - {{term: {_yaml_str(variant)}, status: deprecated}}")
            count += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def term_list(termbase_paths: list[Path], out: Path) -> Path:
    """The Chinese term forms, one a line (for ripgrep -F -f)."""
    from termkit import load_termbase

    if not out.exists():
        forms = sorted({t.text for t in load_termbase(termbase_paths, run_examples=False).terms("zh")})
        out.write_text("\n".join(forms) + "\n", encoding="utf-8")
    return out
