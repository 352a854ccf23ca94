#!/usr/bin/env python3
"""Generate the general-vocabulary termbase files glossary/reference/unbis-*.yaml from the UNBIS Thesaurus.

One job: turn the UN Dag Hammarskjöld Library's UNBIS Thesaurus (official English and Chinese
labels of 7,312 descriptors) into termkit termbase files, one per UNBIS top-level category,
leaving out what the curated files already cover and what would do harm in a checker.

    python tools/unbis_termbase.py [--source DIR] [--glossary DIR] [--casing-sample N] [-v]

Run it again whenever a file under glossary/ changes: it reads every other termbase file at run
time and leaves out what they hold. The same inputs give the same bytes (a file whose content
would not change is not rewritten).

Inputs (read-only)
------------------
- ``--source`` (default ``../shared/external/unbis`` beside the repository):
  ``unbis_thesaurus_6lang.tsv`` (identifier, uri, en, zh, fr, es, ru, ar),
  ``unbis_all_topics_6lang.json`` (each descriptor's ``related`` ids: other descriptors, and UNBIS
  category codes such as 040202 = category 04.02.02) and ``unbis_categories_6lang_from_unbis2skos.tsv``.
- ``--unterm`` (default ``<source>/../unterm``): UNTERM country names and UN M49 region names.
- ``--unpc`` (default ``<source>/../unpc-test/UNv1.0.testset``): the UN Parallel Corpus test set.
  Only lines 1-2000 of ``.en`` and ``.zh`` are ever read (2001-4000 are held out); ``--tune-lines N``
  reads only lines 1-N, to measure on lines N+1-2000 how the evidence-based filters generalize.
- ``--glossary`` (default ``glossary/``): every ``*.yaml``/``*.yml`` file under it except this
  script's own output (``unbis-*.yaml`` in ``glossary/reference`` and ``--output``); and the
  repository's ``data/*.txt`` documents.

Outputs
-------
- ``glossary/reference/unbis-NN-<subject>.yaml`` (``--output``): one termbase per top-level category NN
  (17, geographical descriptors, is left out); file id = file name; concepts sorted by id. Stale
  ``unbis-*.yaml`` files there that this run did not write are removed.
- ``tools/unbis_overlaps.tsv`` (``--overlaps``): descriptors whose English or Chinese label is
  already a form of a concept of another file, by kind: ``en-match-zh-differs`` (HAZARDOUS WASTES =
  有毒废物 where the Basel Convention says 危险废物), ``zh-match-bad-form`` (the UNBIS label is a form
  a curated file marks deprecated, superseded or forbidden), ``zh-match-en-differs``, ``both-match``
  (UNBIS confirms the curated pair). Evidence for the curators of those concepts.
- stdout: the count of every filter with its reason, concepts per file, casing statistics, the
  overlaps whose Chinese differs; ``-v`` lists every dropped descriptor; ``--casing-sample N``
  prints N random kept labels with their cased form (``--seed``).

Each concept
------------
``id`` = ``unbis-<slug>``, the kebab-case ASCII slug of the English label when no other descriptor
of the thesaurus has the same slug, else ``unbis-<identifier>``; the slug is computed over the whole
thesaurus, so an id does not change when filters or other files change. ``subject`` = the short
name of the primary top-level category (``SUBJECTS``). ``source`` = ``UNBIS Thesaurus, descriptor
<identifier> (<uri>)``. One English term (the label, cased as below) and one Chinese term (the
label, cleaned as below), both ``type: full`` and preferred. A few concepts of the environment file
carry a plain example: a clause of UNPC lines 1-2000 in which the whole glossary finds the term.

Primary category: the top-level category with the most of the descriptor's category codes, ties
to the lowest (ENVIRONMENTALLY HAZARDOUS SUBSTANCES: 06.01.02 and 03.03.00 -> 03). A descriptor
without category codes takes those of its related descriptors (CARBON FOOTPRINT -> CLIMATE CHANGE).

Chinese label cleaning
----------------------
White space removed (UNBIS pads labels: ' 劳动力 ', '苏丹 - 萨赫勒区域'); full-width hyphen to '-';
a round-bracketed optional part removed (农业生产力（率） -> 农业生产力, 贫血（症） -> 贫血); the content
of square brackets kept (流化[床]燃烧 -> 流化床燃烧); traditional characters folded to simplified.

Filters, in this order; a descriptor is counted under the first that drops it
-----------------------------------------------------------------------------
1. ``category-heading``: the entry is a UNBIS category itself (identifier = a category code, e.g.
   030500 WATER), not a descriptor; most have a descriptor twin with the same labels.
2. ``no-category``: no category code, not even through related descriptors.
3. ``geographic`` (countries and regions have curated files): category 17 (geographical
   descriptors); category 08.03.02 (national groups: AFGHANS = 阿富汗人); a label equal to a UNTERM
   country or territory name or an M49 region name; a label that names a country or territory in
   both languages (BURUNDI SITUATION = 布隆迪局势, INDIA-PAKISTAN QUESTION); a Chinese label made of a
   place name and a generic word (阿富汗难民, 北非人: ``GEO_SUFFIXES``); an English "X QUESTION" or
   "X SITUATION" whose X the casing rules find to be a name (MIDDLE EAST SITUATION, BRUNEI
   QUESTION). Such labels would also sit one character from what texts write about the place
   (阿富汗人民 next to 阿富汗难民), which possible-variant reports.
4. ``qualified-label``: the English label carries a parenthetical qualifier, the thesaurus's way of
   telling homographs apart (PERSONS (LAW) = 法人（法律）, SELF-DEFENCE (INTERNATIONAL LAW)): the
   qualified form never occurs in running text and the bare word is ambiguous.
5. ``chinese-label``: the Chinese label is empty; holds Latin or Cyrillic letters (COVID-19,
   MX导弹, СЛОВЕНЦЫ); is truncated (an unbalanced bracket: 生物统计(学; or a known cut-off:
   ``TRUNCATED``); lists several terms (药物；药品, 签署，加入，批准); holds other characters than
   ideographs, digits, '-', '/', '·' and '、'; has fewer than two Chinese characters after cleaning
   (碱, 铝, 卡（路里）); or is a descriptive phrase with 的 (有组织的犯罪, 知情的同意): UN text writes
   the compact form (有组织犯罪), which possible-variant would report as a near-miss of the label.
6. ``in-other-glossary``: the normalized Chinese form (termkit.normalize.normalize_term: traditional
   and width folding, spacing) or the English form (normalized, then case- and plural-folded as
   termkit's English matcher folds it) is already a form, of any status, of a concept in another
   glossary file. Listed in the overlaps report.
7. ``contains-bad-form``: the Chinese label contains a deprecated or forbidden Chinese form of
   another file: it would hide that form from deprecated-term. (A superseded name inside a label is
   no error: 荷兰语, Dutch, holds 荷兰, the Netherlands' former short name.)
8. ``generic`` (the rule for labels too generic to be terms): the Chinese label occurs in at least
   ``USAGE_MIN_LINES`` UNPC lines and the aligned English lines hold its English label in fewer
   than ``GENERIC_MIN_SHARE_TWO_CHARS`` (half) of them for a two-character label, or
   ``GENERIC_MIN_SHARE`` (a fifth) for a longer one: in UN text the string is mostly a piece of
   other words or another sense (大会 is the General Assembly, not CONFERENCES; 人道主义 is
   humanitarian, not HUMANISM; 特派团 is a mission, not SPECIAL MISSIONS; 国家 renders States,
   countries and national alike). A two-character label is otherwise kept: two-character terms
   are matched exactly (possible-variant ignores terms under five characters), they serve lookup,
   and a lower-case one-word English term is never "specific" in the bilingual check, so it never
   asks for its rendering. Labels the corpus lines do not contain are not judged.
9. ``not-un-rendering``: an English label the bilingual check treats as specific (two or more
   content words, or one capitalized word) occurs in at least ``USAGE_MIN_LINES`` UNPC English
   lines and the aligned Chinese lines use the UNBIS Chinese label in fewer than half of them: UN
   translators render it otherwise (gender equality = 性别平等, not 两性平等; indigenous peoples =
   土著人民, not 土著民族), and the check would ask for the UNBIS form.
10. ``shadows-curated``: in leftmost-longest matching the label would take the place of a curated
   term: in an example sentence of another file (any overlap: the example would fail validation),
   or in the development corpus (UNPC Chinese lines 1-2000, data/*.txt) where it starts before a
   curated term and ends inside it. Repeated until stable.
11. ``duplicate-zh`` / ``duplicate-en``: two surviving descriptors with the same normalized Chinese
   form (LAND REFORM and AGRARIAN REFORM = 土地改革; DEBT and OBLIGATIONS = 债务) or the same folded
   English form. One is kept: the one whose English label is most often aligned with the Chinese
   label in UNPC lines 1-2000, then the one with the fewest English words (STRIKES, not LABOUR
   BOYCOTTS, for 罢工), then the one whose English label occurs least often there without it
   (TOURISM, not TRAVEL, for 旅游), then the lowest identifier. The others are dropped, not merged:
   a shared UNBIS Chinese label often covers different concepts, so their English labels are no
   synonyms.
12. ``variant-noise``: termkit's own possible-variant rule (default settings), run on the
   development corpus with the other glossary files and the surviving labels, suggests the label
   for a string of that official text (公共部门会计 -> 公共部门统计, 机构间工作 -> 机构间合作); the
   label is dropped unless UNPC lines confirm it ``VARIANT_CONFIRMED`` times (English and Chinese
   aligned), and the check is repeated until it suggests no label. This only removes the labels
   the development corpus happens to show; see the report for the rate on unseen lines.

Filters 8, 9, 11 and 12 use only UNPC lines 1-2000 (or 1-N with ``--tune-lines``).

English casing heuristic
------------------------
UNBIS English labels are upper case. A label is split into words (at spaces, hyphens and slashes;
an apostrophe stays inside its word) and cased by phrase, then word by word; a word no rule
decides is lower case. UN editorial style is followed where the sources show it (States, Member
States, non-State actors). In order:

1. Phrases of two or more words, longest first: a name written with capitals in the hand list
   ``OWN_PHRASES`` (United Nations, HIV/AIDS, former Yugoslavia ...), in the English terms of the
   other glossary files, in the UNTERM country names or the M49 region names; then a phrase that
   UNPC English lines 1-2000 write at least twice as a whole run of capitalized words (Middle East),
   more often than in lower case, in this label's own words (Groups of Experts is not a name because
   the Group of Experts on ... is one).
2. Words: ``OWN_ACRONYMS`` (HIV, COVID, CD, ROM, TIR; a plural takes a lower-case s: NGOs);
   ``OWN_WORDS`` (Internet, Buddhism, Islamophobia, African, Keynesian ...); a word with a digit
   keeps its capitals; a Roman numeral of two or more letters; a one-word UNTERM country name.
3. Corpus evidence (UNPC English lines 1-2000 and the English terms of the other glossary files;
   headings, whose content words are mostly capitalized, and sentence-initial words are no
   evidence): a word written capitalized on its own, not next to another capitalized word (also
   across of/the/and: Board of Auditors) and not after a determiner (UN style writes "the Council",
   "the Union" for a body named before), at least twice and in 90 % of its occurrences, is
   capitalized; a word of up to six letters only ever written in capitals, at least twice, is an
   acronym.
4. Names the thesaurus itself gives: the last word of national-group labels (ALGERIANS ->
   Algerian refugees), the word of a "X LANGUAGE" label, one-word special groups (KURDS), unless the corpus
   writes them in lower case; in the languages category every word of a language label, and in the
   special-groups category every word, that the corpus never writes in lower case and that is not
   a common word of such labels (``NAME_COMMON``): Mon-Khmer languages, Irish Travellers.
5. The Russian label, in sentence case, capitalizes proper names: when it does and the English came
   out all lower case, the words never seen in lower case are capitalized (Brunei question, German
   reunification).
6. Compounds: a combining form before a capitalized part is capitalized (Afro-Arab, Indo-European),
   so is, in the name categories of rule 4, the other part of a hyphenated name that the corpus
   never writes in lower case (French-Canadian, Mon-Khmer), and north/south/east/west/central
   before a capitalized word (North Africans, Central American refugees); prefixes (non-, pan-,
   anti- ...) stay lower case (non-State actors).

Known failures: a proper word that neither the corpus lines, the lists nor the thesaurus's name
categories show stays lower case; a common word capitalized by UN style only in some senses
(State government, for a federal state) follows the corpus; a label the Russian cross-check still
finds all lower case is counted and listed with ``-v``.

Dependencies: the Python standard library, PyYAML, and termkit itself from this worktree
(normalize_term, to_simplified, the English singular, and the possible-variant rule for filter 12).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run from a checkout: use this worktree's termkit
    sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from termkit.match.english import singular  # noqa: E402
from termkit.text.normalize import normalize, normalize_term, to_simplified  # noqa: E402

#: lines of the UNPC test set that may be read (2001-4000 are held out for honest measurement)
UNPC_LINES = 2000
#: generic / not-un-rendering filters: a label seen in at least this many UNPC lines (1-2000) whose
#: aligned lines hold the other label in less than this share of them (two-character Chinese
#: labels are single words with many senses, so they must pair at least half the time)
USAGE_MIN_LINES = 3
GENERIC_MIN_SHARE = 0.2
GENERIC_MIN_SHARE_TWO_CHARS = 0.5
NOT_UN_MIN_SHARE = 0.5
#: variant-noise spares a label that UNPC lines confirm this many times (English and Chinese aligned)
VARIANT_CONFIRMED = 3
#: plain examples: how many, in which file, and the longest example clause
EXAMPLE_FILE_CATEGORY = "03"
EXAMPLE_COUNT = 6
EXAMPLE_MAX_CHARS = 60

#: top-level UNBIS category -> subject (and file name part)
SUBJECTS = {
    "01": "political-legal",
    "02": "economics",
    "03": "environment",
    "04": "agriculture",
    "05": "industry",
    "06": "transport-communications",
    "07": "trade",
    "08": "population",
    "09": "human-settlements",
    "10": "health",
    "11": "education",
    "12": "employment",
    "13": "humanitarian-aid",
    "14": "social-conditions",
    "15": "culture",
    "16": "science-technology",
    "18": "organizational-questions",
}
GEOGRAPHIC_CATEGORY = "17"
NATIONAL_GROUPS = "080302"
#: a Chinese label made of a country, territory or region name and one of these is geographic
#: (阿富汗难民 Afghan refugees, 柏林问题, 北非人): it names the place, and it sits one character
#: away from what texts write about the place (阿富汗人民), which possible-variant would flag
GEO_SUFFIXES = ("难民", "问题", "局势", "形势", "人", "人民", "居民", "国民", "人口")
SPECIAL_GROUPS = "080301"
LANGUAGE_CATEGORY = "150101"

#: Chinese labels cut off in the source (no bracket betrays them)
TRUNCATED = {
    "1000717": "建设-经营-转让计 (BUILD-OPERATE-TRANSFER PROJECTS)",
    "1001189": "计算机输入/输出设 (COMPUTER INPUT-OUTPUT EQUIPMENT)",
    "c_e63a8258": "生态系统服 (ECOSYSTEM SERVICES)",
}

#: phrases whose casing no source gives reliably (lower-case words in them stay lower case)
OWN_PHRASES = [
    "United Nations", "United Nations system", "Member States", "Non-Self-Governing Territories",
    "Trust Territories", "Middle East", "Near East", "Far East", "Cold War", "World War",
    "North-South", "South-South", "East-West", "East-South", "Third World", "Global South",
    "World Wide Web", "Greek Cypriot", "Turkish Cypriot", "Irish Travellers", "Australian Aborigines",
    "El Niño", "La Niña", "Holy See", "Red Cross", "Red Crescent", "HIV/AIDS", "Bretton Woods",
    "former Yugoslavia", "people of African descent", "Latin Americans", "Asian Americans",
    "Charter of the United Nations", "Eastern Orthodox", "Orthodox Eastern", "Eastern European",
    "Western Saharan", "Western Sahara", "Southern Rhodesia", "Charter review", "Monroe Doctrine",
    "Olympic Games", "Paralympic Games",
]
#: acronyms, matched as whole words (a plural takes a lower-case s: NGOs)
OWN_ACRONYMS = [
    "UN", "HIV", "COVID", "DVD", "CD", "ROM", "MX", "GATT", "NGO", "DNA", "RNA", "PCB", "DDT", "CFC",
    "HCFC", "GDP", "GNP", "ICT", "ODA", "SDR", "SARS", "MERS", "BSE", "LDC", "SIDS", "TV", "ISBN",
    "ISSN", "UNBIS", "UNESCO", "UNICEF", "FAO", "ILO", "IMF", "OECD", "OPEC", "NATO", "BCG", "CFA",
    "BOT", "GIS", "GPS", "PVC", "LNG", "LPG", "CCTV", "OCR", "TIR", "ECU", "LSD", "DPT",
]
#: proper words the corpus lines do not settle (plural and singular are one)
OWN_WORDS = [
    "Internet", "Buddhism", "Buddhist", "Catholicism", "Catholic", "Christianity", "Christian",
    "Confucianism", "Hinduism", "Hindu", "Islam", "Islamic", "Judaism", "Jewish", "Jew", "Lamaism",
    "Protestantism", "Protestant", "Shinto", "Taoism", "Baha'i", "Bahaism", "Marxism", "Marxist",
    "Leninism", "Zionism", "Islamophobia", "Christianophobia", "Muslim", "Sunni", "Shiite", "Sikh",
    "Ahmadiyah", "Druze", "Quran", "Koran", "Bible", "Sabbath", "Ramadan", "Christmas", "Easter",
    "Freemasonry", "Arab", "Arabic", "African", "Asian", "European", "American", "Latin", "Caribbean",
    "Pacific", "Atlantic", "Mediterranean", "Arctic", "Antarctic", "Sahel", "Sahelian", "Saharan",
    "Sahrawi", "Renaissance", "Holocaust", "Esperanto", "Celsius", "Braille", "Creole", "Roma", "Sinti",
    "Bedouin", "Berber", "Kurd", "Maori", "Masai", "Pygmy", "Saami", "Tatar", "Afrikaner", "Amerindian",
    "Eurasian", "Inuit", "Tamil", "Tibetan", "Tuareg", "Basque", "Chechen", "Croat", "Bosniac", "Hmong",
    "Kanak", "Karen", "Melanesian", "Micronesian", "Polynesian", "Montagnard", "Meskhetian", "Falasha",
    "Syriac", "Turkic", "Cypriot", "Aborigine", "Bantu", "Slavic", "Germanic", "Semitic", "Celtic",
    "Nordic", "Scandinavian", "Balkan", "Baltic", "Andean", "Amazonian", "Himalayan", "Mekong", "Danube",
    "Nile", "Rhine", "Hague", "Geneva", "Vienna", "Nairobi", "Kyoto", "Montreal", "Basel", "Rotterdam",
    "Stockholm", "Minamata", "Keynesian", "Gini", "Delphi", "Fahrenheit", "Richter", "Ebola", "Zika",
    "Canadian", "Francophone", "Anglophone", "Hispanic", "Oceanic", "Austronesian", "Eurocommunism",
    "Nazism", "Nobel", "Olympic", "Paralympic", "Saturn", "Venus", "Jupiter", "Mars", "Suez", "Roman",
    "Brussels", "Berlin", "Hyderabad", "Marxian", "Malthusianism", "Wahhabism", "Islamism", "Arabism",
    "Africanism", "Americanism", "Unicode", "Dalit", "Buraku", "Papaver", "Balanites",
]
#: words the name rules never capitalize
NAME_COMMON = frozenset("""community communities people peoples descent language languages dialect dialects
artificial classical modern national official sign minority indigenous foreign local working mother native
regional dead living written spoken second world international programming computer natural machine plain
and or of the in studies refugees""".split())
#: prefixes of hyphenated words that stay lower case (non-State actors, pan-Pacific)
PREFIXES = frozenset("non pan anti pro post pre inter intra neo sub trans ex self co multi semi extra ultra "
                     "counter".split())
COMPASS = frozenset("north south east west central".split())
DETERMINERS = frozenset("the this that these those its their our his her a an each every said".split())
CONNECTORS = frozenset("of the and for on in de du des la le el y to at by with".split())
STOPWORDS = frozenset("a an and at by for from in of on or the to with as into against".split())
ROMAN = re.compile(r"^(?=[IVX]{2,}$)X{0,3}(IX|IV|V?I{0,3})$")
#: how a label is cut into words: letters (any script) with inner apostrophes, or digits
LABEL_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+")
TEXT_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
EN_KEY_WORD = re.compile(r"[^\W_]+")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: characters a kept Chinese label may hold besides ideographs
ZH_ALLOWED = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9\-/·、]+$")
LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\uff21-\uff3a\uff41-\uff5a]")
CATEGORY_CODE = re.compile(r"^\d{6}$")


# --------------------------------------------------------------------------- data


@dataclass
class Descriptor:
    identifier: str
    uri: str
    en_raw: str
    zh_raw: str
    ru: str
    codes: list[str]
    inherited: bool = False
    top: str | None = None
    en: str = ""
    zh: str = ""
    zh_note: str = ""  # how the Chinese label was cleaned (for the statistics)
    drop: str | None = None
    drop_detail: str = ""
    en_count: int = 0  # UNPC lines 1-2000 with the English label
    co_count: int = 0  # of those, lines whose aligned Chinese line has the Chinese label
    casing_rules: set = field(default_factory=set)


@dataclass
class CuratedTerm:
    text: str
    lang: str
    status: str
    type: str
    concept: str
    file: str


@dataclass
class Curated:
    """What the other glossary files hold."""

    files: list[str]
    terms: list[CuratedTerm]
    concept_ids: set[str]
    examples: list[tuple[str, str, list[str]]]  # (file, text, matches)
    broken: list[str]

    def concept_terms(self) -> dict[tuple[str, str], list[CuratedTerm]]:
        out: dict[tuple[str, str], list[CuratedTerm]] = defaultdict(list)
        for t in self.terms:
            out[(t.file, t.concept)].append(t)
        return out


def read_thesaurus(source: Path) -> list[Descriptor]:
    related: dict[str, list[str]] = {}
    with open(source / "unbis_all_topics_6lang.json", encoding="utf-8") as f:
        for topic in json.load(f)["topics"]:
            related[topic["identifier"]] = list(topic.get("related") or [])
    out = []
    with open(source / "unbis_thesaurus_6lang.tsv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            ident = row["identifier"].strip()
            rel = related.get(ident, [])
            out.append(Descriptor(ident, row["uri"].strip(), row["en"], row["zh"], row.get("ru") or "",
                                  [r for r in rel if CATEGORY_CODE.match(r)]))
    by_id = {d.identifier: d for d in out}
    for d in out:
        if not d.codes and not CATEGORY_CODE.match(d.identifier):
            inherited = [c for r in related.get(d.identifier, []) if r in by_id for c in by_id[r].codes]
            if inherited:
                d.codes, d.inherited = inherited, True
        if d.codes:
            tops = Counter(c[:2] for c in d.codes)
            d.top = sorted(tops, key=lambda t: (-tops[t], t))[0]
    return out


def read_categories(source: Path) -> dict[str, tuple[str, str]]:
    """Category code (6 digits as in the JSON; 2 digits for a top-level category) -> (English, Chinese)."""
    out = {}
    with open(source / "unbis_categories_6lang_from_unbis2skos.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            code = row["code"].replace(".", "")
            if code and row["en"]:
                out[code] = (row["en"].strip(), row["zh"].strip())
    return out


@dataclass
class Geo:
    en_names: set[str]          # casefolded names (short, formal, without 'the', without parentheses)
    zh_names: set[str]          # normalized Chinese names
    pairs: list[tuple[str, str]]  # (casefolded English short name, Chinese short name) of countries/territories
    phrases: list[str]          # names as written, for casing
    words: set[str]             # single-word names, for casing


def read_geo(unterm: Path) -> Geo:
    en_names, zh_names, pairs, phrases, words = set(), set(), [], [], set()

    def add(en: str, zh: str, pair: bool) -> None:
        en = (en or "").strip().rstrip("*").strip()
        zh = (zh or "").strip().rstrip("*").strip()
        m = re.match(r"^(?:the\s+)?State of (\w+)", en, flags=re.I)
        if m and zh.endswith("国"):  # State of Palestine = 巴勒斯坦国: Palestine = 巴勒斯坦 too
            add(m.group(1), zh[:-1], pair)
        variants = set()
        if en:
            base = re.sub(r"^the\s+", "", en, flags=re.I)
            variants |= {base, re.sub(r"\s*\(.*?\)\s*", " ", base).strip()}
            for v in variants:
                if v:
                    en_names.add(v.casefold())
                    phrases.append(v)
                    if " " not in v and "-" not in v:
                        words.add(v)
        if zh:
            for z in {zh, re.sub(r"[（(].*?[）)]", "", zh)}:
                if len(z) >= 2:
                    zh_names.add(normalize_term(z))
        if pair and en and zh:
            short_en = re.sub(r"\s*\(.*?\)\s*", " ", re.sub(r"^the\s+", "", en, flags=re.I)).strip()
            short_zh = re.sub(r"[（(].*?[）)]", "", zh)
            if short_en and len(short_zh) >= 2:
                pairs.append((short_en.casefold(), normalize_term(short_zh)))

    with open(unterm / "unterm_countries_6lang.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            add(row["en_short"], row["zh_short"], True)
            add(row["en_formal"], row["zh_formal"], False)
    with open(unterm / "hdx_countries_m49_en_zh.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            add(row["english_short"], row["chinese_short"], True)
            add(row["m49_english"], row["m49_chinese"], True)
            add(row["english_formal"], "", False)
    for name in ("dict_m49_regions.json", "dict_m49_subregions.json", "dict_m49_intermediate_regions.json"):
        with open(unterm / name, encoding="utf-8") as f:
            for region in json.load(f):
                add(region.get("en", ""), region.get("zh", ""), False)
    return Geo(en_names, zh_names, sorted(set(pairs)), sorted(set(phrases)), words)


def read_curated(glossary: Path, own_dirs: list[Path]) -> Curated:
    """Every termbase file under glossary/ except this script's own output (unbis-*.yaml in own_dirs)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files, terms, ids, examples, broken = [], [], set(), [], []
    paths = sorted(p for p in list(glossary.rglob("*.yaml")) + list(glossary.rglob("*.yml"))
                   if not any(part.startswith(".") for part in p.relative_to(glossary).parts))
    for path in paths:
        if path.name.startswith("unbis-") and any(path.parent.resolve() == d.resolve() for d in own_dirs):
            continue
        rel = path.relative_to(glossary.parent).as_posix()
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            broken.append(f"{rel}: {str(exc).splitlines()[0]}")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
            broken.append(f"{rel}: not a termbase mapping with a concepts list")
            continue
        files.append(rel)
        for c in data["concepts"]:
            if not isinstance(c, dict):
                continue
            cid = str(c.get("id", ""))
            ids.add(cid)
            for lang in ("zh", "en"):
                for t in c.get(lang) or []:
                    if isinstance(t, str):
                        t = {"term": t}
                    if isinstance(t, dict) and isinstance(t.get("term"), str) and t["term"].strip():
                        terms.append(CuratedTerm(t["term"].strip(), lang, str(t.get("status", "preferred")),
                                                 str(t.get("type", "full")), cid, rel))
            for ex in c.get("examples") or []:
                if isinstance(ex, dict) and isinstance(ex.get("text"), str):
                    matches = [m for m in ex.get("matches") or [] if isinstance(m, str)]
                    examples.append((rel, ex["text"], matches))
    return Curated(files, terms, ids, examples, broken)


