"""Fuzzing the readers: any input gives a result or a TermkitError, never another exception, never a hang.

hypothesis generates bytes and texts shaped like what the readers meet (CJK
text in the legacy encodings, YAML punctuation, XLIFF and TMX skeletons with
random insertions) and shrinks a failure to its smallest input. Examples are
bounded (``TERMKIT_FUZZ_EXAMPLES``, 150 by default) and the deadline is off
(the machine may be loaded); nothing is saved between runs (``database=None``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from termkit.errors import TermkitError  # noqa: E402

pytestmark = pytest.mark.reliability

#: examples per test; TERMKIT_FUZZ_EXAMPLES=5000 for a longer hunt
EXAMPLES = int(os.environ.get("TERMKIT_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
_DIR = Path(tempfile.mkdtemp(prefix="termkit-fuzz-"))

CJK = "巴塞尔公约秘书處會議聯合國环境规划署臭氧層消耗物质的和在是，。《》、（）：；“”"
texts = st.text(alphabet=st.sampled_from(CJK + "abc \n\r\t\x00\x1b"), max_size=200)
legacy = st.builds(lambda t, enc: t.encode(enc, "replace"), texts,
                   st.sampled_from(["gb18030", "big5", "utf-8", "utf-16", "utf-16-le", "shift_jis", "euc_kr"]))


def _mutate(data: bytes, cuts: list[tuple[int, bytes]]) -> bytes:
    for at, insert in cuts:
        at = at % (len(data) + 1)
        data = data[:at] + insert + data[at:]
    return data


mutations = st.lists(st.tuples(st.integers(0, 10_000), st.binary(max_size=8)), max_size=4)


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), legacy), cuts=mutations,
       encoding=st.sampled_from([None, None, "utf-8", "gb18030", "big5", "utf-16-le", "latin-1"]))
def test_decode_gives_a_document_or_a_termkit_error(data, cuts, encoding):
    from termkit.text.document import decode, given_document

    data = _mutate(data, cuts)
    for call in (lambda: decode(data, "f.txt", encoding), lambda: given_document("f.txt", data, encoding)[0]):
        try:
            doc = call()
        except TermkitError:
            continue
        assert isinstance(doc.text, str)
        if not doc.guessed:
            # what --fix would write back is the bytes that were read
            try:
                again = doc.bom + doc.text.encode(doc.encoding)
            except UnicodeEncodeError:
                continue
            assert again == data or doc.encoding not in ("utf-8", "gb18030")


YAML_ALPHABET = st.sampled_from(list("-:[]{}&*!|>'\",#?%@` \n\tabcxyz0129巴塞尔公约") + ["id: ", "concepts:", "  - ",
                                                                                     "zh: ", "term: ", "*a", "&a "])
yaml_texts = st.lists(YAML_ALPHABET, max_size=80).map("".join)
GOOD = ("id: t\ntitle: T\nconcepts:\n  - id: a\n    subject: s\n    zh:\n      - term: 巴塞尔公约\n"
        "      - {term: 巴塞公约, status: deprecated}\n    en: [Basel Convention]\n")


@FUZZ
@given(text=st.one_of(yaml_texts, st.builds(lambda at, junk: GOOD[:at] + junk + GOOD[at:],
                                            st.integers(0, len(GOOD)), yaml_texts)))
def test_the_termbase_loader_gives_a_termbase_or_problems(text):
    from termkit.termbase.load import collect
    from termkit.termbase.raw import read_yaml

    try:
        read_yaml("t.yaml", text)
    except TermkitError:
        pass
    path = _DIR / "t.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    termbase, problems = collect([path])  # every problem is collected, none escapes
    assert all(isinstance(p, TermkitError) for p in problems)
    assert termbase is not None


XLIFF = ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
         '<file source-language="en" target-language="zh" datatype="plaintext" original="x"><body>\n'
         '<trans-unit id="1"><source>Basel <g id="1">Convention</g></source><target>巴塞公约<x id="2"/>秘书处</target>'
         '</trans-unit>\n</body></file></xliff>\n').encode()
TMX = ('<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en"/><body>\n<tu tuid="7">'
       '<tuv xml:lang="en"><seg>Basel Convention</seg></tuv><tuv xml:lang="zh-CN"><seg>巴塞公约<ph>x</ph></seg></tuv>'
       '</tu>\n</body></tmx>\n').encode()
markup = st.lists(st.sampled_from([b"<", b">", b"</", b"/>", b"&", b"&amp;", b"&#x41;", b"&#0;", b"<!--", b"-->",
                                   b"<![CDATA[", b"]]>", b"<!DOCTYPE x>", b'"', b"'", b"=", b"\x00", b"\xff",
                                   "巴".encode(), b"<seg>", b"</seg>", b"<target>", b"<g>"]), max_size=6).map(b"".join)


@FUZZ
@given(kind=st.sampled_from(["xlf", "tmx"]), cuts=st.lists(st.tuples(st.integers(0, 10_000), markup), max_size=4))
def test_the_xliff_and_tmx_readers_give_segments_or_a_termkit_error(kind, cuts):
    from termkit.text.bitext.read import read_bitext

    path = _DIR / f"f.{kind}"
    path.write_bytes(_mutate(XLIFF if kind == "xlf" else TMX, cuts))
    try:
        bitext = read_bitext(path)
    except TermkitError:
        return
    for segment in bitext.segments:
        assert isinstance(segment.target, str)
