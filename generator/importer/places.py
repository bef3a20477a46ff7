"""Places: the district and town records (_district.yml, _town.yml) named by a report.

Names come from the issuer as printed (重庆市江津区中山镇人民政府 → 重庆市 / 江津区 /
中山镇). The district's division code comes from the portal's index number when it
starts with the issuer's unified social credit code, whose characters 3–8 are the
division code of the registering district (1150011400914350X1 → 500114).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_PLACE = re.compile(
    r"^(?:中共)?(?:.+?(?:省|自治区))?(?P<parent>[^省市]+?市)??(?P<district>[^省市]+?(?:区|县|旗|市))?"
    r"(?P<town>[^区县]+?(?:镇|乡|街道))?(?P<office>人民政府|街道办事处|办事处|委员会|党委|党工委)?$"
)
# A place named without its office (三都镇, 东湖街道, 静海区): the issuer is composed.
_BARE_PLACE = re.compile(r"(?:街道|街|镇|乡|区|县|市)$")
_OFFICE = re.compile(r"(?:人民政府|政府|办事处|委员会|党委|党工委|管委会)$")
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}(\d{6})[0-9A-HJ-NPQRTUWXY]{10}(?:/|$)")


@dataclass(frozen=True)
class Place:
    """Names of the district and town that issued a report, as far as the text says."""

    district: str | None
    parent: str | None
    town: str
    kind: str
    code: str | None

    def district_record(self) -> dict[str, str | None] | None:
        """_district.yml fields, in the order editors see them (None if not named)."""
        if self.district is None:
            return None
        full = f"{self.parent}{self.district}" if self.parent else None
        return {"name": self.district, "full_name": full, "parent": self.parent, "code": self.code}

    def town_record(self) -> dict[str, str | None]:
        """_town.yml fields."""
        return {"name": self.town, "kind": self.kind}


def find_place(issuers: list[str], index_number: str | None) -> Place | None:
    """The place named by the government issuer (preferred) or any issuer."""
    ordered = sorted(issuers, key=lambda name: "政府" not in name and "办事处" not in name)
    for name in ordered:
        # 鲤城区人民政府金龙街道办事处: the district government sends the office out.
        m = _PLACE.match(re.sub(r"人民政府(?=.+办事处$)", "", name))
        if not m:
            continue
        code = _code(index_number)
        if m.group("town"):
            town = m.group("town")
            kind = "街道" if town.endswith("街道") else town[-1]
            return Place(m.group("district"), m.group("parent"), town, kind, code)
        district = m.group("district")
        if district is None:
            continue
        kind = "县政府" if district.endswith("县") else "区政府"
        return Place(district, m.group("parent"), district + (m.group("office") or ""), kind, code)
    return None


def _code(index_number: str | None) -> str | None:
    m = _CREDIT_CODE.match(index_number or "")
    return m.group(1) if m and not m.group(1).endswith("00") else None


@dataclass(frozen=True)
class KnownTown:
    """The town an import goes into, as its _town.yml (and _district.yml) already name it."""

    district: str | None
    name: str
    kind: str

    def issuer(self) -> str:
        """The issuing office: district + town + 人民政府 / 街道办事处 (a department as named)."""
        if self.kind == "部门" or _OFFICE.search(self.name):
            return self.name
        name = self.name
        if not _BARE_PLACE.search(name) and self.kind in ("镇", "乡", "街道"):
            name += self.kind  # _town.yml may say 黑溪 for 黑溪镇
        # A town's office is named with its district (黔江区黑溪镇人民政府), as signed.
        if self.district and self.kind not in ("区政府", "县政府"):
            name = name if name.startswith(self.district) else self.district + name
        return official_name(name)


def is_bare_place(name: str) -> bool:
    """三都镇, 东湖街道, 静海区: a place, not yet an office."""
    return bool(_BARE_PLACE.search(name)) and not _OFFICE.search(name)


def official_name(place: str) -> str:
    """The office that issues a place's report: 三都镇 → 三都镇人民政府,
    东湖街道 → 东湖街道办事处, 洛浦街 → 洛浦街道办事处; an office is kept as it is."""
    if not is_bare_place(place):
        return place
    if place.endswith("街道"):
        return place + "办事处"
    if place.endswith("街"):
        return place + "道办事处"
    return place + "人民政府"


def read_known(content: Path, district: str, town: str) -> KnownTown | None:
    """The town's _town.yml (and the district's name), when importing into a known town."""
    town_data = _read_yaml(content / district / town / "_town.yml")
    name = town_data.get("name")
    if not isinstance(name, str) or not name.strip():
        return None
    district_name = _read_yaml(content / district / "_district.yml").get("name")
    kind = town_data.get("kind")
    return KnownTown(
        district_name.strip() if isinstance(district_name, str) else None,
        name.strip(),
        kind if isinstance(kind, str) else "",
    )


def _read_yaml(path: Path) -> dict[str, Any]:
    """A place file as data; {} when missing or unreadable (check reports those, not import)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}