def read_lines(path: Path, limit: int = UNPC_LINES) -> list[str]:
    """The first ``limit`` lines of a file, and not one more."""
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in islice(f, limit)]


# --------------------------------------------------------------------------- English


def en_key(text: str) -> str:
    """The form termkit's English matcher compares: normalized, case-folded, singular, hyphen = space."""
    return " ".join(singular(w.casefold()) for w in EN_KEY_WORD.findall(normalize_term(text, "en")))


def word_key(word: str) -> str:
    return singular(word.casefold().replace("\u2019", "'"))


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


class Casing:
    """Decides how an upper-case UNBIS label is written in running English text."""

    def __init__(self, unpc_en: list[str], curated_en: list[str], geo: Geo, labels: list[str],
                 thesaurus_names: set[str] = frozenset()) -> None:
        self.lower: Counter = Counter()
        self.cap: Counter = Counter()
        self.caps: Counter = Counter()
        self.forms: dict[str, Counter] = defaultdict(Counter)
        self.phrase_run: Counter = Counter()
        self.phrase_lower: Counter = Counter()
        self.phrase_forms: dict[tuple, Counter] = defaultdict(Counter)
        self.known_phrases: dict[tuple, list[str]] = {}
        self.own_words = {word_key(w): w for w in OWN_WORDS}
        self.own_acronyms = {w.casefold(): w for w in OWN_ACRONYMS}
        #: words that the thesaurus itself uses as names: nationalities (ALGERIANS), languages
        #: (GREEK LANGUAGE), peoples (KURDS): Algerian refugees, Greek question
        self.thesaurus_names = set(thesaurus_names)
        self.geo_words = {word_key(w): w for w in geo.words}
        needed = set()
        for label in labels:
            keys = [word_key(w) for w in LABEL_WORD.findall(label)]
            for i in range(len(keys)):
                for j in range(i + 2, min(len(keys), i + 6) + 1):
                    needed.add(tuple(keys[i:j]))
        self.needed = needed
        for line in unpc_en:
            self._read_line(line, corpus=True)
        for term in curated_en:
            self._read_line(term, corpus=False)
        # names with capitals, longest first: own list, curated English terms, UNTERM and M49 names
        for phrase in list(OWN_PHRASES) + [t for t in curated_en if any(c.isupper() for c in t)] + geo.phrases:
            words = LABEL_WORD.findall(phrase)
            key = tuple(word_key(w) for w in words)
            if len(key) >= 2 and key not in self.known_phrases:
                self.known_phrases[key] = words

    @staticmethod
    def _in_name(line: str, toks: list, initial: list, i: int, step: int) -> bool:
        """Whether the capitalized token i has a capitalized neighbour on one side (step -1 or 1),
        directly or across a connector (Board of Auditors): then it is part of a name."""
        j = i + step
        for _ in range(2):
            if not 0 <= j < len(toks):
                return False
            a, b = (j, i) if step < 0 else (i, j)
            if line[toks[a][2]:toks[b][1]].strip() not in ("", "-"):
                return False
            tok = toks[j][0]
            if _is_cap(tok) and not (step > 0 and initial[j]):
                return True
            if tok not in CONNECTORS:
                return False
            i, j = j, j + step
        return False

    def _read_line(self, line: str, corpus: bool) -> None:
        toks = [(m.group(0), m.start(), m.end()) for m in TEXT_WORD.finditer(line)]
        if not toks:
            return
        content = [t for t, _, _ in toks if t.casefold() not in STOPWORDS and len(t) > 1]
        if corpus and content:
            capitalized = sum(1 for t in content if _is_cap(t))
            if len(content) >= 2 and capitalized / len(content) >= 0.6:
                return  # a heading or a title: capitals there say nothing
        initial = []
        for i, (_tok, start, _) in enumerate(toks):
            if i == 0:
                initial.append(corpus)  # a curated term starts with its own casing
                continue
            gap = line[toks[i - 1][2]:start]
            initial.append(bool(re.search(r"[.!?:;\"“”()\[\]•\d]", gap)))
        for i, (tok, _start, _end) in enumerate(toks):
            key = word_key(tok)
            if tok.isupper() and len(tok) >= 2 and any(c.isalpha() for c in tok):
                self.caps[key] += 1
                self.forms[key][tok] += 1
                continue
            if tok.islower():
                self.lower[key] += 1
                continue
            if initial[i]:
                continue
            prev_cap, next_cap = self._in_name(line, toks, initial, i, -1), self._in_name(line, toks, initial, i, 1)
            self.forms[key][tok] += 1
            # "the Council", "the Union": UN style capitalizes a body named before; that is no
            # evidence that the word is a proper one
            after_determiner = i > 0 and toks[i - 1][0].casefold() in DETERMINERS
            if not prev_cap and not next_cap and not after_determiner:
                self.cap[key] += 1
        if not corpus:
            return
        # phrases: maximal runs of capitalized words (connectors allowed inside), and lower-case n-grams
        keys = [word_key(t) for t, _, _ in toks]
        joined = [i > 0 and line[toks[i - 1][2]:toks[i][1]] in (" ", "-") for i in range(len(toks))]
        i = 0
        while i < len(toks):
            if _is_cap(toks[i][0]) and not (initial[i] and toks[i][0].casefold() == "the"):
                j = i + 1
                while j < len(toks) and joined[j] and (
                        _is_cap(toks[j][0]) or (toks[j][0] in CONNECTORS and j + 1 < len(toks)
                                                and joined[j + 1] and _is_cap(toks[j + 1][0]))):
                    j += 1
                if j - i >= 2:
                    key = tuple(keys[i:j])
                    if key in self.needed:
                        self.phrase_run[key] += 1
                        self.phrase_forms[key][" ".join(t for t, _, _ in toks[i:j])] += 1
                i = j
            else:
                i += 1
        for i in range(len(toks)):
            if not toks[i][0].islower():
                continue
            for j in range(i + 2, min(len(toks), i + 6) + 1):
                if not joined[j - 1] or not toks[j - 1][0].islower():
                    break
                key = tuple(keys[i:j])
                if key in self.needed:
                    self.phrase_lower[key] += 1

    # -- casing one label

    def case(self, label: str, categories: list[str], rules: set | None = None, russian: bool = False) -> str:
        rules = set() if rules is None else rules
        spans = [(m.group(0), m.start(), m.end()) for m in LABEL_WORD.finditer(label)]
        keys = [word_key(w) for w, _, _ in spans]
        out: list[str | None] = [None] * len(spans)
        joinable = [i > 0 and label[spans[i - 1][2]:spans[i][1]] in (" ", "-", "/") for i in range(len(spans))]
        # 1. phrases, longest first
        i = 0
        while i < len(spans):
            done = False
            for j in range(min(len(spans), i + 8), i + 1, -1):
                if not all(joinable[k] for k in range(i + 1, j)):
                    continue
                key = tuple(keys[i:j])
                words = self.known_phrases.get(key)
                how = "phrase-list"
                if words is None and self.phrase_run[key] >= 2 and self.phrase_run[key] > self.phrase_lower[key]:
                    # the form written most often, if it is this label's form (Groups of Experts is
                    # not a name because the Group of Experts on ... is one)
                    form = LABEL_WORD.findall(self.phrase_forms[key].most_common(1)[0][0])
                    if [w.casefold() for w in form] == [w.casefold() for w, _, _ in spans[i:j]]:
                        words = form
                        how = "phrase-corpus"
                if words is not None and len(words) == j - i:
                    for k in range(i, j):
                        out[k] = self._inflect(spans[k][0], words[k - i])
                    rules.add(how)
                    i = j
                    done = True
                    break
            if not done:
                i += 1
        # 2-4. words
        names = LANGUAGE_CATEGORY in categories and any(k in ("language", "dialect") for k in keys) \
            or SPECIAL_GROUPS in categories or russian
        for k, (word, _, _) in enumerate(spans):
            if out[k] is None:
                out[k] = self._word(word, keys[k], names, rules)
        # 5. compound names: Mon-Khmer, French-Canadian; North Africans, Central American
        for k in range(len(spans) - 1):
            gap = label[spans[k][2]:spans[k + 1][1]]
            left, right = out[k], out[k + 1]
            if gap == "-" and left.islower() and _is_cap(right) and not right.isupper():
                if left.endswith("o") and len(left) <= 7:  # a combining form: Afro-Arab, Indo-European
                    out[k] = left.capitalize()
                    rules.add("combining-form")
                elif names and left not in PREFIXES and self.lower[keys[k]] == 0:
                    out[k] = left.capitalize()
                    rules.add("hyphenated-name")
            elif gap == " " and left in COMPASS and _is_cap(right) and not right.isupper() \
                    and keys[k + 1] not in ("state",):
                out[k] = left.capitalize()
                rules.add("compass-name")
        for k in range(len(spans) - 1, 0, -1):
            gap = label[spans[k - 1][2]:spans[k][1]]
            if names and gap == "-" and out[k].islower() and _is_cap(out[k - 1]) and not out[k - 1].isupper() \
                    and self.lower[keys[k]] == 0 and out[k - 1].casefold() not in PREFIXES:
                out[k] = out[k].capitalize()
                rules.add("hyphenated-name")
        pieces, pos = [], 0
        for (_word, start, end), cased in zip(spans, out):
            pieces.append(label[pos:start].lower())
            pieces.append(cased)
            pos = end
        pieces.append(label[pos:].lower())
        return "".join(pieces).strip()

    @staticmethod
    def _inflect(word: str, model: str) -> str:
        """Write ``word`` (upper case, maybe plural) in the casing of ``model`` (maybe singular)."""
        if model.isupper() and len(model) > 1:
            return word if not (word.endswith("S") and not model.endswith("S") and len(word) > len(model)) \
                else word[:-1] + "s"
        if model[:1].isupper():
            rest = word[1:].lower()
            # McDonald-like inner capitals when the model has the same letters
            if len(model) == len(word) and model.casefold() == word.casefold():
                return model
            return word[:1] + rest
        return word.lower()

    def _word(self, word: str, key: str, names: bool, rules: set) -> str:
        lower = word.lower()
        folded = word.casefold()
        if folded in self.own_acronyms:
            rules.add("acronym-list")
            return self.own_acronyms[folded]
        if folded.endswith("s") and folded[:-1] in self.own_acronyms and len(folded) > 3:
            rules.add("acronym-list")
            return self.own_acronyms[folded[:-1]] + "s"
        for k in (key, folded[:-1] if folded.endswith("s") else None):
            if k in self.own_words:
                rules.add("word-list")
                return self._inflect(word, self.own_words[k])
        if any(c.isdigit() for c in word):
            return word
        if ROMAN.match(word):
            rules.add("roman-numeral")
            return word
        if key in self.geo_words:
            rules.add("country-name")
            return self._inflect(word, self.geo_words[key])
        cap, low, caps = self.cap[key], self.lower[key], self.caps[key]
        if (key in self.thesaurus_names or folded in self.thesaurus_names) and low == 0:
            rules.add("thesaurus-name")
            return word.capitalize()
        if cap >= 2 and cap >= 0.9 * (cap + low + caps):
            rules.add("corpus-capitalized")
            form = self.forms[key].most_common(1)[0][0] if self.forms[key] else word.capitalize()
            return self._inflect(word, form if not form.isupper() else word.capitalize())
        if caps >= 2 and low == 0 and cap == 0 and len(word) <= 6:
            rules.add("corpus-acronym")
            return self._inflect(word, self.forms[key].most_common(1)[0][0])
        if names and low == 0 and folded not in NAME_COMMON and folded not in STOPWORDS:
            rules.add("name-category")
            return word.capitalize()
        return lower


