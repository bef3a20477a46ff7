"""The seed imports to the hand-written record in content/, except reviewed differences.

The hand record (content/qianjiang/heixi/2020.yml) was converted by hand from the seed.
Importing the seed must give the same record. Reviewed differences, all in `metrics`:
- the importer lists figures in reading order; the hand record lists the two rates last;
- one label is an editor's wording the importer cannot derive (散发宣传资料: the importer
  says 宣传资料, the thing counted in "散发宣传手册等各类宣传资料10000余份").
"""

from __future__ import annotations

from pathlib import Path

from generator.importer.emit import MODELINE, dump
from generator.importer.pipeline import import_file
from generator.load import parse
from generator.model import Report

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "qianjiang" / "heixi" / "2020.txt"
HAND = REPO / "content" / "qianjiang" / "heixi" / "2020.yml"
COMMENT = (
    "# 黔江区黑溪镇 2020 年度法治政府建设情况报告 (converted from seeds/qianjiang/heixi/2020.txt)"
)
# sentence → label the importer gives where the hand record's label is an editor's choice
REVIEWED_LABELS = {"向广大群众散发宣传手册等各类宣传资料10000余份": "宣传资料"}


def load(text: str) -> Report:
    """Through the project's strict loader, exactly as `check` reads a record."""
    return Report.model_validate(parse(text, Path("record.yml"), "record.yml").data)


def seed_yaml() -> str:
    item = import_file(SEED, seeds=REPO / "seeds")
    return dump(item.data, [MODELINE, COMMENT])


def test_seed_record_equals_hand_record_apart_from_metrics() -> None:
    got, hand = load(seed_yaml()), load(HAND.read_text(encoding="utf-8"))
    assert got.model_copy(update={"metrics": []}) == hand.model_copy(update={"metrics": []})


def test_seed_metrics_equal_hand_metrics_up_to_reviewed_labels() -> None:
    got, hand = load(seed_yaml()), load(HAND.read_text(encoding="utf-8"))
    by_sentence = {m.sentence: m for m in hand.metrics}
    assert sorted(by_sentence) == sorted(m.sentence for m in got.metrics)
    for metric in got.metrics:
        expected = by_sentence[metric.sentence]
        if metric.sentence in REVIEWED_LABELS and metric.label != expected.label:
            assert metric.label == REVIEWED_LABELS[metric.sentence]
            expected = expected.model_copy(update={"label": metric.label})
        assert metric == expected


def test_seed_metrics_come_in_reading_order() -> None:
    got = load(seed_yaml())
    text = SEED.read_text(encoding="utf-8")
    positions = [text.index(m.sentence) for m in got.metrics]
    assert positions == sorted(positions)


def test_seed_yaml_has_the_hand_records_layout() -> None:
    """Same keys, order, blank lines and quoting as the hand-written file, up to metrics."""
    hand = HAND.read_text(encoding="utf-8")
    got = seed_yaml()
    assert got.split("\nmetrics:\n")[0] == hand.split("\nmetrics:\n")[0]
    assert '    unit: "%"' in got


def test_seed_import_reports_what_it_dropped() -> None:
    item = import_file(SEED, seeds=REPO / "seeds")
    assert item.coverage.ratio == 1.0
    notes = " ".join(n.format() for n in item.notes)
    assert "[bookmark: _GoBack]" in notes
    assert "重复" in notes and "1.强化组织领导。我镇党委" in notes
    assert item.report.source == "qianjiang/heixi/2020.txt"
