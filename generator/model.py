"""The record: what a district, a town and one annual report hold.

Pydantic models with unknown keys forbidden, so a mistyped field name is an error rather
than silently ignored text. Field descriptions are bilingual: they become the JSON Schema
that editors' text editors use for completion and hover help.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.diagnostics import Loc
from generator.numbering import MAX_SIBLINGS, enumeration_text
from generator.regulation import FIRST_REPORT_YEAR, PART_LABELS, Part
from generator.text import join_lines, name_key, refusal_message, refused_at


def fail(zh: str, en: str) -> PydanticCustomError:
    """A validation error whose message is already bilingual."""
    return PydanticCustomError("gk", "{zh} ({en})", {"zh": zh, "en": en})


def clean_text(value: str) -> str:
    """Validate and normalise one piece of report text (a paragraph, a title).

    Characters are refused by the one policy in :mod:`generator.text` (the loader has
    already refused those typed as they are; this catches escapes such as "\\u202E").
    """
    at = refused_at(value)
    if at is not None:
        raise fail(*refusal_message(value[at]))
    text = join_lines(value)
    if not text:
        raise fail("不能为空", "must not be empty")
    return text


# A source document's path inside seeds/: ASCII, so it can be a URL as it is.
SOURCE_PATTERN = r"^[A-Za-z0-9_./-]+$"
# Links: http(s) to a plain host (ASCII letters, digits, '.', '-'; an optional port; no
# user name), or a site path: '/' then a path character, so never '//host' or '/\\host'
# (browsers read both as another site). Every character is a URL character (RFC 3986:
# unreserved, reserved, '%'): no space, control, backslash, quote, angle bracket or
# anything non-ASCII, so nothing invisible either. Percent-encode the rest.
_URL_CHAR = r"[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#\[\]]"
_PATH_START = r"[A-Za-z0-9\-._~!$&'()*+,;=:@%]"
_HOST = r"[A-Za-z0-9][A-Za-z0-9.\-]*(?::[0-9]{1,5})?"
_URL = rf"(?:https?://{_HOST}(?:[/?#]{_URL_CHAR}*)?|/{_PATH_START}{_URL_CHAR}*)"
URL_RE = re.compile(rf"\A{_URL}\Z")
URL_PATTERN = f"^{_URL}$"  # the same for the JSON Schema (ECMA-262: $ ends the input)


def check_url(value: str | None) -> str | None:
    """Only http(s) and site-relative links: never javascript:, data: or file:."""
    if value is None or URL_RE.match(value):
        return value
    at = refused_at(value, allowed="")  # controls (newline and tab too), invisible …
    if at is not None:
        raise fail(*refusal_message(value[at]))
    if any(char.isspace() for char in value):
        raise fail("网址中不能有空格或换行", "links cannot contain spaces or line breaks")
    if not value.startswith(("http://", "https://", "/")):
        raise fail(
            "网址只能以 http://、https:// 或 / 开头",
            "links must be http(s):// or site-relative (/...)",
        )
    if value.startswith(("//", "/\\")):
        raise fail(
            "站内路径不能以 // 或 /\\ 开头：浏览器会把它当作另一个网站",
            "a site path cannot start with // or /\\: browsers read it as another site",
        )
    host = re.split(r"[/?#]", value.partition("://")[2], maxsplit=1)[0]
    if value.startswith("http") and not re.fullmatch(_HOST, host):
        raise fail(
            f"网址的主机名“{host}”只能由字母、数字、“.”和“-”组成（可加端口），不能含用户名",
            f"the host '{host}' may only hold ASCII letters, digits, '.' and '-' "
            "(and a port), no user name",
        )
    bad = next((c for c in value if not re.fullmatch(_URL_CHAR, c)), None)
    if bad is not None:
        raise fail(
            f"网址含有不能直接写的字符“{bad}”，请写成 %XX 编码（浏览器地址栏复制的网址即是）",
            f"links cannot hold '{bad}' as it is; percent-encode it (%XX)",
        )
    raise fail(
        "站内路径应为 / 加路径，如 /ceshi/zhen/2020/",
        "a site path is '/' followed by a path, e.g. /ceshi/zhen/2020/",
    )


# Dates are written YYYY-MM-DD and nothing else: on its own, pydantic also reads "0" as
# 1970-01-01, "1609804800" as a Unix time and "2021-01-05T00:00:00Z" as a date.
ISO_DATE = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _iso_date(value: Any) -> Any:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str) and ISO_DATE.match(value):
        return value
    # A "date_" error: worded like every other invalid date (see messages.explain).
    raise PydanticCustomError("date_format", "date must be written YYYY-MM-DD")


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
OptDate = Annotated[dt.date | None, BeforeValidator(_iso_date)]


def check_code(value: str | None) -> str | None:
    """A division code is 6 ASCII digits (pydantic's \\d would take full-width ones too)."""
    if value is None or re.fullmatch(r"[0-9]{6}", value):
        return value
    if re.fullmatch(r"[0-9]{6}", name_key(value)):
        raise fail(
            "行政区划代码须用半角数字（不能用全角数字）",
            "the division code must use ASCII digits, not full-width ones",
        )
    raise fail("行政区划代码应为 6 位数字，如 500114", "expected a 6-digit division code")


def _ascii_number(pattern: str, zh: str, en: str) -> BeforeValidator:
    """Numbers typed as text must be plain ASCII digits (the loader keeps every scalar as
    text): pydantic alone would also take ' 2020', '+2020', '2_020', '2020.0', full-width
    or Arabic-Indic digits and scientific notation such as 6e999999999."""

    def check(value: Any) -> Any:
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            if any(c.isdigit() and not c.isascii() for c in value):
                raise fail(
                    "请用半角数字 0–9，不要用全角或其他文字的数字",
                    "use ASCII digits 0-9, not full-width or other scripts' digits",
                )
            raise fail(zh, en)
        return value

    return BeforeValidator(check)


WholeNumber = _ascii_number(r"-?[0-9]{1,9}", "应为整数", "expected a whole number")
PlainNumber = _ascii_number(
    r"-?[0-9]{1,40}(\.[0-9]{1,40})?",  # the size is bounded by the field, with its message
    "应为数字，如 47 或 98.5（不用科学计数法）",
    "expected a number such as 47 or 98.5 (no exponent)",
)


def _as_list(value: Any) -> Any:
    """Let editors write a single value where a list is allowed."""
    return [value] if isinstance(value, str) else value


Text = Annotated[str, Field(min_length=1), AfterValidator(clean_text)]
# Titles and names are printed as Markdown headings, links and table cells, where the
# Markdown engine's work grows faster than their length: they are bounded.
MAX_TITLE = 200
MAX_SHORT = 50
Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE), AfterValidator(clean_text)]
Short = Annotated[str, Field(min_length=1, max_length=MAX_SHORT), AfterValidator(clean_text)]
# Editors may write one value where a list is allowed; the schema says so too.
OneOrMore = BeforeValidator(_as_list, json_schema_input_type=Text | list[Text])
OptText = Annotated[str | None, AfterValidator(lambda v: clean_text(v) if v else None)]
Qualifier = Literal["余", "以上", "约", "近", "超过", "多"]


