"""English term matching: case, whole words, plurals, hyphens, acronyms, longest match, specificity."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from termkit import load_termbase
from termkit.match.english import EnglishMatcher, english_matcher_for, singular


@pytest.fixture(scope="module")
def matcher():
    return english_matcher_for(load_termbase([FIXTURES / "bilingual" / "terms.yaml"]))


def found(matcher, text):
    return [(m.text, m.concepts[0]) for m in matcher.find(text)]


def test_case_insensitive_and_plural(matcher):
    assert found(matcher, "the BASEL CONVENTION and the basel conventions") == [
        ("BASEL CONVENTION", "basel-convention"), ("basel conventions", "basel-convention")]


def test_whole_words_only(matcher):
    # "Conventional" is not "Convention"; "COPE" is not "COP"; "PICs" is the plural of PIC
    assert found(matcher, "Conventional COPE methods") == []
    assert found(matcher, "two PICs") == [("PICs", "prior-informed-consent")]


def test_acronyms_match_in_case_only(matcher):
    assert found(matcher, "a pic of the cop") == []
    assert found(matcher, "the COP decided on PIC and POPs") == [
        ("COP", "conference-of-the-parties"), ("PIC", "prior-informed-consent"),
        ("POPs", "persistent-organic-pollutants")]


def test_hyphen_space_and_closed_compound_are_one(matcher):
    for text in ("capacity-building", "capacity building", "Capacity Building", "capacity‑building"):
        assert found(matcher, text) == [(text, "capacity-building")], text
    assert found(matcher, "the workplan and work-plans") == [
        ("workplan", "work-plan"), ("work-plans", "work-plan")]
    assert found(matcher, "ozone depleting substances") == [
        ("ozone depleting substances", "ozone-depleting-substances")]


def test_longest_match_first(matcher):
    text = "Parties to the Stockholm Convention on Persistent Organic Pollutants"
    assert found(matcher, text) == [("Stockholm Convention on Persistent Organic Pollutants",
                                     "stockholm-convention")]
    # nested: what the source names inside the longer term
    inside = {m.concepts[0] for m in english_matcher_for(
        load_termbase([FIXTURES / "bilingual" / "terms.yaml"])).find(text, nested=True)}
    assert {"stockholm-convention", "persistent-organic-pollutants"} <= inside


def test_punctuation_breaks_a_term(matcher):
    assert found(matcher, "the Basel. Convention") == [("Convention", "basel-convention")]


def test_document_symbols_are_codes_not_terms(matcher):
    assert found(matcher, "see UNEP/CHW.12/5 and UNEP/POPS/COP.7/36, and COP.7.") == []
    assert found(matcher, "UNEP's report") == [("UNEP", "unep")]
    # two names joined by a slash are names: the UNEP/FAO secretariat
    assert found(matcher, "the UNEP/FAO secretariat; COP-7") == [
        ("UNEP", "unep"), ("COP", "conference-of-the-parties")]


def test_coordinated_names_are_present_but_ask_for_nothing(matcher):
    ms = matcher.find("the regional centres of the Basel and Stockholm conventions")
    assert [(m.text, m.concepts[0], m.specific) for m in ms] == [
        ("Basel conventions", "basel-convention", False),
        ("Stockholm conventions", "stockholm-convention", True)]


def test_specificity(matcher):
    def spec(text):
        return [(m.text, m.specific) for m in matcher.find(text)]
    # a bare short form is known from context: present, not asked for
    assert spec("the Convention") == [("Convention", False)]
    # a superseded acronym more often means something else today (Nicosia ACC)
    assert spec("the Nicosia ACC") == [("ACC", False)]
    assert spec("the Basel Convention, UNEP, capacity-building") == [
        ("Basel Convention", True), ("UNEP", True), ("capacity-building", True)]


def test_one_word_names_are_specific_unless_other_terms_use_the_word(termbase):
    m = english_matcher_for(termbase)
    assert [(x.text, x.specific) for x in m.find("the Government of Yemen")] == [("Yemen", True)]
    spec = {x.text: x.specific for x in m.find("the Secretariat of the Convention")}
    assert not any(spec.values())


def test_a_name_in_lower_case_is_a_phrase(termbase):
    m = english_matcher_for(termbase)
    [x] = [x for x in m.find("a strategic approach to procurement") if x.concepts == ("saicm",)]
    assert not x.specific
    [y] = [y for y in m.find("the Strategic Approach") if y.concepts == ("saicm",)]
    assert y.specific


@pytest.mark.parametrize("text, name, specific", [
    ("bureaus in the United States Virgin Islands", "United States", False),  # a longer name
    ("the United Nations Juridical Yearbook", "United Nations", False),
    ("the occupation of East Germany ended", "Germany", False),
    ("the strength of the United States dollar", "United States", True),  # a lower-case word runs on
    ("Germany and France", "Germany", True),
    ("In Germany, the law", "Germany", True),  # 'In' opens the sentence
    ("Reports. Germany said", "Germany", True),
    ("the UNEP Nairobi Liaison Desk", "UNEP", True),  # an acronym still names its concept
])
def test_a_name_running_on_into_a_longer_name_asks_for_nothing(termbase, text, name, specific):
    m = english_matcher_for(termbase)
    [x] = [x for x in m.find(text) if x.text == name]
    assert x.specific is specific


@pytest.mark.parametrize("plural, single", [
    ("conventions", "convention"), ("parties", "party"), ("substances", "substance"),
    ("processes", "process"), ("status", "status"), ("analysis", "analysis"), ("gas", "gas"),
])
def test_singular(plural, single):
    assert singular(plural) == single


def test_matcher_is_cached_per_termbase():
    tb = load_termbase([FIXTURES / "bilingual" / "terms.yaml"])
    assert english_matcher_for(tb) is english_matcher_for(tb)
    assert isinstance(english_matcher_for(tb), EnglishMatcher)
