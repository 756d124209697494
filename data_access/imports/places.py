"""Which region a row of a file belongs to: from a code, a region name, or the name of its unit."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from data_access.imports.writer import RowProblem
from data_access.schema import regions
from data_access.scope import region_subquery

_CODE = re.compile(r"^\d{6}$")
# Suffixes a region's name may be printed without (九江 for 九江市, 柴桑 for 柴桑区).
_SUFFIXES = ("省", "市", "自治州", "地区", "盟", "县", "区", "旗", "自治县", "特别行政区", "自治区")
# The region's own government and departments, printed as one row of a table.
OWN_ROWS = ("省政府及省直各部门", "市政府及市直各部门", "县政府及县直各部门")
# Names a notice uses for the scope region itself (a summary row that is not a 合计).
_SELF_NAMES = ("全省", "全市", "全县", "全区", "本级")
# A unit named from its level, not its place: 省粮食局 in a province's notice, 市审计局 in a city's.
_LEVEL_PREFIX = {"province": "省", "city": "市", "county": "县"}


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str


class Places:
    """The regions a batch may write to: ``scope`` and everything under it (the whole country when None)."""

    def __init__(self, conn: sa.Connection, scope: str | None) -> None:
        query = sa.select(regions.c.code, regions.c.name, regions.c.level)
        codes = region_subquery(scope)
        if codes is not None:
            query = query.where(regions.c.code.in_(codes))
        self.scope = scope
        self.by_code = {code: Place(code, name, level) for code, name, level in conn.execute(query).all()}
        self.by_name: dict[str, list[Place]] = {}
        for place in self.by_code.values():
            for name in {place.name, _short(place.name)}:
                self.by_name.setdefault(name, []).append(place)
        self.all_codes = set(conn.execute(sa.select(regions.c.code)).scalars())

    def region(self, text: str) -> str:
        """The code of the region ``text`` names (a code or a name) within the scope."""
        text = text.strip()
        if _CODE.match(text):
            if text not in self.all_codes:
                raise RowProblem(f"地区代码“{text}”不存在")
            if text not in self.by_code:
                raise RowProblem(f"地区“{text}”不在所选地区范围内")
            return text
        if self.scope is not None and (text in _SELF_NAMES or text == self.by_code[self.scope].name):
            return self.scope
        found = self.by_name.get(text) or self.by_name.get(_short(text)) or []
        if len(found) > 1:
            found = [p for p in found if p.name == text] or found
        if not found:
            raise RowProblem(f"地区“{text}”无法识别（不在所选地区范围内，或名称有误）")
        if len(found) > 1:
            raise RowProblem(f"地区名称“{text}”对应多个地区，请改填地区代码")
        return found[0].code

    def of_code(self, code: str) -> str | None:
        """The region a site code or account ID begins with (its first six digits), if it is in scope."""
        prefix = code[:6]
        return prefix if prefix in self.by_code else None

    def of_unit(self, unit: str) -> str | None:
        """The region a unit's name begins with (九江市审计局 -> 九江市), the longest name first."""
        best: Place | None = None
        for place in self.by_code.values():
            for name in (place.name, _short(place.name)):
                if len(name) >= 2 and unit.startswith(name) and (best is None or len(name) > len(best.name)):
                    best = place
        if best is not None:
            return best.code
        if self.scope is not None and unit.startswith(_LEVEL_PREFIX[self.by_code[self.scope].level]):
            return self.scope
        return None

    def locate(self, *, region: str | None, code: str | None, unit: str | None, name: str | None) -> str:
        """A row's region: its region cell, else its code's prefix, else its unit's or name's place."""
        if region:
            return self.region(region)
        for guess in (
            self.of_code(code) if code else None,
            self.of_unit(unit) if unit else None,
            self.of_unit(name) if name else None,
        ):
            if guess is not None:
                return guess
        if self.scope is not None and self.by_code[self.scope].level == "county":
            return self.scope  # nothing lies below a county
        what = unit or name or code or ""
        raise RowProblem(f"无法确定“{what}”所属地区：请在“所属地区”列填写地区名称或代码")


def _short(name: str) -> str:
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name