def thesaurus_names(descriptors: list[Descriptor]) -> set[str]:
    """Words the thesaurus uses as names: the last word of a national-group label (ALGERIANS, NEW
    ZEALANDERS), the word before LANGUAGE in the languages category (GREEK LANGUAGE), single-word
    special groups (KURDS); singular and plural keys."""
    out = set()
    for d in descriptors:
        words = LABEL_WORD.findall(d.en_raw)
        picked = []
        if NATIONAL_GROUPS in d.codes and "(" not in d.en_raw:
            picked = words[-1:]  # the demonym; NEW ZEALANDERS, SAINT LUCIANS: not new, saint
        elif LANGUAGE_CATEGORY in d.codes and len(words) == 2 and words[1] in ("LANGUAGE", "LANGUAGES"):
            picked = words[:1]
        elif SPECIAL_GROUPS in d.codes and len(words) == 1:
            picked = words
        for w in picked:
            f = w.casefold()
            if f not in NAME_COMMON and f not in STOPWORDS:
                out |= {word_key(w), f, f[:-1] if f.endswith("s") else f}
    return out


def russian_has_name(ru: str) -> bool:
    """A capital after the first word of a sentence-case Russian label marks a proper name."""
    words = ru.split()
    if not words or ru.isupper():
        return False
    return any(w[:1].isupper() for w in words[1:])


