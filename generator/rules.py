"""Report rules: what the schema cannot say about one report, checked as errors.

The schema (:mod:`generator.model`) checks each field on its own; these rules check a
report against itself (a metric must quote the text), against its place in the content
tree (file name, town folder) and against seeds/ (its source document). What a
supervisor should see but what must not stop publishing is advice (:mod:`.advice`).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.diagnostics import Diagnostic, UserError
from generator.load import Loaded
from generator.model import MAX_SECTION_DEPTH, Report, Town


@dataclass(frozen=True)
class Expected:
    """What a report's place in the content tree says about it."""

    year: int  # from the file name, 2020.yml
    town: Town | None  # from _town.yml beside it (None when that file is broken)
    seeds: Path
    today: dt.date


def check_report(loaded: Loaded, report: Report, expected: Expected) -> list[Diagnostic]:
    """Every rule, in the order an editor reads the file."""
    return [
        *_sections(loaded, report),
        *_metrics(loaded, report),
        *_place(loaded, report, expected),
        *_source(loaded, report, expected.seeds),
        *_signature(loaded, report),
    ]


def _signature(loaded: Loaded, report: Report) -> Iterator[Diagnostic]:
    """A published report carries its 落款 (issuer and date, mandatory in GB/T 9704).

    Why an error: a file cut short at any line can still parse, and then publishes without
    its ending. A report still being written says so with ``draft: true``.
    """
    if report.draft:
        return
    if report.signature is not None:
        yield from _signature_last(loaded)
    else:
        last = max((line for line, _ in loaded.marks.values()), default=1)
        yield Diagnostic(
            loaded.shown,
            last,  # where the file ends: where a cut-off file lost its 落款
            1,
            "signature",
            "缺少落款（署名单位和日期）：正式发布的报告必须有落款。文件是否不完整？"
            "尚未完成的报告请写 draft: true",
            "no signature (issuer and date): a published report must have one; is the file "
            "cut short? mark an unfinished report with draft: true",
        )


def _signature_last(loaded: Loaded) -> Iterator[Diagnostic]:
    """The 落款 closes the record as it closes the report: then a file cut short anywhere
    loses it, and is caught, instead of silently losing what came after it."""
    keys = [key for key in loaded.data if isinstance(key, str)]
    after = keys[keys.index("signature") + 1 :] if "signature" in keys else []
    if after:
        yield Diagnostic(
            loaded.shown,
            *loaded.where((after[0],), key=True),
            after[0],
            f"落款（signature）应是文件的最后一项：请把 {'、'.join(after)} 移到 signature 之前",
            f"signature must be the last field, as the 落款 ends the report: "
            f"move {', '.join(after)} above it",
        )


def _sections(loaded: Loaded, report: Report) -> Iterator[Diagnostic]:
    """`part` only on top-level sections; no deeper than the four official levels."""
    for placed in report.outline():
        if placed.depth > 1 and placed.section.part is not None:
            yield loaded.problem(
                (*placed.loc, "part"),
                "part 只能用于顶层标题",
                "part is allowed on top-level sections only",
            )
        if placed.depth > MAX_SECTION_DEPTH:
            yield loaded.problem(
                placed.loc,
                f"标题层级超过 {MAX_SECTION_DEPTH} 级（一、（一）1.（1））",
                f"more than {MAX_SECTION_DEPTH} heading levels",
            )


def _metrics(loaded: Loaded, report: Report) -> Iterator[Diagnostic]:
    """A metric must quote the text it comes from, and its value must be in that quote."""
    text = report.body_text()
    for i, metric in enumerate(report.metrics):
        loc = ("metrics", i, "sentence")
        if metric.sentence not in text:
            yield loaded.problem(
                loc,
                "这句话在正文中找不到，请从正文原样复制",
                "sentence not found verbatim in the report text",
            )
        elif metric.printed() not in metric.sentence:
            yield loaded.problem(
                loc,
                f"句中没有“{metric.printed()}”，请核对数值、单位和限定词",
                f"'{metric.printed()}' is not in the sentence",
            )