class Record(BaseModel):
    """Base for every record model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class District(Record):
    """content/<district>/_district.yml — one district (区/县)."""

    name: Short = Field(description="名称，如 黔江区 (short name)")
    full_name: OptText = Field(None, description="全称，如 重庆市黔江区 (full name)")
    parent: OptText = Field(None, description="上级，如 重庆市 (parent region)")
    code: Annotated[str | None, AfterValidator(check_code)] = Field(
        None,
        description="行政区划代码，6 位数字 (division code)",
        json_schema_extra={"pattern": "^[0-9]{6}$"},
    )
    order: Annotated[int, WholeNumber] = Field(0, description="排序，小的在前 (sort order)")
    # Coverage: what the site may claim about reports it does not hold (README, The public
    # site). Without a declaration the site says only 未收录 (not on this site), never 未公开.
    towns: list[Short] = Field(
        default_factory=list,
        max_length=200,  # a district has 10–40 towns; bounded like every list
        description="本区县全部镇街（名称或目录名），用于说明本站收录了其中多少 "
        "(every town of the district, by name or folder name)",
    )
    complete: bool = Field(
        False,
        description="true 表示本站是本区县报告的完整记录：只有这时，本站没有的报告才称为"
        "未公开，晚于期限的才称为逾期 (the site holds every report the district published)",
    )
    first_year: Annotated[int, WholeNumber] = Field(
        FIRST_REPORT_YEAR,
        ge=2000,
        le=2100,
        description=f"应报告的第一个年度，默认 {FIRST_REPORT_YEAR}（2019 年督察工作规定）；"
        "此前的年度不评定按时与否 (first year a report is due)",
    )
    sample: bool = Field(
        False,
        description="示例数据：true 表示本区县为自动生成的示例，不是真实的政府信息 "
        "(sample data, written by `python -m generator sample`)",
    )


class Town(Record):
    """content/<district>/<town>/_town.yml — one town, township, street or department."""

    name: Short = Field(description="名称，如 黑溪镇 (name)")
    kind: Literal["镇", "乡", "街道", "部门", "区政府", "县政府"] = Field(
        description="类别：镇、乡、街道、部门… (kind)"
    )
    order: Annotated[int, WholeNumber] = Field(0, description="排序，小的在前 (sort order)")


class Disclosure(Record):
    """Government-information-disclosure metadata, as district portals list it."""

    index_number: OptText = Field(None, description="索引号 (index number)")
    doc_number: OptText = Field(None, description="发文字号 (document number)")
    topic: OptText = Field(None, description="主题分类 (topic)")
    genre: OptText = Field(None, description="体裁分类 (genre)")
    written: OptDate = Field(None, description="成文日期 YYYY-MM-DD (date written)")
    published: OptDate = Field(None, description="发布日期 YYYY-MM-DD (date published)")
    validity: OptText = Field(None, description="有效性 (validity)")


class Enumeration(Record):
    """An inline enumeration: lead text, then 一是…二是…三是…, then optional tail.

    Why: reports enumerate inside one paragraph; keeping the items lets the site mark
    them and number them consistently (the markers are added by the site, not typed).
    """

    lead: OptText = Field(None, description="列举前的文字 (text before the items)")
    items: list[Text] = Field(
        min_length=1, max_length=MAX_SIBLINGS, description="各项内容，不含“一是” (items)"
    )
    tail: OptText = Field(None, description="列举后的文字 (text after the items)")

    def text(self) -> str:
        """The enumeration as the one paragraph it was printed as, markers included."""
        return enumeration_text(self.lead, self.items, self.tail)


def _empty_cell(value: Any) -> Any:
    return "" if value is None else value


# A table cell: text as printed (figures included), or empty (a blank cell is common).
Cell = Annotated[
    str,
    BeforeValidator(_empty_cell, json_schema_input_type=str | None),
    Field(max_length=500),
    AfterValidator(lambda v: clean_text(v) if v.strip() else ""),
]
MAX_COLUMNS = 20
MAX_ROWS = 500


class Table(Record):
    """A table printed in the report: figures by village, case counts by month.

    Why a block of its own: flattened into paragraphs, a figure loses the row and column
    that say what it counts. Cells are text as printed; the site renders an HTML table.
    """

    caption: OptText = Field(None, description="表题，如 2022年各村普法活动情况 (caption)")
    header: list[Cell] = Field(
        min_length=1, max_length=MAX_COLUMNS, description="表头，一格一项 (header row)"
    )
    rows: list[Annotated[list[Cell], Field(min_length=1, max_length=MAX_COLUMNS)]] = Field(
        min_length=1, max_length=MAX_ROWS, description="各行，每行一个列表 (rows)"
    )

    @model_validator(mode="after")
    def _rows_fit_the_header(self) -> Table:
        width = len(self.header)
        for n, row in enumerate(self.rows, 1):
            if len(row) != width:
                raise fail(
                    f"表格第 {n} 行（rows 第 {n} 项）有 {len(row)} 格，表头有 {width} 格："
                    '每行格数要与表头相同（空格写 ""）',
                    f"row {n} has {len(row)} cells, the header {width}: rows must match the "
                    'header (write "" for a blank cell)',
                )
        return self

    def text(self) -> str:
        """The table's text in reading order, a line per row (for search and checks)."""
        lines = [self.caption or "", " ".join(self.header)]
        lines += [" ".join(row) for row in self.rows]
        return "\n".join(line for line in lines if line)