# --------------------------------------------------------------------------- Chinese


def clean_zh(d: Descriptor) -> tuple[str | None, str | None]:
    """(cleaned label, None) or (None, why it is unusable)."""
    s = re.sub(r"\s+", "", d.zh_raw)
    if not s:
        return None, "empty"
    s = s.replace("\uff0d", "-")
    if LETTERS.search(s):
        return None, "Latin or Cyrillic letters"
    if d.identifier in TRUNCATED:
        return None, "truncated label"
    for open_, close in (("（(", "）)"), ("[", "]")):
        depth = 0
        for ch in s:
            depth += (ch in open_) - (ch in close)
            if depth < 0 or depth > 1:
                break
        if depth != 0:
            return None, "truncated label (unbalanced bracket)"
    if re.search(r"[，,；;]", s):
        return None, "several terms in one label"
    notes = []
    t = re.sub(r"[（(][^（）()]*[）)]", "", s)
    if t != s:
        notes.append("optional part removed")
    u = re.sub(r"\[([^\]]*)\]", r"\1", t)
    if u != t:
        notes.append("square brackets removed")
    v = to_simplified(u)
    if v != u:
        notes.append("traditional folded")
    if not ZH_ALLOWED.match(v):
        return None, "other characters"
    if len(CJK.findall(v)) < 2:
        return None, "fewer than two Chinese characters"
    if "的" in v:
        return None, "a descriptive phrase with 的"
    d.zh_note = ", ".join(notes)
    return v, None


