"""`termkit termbases` and termkit.termbase.summary: what each termbase holds, counted from its files."""

from __future__ import annotations

import json

from conftest import ROOT

from termkit.cli.app import main
from termkit.termbase import read_termbase
from termkit.termbase.summary import group_by_folder, summarize

MINI = ROOT / "tests" / "rules" / "termbase.yaml"


def test_a_file_is_counted_concept_by_concept(tmp_path):
    f = tmp_path / "demo.yaml"
    f.write_text("""id: demo
title: Demo
concepts:
  - id: basel-convention
    subject: conventions
    source: "Basel Convention, article 1; Annex VIII"
    en: [Basel Convention]
    zh:
      - 巴塞尔公约
      - {term: 巴塞公约, status: deprecated, note: 尔 dropped}
  - id: eswatini
    subject: countries
    source: UNTERM; UNBIS 1000612
    verified: false
    en: [Eswatini]
    zh: [埃斯瓦蒂尼]
  - id: rotterdam-convention
    subject: conventions
    source: Rotterdam Convention, article 2 (official Chinese text); UNBIS 1000999
    en: [Rotterdam Convention]
    zh: [鹿特丹公约]
""", encoding="utf-8")
    [row] = summarize(read_termbase([f]))
    assert (row.name, row.title, row.role) == (str(f), "Demo", "terminology")
    assert (row.concepts, row.zh_terms, row.en_terms, row.flagged_forms, row.unverified) == (3, 4, 3, 1, 1)
    # a source is counted by document: the annex belongs to the Basel Convention, two UNBIS records are one source
    assert row.sources == (("UNBIS", 2), ("Basel Convention", 1), ("Rotterdam Convention", 1), ("UNTERM", 1))


def test_bundled_files_are_named_as_termbase_selects_them(capsys):
    assert main(["termbases", "chemicals-waste/ozone", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [row] = data["termbases"]
    assert row["name"] == "chemicals-waste/ozone"
    assert row["role"] == "terminology" and row["concepts"] > 100
    assert row["sources"][0] == {"source": "Montreal Protocol", "concepts": row["sources"][0]["concepts"]}


def test_folders_add_up_to_the_whole_bundle():
    from termkit.api import load_termbase
    from termkit.termbase import bundled_dir

    tb = load_termbase(None, cache=True)
    rows = summarize(tb, root=bundled_dir())
    folders = group_by_folder(rows)
    assert sum(r.concepts for r in rows) == sum(r.concepts for r in folders) == len(tb.concepts)
    by_name = {r.name: r for r in folders}
    assert by_name["reference"].role == "reference" and by_name["chemicals-waste"].role == "terminology"
    # the floor: at least 3,000 concepts besides the countries
    assert len(tb.concepts) - by_name["geography"].concepts >= 3000


def test_text_table_and_errors(capsys):
    assert main(["termbases", str(MINI)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["name", "concepts", "zh", "en", "flagged", "unverified", "role"]
    assert out[-1].endswith("concepts in 1 termbase(s)")
    assert main(["termbases", "--format", "yaml"]) == 2
    assert "unknown format 'yaml'" in capsys.readouterr().err
    assert main(["termbases", "no-such-termbase"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-termbase" in err and "bundled termbases:" in err
