"""Places: the district and town records (_district.yml, _town.yml) named by a report.

Names come from the issuer as printed (重庆市江津区中山镇人民政府 → 重庆市 / 江津区 /
中山镇). The district's division code comes from the portal's index number when it
starts with the issuer's unified social credit code, whose characters 3–8 are the
division code of the registering district (1150011400914350X1 → 500114).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLACE = re.compile(
    r"^(?:中共)?(?:.+?(?:省|自治区))?(?P<parent>[^省市]+?市)??(?P<district>[^省市]+?(?:区|县|旗|市))?"
    r"(?P<town>[^区县]+?(?:镇|乡|街道))?(?P<office>人民政府|街道办事处|办事处|委员会|党委|党工委)?$"
)
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
        m = _PLACE.match(name)
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