# --------------------------------------------------------------------------- matching


class LeftmostLongest:
    """termkit's Chinese matching (leftmost-longest over normalized forms), in plain Python."""

    def __init__(self, owners: dict[str, str]) -> None:
        self.owners = owners  # normalized form (two or more characters) -> owner key
        by_head: dict[str, set[int]] = defaultdict(set)
        for form in owners:
            by_head[form[:2]].add(len(form))
        self.lengths = {head: sorted(lengths, reverse=True) for head, lengths in by_head.items()}

    def find(self, text: str) -> list[tuple[int, int, str]]:
        out, i, n, owners, heads = [], 0, len(text), self.owners, self.lengths
        while i < n - 1:
            lengths = heads.get(text[i:i + 2])
            if lengths:
                for length in lengths:
                    if i + length <= n and text[i:i + length] in owners:
                        out.append((i, i + length, text[i:i + length]))
                        i += length
                        break
                else:
                    i += 1
            else:
                i += 1
        return out


def shadow_offenders(curated_forms: set[str], candidates: dict[str, str], corpus: list[str],
                     examples: list[tuple[str, list[str]]]) -> dict[str, tuple[str, str]]:
    """Candidate forms that take a curated term's place: form -> (where, what)."""
    offenders: dict[str, tuple[str, str]] = {}
    base = LeftmostLongest({f: "curated" for f in curated_forms})
    base_matches = [set(base.find(text)) for text in corpus]
    example_base = [(text, set(base.find(text)), {normalize_term(m) for m in matches})
                    for text, matches in examples]
    active = dict(candidates)
    while True:
        owners = {f: "curated" for f in curated_forms}
        for form in active:
            owners.setdefault(form, "unbis")
        both = LeftmostLongest(owners)
        new: dict[str, tuple[str, str]] = {}
        for text, before in zip(corpus, base_matches):
            after = both.find(text)
            lost = before - set(after)
            if not lost:
                continue
            for (s, e, form) in sorted(lost):
                for (s2, e2, f2) in after:
                    if owners[f2] == "unbis" and s2 < s < e2 < e:
                        new.setdefault(f2, ("corpus", f"{text[max(0, s2 - 4):e + 4]} ({f2}|{form})"))
        for text, before, expected in example_base:
            after = both.find(text)
            for (s, e, form) in sorted(before - set(after)):
                if form not in expected:
                    continue
                for (s2, e2, f2) in after:
                    if owners[f2] == "unbis" and s2 < e and s < e2:
                        new.setdefault(f2, ("example", f"{text[max(0, s2 - 4):max(e, e2) + 4]} ({f2}|{form})"))
        if not new:
            return offenders
        offenders.update(new)
        for form in new:
            active.pop(form, None)


