"""Import evaluation: every real report in a corpus through the importer. Run by hand.

    .venv/bin/python bench/import_eval.py                  # tests/fixtures/real (+ shared)
    .venv/bin/python bench/import_eval.py --corpus DIR ...

Each ``*.txt`` is copied into a temporary seeds/ tree, imported with the project's own
:func:`~generator.importer.pipeline.import_file`, written as YAML into a temporary
content/ tree and read back with the strict loader. Per file it prints: imported (draft
or not) or refused with the importer's Chinese message; clause coverage of the body
(:mod:`generator.importer.coverage`); headings found at each level; metadata fields
found; furniture lines removed (portal stage and repeated titles); warnings; and any
record paragraph that still looks like page furniture. No network; nothing is written
to the repository.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.diagnostics import UserError  # noqa: E402
from generator.importer.emit import dump  # noqa: E402
from generator.importer.pipeline import Imported, import_file  # noqa: E402
from generator.importer.portal import strip_portal  # noqa: E402
from generator.importer.read import read_source  # noqa: E402
from generator.load import load_file  # noqa: E402
from generator.model import Report  # noqa: E402
from generator.validate import validate  # noqa: E402

DEFAULT = [REPO / "tests" / "fixtures" / "real", REPO.parent / "shared" / "corpus" / "real"]
# Page furniture that should never reach a record (widgets, bylines, metadata labels).
FURNITURE = re.compile(
    r"语音播报|播报模式|语音合成|字体大小|字号|打印|浏览量|点击数|点击:|无障碍|繁体|简体|"
    r"网站地图|当前位置|所在的位置|首页|索\s*引\s*号|发布机构|发布时间|发布日期|发文日期|"
    r"成文时间|发文时间|效力状态|主题分类|信息类别|公开范围|来源[:：]|作者[:：]|日期[:：]|"
    r"^\s*(?:•|-)\s|门户网站|星期[一二三四五六日天]|农历"
)


@dataclass
class Result:
    """How one file went."""

    name: str
    error: str = ""
    draft: bool = False
    kind: str = ""
    year: int = 0
    coverage: float = 0.0
    lost: int = 0
    levels: Counter[int] = field(default_factory=Counter)
    metadata: list[str] = field(default_factory=list)
    removed: int = 0
    warnings: int = 0
    left: list[str] = field(default_factory=list)
    reload: str = "ok"


def furniture_removed(path: Path, item: Imported) -> int:
    """Lines dropped as page furniture: the portal stage's, plus repeated title lines."""
    source = read_source(path)
    dropped = len([ln for ln in source.lines if ln.strip()])
    dropped -= len([ln for ln in strip_portal(source.lines).lines if ln.strip()])
    return dropped + sum(1 for n in item.notes if n.zh.startswith("已删除重复的标题行"))


def furniture_left(report: Report) -> list[str]:
    """Record paragraphs and titles that still look like page furniture."""
    texts = [report.title, report.recipient or "", *report.preamble]
    for placed in report.outline():
        texts.append(placed.section.title)
        texts += [b if isinstance(b, str) else b.text() for b in placed.section.body]
    return [t for t in texts if t and FURNITURE.search(t[:60])]


def evaluate(path: Path, tmp: Path) -> Result:
    """Import one file into the temporary trees under ``tmp``."""
    seeds, content = tmp / "seeds", tmp / "content"
    copy = seeds / "real" / path.stem.lower().replace("_", "-") / path.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, copy)
    res = Result(path.name)
    try:
        item = import_file(copy, seeds=seeds)
    except UserError as exc:
        res.error = " ".join(exc.lines())
        return res
    rep = item.report
    res.draft, res.kind, res.year = bool(rep.draft), item.kind, rep.year
    res.coverage, res.lost = item.coverage.ratio, item.coverage.total - item.coverage.found
    res.levels = Counter(p.depth for p in rep.outline())
    res.metadata = [k for k, v in rep.metadata.model_dump().items() if v]
    res.removed, res.warnings = furniture_removed(copy, item), len(item.notes)
    res.left = furniture_left(rep)
    target = content / "d" / copy.parent.name / f"{rep.year}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dump(item.data, ["imported by bench/import_eval.py"]), encoding="utf-8")
    record, diags = validate(load_file(target, target.name), Report)
    # A draft whose only errors are the fields the importer left empty for the editor
    # (no issuer or title anywhere in the source) is the intended result, not a failure.
    empty = sorted({d.field for d in diags if d.zh == "不能为空"})
    if record is None and res.draft and len(empty) == len(diags):
        res.reload = "to fill: " + ",".join(empty)
    elif record is None:
        res.reload = f"{len(diags)} errors: {diags[0]}"
    return res


def show(res: Result) -> list[str]:
    """The lines printed for one file."""
    if res.error:
        return [f"{res.name}: 拒绝 refused — {res.error}"]
    levels = " ".join(f"L{k}={v}" for k, v in sorted(res.levels.items())) or "none"
    lines = [
        f"{res.name}: 导入 imported{' (draft)' if res.draft else ''} [{res.kind}] "
        f"year={res.year} coverage={res.coverage:.1%} (lost {res.lost}) headings {levels} "
        f"metadata={','.join(res.metadata) or '-'} furniture_removed={res.removed} "
        f"warnings={res.warnings} furniture_left={len(res.left)} reload={res.reload}"
    ]
    return lines + [f"    left: 「{t[:70]}」" for t in res.left]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, nargs="+", default=None, help="corpus folders")
    args = parser.parse_args()
    folders = args.corpus or [d for d in DEFAULT if d.is_dir()]
    files = sorted(p for d in folders for p in d.glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="import-eval-") as tmp:
        results = [evaluate(p, Path(tmp)) for p in files]
    for res in results:
        print("\n".join(show(res)))
    done = [r for r in results if not r.error]
    cov = [r.coverage for r in done]
    print(
        f"TOTAL files={len(results)} imported={len(done)} "
        f"(drafts={sum(r.draft for r in done)}) refused={len(results) - len(done)} "
        f"coverage mean={statistics.fmean(cov) if cov else 0:.1%} "
        f"min={min(cov, default=0):.1%} full={sum(c == 1.0 for c in cov)} "
        f"furniture_removed={sum(r.removed for r in done)} "
        f"furniture_left={sum(len(r.left) for r in done)} "
        f"to_fill={sum(r.reload.startswith('to fill') for r in done)} "
        f"reload_failed={sum(r.reload not in ('ok',) and 'to fill' not in r.reload for r in done)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
