"""Sample data (示例数据) for demos, tests and benchmarks — never for content/.

Generates N valid, varied, seed-like reports across districts, towns and years,
deterministically for a given random seed. Every generated name and title says 示例
(sample) so nobody mistakes it for a real government disclosure.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.numbering import MAX_SIBLINGS, chinese_numeral
from generator.tree import Catalog, ReportEntry

SAMPLE_NOTE = "本报告为自动生成的示例数据，不是真实的政府信息。"
# How a build recognises sample records (is_sample): the district says `sample: true`, and
# every sample report's 索引号 starts with SAMPLE- (no real portal's index number does:
# they are digits and the issuer's code), so a sample report copied into a real district
# is still caught. Names and titles also say 示例, but a word in a name is not a marker.
SAMPLE_INDEX = "SAMPLE-"

# Seed-like sentences; {n} is replaced by a figure that also becomes a metric.
MEASURES = [
    (
        "强化组织领导",
        "镇党委、政府高度重视法治政府建设工作，成立了以主要负责人为组长的工作领导小组，"
        "定期召开会议研究部署推进法治建设工作。",
    ),
    (
        "强化队伍建设",
        "全镇{n}名综治网格员担任所在网格的法治宣传员，负责法治宣传，收集民情，建立台账，及时上报。",
        "综治网格员",
        "名",
    ),
    (
        "推进科学民主依法决策",
        "严格落实重大行政决策程序，重大事项集体讨论决定，全年开展合法性审查{n}件。",
        "合法性审查",
        "件",
    ),
    (
        "发挥法律顾问作用",
        "聘请专业律师担任法律顾问，为重大决策、重要合同提供法律意见{n}次。",
        "法律顾问提供法律意见",
        "次",
    ),
    (
        "深化政务公开",
        "通过政府门户网站、政务公开栏主动公开政府信息{n}条，接受群众监督。",
        "主动公开政府信息",
        "条",
    ),
    (
        "开展普法宣传",
        "开展宣传月活动，向广大群众散发各类宣传资料{n}余份，接受群众咨询。",
        "散发宣传资料",
        "份",
        "余",
    ),
    (
        "化解矛盾纠纷",
        "坚持和发展新时代“枫桥经验”，全年排查调处矛盾纠纷{n}件，做到小事不出村、大事不出镇。",
        "调处矛盾纠纷",
        "件",
    ),
    (
        "规范行政执法",
        "全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度，开展执法培训{n}人次。",
        "执法培训",
        "人次",
    ),
]
SHORTCOMINGS = [
    "部分干部法治意识有待进一步提高，运用法治思维和法治方式解决问题的能力不足；",
    "基层法治宣传的针对性和实效性还不够强；",
    "行政执法队伍专业人员较少，执法规范化水平有待提升；",
    "法治政府建设档案资料不够齐全，台账有待完善。",
]
PLANS = [
    ("继续加强组织领导", "调整充实法治政府建设工作领导小组，完善各项规章制度，认真落实整改措施。"),
    ("继续加强学习宣传", "健全领导干部学法制度，定期开展法治专题讲座，提高学习教育的针对性。"),
    ("加强监督考核", "完善法治政府建设考核监督办法，严格落实行政执法责任制和过错责任追究。"),
]
DUTY = (
    "党政主要负责人认真履行推进法治建设第一责任人职责，全年主持召开专题会议研究法治建设工作，"
    "带头开展述法。"
)


@dataclass(frozen=True)
class Place:
    district: str
    town: str
    district_name: str
    town_name: str


class _NoAliases(yaml.SafeDumper):
    """The strict loader refuses anchors; never emit them, even for shared objects."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: dict[str, Any]) -> str:
    """YAML the strict loader accepts: block style, Chinese kept as is, no anchors."""
    return yaml.dump(
        data,
        Dumper=_NoAliases,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=4096,
    )


def _numeral(n: int) -> str:
    """一 … 九十九, then digits: a 20,000-report benchmark has more than 99 districts."""
    return chinese_numeral(n) if n <= MAX_SIBLINGS else str(n)


def places(districts: int, towns: int) -> Iterator[Place]:
    for d in range(1, districts + 1):
        for t in range(1, towns + 1):
            yield Place(
                f"sample-{d:02d}",
                f"town-{t:02d}",
                f"示例{_numeral(d)}区",
                f"示例{_numeral(t)}镇",
            )


def _measure(rng: random.Random, spec: tuple, metrics: list[dict[str, Any]]) -> dict[str, Any]:
    title, text = spec[0], spec[1]
    if len(spec) > 2:
        n = rng.randint(5, 3000)
        text = text.format(n=n)
        # The metric quotes the clause that states the figure, verbatim.
        sentence = next(part for part in text.replace("。", "，").split("，") if str(n) in part)
        metric = {"label": spec[2], "value": str(n), "unit": spec[3], "sentence": sentence}
        if len(spec) > 4:
            metric["qualifier"] = spec[4]
        metrics.append(metric)
    return {"title": title, "body": [text]}


