"""A scored check's rows: its verdict (check_scores), its findings and the problems they make, written the
same way by /inspect (data_access.inspections) and by the scoring-sheet import (data_access.imports).

The verdict comes from ``data_access.scoring.score``; a failed check's problems are its veto items (or, when it
failed on points, its counted deductions), each under its indicator's standard problem category, so /problems,
/rectification, the downloads and the notice writer show a recorded check like any imported one. A passed
check has no problems: its deductions show on /scores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from data_access import schema as s
from data_access.scoring import Finding, Indicator, IndicatorSet, ScoringError, Verdict, problems_of, score

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_NOTE_LENGTH = 1000
MAX_URL_LENGTH = 500
# The image types a finding may carry, known by their first bytes (never by a file name or a browser's word).
_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


@dataclass(frozen=True)
class FindingInput:
    """One finding as an inspector (or a scoring sheet) gives it, before it is scored and stored."""

    indicator_id: int
    points: Decimal | None = None  # None for a single-veto item
    evidence_url: str | None = None
    note: str | None = None
    image: bytes | None = None
    image_type: str | None = None


def image_type(data: bytes) -> str:
    """The MIME type of a screenshot, from its bytes; ScoringError (Chinese) for anything else or too large."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ScoringError(f"图片不能超过 {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
    for magic, mime in _IMAGE_MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    raise ScoringError("图片只能是 PNG、JPEG、GIF 或 WebP 格式")


def checked_input(item: FindingInput) -> FindingInput:
    """``item`` with its evidence checked: an http(s) address, a note of sane length, a real image."""
    url = (item.evidence_url or "").strip() or None
    if url is not None and (
        not url.lower().startswith(("http://", "https://"))
        or len(url) > MAX_URL_LENGTH
        or any(c.isspace() for c in url)
    ):
        raise ScoringError(f"证据网址应以 http:// 或 https:// 开头、不含空格，且不超过 {MAX_URL_LENGTH} 个字符")
    note = (item.note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        raise ScoringError(f"说明不能超过 {MAX_NOTE_LENGTH} 个字")
    kind = image_type(item.image) if item.image else None
    return FindingInput(item.indicator_id, item.points, url, note, item.image or None, kind)


def verdict_of(
    indicator_set: IndicatorSet, findings: Sequence[FindingInput], *, portal: bool, has_services: bool
) -> Verdict:
    """The rule's verdict on ``findings`` (data_access.scoring.score)."""
    rule_findings = [Finding(item.indicator_id, item.points) for item in findings]
    return score(indicator_set, rule_findings, portal=portal, has_services=has_services)


def check_values(indicator_set: IndicatorSet, findings: Sequence[FindingInput], verdict: Verdict) -> dict[str, Any]:
    """What the verdict writes into the check's own row: passed, score, the notices' high band, problem text."""
    indicators = [indicator_set.indicator(item.indicator_id) for item in findings]
    text, _ = problems_of(verdict, indicators, [item.note for item in findings], pass_line=indicator_set.pass_line)
    return {"passed": verdict.passed, "score": verdict.score, "score_band": verdict.high_band, "problem_text": text}


def clear_scoring(conn: sa.Connection, check_id: int) -> None:
    """Remove a check's verdict, findings and problems (before they are written again)."""
    for table in (s.findings, s.problems, s.check_scores):
        conn.execute(table.delete().where(table.c.check_id == check_id))


def write_scoring(
    conn: sa.Connection,
    *,
    check_id: int,
    indicator_set: IndicatorSet,
    findings: Sequence[FindingInput],
    verdict: Verdict,
    portal: bool,
    has_services: bool,
    source: str,
    recorded: tuple[str | None, dt.datetime | None],
    updated: tuple[str | None, dt.datetime | None] = (None, None),
    revision: int = 1,
) -> dict[str, int]:
    """Write the check's verdict, its findings and its problems (the check's own row is the caller's); the
    rows added per table."""
    indicators: list[Indicator] = [indicator_set.indicator(item.indicator_id) for item in findings]
    _, problems = problems_of(verdict, indicators, [item.note for item in findings], pass_line=indicator_set.pass_line)
    conn.execute(
        s.check_scores.insert().values(
            check_id=check_id,
            set_id=int(indicator_set.key),
            portal=portal,
            has_services=has_services,
            vetoed=verdict.vetoed,
            deducted=verdict.deducted,
            bonus=verdict.bonus,
            band=verdict.band,
            source=source,
            revision=revision,
            recorded_by=recorded[0],
            recorded_at=recorded[1],
            updated_by=updated[0],
            updated_at=updated[1],
        )
    )
    if findings:
        conn.execute(
            s.findings.insert(),
            [
                {
                    "check_id": check_id,
                    "indicator_id": item.indicator_id,
                    "seq": seq,
                    "points": item.points,
                    "counted": counted,
                    "evidence_url": item.evidence_url,
                    "note": item.note,
                    "image": item.image,
                    "image_type": item.image_type,
                    "image_size": len(item.image) if item.image else None,
                }
                for seq, (item, counted) in enumerate(zip(findings, verdict.counted, strict=True), start=1)
            ],
        )
    if problems:
        conn.execute(
            s.problems.insert(),
            [{"check_id": check_id, "category": p.category, "detail": p.detail} for p in problems],
        )
    return {"check_scores": 1, "findings": len(findings), "problems": len(problems)}


def stored_findings(conn: sa.Connection, check_id: int) -> list[dict[str, Any]]:
    """A check's findings in their order, with their indicator: id, indicator_id, part, group_name, name,
    points, counted, evidence_url, note, image, image_type."""
    f, i = s.findings.c, s.indicators.c
    query = (
        sa.select(
            f.id,
            f.indicator_id,
            i.part,
            i.group_name,
            i.name,
            f.points,
            f.counted,
            f.evidence_url,
            f.note,
            f.image,
            f.image_type,
        )
        .join(s.indicators, i.id == f.indicator_id)
        .where(f.check_id == check_id)
        .order_by(f.seq, f.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]