class LineIndex:
    """Which lines hold a string: candidate lines from an index of pieces (two-character pieces of
    Chinese lines, words of English lines), then a substring test on those lines only."""

    def __init__(self, lines: list[str], words: bool) -> None:
        self.lines, self.words = lines, words
        self.index: dict[str, set[int]] = defaultdict(set)
        for i, line in enumerate(lines):
            for piece in self._pieces(line):
                self.index[piece].add(i)

    def _pieces(self, text: str) -> list[str]:
        return text.split() if self.words else [text[k:k + 2] for k in range(len(text) - 1)]

    def lines_with(self, needle: str) -> set[int]:
        pieces = self._pieces(needle)
        if not pieces:
            return set()
        rarest = min((self.index.get(p, set()) for p in pieces), key=len)
        return {i for i in rarest if needle in self.lines[i]}


def usage_evidence(zh_form: str, en_label: str, zh_index: LineIndex, en_index: LineIndex) -> tuple[int, int, int, int]:
    """How UNPC lines 1-2000 pair the two labels.

    (lines with the Chinese form, of those how many have the English label in the aligned English
    line, lines with the English label, of those how many have the Chinese form). The English side
    is compared as termkit's English matcher compares: case-folded, singular, hyphen = space.
    """
    zh_hits = zh_index.lines_with(zh_form)
    en_hits = en_index.lines_with(f" {en_key(en_label)} ")
    return len(zh_hits), len(zh_hits & en_hits), len(en_hits), len(en_hits & zh_hits)


def is_specific(en: str) -> bool:
    """Whether termkit's bilingual check asks for a rendering of this English term.

    Two or more content words, or one capitalized word (see termkit.bilingual.english).
    """
    words = EN_KEY_WORD.findall(en)
    if len(words) == 1:
        return words[0][:1].isupper()
    return sum(w.lower() not in STOPWORDS for w in words) >= 2


def variant_noise(curated: Curated, candidates: list[Descriptor], documents: list[str]) -> dict[str, str]:
    """Candidates whose label termkit's possible-variant rule would suggest for official text.

    The development documents (UNPC Chinese lines 1-2000, data/*.txt) are official UN text, mostly
    right: a string there one edit from a label (有组织犯罪 next to UNBIS 有组织的犯罪, 公共部门会计 next
    to 公共部门统计) is a false alarm the label would raise in every such document. The rule itself
    (termkit.rules.possible_variant, default settings) is run on an in-memory termbase of the other
    glossary files and the candidates; candidates it suggests are dropped, and the check runs again
    until it suggests none (a dropped label can no longer vouch for a string that is itself a term).
    Returns identifier -> the first string it was suggested for.
    """
    from termkit.engine.options import CheckOptions
    from termkit.engine.pipeline import check_document
    from termkit.model import Concept, Term, Termbase
    from termkit.text.document import Document

    by_concept: dict[tuple[str, str], list[CuratedTerm]] = curated.concept_terms()
    base = []
    for n, ((_file, _cid), terms) in enumerate(sorted(by_concept.items())):
        key = f"curated-{n}"
        base.append(Concept(key, "curated", tuple(
            Term(t.text, t.lang, t.type if t.type in ("full", "short", "abbrev") else "full",
                 t.status if t.status in ("preferred", "admitted", "deprecated", "superseded", "forbidden")
                 else "preferred", concept_id=key) for t in terms)))
    alive = {d.identifier: d for d in candidates}
    hits: dict[str, str] = {}
    options = CheckOptions(rules=("possible-variant",), inline_suppressions=False)
    while True:
        concepts = list(base) + [Concept(f"unbis:{i}", "unbis", (Term(d.zh, "zh", concept_id=f"unbis:{i}"),))
                                 for i, d in sorted(alive.items())]
        termbase = Termbase(tuple(concepts))
        new = {}
        for n, text in enumerate(documents):
            for f in check_document(Document(f"<dev {n}>", text), termbase, options):
                if f.concept and f.concept.startswith("unbis:"):
                    new.setdefault(f.concept[len("unbis:"):], f"{f.text} -> {f.suggestion}")
        if not new:
            return hits
        hits.update(new)
        for ident in new:
            alive.pop(ident, None)


# --------------------------------------------------------------------------- output


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")


#: a scalar YAML reads back as the same string inside a flow mapping: starts with a letter or an
#: ideograph, holds no flow indicator, comment or mapping syntax, and is no YAML 1.1 boolean or null
_PLAIN = re.compile(r"[^\W\d_][\w .'/()\-·、\u3000-\u303f\uff08\uff09]*", re.UNICODE)
_SPECIAL = re.compile(r"(?i)^(y|n|yes|no|true|false|on|off|null)$")


