"""The Chinese names of the store's codes: target kinds, their counting words, problem categories.

Defined once and shared by the pages (``dashboard.labels`` takes them from here) and the notice writer
(``data_access.report``), so a category reads the same on a page and in a generated notice.
"""

from __future__ import annotations

KIND_NAMES = {
    "site": "政府网站",
    "account": "政务新媒体",
    "platform": "政府信息公开平台",
    "content": "信息报送",
    "message": "网民留言办理",
    "disclosure": "政府信息公开",
}
KIND_UNITS = {"site": "家", "account": "个", "platform": "家"}

# A region's own level (its government and departments) as one row among its children, as 附件1 names it.
OWN_ROW_NAMES = {"province": "省政府及省直各部门", "city": "市政府及市直各部门", "county": "县政府及县直各部门"}

CATEGORY_NAMES = {
    "unreachable": "站点无法访问",
    "homepage_not_updated": "首页不更新",
    "columns_not_updated": "栏目不更新",
    "empty_columns": "空白栏目",
    "not_updated": "未及时更新",
    "serious_error": "严重表述错误",
    "improper_link": "不当链接",
    "security": "安全隐患",
    "no_interaction": "缺少有效互动渠道",
    "interaction_unusable": "互动功能不可用",
    "poor_response": "互动回应差",
    "service_unusable": "服务不实用",
    "app_malfunction": "APP使用异常",
    "content_missing": "应发布内容缺失",
    "misplaced_content": "发布非本单位信息",
    "other": "其他",
}