def _block_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "table" if "rows" in value or "header" in value else "enumeration"
    return "text"


# The form editor (admin/) holds body items tagged: {kind: paragraph, text: …}, and
# enumerations and tables with a `kind:` key (its typed lists need one). admin/record-format.js
# writes them back plain, but a record saved tagged (by another Decap-compatible editor,
# or pasted from the form's data) means the same and is accepted as the same item. The
# JSON Schema keeps the plain form only: it is what editors are asked to write.
BLOCK_TAGS = ("paragraph", "enumeration", "table")


def _untag(value: Any) -> Any:
    """A tagged body item as its plain form; anything else is left for the model to judge."""
    if not isinstance(value, dict) or value.get("kind") not in BLOCK_TAGS:
        return value
    rest = {k: v for k, v in value.items() if k != "kind"}
    if value["kind"] == "paragraph":
        return rest["text"] if set(rest) == {"text"} else value
    if value["kind"] == "table" and isinstance(rest.get("rows"), list):
        rest["rows"] = [
            row["cells"] if isinstance(row, dict) and set(row) == {"cells"} else row
            for row in rest["rows"]
        ]
    return rest


Block = Annotated[
    Annotated[
        Annotated[Text, Tag("text")]
        | Annotated[Enumeration, Tag("enumeration")]
        | Annotated[Table, Tag("table")],
        Discriminator(_block_kind),
    ],
    BeforeValidator(_untag),
]


