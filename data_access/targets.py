"""Sites, accounts and disclosure platforms: identifiers and platforms."""

from __future__ import annotations

# Standard platform codes, matched against the account type a notice prints
# (微信订阅号, 小程序+微信, 快手短视频, 其他+APP, ...). First match wins.
PLATFORMS = (
    ("miniprogram", ("小程序",)),
    ("wechat", ("微信",)),
    ("weibo", ("微博",)),
    ("douyin", ("抖音",)),
    ("kuaishou", ("快手",)),
    ("toutiao", ("头条",)),
    ("app", ("客户端", "APP", "App", "app")),
)
PLATFORM_CODES = (*(code for code, _ in PLATFORMS), "other")


def platform_code(label: str) -> str | None:
    """The standard platform of an account type as printed; None for an empty label."""
    if not label:
        return None
    for code, words in PLATFORMS:
        if any(word in label for word in words):
            return code
    return "other"