def _table(year: int) -> dict[str, Any]:
    """A small table, as reports print them (no random draw: the other values stay put)."""
    rows = [
        [f"示例{chinese_numeral(v)}村", str(4 + v + year % 5), f"{80 + 30 * v}人次"]
        for v in (1, 2, 3)
    ]
    return {
        "caption": f"{year}年各村普法活动情况（示例）",
        "header": ["村（社区）", "活动次数", "参加人数"],
        "rows": rows,
    }


def report(place: Place, year: int, rng: random.Random) -> dict[str, Any]:
    """One seed-like sample report as plain data."""
    issuer = f"{place.district_name}{place.town_name}人民政府"
    metrics: list[dict[str, Any]] = []
    chosen = rng.sample(MEASURES, k=rng.randint(4, len(MEASURES)))
    groups = [chosen[: len(chosen) // 2], chosen[len(chosen) // 2 :]]
    measures = [
        {
            "title": f"第{chinese_numeral(i)}方面工作",
            "sections": [_measure(rng, spec, metrics) for spec in group],
        }
        for i, group in enumerate(groups, 1)
    ]
    sections = [
        {
            "title": f"{year}年工作开展情况",
            "part": "measures",
            "body": ["全年普法活动情况见下表。", _table(year)],
            "sections": measures,
        },
        {
            "title": "存在的不足和原因",
            "part": "shortcomings",
            "body": [
                {"lead": "主要表现在：", "items": rng.sample(SHORTCOMINGS, k=rng.randint(2, 4))}
            ],
        },
    ]
    if rng.random() < 0.8:  # some sample towns forget a required part, as real ones do
        sections.append(
            {
                "title": "党政主要负责人履行推进法治建设第一责任人职责情况",
                "part": "duty",
                "body": [DUTY],
            }
        )
    sections.append(
        {
            "title": f"{year + 1}年工作安排",
            "part": "plans",
            "sections": [{"title": t, "body": [b]} for t, b in PLANS],
        }
    )
    late = rng.random() < 0.15
    published = f"{year + 1}-{'05' if late else '03'}-{rng.randint(10, 28):02d}"
    return {
        "title": f"【示例数据】{issuer}{year}年度法治政府建设情况报告",
        "issuer": issuer,
        "recipient": "区依法治区办",
        "year": str(year),
        "metadata": {
            "index_number": f"SAMPLE-{place.district}-{place.town}/{year + 1}-00001",
            "genre": "工作报告",
            "topic": "示例数据",
            "written": f"{year + 1}-01-{rng.randint(5, 28):02d}",
            "published": published,
        },
        "preamble": [
            f"{SAMPLE_NOTE}{year}年，{place.town_name}认真落实法治政府建设各项部署，"
            "现将有关情况报告如下："
        ],
        "sections": sections,
        "metrics": metrics,
        "closing": "特此报告。",
        "signature": {"issuer": issuer, "date": f"{year + 1}-01-{rng.randint(5, 28):02d}"},
    }


def district(place: Place, towns: list[str]) -> dict[str, Any]:
    """A sample district: marked as sample data, its towns declared, and complete (the
    generator wrote every report there is, so a gap really is a missing report)."""
    return {
        "name": place.district_name,
        "parent": "示例市",
        "towns": towns,
        "complete": "true",
        "sample": "true",
    }


def is_sample(entry: ReportEntry) -> bool:
    """True for a sample report: in a sample district, or with a SAMPLE- index number."""
    index = entry.record.metadata.index_number or ""
    return entry.district.record.sample or index.startswith(SAMPLE_INDEX)


def sample_and_real(catalog: Catalog) -> tuple[list[str], list[str]]:
    """Names of sample and of real records in ``catalog`` (districts, then reports)."""
    sample = [d.record.name for d in catalog.districts if d.record.sample]
    real = [d.record.name for d in catalog.districts if not d.record.sample]
    for r in catalog.reports():
        (sample if is_sample(r) else real).append(f"{r.town.place}{r.year}年度报告")
    return sample, real


def generate(
    out: Path,
    count: int,
    *,
    seed: int = 1,
    first_year: int = 2016,
    years: int = 10,
    towns_per_district: int = 20,
) -> list[Path]:
    """Write ``count`` sample reports under ``out`` (a content/ folder); return their paths."""
    rng = random.Random(seed)
    per_town = min(years, count)
    n_towns = -(-count // per_town)
    n_districts = -(-n_towns // towns_per_district)
    written: list[Path] = []
    declared: dict[str, list[str]] = {}
    for place in places(n_districts, min(towns_per_district, n_towns)):
        if len(written) >= count:
            break
        ddir, tdir = out / place.district, out / place.district / place.town
        tdir.mkdir(parents=True, exist_ok=True)
        declared.setdefault(place.district, []).append(place.town_name)
        (ddir / "_district.yml").write_text(
            dump(district(place, declared[place.district])), encoding="utf-8"
        )
        (tdir / "_town.yml").write_text(
            dump({"name": place.town_name, "kind": "镇"}), encoding="utf-8"
        )
        for year in range(first_year, first_year + per_town):
            if len(written) >= count:
                break
            path = tdir / f"{year}.yml"
            path.write_text(dump(report(place, year, rng)), encoding="utf-8")
            written.append(path)
    return written