# `part:` may name a required part in Chinese, as the regulation does or as editors
# shorten it; every name is stored as its code. Kept small and explicit: a name that is
# not here is an error listing the full names, never a guess.
PART_NAMES: dict[str, str] = {
    **{label: code for code, label in PART_LABELS.items()},
    "主要举措": "measures",
    "举措和成效": "measures",
    "不足": "shortcomings",
    "存在的不足": "shortcomings",
    "第一责任人": "duty",
    "第一责任人职责": "duty",
    "下一年度安排": "plans",
    "主要安排": "plans",
    "其他": "other",
    "其他情况": "other",
}
PartName = Literal[tuple(PART_NAMES)]  # type: ignore[valid-type]


def _part_code(value: Any) -> Any:
    """The code of a part named in Chinese (主要举措和成效 → measures); codes pass."""
    if not isinstance(value, str) or value in PART_LABELS:
        return value
    code = PART_NAMES.get(name_key(value).strip())
    if code is not None:
        return code
    names = "、".join(PART_LABELS.values())
    raise fail(
        f"不认识的报告部分“{value}”：请写以下之一：{names}（或代码 {'、'.join(PART_LABELS)}）",
        f"unknown part '{value}': write one of {', '.join(PART_LABELS)} or its Chinese name",
    )


PartField = Annotated[
    Part | None, BeforeValidator(_part_code, json_schema_input_type=Part | PartName | None)
]


class Section(Record):
    """A section of the report; its number (一、（一）1.（1）) is added by the site."""

    title: Title = Field(description="标题，不含编号 (title, without numbering)")
    part: PartField = Field(
        None,
        description="仅顶层：对应的法定报告部分，写代码或中文名，如 measures 或 主要举措和成效 "
        "(top level only: required part covered, by code or Chinese name)",
    )
    body: list[Block] = Field(default_factory=list, description="段落 (paragraphs)")
    sections: list[Section] = Field(
        default_factory=list, max_length=MAX_SIBLINGS, description="下级标题 (subsections)"
    )

    @model_validator(mode="after")
    def _not_empty(self) -> Section:
        if not self.body and not self.sections:
            raise fail("标题下没有正文，也没有下级标题", "section has neither body nor subsections")
        return self


class Signature(Record):
    """落款: the issuing body (or bodies) and the date as signed."""

    issuer: Annotated[list[Text], OneOrMore, Field(min_length=1)] = Field(
        description="落款单位，可多个 (issuing bodies)"
    )
    date: Date = Field(description="落款日期 YYYY-MM-DD (date signed)")


class Metric(Record):
    """A key figure stated in the text, with the sentence it comes from."""

    label: Short = Field(description="指标名称，如 综治网格员 (label)")
    # Bounded: a value like 6e999999999 would cost gigabytes when printed in full.
    value: Annotated[Decimal, PlainNumber] = Field(
        max_digits=15, decimal_places=4, allow_inf_nan=False, description="数值 (value)"
    )
    unit: Short = Field(description="单位，如 名、个、份、人次、% (unit)")
    qualifier: Qualifier | None = Field(None, description="限定词：余、以上、约… (qualifier)")
    sentence: Text = Field(description="原文中的句子，须与正文一致 (source sentence, verbatim)")

    def printed(self) -> str:
        """The figure as Chinese prints it: 约300人, 35余条, 300多人次, 98%以上."""
        value = format(self.value, "f")
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        q = self.qualifier or ""
        if q in ("约", "近", "超过"):
            return f"{q}{value}{self.unit}"
        if q in ("余", "多"):
            return f"{value}{q}{self.unit}"
        return f"{value}{self.unit}{q}"