def _place(loaded: Loaded, report: Report, expected: Expected) -> Iterator[Diagnostic]:
    """The report names its town, and its year matches its file name and has passed."""
    town = expected.town
    if town is not None and not any(town.name in text for text in (*report.issuer, report.title)):
        yield loaded.problem(
            ("issuer",),
            f"发布机构和标题都不含所在镇街“{town.name}”，文件是否放错了目录？",
            f"neither issuer nor title names the town '{town.name}': "
            "is the file in the wrong folder?",
        )
    if report.year != expected.year:
        yield loaded.problem(
            ("year",),
            f"年度 {report.year} 与文件名 {expected.year}.yml 不一致",
            f"year {report.year} does not match file name {expected.year}.yml",
        )
    if report.year > expected.today.year:
        yield loaded.problem(
            ("year",), f"年度 {report.year} 尚未到来", f"year {report.year} is in the future"
        )


def _source(loaded: Loaded, report: Report, seeds: Path) -> Iterator[Diagnostic]:
    """The source document must be a regular file inside seeds/ (see :func:`seed_file`)."""
    if report.source is None:
        return
    try:
        seed_file(seeds, report.source)
    except SeedProblem as exc:
        yield loaded.problem(("source",), exc.zh, exc.en)


class SeedProblem(UserError):
    """Why a ``source:`` path names no publishable file (a located error in the record)."""


MAX_SEED_BYTES = 50_000_000  # a scanned report as PDF is a few MB; it is copied whole


def seed_file(seeds: Path, source: str) -> Path:
    """The real path of the document ``source:`` names: a regular file inside seeds/.

    Every link is followed first, and the file must still lie inside seeds/: a link to
    /etc/passwd, or to a folder outside, is refused like ``..`` and absolute paths.
    seeds/ itself (or the folder --seeds names) may be a link: that is the user's choice
    of folder, so it is resolved once and taken as the boundary. Raises
    :class:`SeedProblem`.
    """
    if PurePosixPath(source).is_absolute():
        raise SeedProblem(
            f"原始文件路径 {source} 不能以 / 开头，请写 seeds/ 下的相对路径",
            f"source path {source} must be relative to seeds/, not absolute",
        )
    if ".." in PurePosixPath(source).parts:
        raise SeedProblem(
            f"在 seeds/ 中找不到原始文件 {source}",
            f"source file {source} not found in seeds/",
        )
    base = os.path.realpath(seeds)
    real = os.path.realpath(os.path.join(base, source))
    if os.path.commonpath([base, real]) != base:
        raise SeedProblem(
            f"原始文件 {source} 是指向 seeds/ 之外的链接，不能发布",
            f"source file {source} is a link leading outside seeds/; it cannot be published",
        )
    try:
        info = os.stat(real)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SeedProblem(
                f"原始文件 {source} 的链接循环指向自身", f"source file {source} is a link loop"
            ) from None
        raise SeedProblem(
            f"在 seeds/ 中找不到原始文件 {source}", f"source file {source} not found in seeds/"
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise SeedProblem(
            f"seeds/ 中的 {source} 不是普通文件", f"source {source} in seeds/ is not a regular file"
        )
    if info.st_nlink > 1:  # a hard link may be a file from anywhere on the disk
        raise SeedProblem(
            f"seeds/ 中的 {source} 是硬链接（共 {info.st_nlink} 个名字），不能发布；"
            "请复制为普通文件",
            f"source {source} in seeds/ is a hard link ({info.st_nlink} names); copy it instead",
        )
    if info.st_size > MAX_SEED_BYTES:
        raise SeedProblem(
            f"原始文件 {source} 过大（{info.st_size:,} 字节，上限 {MAX_SEED_BYTES:,}）",
            f"source file {source} is too large: {info.st_size:,} bytes, limit {MAX_SEED_BYTES:,}",
        )
    return Path(real)


def read_seed(seeds: Path, source: str) -> bytes:
    """The bytes of the source document, read through the same check as :func:`seed_file`.

    The file is opened by its real path without following a link there, so a file
    swapped for a link after the check is refused, not read.
    """
    real = seed_file(seeds, source)
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        raise SeedProblem(
            f"原始文件 {source} 在检查后被改动，请重新构建",
            f"source file {source} changed after it was checked; build again",
        ) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise SeedProblem(
                f"seeds/ 中的 {source} 不是普通文件",
                f"source {source} in seeds/ is not a regular file",
            )
        return handle.read()


def seed_identity(seeds: Path, source: str | None) -> tuple[object, ...]:
    """Everything the source check of ``source`` depends on, for the build cache: where
    seeds/ and the path lead once links are followed, and what is there."""
    if source is None:
        return ()
    base = os.path.realpath(seeds)
    real = os.path.realpath(os.path.join(base, source))
    try:
        st = os.stat(real)
    except OSError as exc:
        return (base, real, exc.errno)
    return (base, real, st.st_mode, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