def yaml_scalar(value: str) -> str:
    """A plain scalar when it is safe in a flow mapping, else a double-quoted one (JSON escapes are YAML's)."""
    if _PLAIN.fullmatch(value) and value == value.strip() and not _SPECIAL.match(value) \
            and ": " not in value and " #" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def render_file(file_id: str, top: str, categories: dict, concepts: list[dict], counts: str) -> str:
    en_title, zh_title = categories[top]
    lines = [
        f"# UNBIS Thesaurus descriptors of top-level category {top} ({en_title}; {zh_title}) as termkit concepts.",
        "# GENERATED by tools/unbis_termbase.py from the UN Dag Hammarskjöld Library's UNBIS Thesaurus",
        "#   (metadata.un.org/thesaurus, official English and Chinese labels): do not edit by hand; fix",
        "#   the script or the curated files and run it again. The English label, upper case in UNBIS, is",
        "#   cased by the script's heuristic; the Chinese label is cleaned (spaces, optional bracketed",
        "#   parts, traditional characters). Left out (see the script's docstring): geographic names;",
        "#   labels already in another glossary file; garbled, one-character or descriptive Chinese",
        "#   labels; labels that UN translations (UNPC test set, lines 1-2000) use for something else or",
        "#   render otherwise; duplicates; labels that would mislead the matcher. UNBIS is an indexing",
        "#   language: a label can differ from treaty wording and current UN usage; curated files win.",
        f"# {counts} Concepts are sorted by id.",
        f"id: {file_id}",
        f"title: {yaml_scalar('UNBIS Thesaurus: ' + en_title)}",
        "source: UNBIS Thesaurus (UN Dag Hammarskjöld Library), metadata.un.org/thesaurus",
        "# reference vocabulary: found, looked up and exported, never asked for in a translation",
        "role: reference",
        "concepts:",
    ]
    for c in concepts:
        lines.append(f"  - id: {c['id']}")
        lines.append(f"    subject: {c['subject']}")
        lines.append(f"    source: {yaml_scalar(c['source'])}")
        lines.append("    en:")
        lines.append(f"      - {{term: {yaml_scalar(c['en'])}, type: full}}")
        lines.append("    zh:")
        lines.append(f"      - {{term: {yaml_scalar(c['zh'])}, type: full}}")
        if c.get("examples"):
            lines.append("    examples:")
            for ex in c["examples"]:
                lines.append(f"      - text: {yaml_scalar(ex['text'])}")
                lines.append(f"        matches: [{', '.join(yaml_scalar(m) for m in ex['matches'])}]")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", type=Path, default=REPO.parent / "shared" / "external" / "unbis",
                   help="folder with the UNBIS TSV, JSON and category table (default: %(default)s)")
    p.add_argument("--unterm", type=Path, help="UNTERM folder (default: <source>/../unterm)")
    p.add_argument("--unpc", type=Path,
                   help="UNPC test set path without .en/.zh (default: <source>/../unpc-test/UNv1.0.testset); "
                        f"only lines 1-{UNPC_LINES} are read")
    p.add_argument("--glossary", type=Path, default=REPO / "glossary", help="glossary folder (default: %(default)s)")
    p.add_argument("--output", type=Path, help="output folder (default: <glossary>/reference)")
    p.add_argument("--overlaps", type=Path, default=REPO / "tools" / "unbis_overlaps.tsv",
                   help="overlap report (default: %(default)s)")
    p.add_argument("--tune-lines", type=int, default=UNPC_LINES, metavar="N",
                   help=f"use only UNPC lines 1-N as evidence (default and maximum {UNPC_LINES}); a smaller N "
                        "leaves lines N+1-2000 to measure how the evidence-based filters generalize")
    p.add_argument("--casing-sample", type=int, default=0, metavar="N",
                   help="print N random kept labels with their cased form (seeded, reproducible)")
    p.add_argument("--seed", type=int, default=1, help="seed of --casing-sample (default: %(default)s)")
    p.add_argument("-v", "--verbose", action="store_true", help="list every dropped descriptor and casing doubt")
    args = p.parse_args(argv)
    args.unterm = args.unterm or args.source.parent / "unterm"
    args.unpc = args.unpc or args.source.parent / "unpc-test" / "UNv1.0.testset"
    args.output = args.output or args.glossary / "reference"
    if not 1 <= args.tune_lines <= UNPC_LINES:
        p.error(f"--tune-lines must be from 1 to {UNPC_LINES}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out = sys.stdout
    descriptors = read_thesaurus(args.source)
    categories = read_categories(args.source)
    geo = read_geo(args.unterm)
    curated = read_curated(args.glossary, [args.output, args.glossary / "reference"])
    for problem in curated.broken:
        print(f"warning: cannot read {problem}; its forms are not excluded", file=sys.stderr)
    unpc_en = read_lines(Path(str(args.unpc) + ".en"), args.tune_lines)
    unpc_zh = read_lines(Path(str(args.unpc) + ".zh"), args.tune_lines)
    data_dir = args.glossary.parent / "data"
    documents = [normalize(p.read_text(encoding="utf-8")).text for p in sorted(data_dir.glob("*.txt"))]
    corpus = [normalize(line).text for line in unpc_zh] + documents
    raw_documents = ["\n".join(unpc_zh)] + [p.read_text(encoding="utf-8") for p in sorted(data_dir.glob("*.txt"))]
    zh_index = LineIndex(corpus[:len(unpc_zh)], words=False)
    en_index = LineIndex([f" {' '.join(singular(w.casefold()) for w in EN_KEY_WORD.findall(line))} "
                          for line in unpc_en], words=True)

    curated_zh = {normalize_term(t.text, "zh"): t for t in curated.terms if t.lang == "zh"}
    curated_en = {en_key(t.text): t for t in curated.terms if t.lang == "en"}
    curated_bad_zh = {normalize_term(t.text, "zh") for t in curated.terms
                      if t.lang == "zh" and t.status in ("deprecated", "forbidden")}
    casing = Casing(unpc_en, [t.text for t in curated.terms if t.lang == "en"], geo,
                    [d.en_raw for d in descriptors], thesaurus_names(descriptors))

    geo_pairs = [(f" {re.sub(r'[^a-z0-9]+', ' ', en)} ", zh) for en, zh in geo.pairs]
    drops: Counter = Counter()
    details: dict[str, Counter] = defaultdict(Counter)

    def drop(d: Descriptor, reason: str, detail: str = "") -> None:
        d.drop, d.drop_detail = reason, detail
        drops[reason] += 1
        if detail:
            details[reason][detail] += 1

    # 1-5: what the descriptor itself says
    for d in descriptors:
        en_raw = " ".join(d.en_raw.split())
        if CATEGORY_CODE.match(d.identifier):
            drop(d, "category-heading")
            continue
        if d.top is None:
            drop(d, "no-category")
            continue
        zh, zh_problem = clean_zh(d)
        zh_norm = normalize_term(zh) if zh else None
        en_fold = en_raw.casefold()
        en_base = re.sub(r"\s*\(.*?\)\s*", " ", en_fold).strip()
        geo_reason = None
        if any(c[:2] == GEOGRAPHIC_CATEGORY for c in d.codes):
            geo_reason = "category 17 (geographical descriptors)"
        elif NATIONAL_GROUPS in d.codes:
            geo_reason = "category 08.03.02 (national groups)"
        elif en_fold in geo.en_names or en_base in geo.en_names or (zh_norm and zh_norm in geo.zh_names):
            geo_reason = "a country, territory or region name"
        else:
            words = f" {re.sub(r'[^a-z0-9]+', ' ', en_base)} "
            for name_en, name_zh in geo_pairs:
                if name_en in words and zh_norm and name_zh in zh_norm:
                    geo_reason = "names a country or territory"
                    break
        if not geo_reason and zh_norm:
            for name in geo.zh_names:
                if zh_norm.startswith(name) and zh_norm[len(name):] in GEO_SUFFIXES:
                    geo_reason = "a place name and a generic word (X难民, X问题, X人)"
                    break
        if geo_reason:
            drop(d, "geographic", geo_reason)
            continue
        if "(" in en_raw:
            drop(d, "qualified-label")
            continue
        if zh is None:
            drop(d, "chinese-label", zh_problem)
            continue
        d.zh = zh
        d.en = casing.case(en_raw, d.codes, d.casing_rules)
        if d.en == d.en.lower() and russian_has_name(d.ru):
            # the Russian label, in sentence case, capitalizes a name: capitalize the words never
            # seen in lower case (Brunei question, German reunification)
            d.en = casing.case(en_raw, d.codes, d.casing_rules, russian=True)
            d.casing_rules.add("russian-signal")
        if re.search(r" (QUESTION|SITUATION)$", en_raw) and _is_cap(d.en) and not d.en.split()[0].isupper():
            drop(d, "geographic", "a named place's question or situation")
            continue

    # overlaps with the curated files (before filter 6 drops them), for the report
    concept_terms = curated.concept_terms()
    overlaps = []
    for d in descriptors:
        if not d.zh or d.drop == "category-heading":
            continue
        zh_n, en_k = normalize_term(d.zh), en_key(d.en_raw)
        hits = set()
        if en_k in curated_en:
            t = curated_en[en_k]
            hits.add((t.file, t.concept))
        if zh_n in curated_zh:
            t = curated_zh[zh_n]
            hits.add((t.file, t.concept))
        for file, concept in sorted(hits):
            terms = concept_terms[(file, concept)]
            zh_forms = {normalize_term(t.text): t for t in terms if t.lang == "zh"}
            en_keys = {en_key(t.text): t for t in terms if t.lang == "en"}
            zh_hit, en_hit = zh_forms.get(zh_n), en_keys.get(en_k)
            if en_hit and zh_hit:
                kind = "both-match" if zh_hit.status in ("preferred", "admitted") else "zh-match-bad-form"
            elif en_hit:
                kind = "en-match-zh-differs"
            else:
                kind = "zh-match-bad-form" if zh_hit.status not in ("preferred", "admitted") else "zh-match-en-differs"
            pref_zh = [t.text for t in terms if t.lang == "zh" and t.status == "preferred"]
            pref_en = [t.text for t in terms if t.lang == "en" and t.status == "preferred"]
            overlaps.append({
                "kind": kind, "unbis_id": d.identifier, "unbis_en": d.en or d.en_raw.strip(), "unbis_zh": d.zh,
                "file": file, "concept": concept,
                "concept_en": en_hit.text if en_hit else (pref_en[0] if pref_en else ""),
                "concept_zh": "; ".join(pref_zh),
                "matched_zh": f"{zh_hit.text} ({zh_hit.status})" if zh_hit else "",
                "uri": d.uri,
            })

    # 6-7: against the curated files
    for d in descriptors:
        if d.drop:
            continue
        zh_n, en_k = normalize_term(d.zh), en_key(d.en)
        if zh_n in curated_zh or en_k in curated_en:
            t = curated_zh.get(zh_n) or curated_en.get(en_k)
            drop(d, "in-other-glossary", t.file)
            continue
        bad = next((b for b in sorted(curated_bad_zh) if b in zh_n), None)
        if bad:
            drop(d, "contains-bad-form", bad)

    # 8-9: how UN translations pair the two labels (UNPC lines 1-2000)
    usage_list: dict[str, list[str]] = defaultdict(list)
    for d in descriptors:
        if d.drop:
            continue
        zh_n, zh_co, en_n, en_co = usage_evidence(normalize_term(d.zh), d.en, zh_index, en_index)
        d.en_count, d.co_count = en_n, en_co
        share = GENERIC_MIN_SHARE_TWO_CHARS if len(normalize_term(d.zh)) == 2 else GENERIC_MIN_SHARE
        if zh_n >= USAGE_MIN_LINES and zh_co < share * zh_n:
            drop(d, "generic", f"{zh_co}/{zh_n}")
            usage_list["generic"].append(f"{d.zh} ({d.en}) {zh_co}/{zh_n}")
        elif is_specific(d.en) and en_n >= USAGE_MIN_LINES and en_co < NOT_UN_MIN_SHARE * en_n:
            drop(d, "not-un-rendering", f"{en_co}/{en_n}")
            usage_list["not-un-rendering"].append(f"{d.en} = {d.zh} {en_co}/{en_n}")

    # 10: taking a curated term's place
    alive = [d for d in descriptors if not d.drop]
    candidates = {normalize_term(d.zh): d.identifier for d in alive}
    examples = [(normalize(text).text, matches) for _, text, matches in curated.examples]
    offenders = shadow_offenders(set(curated_zh), candidates, corpus, examples)
    for d in alive:
        hit = offenders.get(normalize_term(d.zh))
        if hit:
            drop(d, "shadows-curated", hit[0])
            d.drop_detail = f"{hit[0]}: {hit[1]}"

    # 11: duplicates among the survivors
    for which, keyf in (("duplicate-zh", lambda d: normalize_term(d.zh)), ("duplicate-en", lambda d: en_key(d.en))):
        groups: dict[str, list[Descriptor]] = defaultdict(list)
        for d in descriptors:
            if not d.drop:
                groups[keyf(d)].append(d)
        for members in groups.values():
            if len(members) < 2:
                continue
            members.sort(key=lambda d: (-d.co_count, len(d.en.split()), d.en_count - d.co_count, d.identifier))
            for d in members[1:]:
                drop(d, which, f"kept {members[0].identifier} {members[0].en_raw.strip()}")
                d.drop_detail = f"{d.en_raw.strip()} -> kept {members[0].en_raw.strip()} ({members[0].identifier})"

    # 12: near-variant noise: what termkit's possible-variant rule would report in official text
    variant_hits = variant_noise(curated, [d for d in descriptors if not d.drop], raw_documents)
    variant_kept = []
    for d in descriptors:
        if d.identifier in variant_hits:
            if d.co_count >= VARIANT_CONFIRMED:
                variant_kept.append(f"{d.zh} ({variant_hits[d.identifier]}; confirmed {d.co_count}x)")
            else:
                drop(d, "variant-noise", variant_hits[d.identifier])

    kept = [d for d in descriptors if not d.drop]

    # ids: a slug of the English label, unique over the whole thesaurus (not over the kept ones)
    slug_count = Counter(slug(d.en_raw) for d in descriptors if not CATEGORY_CODE.match(d.identifier))
    ids = {}
    for d in kept:
        s = slug(d.en_raw)
        ids[d.identifier] = f"unbis-{s}" if s and slug_count[s] == 1 else f"unbis-{slug(d.identifier)}"
    clash = sorted(i for i in ids.values() if i in curated.concept_ids)
    if clash:
        print(f"error: concept ids already used by other glossary files: {', '.join(clash)}", file=sys.stderr)
        return 1

    # examples: a few clauses of UNPC lines 1-2000 in which the whole glossary finds the term
    owners = {f: "curated" for f in curated_zh}
    for d in kept:
        owners.setdefault(normalize_term(d.zh), d.identifier)
    matcher = LeftmostLongest(owners)
    written_form = {normalize_term(t.text): t.text for t in curated.terms if t.lang == "zh"}
    written_form.update({normalize_term(d.zh): d.zh for d in kept})
    clauses = [re.sub(r"^(\d+(\.\d+)*\.|\([a-z0-9]+\)|[一二三四五六七八九十]+、)\s*", "", c)
               for line in unpc_zh for c in re.split(r"[，。；：！？]", line)]
    clauses = [c for c in clauses if c == c.strip() and 8 <= len(c) <= EXAMPLE_MAX_CHARS
               and not re.search(r"[A-Za-z]", c)]
    clauses = [(c, normalize(c).text) for c in clauses]
    example_of: dict[str, dict] = {}
    for _cid, d in sorted((ids[d.identifier], d) for d in kept if d.top == EXAMPLE_FILE_CATEGORY):
        if len(example_of) >= EXAMPLE_COUNT:
            break
        form = normalize_term(d.zh)
        if len(form) < 3:
            continue
        for clause, norm in clauses:
            if form not in norm:
                continue
            found = matcher.find(norm)
            if any(owners[f] == d.identifier for _, _, f in found):
                example_of[d.identifier] = {"text": clause, "matches": [written_form[f] for _, _, f in found]}
                break

    # write the files
    by_top: dict[str, list[dict]] = defaultdict(list)
    for d in kept:
        concept = {"id": ids[d.identifier], "subject": SUBJECTS[d.top],
                   "source": f"UNBIS Thesaurus, descriptor {d.identifier} ({d.uri})", "en": d.en, "zh": d.zh}
        if d.identifier in example_of:
            concept["examples"] = [example_of[d.identifier]]
        by_top[d.top].append(concept)
    args.output.mkdir(parents=True, exist_ok=True)
    written = []
    for top in sorted(by_top):
        concepts = sorted(by_top[top], key=lambda c: c["id"])
        file_id = f"unbis-{top}-{SUBJECTS[top]}"
        path = args.output / f"{file_id}.yaml"
        text = render_file(file_id, top, categories, concepts, f"{len(concepts)} concepts.")
        check = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        assert [(c["id"], c["en"][0]["term"], c["zh"][0]["term"]) for c in check["concepts"]] == \
            [(c["id"], c["en"], c["zh"]) for c in concepts], f"{path}: YAML does not read back as written"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomic(path, text)
        written.append((path, len(concepts)))
    for stale in sorted(args.output.glob("unbis-*.yaml")):
        if stale not in {p for p, _ in written}:
            stale.unlink()
            print(f"removed stale {stale}", file=out)

    # the overlap report
    kinds = ["en-match-zh-differs", "zh-match-bad-form", "zh-match-en-differs", "both-match"]
    overlaps.sort(key=lambda r: (kinds.index(r["kind"]), r["file"], r["concept"], r["unbis_id"]))
    cols = ["kind", "unbis_id", "unbis_en", "unbis_zh", "file", "concept", "concept_en", "concept_zh",
            "matched_zh", "uri"]
    report = "\t".join(cols) + "\n" + "".join("\t".join(r[c] for c in cols) + "\n" for r in overlaps)
    if not args.overlaps.exists() or args.overlaps.read_text(encoding="utf-8") != report:
        write_atomic(args.overlaps, report)

    # statistics
    print(f"UNBIS descriptors read: {len(descriptors)}; other glossary files read: {len(curated.files)} "
          f"({len(curated.terms)} terms, {len(curated.examples)} examples)", file=out)
    order = ["category-heading", "no-category", "geographic", "qualified-label", "chinese-label",
             "in-other-glossary", "contains-bad-form", "generic", "not-un-rendering", "shadows-curated",
             "duplicate-zh", "duplicate-en", "variant-noise"]
    why = {
        "category-heading": "a UNBIS category's own entry, not a descriptor",
        "no-category": "no UNBIS category, not even through related descriptors",
        "geographic": "geographic name (countries and regions have curated files)",
        "qualified-label": "English label with a homograph qualifier in parentheses",
        "chinese-label": "Chinese label unusable",
        "in-other-glossary": "Chinese or English form already in another glossary file",
        "contains-bad-form": "Chinese label contains a deprecated or forbidden form of another file",
        "generic": "in UN text the Chinese label mostly stands for something else",
        "not-un-rendering": "UN translations mostly render the English label otherwise",
        "shadows-curated": "would take a curated term's place in matching",
        "duplicate-zh": "same Chinese form as a kept descriptor",
        "duplicate-en": "same English form as a kept descriptor",
        "variant-noise": "possible-variant would flag correct official text as a near-miss of it",
    }
    print("dropped:", file=out)
    for reason in order:
        print(f"  {drops[reason]:5d}  {reason}: {why[reason]}", file=out)
        if reason in ("geographic", "chinese-label", "in-other-glossary", "variant-noise"):
            for detail, n in sorted(details[reason].items(), key=lambda x: (-x[1], x[0])):
                print(f"         {n:5d}  {detail}", file=out)
    print(f"kept: {len(kept)} concepts in {len(written)} files", file=out)
    for path, n in written:
        shown = path.relative_to(args.glossary.parent) if path.is_relative_to(args.glossary.parent) else path
        print(f"  {n:5d}  {shown}", file=out)
    cleaned = Counter(d.zh_note for d in kept if d.zh_note)
    print("Chinese labels cleaned: " + (", ".join(f"{k}: {v}" for k, v in sorted(cleaned.items())) or "none"),
          file=out)
    print(f"inherited categories (no own code): {sum(1 for d in kept if d.inherited)}", file=out)
    for reason, lines in sorted(usage_list.items()):
        print(f"{reason} (aligned UNPC lines with the other label / lines with this one): "
              + "; ".join(sorted(lines)), file=out)
    if variant_kept:
        print("near-variants seen but the label kept, as UNPC lines confirm it: " + "; ".join(variant_kept), file=out)
    shadows = sorted((d.zh, d.en, d.drop_detail) for d in descriptors if d.drop == "shadows-curated")
    if shadows:
        print("labels that would take a curated term's place: "
              + "; ".join(f"{z} ({e}) in {w}" for z, e, w in shadows), file=out)
    rule_counts = Counter(r for d in kept for r in d.casing_rules)
    with_caps = sum(1 for d in kept if d.en != d.en.lower())
    print(f"casing: {len(kept) - with_caps} labels all lower case, {with_caps} with capitals; rules used: "
          + ", ".join(f"{r} {n}" for r, n in sorted(rule_counts.items())), file=out)
    ru_doubt = [d for d in kept if russian_has_name(d.ru) and d.en == d.en.lower()]
    print(f"casing doubts (the Russian label capitalizes a name, the English is all lower case): "
          f"{len(ru_doubt)}", file=out)
    n_kinds = Counter(r["kind"] for r in overlaps)
    print(f"overlaps written to {args.overlaps}: " + ", ".join(f"{k} {n_kinds[k]}" for k in kinds), file=out)
    for r in overlaps:
        if r["kind"] == "en-match-zh-differs":
            print(f"  {r['unbis_id']} {r['unbis_en']} = {r['unbis_zh']}; {r['file']} {r['concept']}: "
                  f"{r['concept_en']} = {r['concept_zh']}", file=out)
    if args.verbose:
        for d in ru_doubt:
            print(f"  casing doubt: {d.en_raw.strip()} -> {d.en} (ru: {d.ru})", file=out)
        for d in descriptors:
            if d.drop:
                print(f"  dropped {d.drop}: {d.identifier} {d.en_raw.strip()} = {d.zh_raw.strip()} "
                      f"{d.drop_detail}", file=out)
    if args.casing_sample:
        rng = random.Random(args.seed)
        print(f"casing sample ({args.casing_sample} kept labels, seed {args.seed}):", file=out)
        for d in sorted(rng.sample(kept, min(args.casing_sample, len(kept))), key=lambda d: d.en_raw):
            print(f"  {d.en_raw.strip():45s} -> {d.en}", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
