"""Standard problem categories, and the mapping from a notice's free text to them.

Notices word the same single-veto item many ways ("栏目不更新", "有多个应更新栏目
长期未更新", "“图片新闻”栏目超2周未更新"); the original text is always kept,
and these categories make problems countable across notices.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Standard categories, in the order the indicator system lists them.
CATEGORIES = (
    "unreachable",  # 站点无法访问
    "homepage_not_updated",  # 首页不更新
    "columns_not_updated",  # 栏目不更新
    "empty_columns",  # 空白栏目
    "not_updated",  # 账号/平台未及时更新
    "serious_error",  # 严重表述错误
    "improper_link",  # 不当链接
    "security",  # 安全隐患、泄密
    "no_interaction",  # 缺少有效互动渠道
    "interaction_unusable",  # 互动功能不可用
    "poor_response",  # 互动回应差
    "service_unusable",  # 服务不实用
    "app_malfunction",  # APP使用异常
    "content_missing",  # 应发布内容缺失
    "misplaced_content",  # 发布非本单位信息
    "other",
)

# A problem text is one or more sentences (numbered items, ; or 。); inside a sentence 、 and commas
# either join problems ("严重表述错误、多个栏目不更新") or list the columns one problem names
# ("“图片新闻”、“审计动态”栏目超2周未更新"), which must stay whole.
_SENTENCE_SPLIT = re.compile(r"[;；\n。]|\d+\.")
_LIST_SPLIT = re.compile(r"[、，,]")


def _has(*words: str) -> Callable[[str], bool]:
    return lambda clause: any(word in clause for word in words)


def _stale(clause: str) -> bool:
    return "更新" in clause and ("未" in clause or "不" in clause or "无" in clause)


_RULES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("unreachable", _has("无法访问")),
    ("homepage_not_updated", lambda c: "首页" in c and _stale(c)),
    ("columns_not_updated", lambda c: "栏目" in c and _stale(c)),
    ("empty_columns", _has("空白")),
    ("not_updated", lambda c: _stale(c) and "栏目" not in c and "首页" not in c),
    ("serious_error", _has("表述错误")),
    ("improper_link", _has("不当链接")),
    ("security", _has("泄密", "漏洞", "篡改")),
    ("no_interaction", _has("有效互动", "互动渠道", "咨询建言渠道")),
    ("interaction_unusable", _has("互动功能不可用")),
    ("poor_response", _has("互动回应差")),
    ("service_unusable", _has("服务不实用", "办事指南")),
    ("app_malfunction", _has("APP使用异常", "app使用异常")),
    ("content_missing", _has("未发布本级")),
    ("misplaced_content", _has("非本单位")),
)


def _names_a_problem(clause: str) -> bool:
    return any(matches(clause) for _, matches in _RULES)


def clauses(text: str) -> list[str]:
    """The parts of a problem text that each name problems on their own, whole and in order.

    A sentence is split at 、 or a comma only when every piece names a problem by
    itself; a list of column names or a lead-in ("监测2周,") keeps its sentence whole.
    """
    found = []
    for sentence in (part.strip() for part in _SENTENCE_SPLIT.split(text)):
        if not sentence:
            continue
        pieces = [piece.strip() for piece in _LIST_SPLIT.split(sentence) if piece.strip()]
        if len(pieces) > 1 and all(_names_a_problem(piece) for piece in pieces):
            found.extend(pieces)
        else:
            found.append(sentence)
    return found


def categorize(text: str) -> list[tuple[str, str]]:
    """The (category, detail) pairs a problem text names, each category once; ('other', text) if none.

    ``detail`` is every whole clause naming that category, joined with "；".
    """
    found: dict[str, list[str]] = {}
    for clause in clauses(text):
        for category, matches in _RULES:
            if not matches(clause):
                continue
            if category == "no_interaction" and "不可用" in clause:
                continue
            found.setdefault(category, []).append(clause)
    if not found:
        return [("other", text.strip())]
    ordered = sorted(found.items(), key=lambda item: CATEGORIES.index(item[0]))
    return [(category, "；".join(dict.fromkeys(details))) for category, details in ordered]
