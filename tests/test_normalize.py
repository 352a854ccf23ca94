"""Normalization: what is folded, what is joined, and that every position maps back exactly."""

from __future__ import annotations

import random

import pytest
from conftest import CORPUS

from termkit.text.normalize import fold_chars, normalize, normalize_term, to_simplified


def test_pdf_line_break_inside_a_term_is_joined():
    n = normalize("采用事先知\n\n情同意程序")
    assert n.text == "采用事先知情同意程序"
    s = n.text.index("事先知情同意")
    start, end = n.span_to_original(s, s + len("事先知情同意"))
    assert n.original[start:end] == "事先知\n\n情同意"


def test_spaces_between_cjk_and_digits_or_latin_are_removed():
    assert normalize("21 世纪议程").text == "21世纪议程"
    assert normalize("第 26/12 号决定").text == "第26/12号决定"
    assert normalize("BC.Ex-1/1 号").text == "BC.Ex-1/1号"


def test_spaces_between_latin_words_are_kept():
    assert normalize("Basel Convention 秘书处").text == "Basel Convention秘书处"


def test_traditional_and_full_width_are_folded_without_changing_length():
    text = "鹿特丹公約的項目ＯＥＷＧ－III"
    folded = fold_chars(text)
    assert folded == "鹿特丹公约的项目OEWG-III"
    assert len(folded) == len(text)
    assert to_simplified("項目說明") == "项目说明"


def test_ideographic_space_between_cjk_is_removed():
    assert normalize("巴塞尔\u3000公约").text == "巴塞尔公约"


def test_term_forms_are_normalized_like_documents():
    assert normalize_term("巴塞尔 公约") == "巴塞尔公约"
    assert normalize_term("Basel  Convention", "en") == "basel convention"


def test_offset_map_is_sparse():
    text = "事先知\n情同意。" * 1000
    n = normalize(text)
    assert len(n.cuts) == 1000  # one entry per deleted run, not per character
    assert len(n.text) == len(text) - 1000


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:3])
def test_every_normalized_character_maps_back_to_its_original(path):
    text = path.read_text(encoding="utf-8")
    n = normalize(text)
    folded = fold_chars(text)
    positions = range(0, len(n.text), max(1, len(n.text) // 3000))
    for i in positions:
        o = n.to_original(i)
        assert folded[o] == n.text[i]


def test_random_spans_round_trip_on_generated_text():
    rng = random.Random(7)
    alphabet = ["巴", "塞", "尔", "公", "約", "\n", " ", "\n\n", "Ａ", "1", "x", "，", "\r\n"]
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        n = normalize(text)
        folded = fold_chars(text)
        for i in range(len(n.text)):
            assert folded[n.to_original(i)] == n.text[i]
        for _ in range(5):
            if not n.text:
                break
            s = rng.randrange(len(n.text))
            e = rng.randint(s + 1, len(n.text))
            os_, oe = n.span_to_original(s, e)
            # the original span, normalized, is exactly the normalized span
            assert normalize(text[os_:oe]).text == n.text[s:e]
