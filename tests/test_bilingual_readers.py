"""Reading bilingual files: XLIFF 1.2 and 2.0, TMX, TSV and line-aligned pairs, with target positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES

from termkit.errors import InputError
from termkit.text.bitext.read import read_aligned, read_bitext

BI = FIXTURES / "bilingual"
XML_FIXTURES = ["tour-of-heroes_messages.zh-CN.xlf", "Lucilor-playground_messages.zh.xliff20.xlf",
                "treaty-1.2.xlf", "treaty-2.0.xlf", "treaty.tmx"]


def by_id(bitext):
    return {s.id: s for s in bitext.segments}


def raw_at(path: Path, line: int, column: int, length: int) -> str:
    text = path.read_text(encoding="utf-8").split("\n")[line - 1]
    return text[column - 1:column - 1 + length]


def test_xliff_12_written_by_angular():
    bt = read_bitext(BI / "tour-of-heroes_messages.zh-CN.xlf")
    assert bt.format == "xliff-1.2"
    assert len(bt.segments) == 14 and bt.skipped == 0
    first = bt.segments[0]
    assert (first.id, first.source, first.target) == ("f65253954b66e929a8b4d5ecaf61f9129f8cec64", "Dashboard", "概览")
    # <target>概览</target> is on line 7; the text starts after the tag
    assert first.where.locate(0)[:2] == (7, 17)
    assert raw_at(BI / "tour-of-heroes_messages.zh-CN.xlf", 7, 17, 2) == "概览"


def test_xliff_20_written_by_angular():
    bt = read_bitext(BI / "Lucilor-playground_messages.zh.xliff20.xlf")
    assert bt.format == "xliff-2.0"
    assert len(bt.segments) == 12
    seg = by_id(bt)["2791621248974094667"]
    assert (seg.source, seg.target) == ("duration(ms)", "动画时长（毫秒）")
    line, col, _ = seg.where.locate(0)
    assert raw_at(BI / "Lucilor-playground_messages.zh.xliff20.xlf", line, col, 8) == "动画时长（毫秒）"


@pytest.mark.parametrize("name", XML_FIXTURES)
def test_every_exact_target_character_points_at_itself_in_the_file(name):
    """The position map is checked character by character against the raw file."""
    path = BI / name
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    checked = 0
    for seg in read_bitext(path).segments:
        assert seg.where.exact, seg.id
        for i, ch in enumerate(seg.target):
            line, col, off = seg.where.locate(i)
            line_text = lines[line - 1] + "\n"  # a line break stands just after its line
            assert raw[off] == line_text[col - 1]
            # an escaped character stands at its '&'; every other one is itself
            assert raw[off] in (ch, "&") or (ch == "\n" and raw[off] == "\r"), (seg.id, i)
            checked += 1
    assert checked > 0


def test_inline_markup_text_kept_codes_dropped():
    segs = by_id(read_bitext(BI / "treaty-1.2.xlf"))
    # <g> keeps its text, &amp; is one character
    assert segs["s3"].source == "Implementation of the Basel Convention & its work plan"
    assert segs["s3"].target == "执行《巴塞公约》&工作计划"
    # <x/> is dropped
    assert segs["s5"].target == "2015年持久性有机污染物能力建设"
    # the native code inside <bpt>/<ept> is not text, and <alt-trans> is not the translation
    assert segs["s6"].target == "参见巴塞尔公约网站。"
    assert "s7" not in segs  # no <target>: untranslated


def test_multiline_target_positions_follow_the_line_break():
    seg = by_id(read_bitext(BI / "treaty-1.2.xlf"))["s4"]
    assert seg.target.startswith("执行主任应向\n")
    offset = seg.target.index("环境署")
    line, col, _ = seg.where.locate(offset)
    assert (line, col) == (20, 17)
    assert raw_at(BI / "treaty-1.2.xlf", line, col, 3) == "环境署"


def test_position_after_an_inline_tag():
    seg = by_id(read_bitext(BI / "treaty-1.2.xlf"))["s3"]
    offset = seg.target.index("巴塞公约")
    line, col, _ = seg.where.locate(offset)
    assert raw_at(BI / "treaty-1.2.xlf", line, col, 4) == "巴塞公约"
    end_line, end_col, _ = seg.where.locate_end(offset + 4, offset)
    assert (end_line, end_col) == (line, col + 4)


def test_xliff_20_segments_of_one_unit_get_their_own_ids():
    segs = by_id(read_bitext(BI / "treaty-2.0.xlf"))
    assert set(segs) == {"u1", "u2/a", "u2/b", "u3"}
    assert segs["u2/a"].target == "《斯德哥尔摩公约》于2004年生效。"  # <pc> keeps its text


def test_tmx_languages_ids_and_untranslated_units():
    bt = read_bitext(BI / "treaty.tmx")
    segs = by_id(bt)
    assert bt.format == "tmx" and bt.skipped == 1
    assert list(segs) == ["1", "2", "3", "4", "#5"]  # a TU without tuid is named by its number
    # TMX 1.1 'lang' attribute, upper case; <ph> codes dropped
    assert segs["#5"].source == "Work plan of the UNEP Chemicals Branch"
    assert segs["#5"].target == "环境署化学品处的工作计划"


def test_aligned_pair_positions_are_the_target_file_lines():
    bt = read_aligned(BI / "aligned.en", BI / "aligned.zh")
    assert bt.path == str(BI / "aligned.zh") and bt.source_path == str(BI / "aligned.en")
    assert [s.id for s in bt.segments] == [str(n) for n in range(1, 8)]
    seg = bt.segments[6]
    offset = seg.target.index("巴塞公约")
    line, col, off = seg.where.locate(offset)
    text = (BI / "aligned.zh").read_text(encoding="utf-8")
    assert (line, col) == (7, offset + 1)
    assert text[off:off + 4] == "巴塞公约"  # file offsets are exact: a fix could be written back


def test_tsv_header_third_column_and_blank_lines():
    bt = read_bitext(BI / "pairs.tsv")
    assert [s.id for s in bt.segments] == ["2", "3", "5"]  # line 1 is the header, line 4 is blank
    seg = bt.segments[1]
    assert (seg.source, seg.target) == ("Parties to the Basel Convention", "缔约方")
    line, col, _ = seg.where.locate(0)
    assert (line, col) == (3, len("Parties to the Basel Convention") + 2)


def test_tsv_header_naming_chinese_first_swaps_columns(tmp_path):
    p = tmp_path / "zh-en.tsv"
    p.write_text("zh-CN\ten-US\n《巴塞尔公约》\tthe Basel Convention\n", encoding="utf-8")
    seg = read_bitext(p).segments[0]
    assert (seg.source, seg.target) == ("the Basel Convention", "《巴塞尔公约》")
    assert seg.where.locate(0)[:2] == (2, 1)


def test_tsv_row_without_a_tab_is_an_input_error(tmp_path):
    p = tmp_path / "bad.tsv"
    p.write_text("Basel Convention\t巴塞尔公约\nno tab here\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_bitext(p)
    assert (exc.value.path, exc.value.line) == (str(p), 2)


def test_unaligned_pair_is_an_input_error(tmp_path):
    en, zh = tmp_path / "en.txt", tmp_path / "zh.txt"
    en.write_text("one\ntwo\nthree\n", encoding="utf-8")
    zh.write_text("一\n二\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_aligned(en, zh)
    assert exc.value.path == str(zh) and exc.value.line == 3
    assert "3 lines" in exc.value.message and "2" in exc.value.message


def test_malformed_xml_names_line_and_column(tmp_path):
    p = tmp_path / "broken.xlf"
    p.write_text('<xliff version="1.2">\n  <file>\n    <trans-unit id="1"><source>a</target>\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_bitext(p)
    assert exc.value.path == str(p) and exc.value.line == 3 and exc.value.column
    assert "not well-formed" in exc.value.message


def test_entity_declarations_are_refused(tmp_path):
    """A billion-laughs file is refused before parsing, naming where the first declaration is."""
    p = tmp_path / "bomb.xlf"
    p.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "巴塞公约巴塞公约">'
                 '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
                 '<xliff version="1.2"><file source-language="en"><body>'
                 '<trans-unit id="1"><source>Basel Convention</source><target>&b;巴塞尔公约</target>'
                 '</trans-unit></body></file></xliff>\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_bitext(p)
    assert str(info.value) == f"{p}:2:14: XML entity declarations are not allowed (a DTD could expand or fetch them)"


def test_wrong_language_direction_is_refused(tmp_path):
    p = tmp_path / "zh-en.xlf"
    p.write_text('<xliff version="1.2"><file source-language="zh-CN" target-language="en">'
                 '<body/></file></xliff>', encoding="utf-8")
    with pytest.raises(InputError, match="English → simplified Chinese"):
        read_bitext(p)


def test_other_xml_is_not_xliff(tmp_path):
    p = tmp_path / "other.xlf"
    p.write_text("<html><body/></html>", encoding="utf-8")
    with pytest.raises(InputError, match="not an XLIFF file"):
        read_bitext(p)


def test_crlf_line_breaks_inside_a_target(tmp_path):
    p = tmp_path / "crlf.xlf"
    p.write_bytes('<xliff version="1.2">\r\n<file source-language="en"><body>\r\n<trans-unit id="1">'
                  '<source>Basel Convention</source>\r\n<target>第一行\r\n巴塞公约</target></trans-unit>'
                  '</body></file></xliff>\r\n'.encode())
    seg = read_bitext(p).segments[0]
    assert seg.target == "第一行\n巴塞公约" and seg.where.exact
    assert seg.where.locate(seg.target.index("巴塞公约"))[:2] == (5, 1)


def test_untranslated_targets_are_skipped(tmp_path):
    """Targets marked as not yet translated are not translations to check; a copied source is."""
    p12 = tmp_path / "states-1.2.xlf"
    p12.write_text('<xliff version="1.2"><file source-language="en"><body>'
                   '<trans-unit id="copied"><source>Basel  Convention</source><target>Basel Convention</target></trans-unit>'
                   '<trans-unit id="todo"><source>UNEP</source><target state="needs-translation">环境署</target></trans-unit>'
                   '<trans-unit id="done"><source>UNEP</source><target state="translated">环境署</target></trans-unit>'
                   '</body></file></xliff>', encoding="utf-8")
    bt = read_bitext(p12)
    assert [s.id for s in bt.segments] == ["copied", "done"] and bt.skipped == 1
    p20 = tmp_path / "states-2.0.xlf"
    p20.write_text('<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="zh">'
                   '<file id="f"><unit id="1"><segment state="initial"><source>UNEP</source><target>环境署</target>'
                   '</segment></unit><unit id="2"><segment state="final"><source>UNEP</source><target>环境署</target>'
                   '</segment></unit></file></xliff>', encoding="utf-8")
    bt = read_bitext(p20)
    assert [s.id for s in bt.segments] == ["2"] and bt.skipped == 1