class Change(Record):
    """A dated correction note for an already published report."""

    date: Date = Field(description="更正日期 (date of change)")
    note: Text = Field(description="更正说明 (what changed)")


class Report(Record):
    """content/<district>/<town>/<year>.yml — one annual rule-of-law government report."""

    draft: bool = Field(
        False,
        description="草稿：true 表示尚未完成，可预览、不发布 (draft: previewed, never published)",
    )
    title: Title = Field(description="文件标题 (title)")
    issuer: Annotated[list[Text], OneOrMore, Field(min_length=1)] = Field(
        description="发布机构，联合发文可写多个 (issuing bodies)"
    )
    recipient: OptText = Field(None, description="主送机关，如 区依法治区办 (addressee)")
    year: Annotated[int, WholeNumber] = Field(
        ge=2000, le=2100, description="报告年度 (year reported on)"
    )
    metadata: Disclosure = Field(default_factory=Disclosure, description="公开属性 (metadata)")
    preamble: Annotated[list[Text], OneOrMore] = Field(
        default_factory=list, description="开头段落 (opening paragraphs)"
    )
    sections: list[Section] = Field(
        min_length=1, max_length=MAX_SIBLINGS, description="正文各部分 (sections)"
    )
    closing: OptText = Field(None, description="结束语，如 特此报告。 (closing)")
    signature: Signature | None = Field(None, description="落款 (signature)")
    metrics: list[Metric] = Field(default_factory=list, description="主要数据 (key figures)")
    source: str | None = Field(
        None, pattern=SOURCE_PATTERN, description="seeds/ 下的原始文件 (source document)"
    )
    changes: list[Change] = Field(default_factory=list, description="更正记录 (change notes)")
    original_url: Annotated[str | None, AfterValidator(check_url)] = Field(
        None,
        description="原发布网址，仅限 http(s) 或站内路径 (where it was first published)",
        json_schema_extra={"pattern": URL_PATTERN},
    )

    def outline(self) -> Iterator[Placed]:
        """Every section in reading order, with where it stands (see :func:`walk_sections`)."""
        return walk_sections(self.sections)

    def paragraphs(self) -> Iterator[tuple[Loc, str]]:
        """Every paragraph (preamble, then section bodies) with its location in the record.

        An enumeration is one paragraph, its markers (一是、二是…) included. A table is not
        a paragraph: its figures are already laid out, row by column.
        """
        for i, text in enumerate(self.preamble):
            yield ("preamble", i), text
        for placed in self.outline():
            for j, block in enumerate(placed.section.body):
                if not isinstance(block, Table):
                    yield (
                        (*placed.loc, "body", j),
                        block if isinstance(block, str) else block.text(),
                    )

    def body_text(self) -> str:
        """The report's text in reading order, titles included, a line per paragraph."""
        parts = list(self.preamble)
        for placed in self.outline():
            parts.append(placed.section.title)
            parts += [b if isinstance(b, str) else b.text() for b in placed.section.body]
        return "\n".join(parts)


@dataclass(frozen=True)
class Placed:
    """A section and where it stands in the record."""

    loc: Loc  # in the YAML: ("sections", 0, "sections", 2)
    numbers: tuple[int, ...]  # 1-based number at each level: (1, 3) is 一、 then （三）
    section: Section

    @property
    def depth(self) -> int:
        """1 for a top-level section, 2 for its children…"""
        return len(self.numbers)


def walk_sections(
    sections: list[Section], loc: Loc = ("sections",), numbers: tuple[int, ...] = ()
) -> Iterator[Placed]:
    """Every section of a tree in reading order (pre-order), with its place.

    Why one walker: checks, advice, the page outline and the importer's coverage all
    visit the same tree and must agree on order, locations and numbers.
    """
    for i, section in enumerate(sections):
        here, number = (*loc, i), (*numbers, i + 1)
        yield Placed(here, number, section)
        yield from walk_sections(section.sections, (*here, "sections"), number)


MAX_SECTION_DEPTH = 4  # 一、（一）1.（1）: GB/T 9704 defines four levels
